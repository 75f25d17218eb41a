/**
 * `khop match --registry FILE` when FILE is a register index saved by `khop index`: the register
 * is loaded, not read and normalized, and the doses stream through the library's matcher
 * (src/api/matcher.ts), whose results are the rows `khop match` writes on the CSV (same probe
 * code, same rounding, same escaping), in input order. CSV doses to CSV results travel as bytes:
 * this thread cuts the doses into batches of rows (csv-batches.ts) and the matcher's workers
 * link each batch into results.csv rows (`csvBatchLinker`); NDJSON doses, or NDJSON results, go
 * through `matchStream` as records.
 *
 * A model is required here: estimating one by EM needs the doses and the register side by side
 * (the match job's path), which is what the index exists to avoid. Train once (`khop train`, or a
 * `khop match` on the CSV writes model.json) and reuse it.
 *
 * Doses: CSV or NDJSON as in doses-input.ts (same format detection, same per-record checks and
 * reject reasons, with their line numbers), so rows read = results + rejects holds here too. The
 * summary has the counts, timings, model and thresholds; there is no blocking report (the pairs
 * are found per dose, not in one pass).
 */
import { createMatcher, csvBatchLinker, type Matcher } from '../api/matcher.js';
import { matchResultCells } from '../api/match-result.js';
import { duplicateIds, type DuplicateIds } from '../engine/duplicate-ids.js';
import { recordReject } from '../engine/record-check.js';
import { writeOutputFile } from '../io/output-files.js';
import { DECISIONS, emptyDecisionCounts, type Decision } from '../engine/decide.js';
import { requiredColumns } from '../engine/load-side.js';
import { KhopError } from '../errors.js';
import { readCsv, type CsvHeader } from '../io/csv-reader.js';
import { CsvWriter } from '../io/csv-writer.js';
import { NdjsonWriter } from '../io/ndjson.js';
import { readNdjson } from '../io/ndjson.js';
import type { Reject } from '../io/rejects.js';
import type { TextTarget } from '../io/text-sink.js';
import { readsMultilineCells, type ThresholdSettings } from '../model/settings-schema.js';
import { VERSION } from '../version.js';
import type { ByteSource } from '../io/byte-source.js';
import { orderedBatches } from '../api/ordered-batches.js';
import { csvRowBatches, type CsvRowBatch } from './csv-batches.js';
import { detectFormat, recordCells, type InputFormat } from './doses-input.js';
import { resultObject, type OutputFormat } from './match-output.js';

export interface IndexedMatchInput {
  index: string;
  doses: string;
  dosesName: string;
  inputFormat?: string;
  model: string | undefined;
  settings?: string;
  threads?: number;
  thresholds: Partial<ThresholdSettings>;
  format: OutputFormat;
  results: TextTarget;
  onReject: (reject: Reject) => void;
  /** Where summary.json goes, if anywhere. */
  summary?: string;
  /** Results written so far, stage 'link' (the total is not known in a stream: 0). */
  onProgress?: (stage: string, done: number, total: number) => void;
}

/** summary.json of a run on a saved index: the match summary's counts, without the blocking report. */
export interface IndexedMatchSummary {
  khop_version: string;
  registry_index: { file: string; persons: number };
  rows_read: { registry: number; doses: number };
  results: number;
  decisions: Record<Decision, number>;
  rejects: { registry: number; doses: number };
  reconciles: boolean;
  /** Absent when the index's settings have no exact-ID blocking rule (duplicate-ids.ts). */
  registry_duplicate_ids?: DuplicateIds;
  timings_ms: Record<string, number>;
  threads: number;
  peak_rss_mb: number;
  model: { source: string; lambda: number };
  thresholds: ThresholdSettings;
}

export async function matchOnIndex(input: IndexedMatchInput): Promise<IndexedMatchSummary> {
  if (input.model === undefined) {
    throw new KhopError('BAD_ARGUMENT', '--model is required with a saved register index (EM needs the register CSV: run `khop train` or `khop match` on it once)');
  }
  let t = performance.now();
  const matcher = await createMatcher({
    registry: input.index,
    model: input.model,
    ...(input.settings === undefined ? {} : { settings: input.settings }),
    ...(input.threads === undefined ? {} : { threads: input.threads }),
    thresholds: input.thresholds,
    // Neither output lists candidates: their weights need not all be computed.
    topK: 0,
  });
  const loadMs = Math.round(performance.now() - t);
  t = performance.now();
  const tally: Tally = { read: 0, rejected: 0, written: 0, decisions: emptyDecisionCounts() };
  const onReject = (r: Reject): void => {
    tally.rejected++;
    input.onReject(r);
  };
  try {
    const doses = await detectFormat(input.doses, input.inputFormat, input.dosesName);
    if (doses.format === 'csv' && input.format === 'csv') await linkCsvBytes(matcher, doses.bytes, input, onReject, tally);
    else await linkRecords(matcher, doses, input, onReject, tally);
  } finally {
    await matcher.close();
  }
  const duplicates = duplicateIds(matcher.index.settings, matcher.index.plan);
  const summary: IndexedMatchSummary = {
    khop_version: VERSION,
    registry_index: { file: input.index, persons: matcher.index.size },
    rows_read: { registry: matcher.index.rows, doses: tally.read },
    results: tally.written,
    decisions: tally.decisions,
    rejects: { registry: matcher.index.rejects, doses: tally.rejected },
    reconciles: tally.read === tally.written + tally.rejected,
    ...(duplicates === null ? {} : { registry_duplicate_ids: duplicates }),
    timings_ms: { load_index: loadMs, link_write: Math.round(performance.now() - t) },
    threads: input.threads ?? 1,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    model: { source: input.model, lambda: matcher.model.parameters.lambda },
    thresholds: matcher.thresholds,
  };
  if (input.summary !== undefined) writeOutputFile(input.summary, `${JSON.stringify(summary, null, 2)}\n`, '--summary');
  return summary;
}

