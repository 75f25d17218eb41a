/**
 * The corrections of a linked pair (dose row, person row) read from the two record stores, with
 * the raw cells normalized again only where the stores cannot settle a field. Same rules and same
 * output as `suggestCorrections` + `suggestedValues` (corrections.ts) on views of the two rows'
 * raw cells, which stays the test oracle (test/engine/corrections-stored.test.ts); this is what
 * results.csv is built with, because re-normalizing every field of both records cost more than
 * a third of the linking stage.
 *
 * Why the stores settle most fields: each column holds the normalizer's output for the very cell
 * kept raw (record-store.ts), and the name codes of both sides come from one dictionary, so
 * equal key codes are equal keys. Field by field (rules in corrections-*.ts):
 * - full_name: the person's key empty → nothing. The dose's empty → name_missing. Equal keys →
 *   nothing, or legacy_encoding when the dose's normalizer repaired a legacy encoding or
 *   input-method residue, which the name column records per row (`NameColumn.legacy`; for a
 *   column without it, the dose's raw cell through the normalizer's first two steps,
 *   `rawHasLegacyRepair`). Otherwise `nameReasons`'s token pairing runs on both names' tokens,
 *   read from the dictionary by key token (`StoredNameTokens`, stored-name-tokens.ts, which says why that
 *   equals `tokensOf(normalizeName(raw))`), and so is the person's display form; a name whose stored
 *   bytes cannot vouch for it is normalized from its raw cell.
 * - dob: the person's date unreadable (precision 0) → nothing. Equal precision and components →
 *   nothing (the columns hold parseDob's components exactly: days and months of at most two
 *   digits, years 1880-2030; a day-precision date always has month and day ≥ 1, a year-precision
 *   one neither, so the stored 0 for "none" cannot hide a difference). Otherwise the reasons
 *   come from those components too (dobReasons and formatDob read no other part of a readable
 *   date), and only a dose date the column holds as unreadable is parsed from its cell.
 * - citizen_id: the person's ID not a 12-digit personal ID → nothing. Equal digits → nothing,
 *   or id_leading_zero when parseId restored the dose's leading zeros. A cell that is empty or
 *   exactly 9 or 12 ASCII digits is one parseId leaves as it is (kind empty, cmnd or cccd, no
 *   issue that idReasons reads: `plainIdLength`), so only other cells are parsed: the dose's ID,
 *   and the person's old ID. The person's ID is its column's digits, which for a personal ID are
 *   parseId's 12 digits exactly (kind cccd is given only to 12 ASCII digits), and idReasons reads
 *   nothing else of it (corrections-id.ts).
 * - gender: entirely from the stores (the column is parseGender's output, −1 for none).
 * The person's raw cells are read only for a date or ID that differs.
 */
import { KhopError } from '../errors.js';
import { normalizeName, rawHasLegacyRepair } from '../normalize/normalize-name.js';
import { formatDob, parseDob } from '../normalize/parse-dob.js';
import { parseId } from '../normalize/parse-id.js';
import type { DobFlag, IdIssue, NormalizedName, ParsedDob, ParsedId } from '../normalize/types.js';
import { type DateColumn, PRECISION_DAY, PRECISION_MISSING } from './column-date.js';
import { GENDER_FEMALE, GENDER_MALE, type GenderColumn } from './column-gender.js';
import { ID_KIND_CODES, ID_SLOT, type IdColumn } from './column-id.js';
import type { NameColumn } from './column-name.js';
import type { RawColumns } from './column-raw.js';
import { GENDER_TEXT, type Correction, type NameReason, type SuggestedValues } from './corrections.js';
import { dobReasons } from './corrections-dob.js';
import { idReasons, type IdOwner } from './corrections-id.js';
import { differentNameReasons, nameReasons } from './corrections-name.js';
import type { FieldRoles } from './field-roles.js';
import { StoredNameTokens } from './stored-name-tokens.js';
import type { RecordStore } from './record-store.js';

/** Positions of each role's column among a side's raw cells (−1: no such role or column). */
export type RoleCells = Record<keyof FieldRoles, number>;

/** Where each role's column sits among the side's raw cells; −1 when the side has none. */
export function roleCells(store: RecordStore, roles: FieldRoles, side: 'leftColumn' | 'rightColumn'): RoleCells {
  const at = (role: keyof FieldRoles): number => {
    const column = roles[role]?.[side];
    if (column === undefined) return -1;
    const k = store.raw.columnIndex(column);
    if (k < 0) throw new KhopError('INTERNAL', 'raw column not kept', { field: column });
    return k;
  };
  return { name: at('name'), dob: at('dob'), id: at('id'), oldId: at('oldId'), gender: at('gender') };
}

