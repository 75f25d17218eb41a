/**
 * The two inputs of an evaluation, as typed rows, and how a raw CSV cell becomes one.
 *
 * Results rows follow the `results.csv` contract in DESIGN.md (only the columns the metrics need are
 * read: dose_id, decision, person_id, match_probability). Truth rows are `dose_id,person_id,tags`:
 * an empty person_id means the person is absent from the register, and tags are the damage applied
 * to the dose, `|`-separated.
 *
 * Writers escape cells a spreadsheet would run as a formula by prefixing `'` (OWASP "CSV
 * Injection"), so a negative weight may arrive as `'-3.2`. Reading undoes exactly that escape: a
 * leading `'` followed by one of `= + - @ TAB CR NUL`; any other leading `'` is data.
 */
import { KhopError } from '../errors.js';

export const DECISIONS = ['verified', 'corrected', 'review', 'unmatched'] as const;
export type Decision = (typeof DECISIONS)[number];

export interface ResultRow {
  dose_id: string;
  decision: Decision;
  /** Empty when the dose was linked to nobody. */
  person_id: string;
  /** NaN when the cell is empty (allowed only when person_id is empty). */
  match_probability: number;
}

export interface TruthRow {
  dose_id: string;
  /** Empty: the person is absent from the register, so the right answer is no link. */
  person_id: string;
  /** Damage tags; empty for a clean dose. */
  tags: readonly string[];
}

export const RESULT_COLUMNS = ['dose_id', 'decision', 'person_id', 'match_probability'] as const;
export const TRUTH_COLUMNS = ['dose_id', 'person_id', 'tags'] as const;

/** A record's cells by column name (io's CsvRow is one); undefined when there is no such column. */
export interface CellSource {
  get(column: string): string | undefined;
}

const FORMULA_LEADS = new Set(['=', '+', '-', '@', '\t', '\r', '\0']);

/** Undoes the spreadsheet-formula escape: `'-3.2` → `-3.2`; `'abc` and `-3.2` are unchanged. */
export function unescapeFormula(cell: string): string {
  return cell.length >= 2 && cell.charCodeAt(0) === 0x27 && FORMULA_LEADS.has(cell[1]) ? cell.slice(1) : cell;
}

function cell(record: CellSource, column: string): string {
  return unescapeFormula(record.get(column) ?? '').trim();
}

const DECISION_SET: ReadonlySet<string> = new Set(DECISIONS);

/** Why a record is not a valid row: the field, and a reason that never quotes the cell. */
export interface RowProblem {
  field: string;
  problem: string;
}

export function isRowProblem<T extends object>(x: T | RowProblem): x is RowProblem {
  return 'problem' in x;
}

/** One results record → a ResultRow, or what is wrong with it. */
export function readResultRow(record: CellSource): ResultRow | RowProblem {
  const dose_id = cell(record, 'dose_id');
  if (dose_id === '') return { field: 'dose_id', problem: 'dose_id is empty' };
  const decision = cell(record, 'decision').toLowerCase();
  if (!DECISION_SET.has(decision)) return { field: 'decision', problem: `decision must be one of ${DECISIONS.join(', ')}` };
  const person_id = cell(record, 'person_id');
  const rawProbability = cell(record, 'match_probability');
  const match_probability = rawProbability === '' ? Number.NaN : Number(rawProbability);
  if (rawProbability !== '' && !(match_probability >= 0 && match_probability <= 1)) {
    return { field: 'match_probability', problem: 'match_probability must be a number from 0 to 1' };
  }
  if (person_id !== '' && Number.isNaN(match_probability)) {
    return { field: 'match_probability', problem: 'match_probability is empty but person_id is set' };
  }
  return { dose_id, decision: decision as Decision, person_id, match_probability };
}

/** One truth record → a TruthRow, or what is wrong with it. */
export function readTruthRow(record: CellSource): TruthRow | RowProblem {
  const dose_id = cell(record, 'dose_id');
  if (dose_id === '') return { field: 'dose_id', problem: 'dose_id is empty' };
  return { dose_id, person_id: cell(record, 'person_id'), tags: splitTags(cell(record, 'tags')) };
}

type Where = { file?: string; line?: number };

/** As readResultRow, throwing RECORD_INVALID (naming file, line and field only). */
export function parseResultRow(record: CellSource, where: Where = {}): ResultRow {
  return orThrow(readResultRow(record), where);
}

/** As readTruthRow, throwing RECORD_INVALID (naming file, line and field only). */
export function parseTruthRow(record: CellSource, where: Where = {}): TruthRow {
  return orThrow(readTruthRow(record), where);
}

function orThrow<T extends object>(x: T | RowProblem, where: Where): T {
  if (isRowProblem(x)) throw new KhopError('RECORD_INVALID', x.problem, { ...where, field: x.field });
  return x;
}

export function splitTags(raw: string): string[] {
  if (raw === '') return [];
  const tags: string[] = [];
  for (const part of raw.split('|')) {
    const tag = part.trim();
    if (tag !== '' && !tags.includes(tag)) tags.push(tag);
  }
  return tags;
}
