/**
 * Scores a results file against ground truth: confusion counts and precision/recall for the
 * auto-accepted decisions (verified + corrected) and with review added, P/R/F1 at listed
 * match-probability thresholds, the best F1 over every threshold, and recall per damage tag.
 * Definitions: `confusion.ts` (TP/FP/FN/TN per dose), `metrics.ts` (ratios), `threshold-sweep.ts`,
 * `tag-recall.ts`.
 *
 * Streaming: the truth is read first into a Map keyed by dose_id (about 100 bytes per dose); the
 * results are then classified one row at a time and not kept, so memory is O(truth), with the
 * candidate probabilities in typed arrays. Rows are matched by dose_id, not by order:
 *   - a truth dose with no results row is a miss (not linked) and is listed under `missing`;
 *   - a results row whose dose_id is not in the truth is listed under `extra` and not scored;
 *   - a repeated dose_id is listed under `duplicates`; the first row counts, later ones are ignored.
 * Only dose_ids are listed (a few examples and a count): they are not personal data.
 */
import { KhopError } from '../errors.js';
import { countDose, emptyConfusion, type Confusion } from './confusion.js';
import { scores, type Scores } from './metrics.js';
import { type Decision, type ResultRow, type TruthRow } from './rows.js';
import { TagRecallCounter, type Found, type TagRecall } from './tag-recall.js';
import { CandidateScores, type ThresholdPoint } from './threshold-sweep.js';

export const DEFAULT_THRESHOLDS: readonly number[] = [0.5, 0.8, 0.9, 0.95, 0.99];
export const DEFAULT_EXAMPLES = 5;

export interface EvaluateOptions {
  /** Thresholds at which to report P/R/F1, each in [0, 1]. Default DEFAULT_THRESHOLDS. */
  thresholds?: readonly number[];
  /** How many dose_ids to list for missing, extra and duplicate rows. Default 5. */
  examples?: number;
}

/** A count of dose_ids with a problem, and the first few of them. */
export interface IdSample {
  count: number;
  examples: string[];
}

/** A count of rows that could not be read, and the first few by line and reason. */
export interface LineSample {
  count: number;
  examples: { line: number; reason: string }[];
}

export type DecisionSetMetrics = Confusion & Scores;

export interface EvaluationReport {
  /** Distinct dose_ids in the truth. */
  doses: number;
  /** Doses whose person is in the register (the recall denominator). */
  present: number;
  /** Doses whose person is absent: the right answer is no link. */
  absent: number;
  /** Rows read from the results, duplicates and extras included. */
  results_rows: number;
  /** Rows per decision in the results, duplicates and extras included. */
  decisions: Record<Decision, number>;
  /** Links made by verified + corrected decisions. */
  auto: DecisionSetMetrics;
  /** Links made by verified + corrected + review decisions. */
  with_review: DecisionSetMetrics;
  auto_precision: number | null;
  auto_recall: number | null;
  review_precision: number | null;
  review_recall: number | null;
  /** Best F1 over every distinct match_probability used as threshold (any decision). */
  best_f1: number | null;
  best_threshold: number | null;
  thresholds: ThresholdPoint[];
  /** Keyed by tag, in worst-first order (lowest auto recall first). */
  recall_by_tag: Record<string, TagRecall>;
  /** Doses with no damage tag: the clean baseline. */
  untagged: TagRecall;
  missing: IdSample;
  extra: IdSample;
  duplicates: { results: IdSample; truth: IdSample };
  /** Rows that could not be read (bad CSV, invalid cells); a truth dose whose results row is unreadable is missing. */
  unreadable: { results: LineSample; truth: LineSample };
}

interface TruthEntry {
  person_id: string;
  tags: readonly string[];
  seen: boolean;
}

/** Counts items and keeps the first `limit` as examples. */
class Sampler<T> {
  private count = 0;
  private readonly examples: T[] = [];
  constructor(private readonly limit: number) {}
  add(item: T): void {
    this.count++;
    if (this.examples.length < this.limit) this.examples.push(item);
  }
  sample(): { count: number; examples: T[] } {
    return { count: this.count, examples: [...this.examples] };
  }
}

/**
 * Incremental evaluation: `addTruth` every truth row, then `addResult` every results row, then
 * `report()`. The order is enforced because results are classified as they arrive.
 */
export class Evaluator {
  private readonly thresholds: readonly number[];
  private readonly truth = new Map<string, TruthEntry>();
  private present = 0;
  private phase: 'truth' | 'results' | 'done' = 'truth';
  private resultsRows = 0;
  private readonly decisions: Record<Decision, number> = { verified: 0, corrected: 0, review: 0, unmatched: 0 };
  private readonly auto = emptyConfusion();
  private readonly withReview = emptyConfusion();
  private readonly candidates = new CandidateScores();
  private readonly tags = new TagRecallCounter();
  private readonly extraIds = new Set<string>();
  private readonly missing: Sampler<string>;
  private readonly extra: Sampler<string>;
  private readonly duplicateResults: Sampler<string>;
  private readonly duplicateTruth: Sampler<string>;
  private readonly unreadableResults: Sampler<{ line: number; reason: string }>;
  private readonly unreadableTruth: Sampler<{ line: number; reason: string }>;