/** The corrections of one pair, in output order, and the person's value for each field they name. */
export interface PairCorrections {
  corrections: Correction[];
  suggested: SuggestedValues;
}

const CCCD = ID_KIND_CODES.cccd;
const NAME_MISSING: readonly NameReason[] = ['name_missing'];
const LEGACY: readonly NameReason[] = ['legacy_encoding'];
const NO_NAME_REASON: readonly NameReason[] = [];
/** idReasons reads a personal ID's kind and digits only, and never changes its issues. */
const NO_ID_ISSUES = Object.freeze([]) as unknown as IdIssue[];
const NO_DOB_FLAGS = Object.freeze([]) as unknown as DobFlag[];
/** suggested_gender by gender column code. */
const GENDER_OF_CODE: readonly string[] = ((): string[] => {
  const out: string[] = [];
  out[GENDER_MALE] = GENDER_TEXT.M;
  out[GENDER_FEMALE] = GENDER_TEXT.F;
  return out;
})();

/** One role's columns on both sides (the dose is the right side, the person the left). */
interface RolePair<C> {
  dose: C;
  person: C;
}

function rolePair<C>(roles: FieldRoles, role: keyof FieldRoles, get: (store: RecordStore, field: string) => C, left: RecordStore, right: RecordStore): RolePair<C> | null {
  const r = roles[role];
  if (r === undefined) return null;
  return { dose: get(right, r.field), person: get(left, r.field) };
}

export class StoredCorrections {
  /**
   * Names from the stores' codes (the default); false: both raw name cells normalized again for
   * every pair whose keys differ, as before `StoredNameTokens` (benchmarks/decide-names.bench.ts
   * times both ways through the results builder, which makes this class itself; the tests compare
   * with `nameReasons` over `normalizeName` directly).
   */
  static namesFromCodes = true;

  private readonly nameTokens = new StoredNameTokens();
  private readonly name: RolePair<NameColumn> | null;
  private readonly dob: RolePair<DateColumn> | null;
  private readonly id: RolePair<IdColumn> | null;
  private readonly gender: RolePair<GenderColumn> | null;
  private readonly doseCells: RoleCells;
  private readonly personCells: RoleCells;

  constructor(
    private readonly left: RecordStore,
    private readonly right: RecordStore,
    roles: FieldRoles,
  ) {
    this.name = rolePair(roles, 'name', (s, f) => s.name(f), left, right);
    this.dob = rolePair(roles, 'dob', (s, f) => s.date(f), left, right);
    this.id = rolePair(roles, 'id', (s, f) => s.id(f), left, right);
    this.gender = rolePair(roles, 'gender', (s, f) => s.gender(f), left, right);
    this.doseCells = roleCells(right, roles, 'rightColumn');
    this.personCells = roleCells(left, roles, 'leftColumn');
  }

  /** The corrections of dose row `d` against person row `p`; `idOwnedByCandidate` as LinkOutput has it. */
  of(d: number, p: number, idOwnedByCandidate: boolean): PairCorrections {
    const { name, dob, id, gender } = this;
    // The person's stored values first, all together: a register row is a random one, and these
    // independent loads let its cache misses overlap instead of waiting for each in turn.
    const personKey = name === null ? -1 : name.person.key[p];
    const personPrecision = dob === null ? 0 : dob.person.precision[p];
    const personKind = id === null ? -1 : id.person.idKind[p];
    const personGender = gender === null ? -1 : gender.person.gender[p];
    // Each column is its own array: the date's parts are further misses, started here too.
    const personDate = dob === null ? 0 : dob.person.year[p] * 1_000_000 + dob.person.month[p] * 1000 + dob.person.day[p];
    const corrections: Correction[] = [];
    const suggested: SuggestedValues = { suggested_full_name: '', suggested_dob: '', suggested_citizen_id: '', suggested_gender: '' };
    if (personKey >= 0) this.names(name!, d, p, personKey, corrections, suggested);
    if (personPrecision !== 0) this.dates(dob!, d, p, personPrecision, personDate, corrections, suggested);
    if (personKind === CCCD) this.ids(id!, d, p, idOwnedByCandidate, corrections, suggested);
    if (personGender >= 0 && gender!.dose.gender[d] !== personGender) {
      corrections.push({ field: 'gender', reason: 'gender' });
      suggested.suggested_gender = GENDER_OF_CODE[personGender];
    }
    return { corrections, suggested };
  }

