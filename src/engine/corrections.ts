/**
 * Corrections for one dose against the register person it was matched to: which fields to change
 * and why (`results.csv`, columns `corrections` and `suggested_*`; DESIGN.md, data contract).
 * Pure functions on plain views of the two records, so tests need no record store. The match
 * pipeline applies the same field rules straight from the record stores, parsing only the fields
 * that differ (corrections-stored.ts); these functions on views are its reference.
 *
 * Precedence, field by field (the rules are in each field's file):
 * - full_name (corrections-name.ts): equal keys → nothing (case, NFD, tone placement, spaces are
 *   formatting); a repaired legacy encoding or input-method residue → legacy_encoding, also beside
 *   other reasons; otherwise a token pairing gives diacritics_missing, tone_mark, surname_variant,
 *   typo, middle_name_missing / middle_name_extra and name_order, each that applies, in the
 *   vocabulary's order.
 * - dob (corrections-dob.ts): dob_missing; day_month_swapped; year_only / dob_default (with a
 *   wrong year beside them); year_off_by_one; dob_digit as the fallback. A full dose date against
 *   a year-only register in the same year is not a correction.
 * - citizen_id (corrections-id.ts), one reason: id_missing; id_leading_zero; old_id_used;
 *   id_of_other_person; id_digit / id_transposition / id_digit_missing / id_digit_extra; a CMND →
 *   old_id_used; id_digit as the fallback.
 * - gender: the dose's differs from the person's, or is missing/unreadable while the person's is
 *   known → gender.
 * A field whose register value is missing or unreadable is never corrected: every correction
 * comes with a suggested value (`suggestedValues`), so a pipeline can apply them blindly.
 */
import { formatDob } from '../normalize/parse-dob.js';
import type { Gender, NormalizedName, ParsedDob, ParsedId } from '../normalize/types.js';
import { CORRECTION_FIELDS, REASON_ORDER, type Correction, type CorrectionField } from './correction-reasons.js';
import { dobReasons } from './corrections-dob.js';
import { idReasons, type IdOwner } from './corrections-id.js';
import { nameReasons } from './corrections-name.js';

export * from './correction-reasons.js';
export type { IdOwner } from './corrections-id.js';

/** A dose as the correction rules read it: the normalizers' output for each field. */
export interface DoseView {
  name: NormalizedName;
  dob: ParsedDob;
  id: ParsedId;
  gender: Gender | null;
  /**
   * The cells as read. The rules work on the parsed forms only (the normalizers record what they
   * repaired); these are accepted so a caller can pass one view per row unchanged.
   */
  nameRaw?: string;
  idRaw?: string;
}

/** A register person as the correction rules read it. */
export interface PersonView {
  personId: string;
  name: NormalizedName;
  dob: ParsedDob;
  /** The parsed person_id. */
  id: ParsedId;
  /** The parsed old_id (CMND); kind 'empty' when the register has none. */
  oldId: ParsedId;
  gender: Gender | null;
}

/** What to change in a dose to agree with `person`, in output order (field, then reason). */
export function suggestCorrections(dose: DoseView, person: PersonView, idOwner: IdOwner): Correction[] {
  const out: Correction[] = [];
  for (const reason of nameReasons(dose.name, person.name)) out.push({ field: 'full_name', reason });
  for (const reason of dobReasons(dose.dob, person.dob)) out.push({ field: 'dob', reason });
  for (const reason of idReasons(dose.id, person.id, person.oldId, idOwner)) out.push({ field: 'citizen_id', reason });
  if (person.gender !== null && dose.gender !== person.gender) out.push({ field: 'gender', reason: 'gender' });
  return out;
}

const FIELD_ORDER: Readonly<Record<CorrectionField, number>> = Object.fromEntries(CORRECTION_FIELDS.map((f, i) => [f, i])) as Record<CorrectionField, number>;

/**
 * The `corrections` cell: `field:reason` joined by `;`, fields in CORRECTION_FIELDS order and
 * reasons in vocabulary order within a field, each pair once. '' for no correction.
 */
export function formatCorrections(list: readonly Correction[]): string {
  if (list.length === 0) return '';
  if (correctionsInOrder(list)) {
    // The rules already list each field's reasons once, in order (suggestCorrections): no sort.
    let out = `${list[0].field}:${list[0].reason}`;
    for (let i = 1; i < list.length; i++) out += `;${list[i].field}:${list[i].reason}`;
    return out;
  }
  const sorted = [...list].sort((a, b) => FIELD_ORDER[a.field] - FIELD_ORDER[b.field] || REASON_ORDER[a.reason] - REASON_ORDER[b.reason]);
  let out = '';
  let last = '';
  for (const c of sorted) {
    const item = `${c.field}:${c.reason}`;
    if (item === last) continue;
    out += out === '' ? item : `;${item}`;
    last = item;
  }
  return out;
}

/** Strictly increasing by (field, reason): already sorted, no pair twice (formatCorrections joins such a list as it is). */
export function correctionsInOrder(list: readonly Correction[]): boolean {
  for (let i = 1; i < list.length; i++) {
    const a = list[i - 1];
    const b = list[i];
    const byField = FIELD_ORDER[a.field] - FIELD_ORDER[b.field];
    if (byField > 0 || (byField === 0 && REASON_ORDER[a.reason] >= REASON_ORDER[b.reason])) return false;
  }
  return true;
}

/** The `suggested_*` cells of results.csv. */
export interface SuggestedValues {
  suggested_full_name: string;
  suggested_dob: string;
  suggested_citizen_id: string;
  suggested_gender: string;
}

/** A gender as the suggested_gender cell writes it. */
export const GENDER_TEXT: Readonly<Record<Gender, string>> = { M: 'Nam', F: 'Nữ' };

/**
 * The register person's value for each field `corrections` names, '' for every other field
 * (decided here): a non-empty cell then always means "write this", so a pipeline can apply the
 * cells blindly, and an unchanged field is not rewritten in another format. Name in display form,
 * date as dd/mm/yyyy (yyyy when the register holds only the year), the 12-digit ID, Nam / Nữ.
 * `suggestCorrections` only names fields whose register value is known, so a named field never
 * gets an empty cell.
 */
export function suggestedValues(person: PersonView, corrections: readonly Correction[]): SuggestedValues {
  const out: SuggestedValues = { suggested_full_name: '', suggested_dob: '', suggested_citizen_id: '', suggested_gender: '' };
  for (const c of corrections) {
    switch (c.field) {
      case 'full_name':
        out.suggested_full_name = person.name.display;
        break;
      case 'dob':
        if (person.dob.ok) out.suggested_dob = formatDob(person.dob);
        break;
      case 'citizen_id':
        out.suggested_citizen_id = person.id.digits;
        break;
      case 'gender':
        if (person.gender !== null) out.suggested_gender = GENDER_TEXT[person.gender];
        break;
    }
  }
  return out;
}
