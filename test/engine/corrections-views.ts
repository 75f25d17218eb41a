/**
 * Dose and person views for the correction tests, built from raw cells with the real normalizers,
 * so a test row reads like two CSV rows.
 */
import type { DoseView, PersonView } from '../../src/engine/corrections.js';
import { normalizeName } from '../../src/normalize/normalize-name.js';
import { parseDob } from '../../src/normalize/parse-dob.js';
import { parseGender } from '../../src/normalize/parse-gender.js';
import { parseId } from '../../src/normalize/parse-id.js';

export interface RawRow {
  name: string;
  dob: string;
  id: string;
  gender: string;
  /** Register only. */
  oldId?: string;
}

/** A register person used where a test varies only the dose. */
export const PERSON: RawRow = { name: 'Nguyễn Thị Hương', dob: '12/05/1990', id: '079190123456', gender: 'Nữ', oldId: '023456789' };

export function doseView(raw: Partial<RawRow> = {}): DoseView {
  const r = { ...PERSON, ...raw };
  return { name: normalizeName(r.name), nameRaw: r.name, dob: parseDob(r.dob), id: parseId(r.id), idRaw: r.id, gender: parseGender(r.gender) };
}

export function personView(raw: Partial<RawRow> = {}): PersonView {
  const r = { ...PERSON, ...raw };
  return {
    personId: r.id,
    name: normalizeName(r.name),
    dob: parseDob(r.dob),
    id: parseId(r.id),
    oldId: parseId(r.oldId ?? ''),
    gender: parseGender(r.gender),
  };
}
