/**
 * From linked doses to the rows of `results.csv` (data contract, DESIGN.md): the decision, the
 * register person, probability and weight, the corrections and the register's values for the
 * fields to correct. Works dose by dose, in input order, over a finished `LinkOutput`.
 *
 * A dose whose best pair agrees exactly on every comparison needs no correction, so the
 * normalizers are not run again for it; for the others the corrections are read from the record
 * stores field by field (corrections-stored.ts), normalizing again only the raw cells of fields
 * that differ. `correctionsByViews` (every role cell of both records normalized again, the rules
 * of corrections.ts on the views) is kept as its reference.
 *
 * A range's text (`formatResultRange`) is written as UTF-8 into one byte buffer per builder
 * (result-csv-bytes.ts), the ID cells copied from the stores' raw bytes, with one reused
 * `DecidedRow` instead of a `ResultRow` per dose; `resultLine(build(…))`, one string per row, is
 * its reference.
 *
 * Any schema (issue 8): the header's two ID columns are the settings' `right.id_column` and
 * `left.id_column` (`resultColumns`), so the vn-vaccination preset still writes `dose_id` and
 * `person_id`. When both sides name the same column (FEBRL's `rec_id`), they become `<name>_r`
 * and `<name>_l` so the header stays unambiguous. The corrections and suggested_* columns are
 * always written, and stay empty for a schema whose fields play none of the correction roles
 * (field-roles.ts: no name, date, ID or gender field on both sides): one layout for every
 * schema, so a reader never has to guess which columns a file has.
 */
import { formatCsvCell } from '../io/csv-writer.js';
import { matchProbability } from '../model/fellegi-sunter.js';
import type { Scorer } from '../model/scorer.js';
import type { ThresholdSettings } from '../model/settings-schema.js';
import { normalizeName } from '../normalize/normalize-name.js';
import { parseDob } from '../normalize/parse-dob.js';
import { parseGender } from '../normalize/parse-gender.js';
import { parseId } from '../normalize/parse-id.js';
import type { NormalizedName, ParsedDob, ParsedId } from '../normalize/types.js';
import { correctionsInOrder, formatCorrections, suggestCorrections, suggestedValues, type Correction, type DoseView, type PersonView, type SuggestedValues } from './corrections.js';
import { roleCells, StoredCorrections, type PairCorrections, type RoleCells } from './corrections-stored.js';
import { decide, emptyDecisionCounts, type Decision } from './decide.js';
import type { FieldRoles } from './field-roles.js';
import type { LinkOutput } from './link-range.js';
import type { RecordStore } from './record-store.js';
import { CsvTextBuffer } from './result-csv-bytes.js';

export const RESULT_COLUMNS = [
  'dose_id',
  'decision',
  'person_id',
  'match_probability',
  'match_weight',
  'corrections',
  'suggested_full_name',
  'suggested_dob',
  'suggested_citizen_id',
  'suggested_gender',
] as const;

/** results.csv's header for these sides' ID columns (see the header comment for equal names). */
export function resultColumns(left: { id_column: string }, right: { id_column: string }): string[] {
  // An ID column named like a result column (`decision`) is suffixed too: one name, one column,
  // or an NDJSON result (keys from this header) would lose one of them.
  const fixed = new Set<string>(RESULT_COLUMNS.filter((_, k) => k !== 0 && k !== 2));
  const same = left.id_column === right.id_column;
  const columns: string[] = [...RESULT_COLUMNS];
  columns[0] = same || fixed.has(right.id_column) ? `${right.id_column}_r` : right.id_column;
  columns[2] = same || fixed.has(left.id_column) ? `${left.id_column}_l` : left.id_column;
  return columns;
}

export interface ResultRow {
  dose_id: string;
  decision: Decision;
  person_id: string;
  match_probability: number | null;
  match_weight: number | null;
  corrections: Correction[];
  suggested_full_name: string;
  suggested_dob: string;
  suggested_citizen_id: string;
  suggested_gender: string;
  /** Dose row (0-based) in the store, and the register row of the best candidate or −1. */
  row: number;
  personRow: number;
  runnerUpProbability: number | null;
  candidates: number;
}