  /** The person's name is not empty (key code `pk`). */
  private names(c: RolePair<NameColumn>, d: number, p: number, pk: number, out: Correction[], suggested: SuggestedValues): void {
    if (!StoredCorrections.namesFromCodes) {
      this.namesByNormalizing(c, d, p, pk, out, suggested);
      return;
    }
    const dose = c.dose;
    const dk = dose.key[d];
    let reasons: readonly NameReason[];
    if (dk < 0) reasons = NAME_MISSING;
    else if (dk === pk) reasons = this.doseLegacy(dose, d) ? LEGACY : NO_NAME_REASON;
    else {
      const dt = this.nameTokens.tokensOf(dose, d);
      const pt = dt === null ? null : this.nameTokens.tokensOf(c.person, p);
      if (pt === null) {
        this.namesByNormalizing(c, d, p, pk, out, suggested);
        return;
      }
      // Equal codes are equal strings: one dictionary serves both sides and all forms.
      reasons = differentNameReasons(dk === dose.folded[d], dt!, this.doseLegacy(dose, d), pt);
    }
    if (reasons.length === 0) return;
    for (const reason of reasons) out.push({ field: 'full_name', reason });
    suggested.suggested_full_name = this.nameTokens.display(c.person, p) ?? this.personName(p).display;
  }

  /** The dose's normalizer repaired a legacy encoding or input-method residue. */
  private doseLegacy(dose: NameColumn, d: number): boolean {
    const flags = dose.legacy;
    return flags !== null ? flags[d] === 1 : rawHasLegacyRepair(this.right.raw.cell(d, this.doseCells.name));
  }

  /** `names` from both raw cells normalized again: where the stores cannot vouch for a name. */
  private namesByNormalizing(c: RolePair<NameColumn>, d: number, p: number, pk: number, out: Correction[], suggested: SuggestedValues): void {
    const dk = c.dose.key[d];
    let person: NormalizedName | null = null;
    let reasons: readonly NameReason[];
    if (dk < 0) reasons = NAME_MISSING;
    else if (dk === pk) reasons = rawHasLegacyRepair(this.right.raw.cell(d, this.doseCells.name)) ? LEGACY : NO_NAME_REASON;
    else {
      person = this.personName(p);
      reasons = nameReasons(normalizeName(this.right.raw.cell(d, this.doseCells.name)), person);
    }
    if (reasons.length === 0) return;
    for (const reason of reasons) out.push({ field: 'full_name', reason });
    suggested.suggested_full_name = (person ?? this.personName(p)).display;
  }

  private personName(p: number): NormalizedName {
    return normalizeName(this.left.raw.cell(p, this.personCells.name));
  }

  /** The person's date is readable (precision `precision`). */
  private dates(c: RolePair<DateColumn>, d: number, p: number, precision: number, date: number, out: Correction[], suggested: SuggestedValues): void {
    const dose = c.dose;
    // year · 10⁶ + month · 10³ + day is one-to-one: month and day are bytes (column-date.ts).
    if (dose.precision[d] === precision && dose.year[d] * 1_000_000 + dose.month[d] * 1000 + dose.day[d] === date) return;
    const pd = storedDob(c.person, p, precision);
    const dp = dose.precision[d];
    // An unreadable date's reason (empty or not, a month of 13 as written) is in its text only.
    const dd = dp === PRECISION_MISSING ? parseDob(this.right.raw.cell(d, this.doseCells.dob)) : storedDob(dose, d, dp);
    const reasons = dobReasons(dd, pd);
    if (reasons.length === 0) return;
    for (const reason of reasons) out.push({ field: 'dob', reason });
    suggested.suggested_dob = formatDob(pd);
  }

