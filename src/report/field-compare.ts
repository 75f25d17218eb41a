/**
 * Whether a dose's field and a register person's field say the same thing once formatting is set
 * aside, by the engine's own normalizers: names by their normalized key (NFC, tone placement, case,
 * spaces, mojibake repaired; a missing diacritic still differs), dates by their parsed parts,
 * gender by its parsed value, IDs by their digits. The report marks the fields that differ.
 */
import { normalizeName } from '../normalize/normalize-name.js';
import { parseDob } from '../normalize/parse-dob.js';
import { parseGender } from '../normalize/parse-gender.js';

function dobKey(raw: string): string {
  const d = parseDob(raw);
  return d.ok ? `${d.year}-${d.month ?? ''}-${d.day ?? ''}` : raw.trim();
}

export function sameField(field: string, a: string, b: string): boolean {
  switch (field) {
    case 'full_name':
      return normalizeName(a).key === normalizeName(b).key;
    case 'dob':
      return dobKey(a) === dobKey(b);
    case 'gender':
      return (parseGender(a) ?? a.trim()) === (parseGender(b) ?? b.trim());
    case 'citizen_id':
      return a.replace(/\D/g, '') === b.replace(/\D/g, '');
    default:
      return a.trim() === b.trim();
  }
}
