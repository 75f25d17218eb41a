/**
 * `khop match --registry FILE` when FILE is a register index saved by `khop index`: the register
 * is loaded, not read and normalized, and the doses stream through the library's matcher
 * (`createMatcher(...).matchStream`, src/api/matcher.ts), whose results are the rows `khop match`
 * writes on the CSV (same probe code, same rounding, same escaping), in input order.
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
import { writeFileSync } from 'node:fs';
import { createMatcher } from '../api/matcher.js';
import { matchResultCells } from '../api/match-result.js';
import { MAX_CELL_LENGTH } from '../api/matcher-schema.js';
import { emptyDecisionCounts, type Decision } from '../engine/decide.js';
import { requiredColumns } from '../engine/load-side.js';
import { KhopError } from '../errors.js';
import { readCsv } from '../io/csv-reader.js';
import { CsvWriter } from '../io/csv-writer.js';
import { NdjsonWriter } from '../io/ndjson.js';
import { readNdjson } from '../io/ndjson.js';
import type { Reject } from '../io/rejects.js';
import type { TextTarget } from '../io/text-sink.js';
import type { ThresholdSettings } from '../model/settings-schema.js';
import { VERSION } from '../version.js';
import { detectFormat, recordCells } from './doses-input.js';
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
  let read = 0;
  let rejected = 0;
  const onReject = (r: Reject): void => {
    rejected++;
    input.onReject(r);
  };
  const decisions = emptyDecisionCounts();
  const csv = input.format === 'csv' ? new CsvWriter(input.results, { header: matcher.columns }) : undefined;
  const ndjson = input.format === 'ndjson' ? new NdjsonWriter(input.results) : undefined;
  let written = 0;
  try {
    const columns = requiredColumns(matcher.settings, 'right');
    const lines: number[] = [];
    const records = doseRecords(input, columns, lines, onReject, () => read++);
    const stream = matcher.matchStream(records, {
      // Cells are checked before they get here; a refusal left is a cell over MAX_CELL_LENGTH.
      onInvalid: (e, position) => onReject({ file: input.dosesName, line: lines[position - 1], code: e.code, reason: `cell_too_long (${e.where.field ?? '?'})`, raw: '' }),
    });
    for await (const result of stream) {
      decisions[result.decision]++;
      written++;
      const cells = matchResultCells(result);
      await (csv !== undefined ? csv.writeRow(cells) : ndjson!.write(resultObject(matcher.columns, cells)));
    }
    await csv?.end();
    await ndjson?.end();
  } finally {
    await matcher.close();
  }
  const summary: IndexedMatchSummary = {
    khop_version: VERSION,
    registry_index: { file: input.index, persons: matcher.index.size },
    rows_read: { registry: matcher.index.rows, doses: read },
    results: written,
    decisions,
    rejects: { registry: matcher.index.rejects, doses: rejected },
    reconciles: read === written + rejected,
    timings_ms: { load_index: loadMs, link_write: Math.round(performance.now() - t) },
    threads: input.threads ?? 1,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    model: { source: input.model, lambda: matcher.model.parameters.lambda },
    thresholds: matcher.thresholds,
  };
  if (input.summary !== undefined) writeFileSync(input.summary, `${JSON.stringify(summary, null, 2)}\n`);
  return summary;
}

/**
 * The doses as records of their required columns, CSV or NDJSON, with rejects and counts;
 * `lines[k]` is the input line of the (k+1)-th record handed on.
 */
async function* doseRecords(
  input: IndexedMatchInput,
  columns: readonly string[],
  lines: number[],
  onReject: (r: Reject) => void,
  count: () => void,
): AsyncGenerator<Record<string, string>> {
  const file = input.dosesName;
  const { format, bytes } = await detectFormat(input.doses, input.inputFormat, file);
  const cells = new Array<string>(columns.length);
  const record = (): Record<string, string> | null => {
    const r: Record<string, string> = {};
    for (let i = 0; i < columns.length; i++) {
      if (cells[i].length > MAX_CELL_LENGTH) return null;
      r[columns[i]] = cells[i];
    }
    return r;
  };
  if (format === 'csv') {
    const reader = readCsv(bytes, { file, required: columns, onReject: (r) => (count(), onReject(r)) });
    const header = await reader.header();
    const at = columns.map((c) => header.indexOf(c));
    for await (const row of reader) {
      count();
      for (let i = 0; i < columns.length; i++) cells[i] = row.values[at[i]];
      const r = record();
      if (r === null) onReject({ file, line: row.line, code: 'RECORD_INVALID', reason: 'cell_too_long', raw: row.values.join(',') });
      else {
        lines.push(row.line);
        yield r;
      }
    }
    return;
  }
  for await (const rec of readNdjson(bytes, { file, onReject: (r) => (count(), onReject(r)) })) {
    count();
    const problem = recordCells(rec.value, columns, columns[0], cells);
    const r = problem === null ? record() : null;
    if (r === null) onReject({ file, line: rec.line, code: 'RECORD_INVALID', reason: problem ?? 'cell_too_long', raw: JSON.stringify(rec.value) });
    else {
      lines.push(rec.line);
      yield r;
    }
  }
}
