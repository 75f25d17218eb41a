/**
 * Gender: the raw text of a `gender` cell → 'M', 'F' or null.
 *
 * Accepted (DESIGN.md, data contract): Nam / Nữ, Nu, M / F, Male / Female, in any case, plus the
 * forms "nam giới" / "nữ giới" and "nữ" damaged the ways DESIGN.md lists for names: decomposed
 * Unicode (NFD), TCVN3 read as Windows-1252 ("N÷"), VNI-Windows read as Windows-1252 ("Nöõ"),
 * UTF-8 read as Windows-1252 ("Ná»¯"). Surrounding, repeated and zero-width spaces are ignored.
 * Anything else, including numeric codes (0/1/2 mean different things in different systems), is
 * null: an unknown gender costs a comparison nothing, a guessed one costs a wrong correction.
 */
import type { Gender } from './types.js';

const FORMS: readonly (readonly [key: string, gender: Gender])[] = [
  ['nam', 'M'],
  ['nam giới', 'M'],
  ['nam gioi', 'M'],
  ['m', 'M'],
  ['male', 'M'],
  ['nữ', 'F'],
  ['nu', 'F'],
  ['nữ giới', 'F'],
  ['nu gioi', 'F'],
  ['f', 'F'],
  ['female', 'F'],
  ['n÷', 'F'], // TCVN3: ữ is byte 0xF7
  ['nöõ', 'F'], // VNI-Windows: ư is 0xF6, the tilde 0xF5
  ['ná»¯', 'F'], // UTF-8 of ữ (E1 BB AF) read as Windows-1252
  ['ná»®', 'F'], // the same for Ữ (E1 BB AE), lower-cased
];

/** Every form in lower, Title and UPPER case, so the usual spellings hit without normalizing. */
const BY_TEXT = new Map<string, Gender>();
for (const [key, gender] of FORMS) {
  BY_TEXT.set(key, gender);
  BY_TEXT.set(key.toUpperCase(), gender);
  BY_TEXT.set(key.charAt(0).toUpperCase() + key.slice(1), gender);
}

const SPACES = /[\s\u200b-\u200d\u2060]+/g;

export function parseGender(raw: string): Gender | null {
  const hit = BY_TEXT.get(raw);
  if (hit !== undefined) return hit;
  const key = raw.normalize('NFC').toLowerCase().replace(SPACES, ' ').trim();
  return BY_TEXT.get(key) ?? null;
}
