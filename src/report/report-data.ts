/**
 * Everything the threshold report shows, gathered in one streaming pass over results.csv (and
 * the truth first, when given): the precision/recall curves (true, from `src/evaluate`'s threshold
 * sweep, and estimated without labels, `unlabelled-estimate.ts`), the weight histogram, the
 * per-probability tally the slider recounts, recall per damage tag and the worst cases. The field
 * values of the worst cases are then looked up in the doses and register files when given.
 *
 * Memory: without truth, 8 bytes per dose (the estimate's probabilities) and O(distinct
 * probabilities) for the tally, no dose_id kept; with truth, O(truth) as in evaluate.ts.
 */
import { Evaluator, type EvaluationReport } from '../evaluate/evaluate.js';
import { isRowProblem, readTruthRow } from '../evaluate/rows.js';
import { estimateGap, ProbabilityEstimate, type EstimateGap, type EstimatePoint } from '../evaluate/unlabelled-estimate.js';
import type { ThresholdPoint } from '../evaluate/threshold-sweep.js';
import { readCsv } from '../io/csv-reader.js';
import { weightForProbability } from '../model/fellegi-sunter.js';
import { outcomeOf, readDoseOutcome, ResultCells, RESULT_VALUE_COLUMNS, type DoseOutcome } from './dose-outcome.js';
import { DOSE_FIELDS, lookupRecords, PERSON_FIELDS, type RecordFields } from './record-lookup.js';
import { ScoreTally, type TallyColumns } from './score-tally.js';
import { WeightHistogram, weightSeries, type HistogramBin } from './weight-histogram.js';
import { WorstCases } from './worst-cases.js';

export interface ReportInputs {
  results: string;
  truth?: string;
  /** Optional: the doses and register files the results came from, for the worst cases' fields. */
  doses?: string;
  registry?: string;
  /** Thresholds to include in the curves besides the grid (e.g. those the user asked for). */
  thresholds?: readonly number[];
  /** How many dose_ids the evaluation lists for missing, extra and duplicate rows. */
  examples?: number;
}

export interface CurvePoint {
  threshold: number;
  /** The same threshold as a match weight, log2(t / (1 − t)): the charts' x axis. */
  weight: number;
  estimate: EstimatePoint;
  truth?: ThresholdPoint;
}

export interface WorstCase {
  dose: DoseOutcome;
  /** The dose's own fields, from --doses. */
  dose_fields?: RecordFields;
  /** The register person the row names, from --registry. */
  linked_fields?: RecordFields;
  /** The dose's true person, from --registry. */
  true_fields?: RecordFields;
}

export interface ReportData {
  labelled: boolean;
  results_rows: number;
  /**
   * Results rows that could not be read (CSV rejects, cells that are no decision or probability)
   * and so are in no count: how many, and the first few with their lines (never their values).
   */
  unreadable: { rows: number; first: { line: number; reason: string }[] };
  /**
   * Doses counted. Without truth: every readable results row (khop writes one per dose; keeping
   * every dose_id to find repeats would cost memory per dose, and a JS Set holds at most 2^24).
   * With truth: the truth's doses, missing rows included, a repeated row once.
   */
  doses: number;
  curve: CurvePoint[];
  /** Largest gap between estimate and truth at thresholds ≥ GAP_FROM; labelled only. */
  gap?: EstimateGap;
  estimated_matches: number;
  histogram: HistogramBin[];
  no_candidate: number;
  tally: TallyColumns;
  evaluation?: EvaluationReport;
  worst?: { false_positives: WorstCase[]; false_negatives: WorstCase[] };
}

/**
 * Thresholds of the curves: every quarter bit from −10 to +20 bits (p from 0.001 to 1 − 1e-6), so
 * the high-probability end where thresholds are chosen is as finely drawn as the middle, plus the
 * usual round probabilities. results.csv writes p with six decimals, so above about 20 bits every
 * dose reads p = 1 and a finer threshold would be an artefact of the rounding.
 */
export const GRID_BITS = { from: -10, to: 20 } as const;

export function thresholdGrid(extra: readonly number[] = []): number[] {
  const ts = new Set<number>([0.5, 0.8, 0.9, 0.95, 0.99, 0.995, 0.999, ...extra]);
  for (let q = 4 * GRID_BITS.from; q <= 4 * GRID_BITS.to; q++) ts.add(Number((1 / (1 + 2 ** (-q / 4))).toPrecision(12)));
  return [...ts].sort((a, b) => a - b);
}

/**
 * The estimate is compared with the truth from p = 0.5 up: below the review threshold the match
 * run names nobody, so the true curve cannot count those doses as links while the estimate does.
 */
export const GAP_FROM = 0.5;

/** Unreadable results rows listed by line in ReportData (all are counted). */
const UNREADABLE_LISTED = 10;

