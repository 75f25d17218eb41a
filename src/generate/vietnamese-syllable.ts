/**
 * Letter-level damage to one Vietnamese syllable: strip every mark keeping case (a name typed
 * without diacritics), move the tone to the other placement style (hòa ↔ hoà, thủy ↔ thuỷ,
 * khỏe ↔ khoẻ), or put a different tone on it (Thủy → Thùy). Tone placement itself is the
 * normalizer's (`src/normalize/syllable.ts`, `src/normalize/tone-placement.ts`), so damaged names
 * follow the same orthographic rules the repair assumes.
 */
import { placeTone, stripTone, type Tone } from '../normalize/syllable.js';
import { placeTones } from '../normalize/tone-placement.js';

const foldOfChar = new Map<string, string>([
  ['đ', 'd'],
  ['Đ', 'D'],
  ['\u00d0', 'D'], // Ð, the look-alike of Đ
]);
for (const base of 'aăâeêioôơuưy') {
  for (const mark of ['', '\u0300', '\u0309', '\u0303', '\u0301', '\u0323']) {
    const ch = (base + mark).normalize('NFC');
    const ascii = base.normalize('NFD')[0];
    foldOfChar.set(ch, ascii);
    foldOfChar.set(ch.toUpperCase(), ascii.toUpperCase());
  }
}

/** The syllable with every diacritic removed and đ → d, case kept ("Nguyễn" → "Nguyen"). */
export function foldSyllable(s: string): string {
  if (!hasNonAscii(s)) return s;
  let out = '';
  for (const ch of s) out += foldOfChar.get(ch) ?? ch;
  return out;
}

/** True when the string has any character outside ASCII. */
export function hasNonAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return true;
  return false;
}

/**
 * The same syllable in the other tone-placement style, or null when both styles write it the same
 * way (no tone, a final consonant, a vowel pair other than open oa, oe, uy).
 */
export function alternateToneStyle(s: string): string | null {
  const modern = placeTones(s, 'modern');
  if (modern !== s) return modern;
  const traditional = placeTones(s, 'traditional');
  return traditional !== s ? traditional : null;
}

/**
 * The syllable with a different tone (one of the five others, chosen by `pick` ∈ [0, 5)), in the
 * traditional placement; the syllable unchanged when it has no vowel.
 */
export function changeTone(s: string, pick: number): string {
  const { bare, tone } = stripTone(s);
  const next = ((tone + 1 + pick) % 6) as Tone;
  return placeTone(bare, next);
}