  constructor(opts: EvaluateOptions = {}) {
    this.thresholds = checkThresholds(opts.thresholds ?? DEFAULT_THRESHOLDS);
    const examples = opts.examples ?? DEFAULT_EXAMPLES;
    if (!Number.isInteger(examples) || examples < 0) throw new KhopError('BAD_ARGUMENT', 'examples must be a whole number ≥ 0');
    this.missing = new Sampler(examples);
    this.extra = new Sampler(examples);
    this.duplicateResults = new Sampler(examples);
    this.duplicateTruth = new Sampler(examples);
    this.unreadableResults = new Sampler(examples);
    this.unreadableTruth = new Sampler(examples);
  }

  /**
   * Notes a row that could not be read. The reason must not quote the row: it may hold personal
   * data. An unreadable truth row leaves its dose out of every figure; an unreadable results row
   * leaves its dose missing (not linked).
   */
  addUnreadable(input: 'results' | 'truth', line: number, reason: string): void {
    (input === 'results' ? this.unreadableResults : this.unreadableTruth).add({ line, reason });
  }

  addTruth(row: TruthRow): void {
    if (this.phase !== 'truth') throw new KhopError('INTERNAL', 'truth rows must all be added before the first results row');
    if (this.truth.has(row.dose_id)) {
      this.duplicateTruth.add(row.dose_id);
      return;
    }
    this.truth.set(row.dose_id, { person_id: row.person_id, tags: row.tags, seen: false });
    if (row.person_id !== '') this.present++;
  }

  addResult(row: ResultRow): void {
    if (this.phase === 'done') throw new KhopError('INTERNAL', 'results row added after the report was made');
    this.phase = 'results';
    this.resultsRows++;
    this.decisions[row.decision]++;
    const entry = this.truth.get(row.dose_id);
    if (entry === undefined) {
      if (this.extraIds.has(row.dose_id)) this.duplicateResults.add(row.dose_id);
      else {
        this.extraIds.add(row.dose_id);
        this.extra.add(row.dose_id);
      }
      return;
    }
    if (entry.seen) {
      this.duplicateResults.add(row.dose_id);
      return;
    }
    entry.seen = true;
    const linked = row.person_id;
    const auto = row.decision === 'verified' || row.decision === 'corrected';
    const review = auto || row.decision === 'review';
    countDose(this.auto, auto ? linked : '', entry.person_id);
    countDose(this.withReview, review ? linked : '', entry.person_id);
    const correct = linked !== '' && linked === entry.person_id;
    if (linked !== '') this.candidates.add(row.match_probability, correct);
    const found: Found = !correct ? 'no' : auto ? 'auto' : review ? 'review' : 'no';
    this.tags.add(entry.tags, entry.person_id !== '', found);
  }

  report(): EvaluationReport {
    if (this.phase === 'done') throw new KhopError('INTERNAL', 'report() may be called once');
    this.phase = 'done';
    for (const [doseId, entry] of this.truth) {
      if (entry.seen) continue;
      this.missing.add(doseId);
      countDose(this.auto, '', entry.person_id);
      countDose(this.withReview, '', entry.person_id);
      this.tags.add(entry.tags, entry.person_id !== '', 'no');
    }
    const sorted = this.candidates.sorted();
    const best = sorted.bestF1(this.present);
    const auto = { ...this.auto, ...scores(this.auto) };
    const withReview = { ...this.withReview, ...scores(this.withReview) };
    return {
      doses: this.truth.size,
      present: this.present,
      absent: this.truth.size - this.present,
      results_rows: this.resultsRows,
      decisions: { ...this.decisions },
      auto,
      with_review: withReview,
      auto_precision: auto.precision,
      auto_recall: auto.recall,
      review_precision: withReview.precision,
      review_recall: withReview.recall,
      best_f1: best.f1,
      best_threshold: best.threshold,
      thresholds: sorted.at(this.thresholds, this.present),
      recall_by_tag: Object.fromEntries(this.tags.byTagWorstFirst()),
      untagged: this.tags.untaggedRecall(),
      missing: this.missing.sample(),
      extra: this.extra.sample(),
      duplicates: { results: this.duplicateResults.sample(), truth: this.duplicateTruth.sample() },
      unreadable: { results: this.unreadableResults.sample(), truth: this.unreadableTruth.sample() },
    };
  }
}

function checkThresholds(thresholds: readonly number[]): readonly number[] {
  for (const t of thresholds) {
    if (!(typeof t === 'number' && t >= 0 && t <= 1)) throw new KhopError('BAD_ARGUMENT', 'every threshold must be a number from 0 to 1');
  }
  return [...thresholds];
}

/** Evaluates in-memory or generated rows. The truth is consumed first, then the results. */
export function evaluate(results: Iterable<ResultRow>, truth: Iterable<TruthRow>, opts: EvaluateOptions = {}): EvaluationReport {
  const evaluator = new Evaluator(opts);
  for (const row of truth) evaluator.addTruth(row);
  for (const row of results) evaluator.addResult(row);
  return evaluator.report();
}

/** As `evaluate`, for streams (e.g. rows parsed from a file as they are read). */
export async function evaluateAsync(
  results: AsyncIterable<ResultRow> | Iterable<ResultRow>,
  truth: AsyncIterable<TruthRow> | Iterable<TruthRow>,
  opts: EvaluateOptions = {},
): Promise<EvaluationReport> {
  const evaluator = new Evaluator(opts);
  for await (const row of truth) evaluator.addTruth(row);
  for await (const row of results) evaluator.addResult(row);
  return evaluator.report();
}
