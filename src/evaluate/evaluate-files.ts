/**
 * Evaluation of a results CSV against a truth CSV (formats in rows.ts), streamed through io's CSV
 * reader: the truth first, then the results, one row at a time. A record the reader rejects (bad
 * quoting, wrong column count, invalid UTF-8) or whose cells are invalid is counted as unreadable
 * by line, never thrown, so one bad line does not stop a million-row evaluation. A missing file is
 * FILE_NOT_FOUND; a header without a needed column is COLUMN_MISSING naming the file.
 */
import { readCsv } from '../io/csv-reader.js';
import type { ByteSource } from '../io/byte-source.js';
import { Evaluator, type EvaluateOptions, type EvaluationReport } from './evaluate.js';
import { isRowProblem, readResultRow, readTruthRow, RESULT_COLUMNS } from './rows.js';

/** The truth's tags column may be left out (no damage tags); dose_id and person_id may not. */
const TRUTH_REQUIRED = ['dose_id', 'person_id'] as const;

export interface EvaluateFilesInput {
  /** A path, `-` for stdin, or a byte stream. */
  results: ByteSource;
  truth: ByteSource;
  /** Names for errors; default: the paths. */
  resultsName?: string;
  truthName?: string;
}

export async function evaluateFiles(input: EvaluateFilesInput, opts: EvaluateOptions = {}): Promise<EvaluationReport> {
  const resultsName = input.resultsName ?? (typeof input.results === 'string' ? input.results : 'results');
  const truthName = input.truthName ?? (typeof input.truth === 'string' ? input.truth : 'truth');
  const evaluator = new Evaluator(opts);

  const truth = readCsv(input.truth, {
    file: truthName,
    required: TRUTH_REQUIRED,
    onReject: (r) => evaluator.addUnreadable('truth', r.line, r.reason),
  });
  for await (const record of truth) {
    const row = readTruthRow(record);
    if (isRowProblem(row)) evaluator.addUnreadable('truth', record.line, row.problem);
    else evaluator.addTruth(row);
  }

  const results = readCsv(input.results, {
    file: resultsName,
    required: RESULT_COLUMNS,
    onReject: (r) => evaluator.addUnreadable('results', r.line, r.reason),
  });
  for await (const record of results) {
    const row = readResultRow(record);
    if (isRowProblem(row)) evaluator.addUnreadable('results', record.line, row.problem);
    else evaluator.addResult(row);
  }
  return evaluator.report();
}

