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
 *   input-method residue, which only the dose's raw cell tells (the person's is not read), and
 *   only the normalizer's first two steps (`rawHasLegacyRepair`).
 *   Otherwise both names are normalized and `nameReasons` pairs their tokens.
 * - dob: the person's date unreadable (precision 0) → nothing. Equal precision and components →
 *   nothing (the columns hold parseDob's components exactly: days and months of at most two
 *   digits, years 1880-2030; a day-precision date always has month and day ≥ 1, a year-precision
 *   one neither, so the stored 0 for "none" cannot hide a difference). Otherwise both cells are
 *   parsed.
 * - citizen_id: the person's ID not a 12-digit personal ID → nothing. Equal digits → nothing,
 *   or id_leading_zero when parseId restored the dose's leading zeros; a dose cell of exactly 12
 *   ASCII digits takes parseId's fast path, which restores nothing, so only other cells are
 *   parsed. Otherwise the dose's ID, the person's ID and old ID are parsed.
 * - gender: entirely from the stores (the column is parseGender's output, −1 for none).
 * The person's raw cells are read only for a field that differs, or whose suggested value needs
 * the normalized form (the display name).
 */
import { KhopError } from '../errors.js';
import { normalizeName } from '../normalize/normalize-name.js';
import { formatDob, parseDob } from '../normalize/parse-dob.js';
import { parseId } from '../normalize/parse-id.js';
import type { NormalizedName, ParsedId } from '../normalize/types.js';
import type { DateColumn } from './column-date.js';
import { GENDER_FEMALE, GENDER_MALE, type GenderColumn } from './column-gender.js';
import { ID_KIND_CODES, type IdColumn } from './column-id.js';
import type { NameColumn } from './column-name.js';
import { GENDER_TEXT, type Correction, type NameReason, type SuggestedValues } from './corrections.js';
import { dobReasons } from './corrections-dob.js';
import { idReasons, type IdOwner } from './corrections-id.js';
import { nameReasons, rawHasLegacyRepair } from './corrections-name.js';
import type { FieldRoles } from './field-roles.js';
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
  private readonly name: RolePair<NameColumn> | null;
  private readonly dob: RolePair<DateColumn> | null;
  private readonly id: RolePair<IdColumn> | null;
  private readonly gender: RolePair<GenderColumn> | null;
  private readonly doseCells: RoleCells;
  private readonly personCells: RoleCells;
  private readonly doseStride: number;

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
    this.doseStride = right.raw.columns.length;
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
    const pd = parseDob(this.left.raw.cell(p, this.personCells.dob));
    const reasons = dobReasons(parseDob(this.right.raw.cell(d, this.doseCells.dob)), pd);
    if (reasons.length === 0) return;
    for (const reason of reasons) out.push({ field: 'dob', reason });
    if (pd.ok) suggested.suggested_dob = formatDob(pd);
  }

  /** The person's ID is a 12-digit personal ID. */
  private ids(c: RolePair<IdColumn>, d: number, p: number, idOwnedByCandidate: boolean, out: Correction[], suggested: SuggestedValues): void {
    const { dose, person } = c;
    if (dose.sameAs(d, person, p)) {
      // Equal digits: only a restored leading zero is a correction (corrections-id.ts, rule 3).
      if (this.isTwelveDigits(d)) return;
      const di = parseId(this.right.raw.cell(d, this.doseCells.id));
      if (!di.issues.includes('leading_zero_restored')) return;
      out.push({ field: 'citizen_id', reason: 'id_leading_zero' });
      suggested.suggested_citizen_id = person.digitsOf(p);
      return;
    }
    const di = parseId(this.right.raw.cell(d, this.doseCells.id));
    const pi = parseId(this.left.raw.cell(p, this.personCells.id));
    const oldCell = this.personCells.oldId;
    const old: ParsedId = parseId(oldCell < 0 ? '' : this.left.raw.cell(p, oldCell));
    let owner: IdOwner = 'none';
    if (di.digits !== '' && di.digits === pi.digits) owner = 'this';
    else if (idOwnedByCandidate) owner = 'other';
    const reasons = idReasons(di, pi, old, owner);
    if (reasons.length === 0) return;
    for (const reason of reasons) out.push({ field: 'citizen_id', reason });
    suggested.suggested_citizen_id = pi.digits;
  }

  /** The dose's raw ID cell is exactly 12 ASCII digits: parseId's fast path, nothing restored. */
  private isTwelveDigits(d: number): boolean {
    const { bytes, offsets } = this.right.raw;
    const k = d * this.doseStride + this.doseCells.id;
    const start = offsets[k];
    if (offsets[k + 1] - start !== 12) return false;
    for (let i = start; i < start + 12; i++) if (bytes[i] < 0x30 || bytes[i] > 0x39) return false;
    return true;
  }
}
