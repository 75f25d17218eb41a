/**
 * What the report knows of one dose: its results row (the best candidate's probability and weight,
 * the decision, the corrections) and, when a truth file is given, whether that candidate is the
 * dose's person. The classes follow `src/evaluate/confusion.ts`:
 *   correct          the row names the dose's true person
 *   wrong_present    names another person although the true one is in the register (FP and FN)
 *   wrong_absent     names someone although the person is absent (FP)
 *   unnamed_present  names nobody although the person is present (FN). The row's weight is that
 *                    of a best candidate khop did not name, so which person it was is unknown
 *   unnamed_absent   names nobody and the person is absent (TN)
 *   named_unlabelled, unnamed_unlabelled   no truth for this dose; the row names a person or not
 *
 * Any schema: results.csv names its two ID columns after the settings' `right.id_column` and
 * `left.id_column` (`company_id_r`, `company_id_l`…; engine/result-rows.ts, `resultColumns`), in
 * first and third place, the other columns keeping their names. `ResultCells` reads such a file
 * as if those columns were `dose_id` and `person_id`, so the report and the estimate work on the
 * results of any settings without being told which they were.
 */
import { KhopError } from '../errors.js';
import { readResultRow, isRowProblem, unescapeFormula, type CellSource, type Decision } from '../evaluate/rows.js';

export const OUTCOMES = ['correct', 'wrong_present', 'wrong_absent', 'unnamed_present', 'unnamed_absent', 'named_unlabelled', 'unnamed_unlabelled'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const SUGGESTED_FIELDS = ['full_name', 'dob', 'citizen_id', 'gender'] as const;

export interface DoseOutcome {
  dose_id: string;
  decision: Decision;
  person_id: string;
  /** The best candidate's match probability; 0 when there was no candidate. */
  probability: number;
  /** The best candidate's match weight in bits; NaN when there was no candidate. */
  weight: number;
  corrections: string;
  suggested: Record<(typeof SUGGESTED_FIELDS)[number], string>;
  /** The dose's person by the truth file: '' absent, undefined without truth. */
  true_person_id: string | undefined;
  outcome: Outcome;
}

/** The outcome of a row given the true person ('' absent; undefined: no truth). */
export function outcomeOf(personId: string, truePersonId: string | undefined): Outcome {
  if (truePersonId === undefined) return personId === '' ? 'unnamed_unlabelled' : 'named_unlabelled';
  if (personId === '') return truePersonId === '' ? 'unnamed_absent' : 'unnamed_present';
  if (personId === truePersonId) return 'correct';
  return truePersonId === '' ? 'wrong_absent' : 'wrong_present';
}

/** The columns a results file must have besides its two ID columns. */
export const RESULT_VALUE_COLUMNS = ['decision', 'match_probability'] as const;

/**
 * A results record seen through `dose_id` and `person_id`, whatever its ID columns are called.
 * One instance serves every row (`of`), so reading allocates nothing per row.
 */
export class ResultCells implements CellSource {
  private record: CellSource = { get: () => undefined };

  private constructor(
    private readonly doseColumn: string,
    private readonly personColumn: string,
  ) {}

  /**
   * From a results header: `dose_id` and `person_id` when it has them, else the first and third
   * columns when the second and fourth are `decision` and `match_probability` (khop's layout for
   * any schema). COLUMN_MISSING otherwise, naming the file and the columns it lacks.
   */
  static forHeader(names: readonly string[], file: string): ResultCells {
    if (names.includes('dose_id') && names.includes('person_id')) return new ResultCells('dose_id', 'person_id');
    if (names.length >= 4 && names[1] === 'decision' && names[3] === 'match_probability') return new ResultCells(names[0], names[2]);
    const missing = ['dose_id', 'person_id'].filter((c) => !names.includes(c)).join(', ');
    throw new KhopError('COLUMN_MISSING', `the header has no column ${missing}, and is not laid out as khop's results (ID, decision, ID, match_probability)`, { file });
  }

  of(record: CellSource): this {
    this.record = record;
    return this;
  }

  get(column: string): string | undefined {
    if (column === 'dose_id') return this.record.get(this.doseColumn);
    if (column === 'person_id') return this.record.get(this.personColumn);
    return this.record.get(column);
  }
}

function cell(record: CellSource, column: string): string {
  return unescapeFormula(record.get(column) ?? '').trim();
}

/** Reads a results record; a problem (field and reason, never the cell) when it is invalid. */
export function readDoseOutcome(
  record: CellSource,
  truthOf: (doseId: string) => string | undefined,
): DoseOutcome | { field: string; problem: string } {
  const row = readResultRow(record);
  if (isRowProblem(row)) return row;
  const rawWeight = cell(record, 'match_weight');
  const weight = rawWeight === '' ? Number.NaN : Number(rawWeight);
  if (rawWeight !== '' && !Number.isFinite(weight)) return { field: 'match_weight', problem: 'match_weight must be a number' };
  const truePerson = truthOf(row.dose_id);
  return {
    dose_id: row.dose_id,
    decision: row.decision,
    person_id: row.person_id,
    probability: Number.isNaN(row.match_probability) ? 0 : row.match_probability,
    weight,
    corrections: cell(record, 'corrections'),
    suggested: {
      full_name: cell(record, 'suggested_full_name'),
      dob: cell(record, 'suggested_dob'),
      citizen_id: cell(record, 'suggested_citizen_id'),
      gender: cell(record, 'suggested_gender'),
    },
    true_person_id: truePerson,
    outcome: outcomeOf(row.person_id, truePerson),
  };
}
