/**
 * Where `khop match` writes: results as CSV (`results.csv`, the data contract) or NDJSON (one
 * JSON object per dose, in input order), into the output folder or to stdout (`--out -`), and
 * rejects into `rejects.csv` or, in a pipe without `--rejects FILE`, as one line
 * per reject on stderr naming the input, line and reason (never the raw text: it is personal
 * data, and the reader of a pipe's stderr is a log). stdout carries results only.
 *
 * An NDJSON result has the keys of the results.csv header and the same values: strings as the
 * CSV holds them but without the spreadsheet escaping (JSON is not opened in a spreadsheet),
 * `match_probability` a number (0 when there was no candidate), `match_weight` a number or null.
 */
import { NdjsonWriter } from '../io/ndjson.js';
import { RejectsWriter, type Reject } from '../io/rejects.js';
import type { TextTarget } from '../io/text-sink.js';
import { emptyDecisionCounts, type Decision } from '../engine/decide.js';
import type { MatchJob } from '../engine/match-job.js';
import { resultCells } from '../engine/result-rows.js';
import { KhopError } from '../errors.js';

export const OUTPUT_FORMATS = ['csv', 'ndjson'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function outputFormat(value: string | undefined): OutputFormat {
  const v = value ?? 'csv';
  if (!(OUTPUT_FORMATS as readonly string[]).includes(v)) throw new KhopError('BAD_ARGUMENT', `--format must be csv or ndjson, not '${v}'`);
  return v as OutputFormat;
}

/** One result's results.csv cells as a JSON object with the header's keys (see the header comment). */
export function resultObject(columns: readonly string[], cells: readonly (string | number)[]): Record<string, string | number | null> {
  const out: Record<string, string | number | null> = {};
  for (let i = 0; i < columns.length; i++) out[columns[i]] = String(cells[i]);
  out[columns[3]] = Number(cells[3]);
  out[columns[4]] = cells[4] === '' ? null : Number(cells[4]);
  return out;
}

/** Writes every dose's result of a finished job as NDJSON, in input order, with backpressure. */
export async function writeNdjsonResults(job: MatchJob, columns: readonly string[], target: TextTarget): Promise<{ rows: number; decisions: Record<Decision, number> }> {
  const writer = new NdjsonWriter(target);
  const decisions = emptyDecisionCounts();
  try {
    for (let row = 0; row < job.right.size; row++) {
      const result = job.results.build(job.link, row);
      decisions[result.decision]++;
      await writer.write(resultObject(columns, resultCells(result)));
    }
  } finally {
    await writer.end();
  }
  return { rows: writer.count, decisions };
}

/** Rejects into a CSV file, or announced on stderr. */
export interface RejectsSink {
  write(reject: Reject): Promise<void> | undefined;
  end(): Promise<void>;
}

export function rejectsSink(target: TextTarget | undefined, command: string): RejectsSink {
  if (target !== undefined) return new RejectsWriter(target);
  return {
    write(r: Reject) {
      process.stderr.write(`${command}: rejected ${r.file}:${r.line}: ${r.reason}\n`);
      return undefined;
    },
    end: () => Promise.resolve(),
  };
}