const EXACT_KINDS = new Set(['exact', 'date_exact', 'id_exact']);

const EMPTY_NAME = normalizeName('');
const EMPTY_DOB = parseDob('');
const EMPTY_ID = parseId('');

export interface ResultContext {
  left: RecordStore;
  right: RecordStore;
  scorer: Scorer;
  roles: FieldRoles;
  thresholds: ThresholdSettings;
  /**
   * Name each row's corrections the simple way, `correctionsByViews`, instead of from the stores:
   * the reference the tests and benchmarks/decide.bench.ts compare against. Default false.
   */
  byViews?: boolean;
}

/** A dose's decision and what results.csv writes beside it, but its ID cells (`ResultBuilder.decideRow`). */
export interface DecidedRow {
  decision: Decision;
  /** The best candidate's register row, −1 when there is none. */
  personRow: number;
  probability: number | null;
  weight: number | null;
  runnerUpProbability: number | null;
  /** Empty unless the dose is linked. */
  corrections: readonly Correction[];
  /** The suggested cells, null when all are empty. */
  suggested: SuggestedValues | null;
}

const NO_CORRECTIONS: readonly Correction[] = Object.freeze([]);
const COMMA = 0x2c;
const COLON = 0x3a;
const SEMICOLON = 0x3b;
const LF = 0x0a;

export class ResultBuilder {
  private readonly exactVector: boolean[][];
  private readonly C: number;

  /** Positions of the role columns among each side's raw cells (−1: no such role or column). */
  private readonly doseCells: RoleCells;
  private readonly personCells: RoleCells;
  private readonly stored: StoredCorrections;
  private readonly doseIdCell: number;
  private readonly personIdCell: number;
  private readonly decided: DecidedRow = { decision: 'unmatched', personRow: -1, probability: null, weight: null, runnerUpProbability: null, corrections: [], suggested: null };
  private textBuffer: CsvTextBuffer | null = null;

  constructor(private readonly ctx: ResultContext) {
    this.C = ctx.scorer.comparisonCount;
    this.exactVector = ctx.scorer.comparisons.map((c) => c.kinds.map((k) => EXACT_KINDS.has(k)));
    this.doseCells = roleCells(ctx.right, ctx.roles, 'rightColumn');
    this.personCells = roleCells(ctx.left, ctx.roles, 'leftColumn');
    this.stored = new StoredCorrections(ctx.left, ctx.right, ctx.roles);
    this.doseIdCell = ctx.right.raw.columnIndex(ctx.right.idColumn);
    this.personIdCell = ctx.left.raw.columnIndex(ctx.left.idColumn);
  }

  // RecordStore.recordId without its lookup of the column by name (two per row); a store that did
  // not keep its ID column gets recordId's error.
  private doseId(row: number): string {
    return this.doseIdCell < 0 ? this.ctx.right.recordId(row) : this.ctx.right.raw.cell(row, this.doseIdCell);
  }

  private personId(row: number): string {
    return this.personIdCell < 0 ? this.ctx.left.recordId(row) : this.ctx.left.raw.cell(row, this.personIdCell);
  }

  /**
   * Where `formatResultRange` writes a range's text: one buffer per builder, so per thread, made on
   * first use (a builder made for one lookup, register-probe.ts, never writes a range).
   */
  get text(): CsvTextBuffer {
    return (this.textBuffer ??= new CsvTextBuffer());
  }

  /** The result of dose `row`, read from `link` (which covers it). */
  build(link: LinkOutput, row: number): ResultRow {
    const x = this.decideRow(link, row);
    const doseId = this.doseId(row);
    if (x.personRow < 0) return emptyResult(doseId, row);
    const linked = x.decision !== 'unmatched';
    const suggested = x.suggested;
    return {
      dose_id: doseId,
      decision: x.decision,
      person_id: linked ? this.personId(x.personRow) : '',
      match_probability: x.probability,
      match_weight: x.weight,
      // A fresh list when empty: the shared empty one is frozen.
      corrections: x.corrections.length > 0 ? (x.corrections as Correction[]) : [],
      suggested_full_name: suggested?.suggested_full_name ?? '',
      suggested_dob: suggested?.suggested_dob ?? '',
      suggested_citizen_id: suggested?.suggested_citizen_id ?? '',
      suggested_gender: suggested?.suggested_gender ?? '',
      row,
      personRow: x.personRow,
      runnerUpProbability: x.runnerUpProbability,
      candidates: link.candidates[row - link.start],
    };
  }