/** Records read (rows and rejects), rejected, and results written, by decision. */
interface Tally {
  read: number;
  rejected: number;
  written: number;
  decisions: Record<Decision, number>;
}

/**
 * CSV in and CSV out: rows and results travel to and from the workers as bytes (csv-batches.ts),
 * a few batches per thread in flight, written in input order (orderedBatches, as `matchStream`
 * runs its record batches: each batch of rows is one item).
 */
async function linkCsvBytes(matcher: Matcher, bytes: ByteSource, input: IndexedMatchInput, onReject: (r: Reject) => void, tally: Tally): Promise<void> {
  const linker = csvBatchLinker(matcher);
  const csv = new CsvWriter(input.results, { header: matcher.columns });
  const required = requiredColumns(matcher.settings, 'right');
  const multilineCells = readsMultilineCells(matcher.settings, 'right');
  const batches = csvRowBatches(bytes, { file: input.dosesName, required, batchRows: linker.batchSize, onReject, onRecord: () => tally.read++, multilineCells });
  const linked = orderedBatches(batches, {
    batchSize: 1,
    maxInFlight: linker.threads > 1 ? 2 * linker.threads : 1,
    read: (batch: CsvRowBatch) => batch,
    run: async ([batch]: CsvRowBatch[]) => [await linker.linkCsvBatch(batch.header, batch.bytes)],
  });
  try {
    for await (const formatted of linked) {
      for (const d of DECISIONS) tally.decisions[d] += formatted.decisions[d];
      tally.written += formatted.rows;
      await csv.writeFormattedBytes(formatted.bytes, formatted.rows);
      input.onProgress?.('link', tally.written, 0);
    }
  } catch (e) {
    await closeAfterFailure(csv, input.results);
    throw e;
  }
  await csv.end();
}

/**
 * After a failed run a results file is closed, holding what was written (as the CSV job leaves
 * it); standard output is left as it is, without even the buffered header.
 */
async function closeAfterFailure(writer: { end(): Promise<void> }, target: TextTarget): Promise<void> {
  if (target !== '-') await writer.end().catch(() => {});
}

/** NDJSON in or out: records through `matchStream`, each result written as its cells. */
async function linkRecords(matcher: Matcher, doses: { format: InputFormat; bytes: ByteSource }, input: IndexedMatchInput, onReject: (r: Reject) => void, tally: Tally): Promise<void> {
  const csv = input.format === 'csv' ? new CsvWriter(input.results, { header: matcher.columns }) : undefined;
  const ndjson = input.format === 'ndjson' ? new NdjsonWriter(input.results) : undefined;
  const lines: number[] = [];
  const records = doseRecords(doses, input.dosesName, requiredColumns(matcher.settings, 'right'), readsMultilineCells(matcher.settings, 'right'), lines, onReject, () => tally.read++);
  const stream = matcher.matchStream(records, {
    // Cells are checked before they get here (record-check.ts); the matcher's own check is kept.
    onInvalid: (e, position) => onReject({ file: input.dosesName, line: lines[position - 1], code: e.code, reason: `record_invalid (${e.where.field ?? '?'})`, raw: '' }),
  });
  const writer = (csv ?? ndjson)!;
  try {
    for await (const result of stream) {
      tally.decisions[result.decision]++;
      if ((++tally.written & 0x1fff) === 0) input.onProgress?.('link', tally.written, 0);
      const cells = matchResultCells(result);
      await (csv !== undefined ? csv.writeRow(cells) : ndjson!.write(resultObject(matcher.columns, cells)));
    }
  } catch (e) {
    await closeAfterFailure(writer, input.results);
    throw e;
  }
  await writer.end();
}

/**
 * The doses as records of their required columns, CSV or NDJSON, with rejects and counts;
 * `lines[k]` is the input line of the (k+1)-th record handed on.
 */
async function* doseRecords(
  { format, bytes }: { format: InputFormat; bytes: ByteSource },
  file: string,
  columns: readonly string[],
  multilineCells: boolean,
  lines: number[],
  onReject: (r: Reject) => void,
  count: () => void,
): AsyncGenerator<Record<string, string>> {
  const cells = new Array<string>(columns.length);
  const record = (): Record<string, string> => {
    const r: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) r[columns[i]] = cells[i];
    return r;
  };
  if (format === 'csv') {
    // Refused as the CSV job refuses them (record-check.ts), while the record's raw text is at hand;
    // a record may be refused while header() is still reading the first chunk.
    let at: number[] | null = null;
    const positionsIn = (header: CsvHeader): number[] => (at ??= columns.map((c) => header.indexOf(c)));
    const reader = readCsv(bytes, {
      file,
      required: columns,
      multilineCells,
      onReject: (r) => (count(), onReject(r)),
      refuse: (rec, header) => recordReject(rec, positionsIn(header), columns, file),
    });
    const positions = positionsIn(await reader.header());
    for await (const row of reader) {
      count();
      for (let i = 0; i < columns.length; i++) cells[i] = row.values[positions[i]];
      lines.push(row.line);
      yield record();
    }
    return;
  }
  for await (const rec of readNdjson(bytes, { file, onReject: (r) => (count(), onReject(r)) })) {
    count();
    const problem = recordCells(rec.value, columns, columns[0], cells);
    if (problem !== null) onReject({ file, line: rec.line, code: 'RECORD_INVALID', reason: problem, raw: JSON.stringify(rec.value) });
    else {
      lines.push(rec.line);
      yield record();
    }
  }
}
