/**
 * `khop normalize`: shows what the engine sees of each input row. Reads CSV with a header or
 * NDJSON (a file or `-` for stdin) and writes one NDJSON object per input row, in input order.
 * A row that cannot be read is still written, as `{ line, reject }`, so no row is lost.
 */
import type { Command } from 'commander';
import { isKhopError, KhopError } from '../../errors.js';
import { normalizeRow, resolveColumns, type RowColumns } from '../../normalize/normalize-row.js';
import { openRecords } from '../open-records.js';
import { NdjsonWriter } from '../../io/ndjson.js';

interface NormalizeOptions {
  input: string;
  format?: 'csv' | 'ndjson';
  nameColumn?: string;
  dobColumn?: string;
  idColumn?: string;
  genderColumn?: string;
  /** CSV cells may hold line breaks (quoted, RFC 4180); otherwise a record is one line. */
  multilineCells?: boolean;
}

export function register(program: Command): void {
  program
    .command('normalize')
    .summary('show how names, dates of birth, IDs and gender are read (NDJSON to stdout)')
    .description(
      [
        'Normalize each row of a CSV (with a header) or NDJSON file and print one',
        'JSON object per row, in input order: name_display, name_key, name_folded,',
        'family, middle, given, repairs, and, when the columns exist, dob_year,',
        'dob_month, dob_day, dob_precision, id_kind, id_digits, id_issues, gender.',
        'A row that cannot be read prints as {"line": N, "reject": "reason"}.',
        '',
        'Columns are found by name (full_name, dob, citizen_id or person_id,',
        'gender) unless given.',
      ].join('\n'),
    )
    .requiredOption('--input <file>', 'CSV or NDJSON file to read; - reads standard input')
    .option('--format <format>', 'csv or ndjson (default: from the file extension; csv for stdin)')
    .option('--name-column <column>', 'column holding the full name (default: full_name)')
    .option('--dob-column <column>', 'column holding the date of birth (default: dob)')
    .option('--id-column <column>', 'column holding the ID number (default: citizen_id, else person_id)')
    .option('--gender-column <column>', 'column holding the gender (default: gender)')
    .option('--multiline-cells', 'CSV cells may hold line breaks inside quotes; by default a record is one line and a quote still open at its end rejects that line (as khop match reads the register and the doses)')
    .addHelpText('after', '\nExample:\n  khop normalize --input datasets/sample/doses.csv | head -n 3\n')
    .action(async (opts: NormalizeOptions) => {
      await runNormalize(opts, process.stdout);
    });
}

export async function runNormalize(opts: NormalizeOptions, out: NodeJS.WritableStream): Promise<{ rows: number; rejects: number }> {
  if (opts.format !== undefined && opts.format !== 'csv' && opts.format !== 'ndjson') {
    throw new KhopError('BAD_ARGUMENT', `--format must be csv or ndjson, not '${opts.format}'`);
  }
  const explicit: RowColumns = {};
  if (opts.nameColumn !== undefined) explicit.name = opts.nameColumn;
  if (opts.dobColumn !== undefined) explicit.dob = opts.dobColumn;
  if (opts.idColumn !== undefined) explicit.id = opts.idColumn;
  if (opts.genderColumn !== undefined) explicit.gender = opts.genderColumn;

  const writer = new NdjsonWriter(out);
  let rows = 0;
  let rejects = 0;
  let columns: RowColumns | undefined;
  for await (const item of openRecords(opts.input, opts.format, opts.multilineCells === true)) {
    if (item.kind === 'header') {
      columns = resolveColumns(item.columns, explicit);
      for (const [field, column] of Object.entries(explicit)) {
        if (!item.columns.includes(column)) {
          throw new KhopError('COLUMN_MISSING', `no column '${column}' for ${field}`, { file: item.file });
        }
      }
      // Nothing to normalize in any row: most often a CSV without its header row (the first row
      // read as one), which would otherwise print {"line": N} for every row. (NDJSON records
      // name their own keys, record by record.)
      if (item.format === 'csv' && Object.keys(columns).length === 0) {
        throw new KhopError(
          'COLUMN_MISSING',
          'none of the columns full_name, dob, citizen_id, person_id, gender (is the header row missing? else name them with --name-column and the like)',
          { file: item.file, line: 1 },
        );
      }
      continue;
    }
    if (item.kind === 'reject') {
      rejects++;
      await writer.write({ line: item.line, reject: item.reason });
      continue;
    }
    let row: ReturnType<typeof normalizeRow>;
    try {
      row = normalizeRow(item.get, columns ?? {});
    } catch (e) {
      // An NDJSON value that is no cell (open-records.ts): that record is a reject, as in match.
      if (!isKhopError(e) || e.code !== 'RECORD_INVALID') throw e;
      rejects++;
      await writer.write({ line: item.line, reject: e.message });
      continue;
    }
    rows++;
    await writer.write({ line: item.line, ...row });
  }
  await writer.end();
  return { rows, rejects };
}