  /**
   * What `build` decides for dose `row`, without its ID cells, in one object reused for every row
   * (`formatResultRange` writes it out before deciding the next). Corrections are named only for
   * a linked dose, and suggested values only beside corrections.
   */
  decideRow(link: LinkOutput, row: number): Readonly<DecidedRow> {
    const { thresholds } = this.ctx;
    const x = this.decided;
    const r = row - link.start;
    const personRow = link.best[r];
    x.personRow = personRow;
    if (personRow < 0) {
      x.decision = 'unmatched';
      x.probability = null;
      x.weight = null;
      x.runnerUpProbability = null;
      x.corrections = NO_CORRECTIONS;
      x.suggested = null;
      return x;
    }
    const weight = link.bestWeight[r];
    const probability = matchProbability(weight);
    const secondWeight = link.second[r] < 0 ? null : link.secondWeight[r];
    const runnerUpProbability = secondWeight === null ? null : matchProbability(secondWeight);
    // Below the review threshold the dose is unmatched whatever its corrections, and none is written.
    const needed = probability >= thresholds.review && !this.allExact(link.levels, r);
    const owned = link.idOwnedByCandidate[r] === 1;
    const found = !needed ? null : this.ctx.byViews === true ? this.correctionsByViews(row, personRow, owned) : this.stored.of(row, personRow, owned);
    const corrections = found !== null ? found.corrections : NO_CORRECTIONS;
    const decision = decide({
      probability,
      runnerUpProbability,
      hasCandidate: true,
      matchWeight: weight,
      runnerUpWeight: secondWeight,
      corrections,
      thresholds,
    });
    const linked = decision !== 'unmatched';
    x.decision = decision;
    x.probability = probability;
    x.weight = weight;
    x.runnerUpProbability = runnerUpProbability;
    x.corrections = linked ? corrections : NO_CORRECTIONS;
    // Without corrections every suggested cell is empty.
    x.suggested = linked && found !== null && corrections.length > 0 ? found.suggested : null;
    return x;
  }

  /** Dose `row`'s line of results.csv, as `resultLine(build(link, row))` writes it, into `out`; its decision. */
  writeLine(link: LinkOutput, row: number, out: CsvTextBuffer): Decision {
    const x = this.decideRow(link, row);
    const { left, right } = this.ctx;
    if (this.doseIdCell < 0) out.cell(right.recordId(row));
    else out.rawCell(right.raw, row, this.doseIdCell);
    out.byte(COMMA);
    out.ascii(x.decision);
    out.byte(COMMA);
    if (x.decision !== 'unmatched') {
      if (this.personIdCell < 0) out.cell(left.recordId(x.personRow));
      else out.rawCell(left.raw, x.personRow, this.personIdCell);
    }
    out.byte(COMMA);
    out.rounded(x.probability ?? 0, 6);
    out.byte(COMMA);
    if (x.weight !== null) out.rounded(x.weight, 3);
    out.byte(COMMA);
    writeCorrections(x.corrections, out);
    out.byte(COMMA);
    const suggested = x.suggested;
    if (suggested !== null) {
      out.cell(suggested.suggested_full_name);
      out.byte(COMMA);
      out.cell(suggested.suggested_dob);
      out.byte(COMMA);
      out.cell(suggested.suggested_citizen_id);
      out.byte(COMMA);
      out.cell(suggested.suggested_gender);
    } else {
      out.ascii(',,,');
    }
    out.byte(LF);
    return x.decision;
  }

  private allExact(levels: Uint8Array, r: number): boolean {
    for (let c = 0; c < this.C; c++) if (!this.exactVector[c][levels[r * this.C + c]]) return false;
    return true;
  }

