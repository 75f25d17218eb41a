/**
 * Why a dose's ID number differs from its register person's personal ID: the `citizen_id`
 * reasons of correction-reasons.ts, from `ParsedId`s (src/normalize/parse-id.ts) and whether the
 * dose's ID, as written, belongs to someone (the pipeline knows it from its exact-ID index).
 * The damage is the list in DESIGN.md ("ID numbers"). Separators, surrounding spaces and a
 * spreadsheet's `.0` are formatting, already removed by parseId.
 *
 * Rules, first that holds wins (one reason per dose: each is a different fix of the whole value):
 * 1. The person's ID is not a 12-digit personal ID → nothing: there is no value to suggest.
 * 2. The dose's ID empty, or with no digit at all ("không có", "N/A") → id_missing.
 * 3. Equal digits: when parseId restored lost leading zeros (the ID went through a number) →
 *    id_leading_zero, else nothing.
 * 4. Equal to the person's old ID (CMND), also when that lost its leading zero as a number →
 *    old_id_used.
 * 5. idOwner 'other' → id_of_other_person: the number is valid and someone else's (a relative's,
 *    DESIGN.md), which a reviewer must know before changing it, even when it is also one typo
 *    away from this person's ID (siblings' serials can be). idOwner is read for nothing else:
 *    'this' and 'none' are told apart by the comparisons themselves.
 * 6. One typing error away from the person's ID (`idEditKind`, person's ID as the reference):
 *    a substitution → id_digit, adjacent transposition → id_transposition, a digit dropped →
 *    id_digit_missing, one added → id_digit_extra. A restored leading zero is undone first
 *    when that explains the edit better: a 12-digit ID with one digit dropped has 11 digits,
 *    which parseId takes for a lost zero; the 11 digits as written start with 0, a number
 *    never does, so the dropped digit is the edit.
 * 7. A 9-digit number (a CMND), or one typing error from the person's old ID → old_id_used:
 *    an old ID is a different number, never a typo of the 12-digit one, and the register does
 *    not always hold it.
 * 8. Anything else (two or more errors, a number that is nobody's) → id_digit: wrong digits,
 *    the catch-all for typing damage; the match rests on the other fields.
 */
import type { ParsedId } from '../normalize/types.js';
import { idEditKind, type IdEditKind } from '../similarity/id-edit-kind.js';
import type { IdReason } from './correction-reasons.js';

/** Whether the dose's ID as written is this person's, another register person's, or nobody's. */
export type IdOwner = 'this' | 'other' | 'none';

const EDIT_REASON: Readonly<Partial<Record<IdEditKind, IdReason>>> = {
  substitution: 'id_digit',
  transposition: 'id_transposition',
  deletion: 'id_digit_missing',
  insertion: 'id_digit_extra',
};

function hasDigit(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x30 && c <= 0x39) return true;
  }
  return false;
}

function withoutLeadingZeros(s: string): string {
  let i = 0;
  while (i < s.length - 1 && s.charCodeAt(i) === 0x30) i++;
  return s.slice(i);
}

function isSingleEdit(kind: IdEditKind): boolean {
  return kind !== 'equal' && kind !== 'other';
}

/** The single typing error from `reference` to the dose's ID, trying the forms parseId may have restored. */
function editFrom(reference: string, dose: ParsedId): IdEditKind {
  if (dose.issues.includes('leading_zero_restored')) {
    // The digits as written: one zero was added to 11 digits, two to 10 (parseId, byLength).
    const written11 = dose.digits.slice(1);
    const kind11 = idEditKind(reference, written11);
    if (isSingleEdit(kind11)) return kind11;
    if (dose.digits.startsWith('00')) {
      const kind10 = idEditKind(reference, dose.digits.slice(2));
      if (isSingleEdit(kind10)) return kind10;
    }
  }
  return idEditKind(reference, dose.digits);
}

/** The `citizen_id` reasons for a dose ID against its person's; see the file header. */
export function idReasons(dose: ParsedId, personId: ParsedId, oldId: ParsedId, idOwner: IdOwner): IdReason[] {
  if (personId.kind !== 'cccd') return [];
  if (dose.kind === 'empty' || !hasDigit(dose.digits)) return ['id_missing'];
  if (dose.digits === personId.digits) return dose.issues.includes('leading_zero_restored') ? ['id_leading_zero'] : [];

  const old = oldId.kind === 'cccd' || oldId.kind === 'cmnd' ? oldId.digits : '';
  if (old !== '' && (dose.digits === old || withoutLeadingZeros(dose.digits) === withoutLeadingZeros(old))) return ['old_id_used'];
  if (idOwner === 'other') return ['id_of_other_person'];

  const reason = EDIT_REASON[editFrom(personId.digits, dose)];
  if (reason !== undefined) return [reason];
  if (dose.kind === 'cmnd' || (old !== '' && isSingleEdit(editFrom(old, dose)))) return ['old_id_used'];
  return ['id_digit'];
}