  /** The person's ID is a 12-digit personal ID. */
  private ids(c: RolePair<IdColumn>, d: number, p: number, idOwnedByCandidate: boolean, out: Correction[], suggested: SuggestedValues): void {
    const { dose, person } = c;
    if (dose.sameAs(d, person, p)) {
      // Equal digits: only a restored leading zero is a correction (corrections-id.ts, rule 3).
      if (plainIdLength(this.right.raw, d, this.doseCells.id) >= 0) return;
      const di = parseId(this.right.raw.cell(d, this.doseCells.id));
      if (!di.issues.includes('leading_zero_restored')) return;
      out.push({ field: 'citizen_id', reason: 'id_leading_zero' });
      suggested.suggested_citizen_id = slotDigits(person, p);
      return;
    }
    const doseRaw = this.right.raw;
    const plain = plainIdLength(doseRaw, d, this.doseCells.id);
    const di: ParsedId = plain < 0 ? parseId(doseRaw.cell(d, this.doseCells.id)) : plainId(doseRaw, d, this.doseCells.id, plain);
    const pi: ParsedId = { kind: 'cccd', digits: slotDigits(person, p), issues: NO_ID_ISSUES };
    const oldCell = this.personCells.oldId;
    const personRaw = this.left.raw;
    const oldPlain = oldCell < 0 ? 0 : plainIdLength(personRaw, p, oldCell);
    const old: ParsedId = oldPlain < 0 ? parseId(personRaw.cell(p, oldCell)) : plainId(personRaw, p, oldCell, oldPlain);
    let owner: IdOwner = 'none';
    if (di.digits !== '' && di.digits === pi.digits) owner = 'this';
    else if (idOwnedByCandidate) owner = 'other';
    const reasons = idReasons(di, pi, old, owner);
    if (reasons.length === 0) return;
    for (const reason of reasons) out.push({ field: 'citizen_id', reason });
    suggested.suggested_citizen_id = pi.digits;
  }
}

/**
 * The length of row `row`'s raw cell `cell` when it is empty or exactly 9 or 12 ASCII digits,
 * else −1. parseId leaves such a cell as it is (kind empty, cmnd or cccd, digits the cell, which
 * an ID column holds too, and no issue idReasons reads: nothing restored), so it need not be
 * decoded nor parsed.
 */
function plainIdLength(raw: RawColumns, row: number, cell: number): number {
  const { bytes, offsets } = raw;
  const k = row * raw.columns.length + cell;
  const start = offsets[k];
  const len = offsets[k + 1] - start;
  if (len !== 12 && len !== 9 && len !== 0) return -1;
  for (let i = start; i < start + len; i++) if (bytes[i] < 0x30 || bytes[i] > 0x39) return -1;
  return len;
}

/** parseId of a cell `plainIdLength` found plain (`len` ≥ 0), from its bytes. */
function plainId(raw: RawColumns, row: number, cell: number, len: number): ParsedId {
  if (len === 0) return { kind: 'empty', digits: '', issues: NO_ID_ISSUES };
  const at = raw.offsets[row * raw.columns.length + cell];
  return { kind: len === 12 ? 'cccd' : 'cmnd', digits: digitString(raw.bytes, at, len), issues: NO_ID_ISSUES };
}

/** `column.digitsOf(i)` (the slot read as Latin-1), a personal ID's 12 digits without a Buffer decode. */
function slotDigits(column: IdColumn, i: number): string {
  const n = column.length[i];
  return n === 12 ? digitString(column.digits, i * ID_SLOT, 12) : column.digitsOf(i);
}

/**
 * bytes[at, at + len) as one flat string, a byte per code unit: for 9 or 12 ASCII digits one
 * String.fromCharCode call, which costs a fraction of a Buffer decode of so short a range.
 */
function digitString(b: Uint8Array, at: number, len: number): string {
  if (len === 12) return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5], b[at + 6], b[at + 7], b[at + 8], b[at + 9], b[at + 10], b[at + 11]);
  if (len === 9) return String.fromCharCode(b[at], b[at + 1], b[at + 2], b[at + 3], b[at + 4], b[at + 5], b[at + 6], b[at + 7], b[at + 8]);
  let s = '';
  for (let k = 0; k < len; k++) s += String.fromCharCode(b[at + k]);
  return s;
}

/**
 * parseDob's result for row `i` of a date column whose precision is `precision` (not missing):
 * year, month and day as stored, month and day null for a year alone. Flags are left out: no
 * reader of it here looks at them (dobReasons, formatDob).
 */
function storedDob(c: DateColumn, i: number, precision: number): Extract<ParsedDob, { ok: true }> {
  if (precision === PRECISION_DAY) return { ok: true, year: c.year[i], month: c.month[i], day: c.day[i], precision: 'day', flags: NO_DOB_FLAGS };
  return { ok: true, year: c.year[i], month: null, day: null, precision: 'year', flags: NO_DOB_FLAGS };
}