  /**
   * The corrections and suggested values of dose `row` against person `personRow` the simple way:
   * every role cell of both records normalized again (doseView, personView) and the rules of
   * corrections.ts applied to the views. `build` reads them from the stores instead
   * (corrections-stored.ts); this is its test oracle.
   */
  correctionsByViews(row: number, personRow: number, idOwnedByCandidate: boolean): PairCorrections {
    const person = this.personView(personRow);
    const dose = this.doseView(row);
    let owner: 'this' | 'other' | 'none' = 'none';
    if (dose.id.digits !== '' && dose.id.digits === person.id.digits) owner = 'this';
    else if (idOwnedByCandidate) owner = 'other';
    const corrections = suggestCorrections(dose, person, owner);
    return { corrections, suggested: suggestedValues(person, corrections) };
  }

  doseView(row: number): DoseView {
    const { right, roles } = this.ctx;
    const at = this.doseCells;
    const cell = (k: number): string => (k < 0 ? '' : right.raw.cell(row, k));
    return {
      name: roles.name ? normalizeName(cell(at.name)) : EMPTY_NAME,
      dob: roles.dob ? parseDob(cell(at.dob)) : EMPTY_DOB,
      id: roles.id ? parseId(cell(at.id)) : EMPTY_ID,
      gender: roles.gender ? parseGender(cell(at.gender)) : null,
    };
  }

  personView(row: number): PersonView {
    const { left, roles } = this.ctx;
    const at = this.personCells;
    const cell = (k: number): string => (k < 0 ? '' : left.raw.cell(row, k));
    const name: NormalizedName = roles.name ? normalizeName(cell(at.name)) : EMPTY_NAME;
    const dob: ParsedDob = roles.dob ? parseDob(cell(at.dob)) : EMPTY_DOB;
    const id: ParsedId = roles.id ? parseId(cell(at.id)) : EMPTY_ID;
    return {
      personId: left.recordId(row),
      name,
      dob,
      id,
      oldId: roles.oldId ? parseId(cell(at.oldId)) : EMPTY_ID,
      gender: roles.gender ? parseGender(cell(at.gender)) : null,
    };
  }
}

function emptyResult(doseId: string, row: number): ResultRow {
  return {
    dose_id: doseId,
    decision: 'unmatched',
    person_id: '',
    match_probability: null,
    match_weight: null,
    corrections: [],
    suggested_full_name: '',
    suggested_dob: '',
    suggested_citizen_id: '',
    suggested_gender: '',
    row,
    personRow: -1,
    runnerUpProbability: null,
    candidates: 0,
  };
}

/** A result with its corrections already in the file's `field:reason;…` form (the API's MatchResult has this shape). */
export interface FormattedResultFields {
  dose_id: string;
  decision: Decision;
  person_id: string;
  /** 0 when there is no candidate. */
  match_probability: number;
  match_weight: number | null;
  corrections: string;
  suggested_full_name: string;
  suggested_dob: string;
  suggested_citizen_id: string;
  suggested_gender: string;
}

/** The CSV cells of a result, in RESULT_COLUMNS order, rounded as results.csv writes them. */
export function formattedResultCells(r: FormattedResultFields): string[] {
  return [
    r.dose_id,
    r.decision,
    r.person_id,
    roundTo(r.match_probability, 6),
    r.match_weight === null ? '' : roundTo(r.match_weight, 3),
    r.corrections,
    r.suggested_full_name,
    r.suggested_dob,
    r.suggested_citizen_id,
    r.suggested_gender,
  ];
}

/** The CSV cells of a result, in RESULT_COLUMNS order. */
export function resultCells(r: ResultRow): string[] {
  return formattedResultCells({ ...r, match_probability: r.match_probability ?? 0, corrections: formatCorrections(r.corrections) });
}

/**
 * A probability or weight as results.csv writes it: at most `digits` decimals, no trailing zeros.
 * toFixed keeps a stable textual form (no exponent for the probabilities and weights we write);
 * the zeros and the point are cut by a scan, not by regexes (a row writes two of these).
 * `roundToReference` is the plain form it must equal.
 */
export function roundTo(x: number, digits: number): string {
  const s = x.toFixed(digits);
  if (s.indexOf('.') < 0) return s === '-0' ? '0' : s;
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0x30) end--;
  if (end > 0 && s.charCodeAt(end - 1) === 0x2e) end--;
  const t = end === s.length ? s : s.slice(0, end);
  return t === '-0' ? '0' : t;
}