export async function buildReportData(inputs: ReportInputs): Promise<ReportData> {
  const grid = thresholdGrid(inputs.thresholds);
  const evaluator = inputs.truth === undefined ? undefined : new Evaluator({ thresholds: grid, ...(inputs.examples !== undefined ? { examples: inputs.examples } : {}) });
  const truth = new Map<string, string>();
  if (inputs.truth !== undefined) {
    for await (const record of readCsv(inputs.truth, { file: inputs.truth, required: ['dose_id', 'person_id'], onReject: (r) => evaluator!.addUnreadable('truth', r.line, r.reason) })) {
      const row = readTruthRow(record);
      if (isRowProblem(row)) {
        evaluator!.addUnreadable('truth', record.line, row.problem);
        continue;
      }
      evaluator!.addTruth(row);
      if (!truth.has(row.dose_id)) truth.set(row.dose_id, row.person_id);
    }
  }
  const truthOf = evaluator === undefined ? () => undefined : (id: string) => truth.get(id);

  const tally = new ScoreTally();
  const histogram = new WeightHistogram();
  const worst = new WorstCases();
  let probabilities: Float64Array<ArrayBuffer> = new Float64Array(1024);
  let n = 0;
  let rows = 0;
  const unreadable: ReportData['unreadable'] = { rows: 0, first: [] };
  const addUnreadable = (line: number, reason: string): void => {
    if (unreadable.rows++ < UNREADABLE_LISTED) unreadable.first.push({ line, reason });
    evaluator?.addUnreadable('results', line, reason);
  };
  const reader = readCsv(inputs.results, { file: inputs.results, required: RESULT_VALUE_COLUMNS, onReject: (r) => addUnreadable(r.line, r.reason) });
  let cells: ResultCells;
  try {
    cells = ResultCells.forHeader((await reader.header()).names, inputs.results);
  } catch (e) {
    // Not a results header: close the file now (the header read left it open), not at garbage collection.
    await reader.return();
    throw e;
  }
  for await (const record of reader) {
    rows++;
    const dose = readDoseOutcome(cells.of(record), truthOf);
    if (isRowProblem(dose)) {
      addUnreadable(record.line, dose.problem);
      continue;
    }
    evaluator?.addResult({ dose_id: dose.dose_id, decision: dose.decision, person_id: dose.person_id, match_probability: dose.probability });
    if (evaluator !== undefined) {
      // As evaluate.ts: a dose absent from the truth is not scored, and a repeated dose counts
      // once (its first row). Deleting the seen doses leaves `truth` holding the missing ones.
      if (!truth.has(dose.dose_id)) continue;
      truth.delete(dose.dose_id);
    }
    if (n === probabilities.length) probabilities = grow(probabilities);
    probabilities[n++] = dose.probability;
    tally.add(dose.probability, dose.outcome);
    histogram.add(dose.weight, weightSeries(dose.outcome));
    worst.add(dose);
  }
  let doses = n;
  if (evaluator !== undefined) {
    // A truth dose with no results row is a miss with no candidate (evaluate.ts counts it so too).
    for (const [doseId, personId] of truth) {
      const missing = missingDose(doseId, personId);
      doses++;
      tally.add(0, missing.outcome);
      histogram.add(Number.NaN, weightSeries(missing.outcome));
      worst.add(missing);
    }
  }

  const estimate = new ProbabilityEstimate(probabilities.subarray(0, n));
  const evaluation = evaluator?.report();
  const estimated = estimate.at(grid);
  const curve = grid.map((t, i) => ({ threshold: t, weight: weightForProbability(t), estimate: estimated[i], ...(evaluation ? { truth: evaluation.thresholds[i] } : {}) }));
  const data: ReportData = {
    labelled: evaluation !== undefined,
    results_rows: rows,
    unreadable,
    doses,
    curve,
    estimated_matches: estimate.expectedMatches,
    histogram: histogram.result(),
    no_candidate: histogram.noCandidate,
    tally: tally.columns(),
  };
  if (evaluation !== undefined) {
    data.evaluation = evaluation;
    data.gap = estimateGap(estimated, evaluation.thresholds, GAP_FROM);
    data.worst = await withFields(worst, inputs);
  }
  return data;
}

/** A truth dose with no results row, as if it had been read as `unmatched` with no candidate. */
function missingDose(doseId: string, truePersonId: string): DoseOutcome {
  return {
    dose_id: doseId,
    decision: 'unmatched',
    person_id: '',
    probability: 0,
    weight: Number.NaN,
    corrections: '',
    suggested: { full_name: '', dob: '', citizen_id: '', gender: '' },
    true_person_id: truePersonId,
    outcome: outcomeOf('', truePersonId),
  };
}

function grow(a: Float64Array): Float64Array<ArrayBuffer> {
  const b = new Float64Array(a.length * 2);
  b.set(a);
  return b;
}

async function withFields(worst: WorstCases, inputs: ReportInputs): Promise<NonNullable<ReportData['worst']>> {
  const cases = [...worst.falsePositives.items, ...worst.falseNegatives.items];
  const doses = inputs.doses === undefined ? undefined : await lookupRecords(inputs.doses, 'dose_id', new Set(cases.map((d) => d.dose_id)), DOSE_FIELDS);
  const personIds = new Set(cases.flatMap((d) => [d.person_id, d.true_person_id ?? '']).filter((id) => id !== ''));
  const persons = inputs.registry === undefined ? undefined : await lookupRecords(inputs.registry, 'person_id', personIds, PERSON_FIELDS);
  const view = (d: DoseOutcome): WorstCase => ({
    dose: d,
    ...(doses ? { dose_fields: doses.get(d.dose_id) } : {}),
    ...(persons && d.person_id !== '' ? { linked_fields: persons.get(d.person_id) } : {}),
    ...(persons && d.true_person_id ? { true_fields: persons.get(d.true_person_id) } : {}),
  });
  return { false_positives: worst.falsePositives.items.map(view), false_negatives: worst.falseNegatives.items.map(view) };
}