/** The reference for `roundTo`: toFixed, then trailing zeros and a bare point removed by regexes. */
export function roundToReference(x: number, digits: number): string {
  const s = x.toFixed(digits);
  const t = s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
  return t === '-0' ? '0' : t;
}

/** A result's cells the plain way (regex rounding, corrections formatted from the list): the oracle of `resultLine`. */
export function resultCellsReference(x: ResultRow): string[] {
  return [
    x.dose_id,
    x.decision,
    x.person_id,
    roundToReference(x.match_probability ?? 0, 6),
    x.match_weight === null ? '' : roundToReference(x.match_weight, 3),
    formatCorrections(x.corrections),
    x.suggested_full_name,
    x.suggested_dob,
    x.suggested_citizen_id,
    x.suggested_gender,
  ];
}

/**
 * The results of a linked range as the bytes of its results.csv lines (UTF-8), and its decisions
 * counted. Bytes rather than a string: a range formatted in a worker reaches the writing thread
 * as a copy, and a megabyte string there would sit in the old generation until a major GC (RSS
 * grew all through linking); a byte array is freed with its small wrapper and written as it is.
 */
export interface FormattedResults {
  bytes: Uint8Array;
  rows: number;
  decisions: Record<Decision, number>;
}

/** The text of formatted results (for readers that want a string; writers take the bytes). */
export function formattedText(formatted: FormattedResults): string {
  return Buffer.from(formatted.bytes.buffer, formatted.bytes.byteOffset, formatted.bytes.byteLength).toString('utf8');
}

export function formatResultRange(builder: ResultBuilder, link: LinkOutput): FormattedResults {
  const decisions = emptyDecisionCounts();
  const out = builder.text;
  for (let r = 0; r < link.count; r++) decisions[builder.writeLine(link, link.start + r, out)]++;
  return { bytes: out.takeBytes(), rows: link.count, decisions };
}

/** The `corrections` cell as `cell(formatCorrections(list))` writes it: vocabulary words, never escaped. */
function writeCorrections(list: readonly Correction[], out: CsvTextBuffer): void {
  if (list.length === 0) return;
  if (!correctionsInOrder(list)) {
    out.cell(formatCorrections(list));
    return;
  }
  for (let i = 0; i < list.length; i++) {
    if (i > 0) out.byte(SEMICOLON);
    out.ascii(list[i].field);
    out.byte(COLON);
    out.ascii(list[i].reason);
  }
}

/**
 * `formatCsvRow(resultCells(r))` without the intermediate object and array (one row per dose):
 * the same cells through the same `formatCsvCell`, except those it provably leaves as they are:
 * an empty cell, a decision (a lower-case word) and a finite number (see `numberCell`).
 */
export function resultLine(r: ResultRow): string {
  return (
    cell(r.dose_id) +
    ',' +
    r.decision +
    ',' +
    cell(r.person_id) +
    ',' +
    numberCell(r.match_probability ?? 0, 6) +
    ',' +
    (r.match_weight === null ? '' : numberCell(r.match_weight, 3)) +
    ',' +
    cell(formatCorrections(r.corrections)) +
    ',' +
    cell(r.suggested_full_name) +
    ',' +
    cell(r.suggested_dob) +
    ',' +
    cell(r.suggested_citizen_id) +
    ',' +
    cell(r.suggested_gender) +
    '\n'
  );
}

function cell(s: string): string {
  return s === '' ? '' : formatCsvCell(s);
}

/**
 * `formatCsvCell(roundTo(x, digits))`. A finite x is written by toFixed as an optional minus,
 * digits, an optional point and digits, or in exponent form from 1e21 on; trimming zeros keeps
 * that shape. Such text has no quote, comma or line break, and csv-writer.ts exempts it from
 * formula escaping even with a leading minus (its NUMBER pattern), so it is written unchanged.
 */
function numberCell(x: number, digits: number): string {
  const s = roundTo(x, digits);
  return Number.isFinite(x) ? s : formatCsvCell(s);
}
