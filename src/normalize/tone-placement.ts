/**
 * Canonical tone-mark placement in a Vietnamese syllable, so that the two spellings in use
 * (hòa/hoà, thủy/thuỷ, khỏe/khoẻ) give one comparison key.
 *
 * A syllable is onset + vowel cluster + final consonant. "qu" and "gi" are onsets when a vowel
 * follows (quý, quỳnh, giá, giường), so their u and i never carry the tone. The tone goes on:
 *  1. the last vowel with a modifier (ă â ê ô ơ ư) when there is one: tiền, muốn, người, thuế,
 *     thuở, yến (so ươ/iê/uô/yê put it on the second vowel);
 *  2. otherwise, with a final consonant, the last vowel: hoàn, huỳnh, toán;
 *  3. otherwise (open syllable) the second-to-last vowel: hòa, thủy, khỏe, mùa, ngoài, khuỷu.
 * Rule 3 is the traditional ("kiểu cũ") style, the canonical one here: it is what Vietnamese
 * textbooks and the press print. The modern style ("kiểu mới") differs only for open oa, oe, uy,
 * where it marks the second vowel (hoà, khoẻ, thuỷ) because o/u is then the /w/ glide.
 * Sources: Vietnamese Wikipedia, "Quy tắc đặt dấu thanh của chữ Quốc ngữ" (the table of old and
 * new style); Launchpad Vietnamese translation guide, "Quy ước bỏ dấu tiếng Việt"
 * (help.launchpad.net/Translations/Vietnamese/Spelling: last vowel with a final consonant,
 * second-to-last without, exceptions uơ and uê, qu and gi are consonant clusters).
 *
 * A syllable is recognised only when it is a single letter run with one vowel cluster of at most
 * three vowels and exactly one tone mark; anything else (minority-language names such as Ênuôl,
 * loan words, two tone marks) is left exactly as written.
 */
import {
  compose,
  FOLDED,
  IS_LETTER,
  isUpperVowel,
  MARK,
  stringFromCodes,
  TABLE_SIZE,
  toneOf,
  VOWEL_INFO,
  VOWEL_MODIFIER,
  vowelIndexOf,
} from './vietnamese-letters.js';

export type ToneStyle = 'traditional' | 'modern';

// Vowel indices (see VOWEL_ROWS in vietnamese-letters.ts).
const A = 1;
const E = 4;
const I = 6;
const O = 7;
const U = 10;
const Y = 12;
const ASCII_Q = 0x71;
const ASCII_G = 0x67;

function vowelAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < TABLE_SIZE ? VOWEL_INFO[c] : 0;
}

/** LETTER, MARK (a combining mark, part of the run) or 0. */
function letterClassAt(s: string, i: number): number {
  const c = s.charCodeAt(i);
  return c < TABLE_SIZE ? IS_LETTER[c] : 0;
}

/**
 * Index in `s` where the tone of the syllable s[start, end) belongs, or -1 when the run is not a
 * syllable this module handles.
 */
export function toneTarget(s: string, start: number, end: number, style: ToneStyle): number {
  let p = start;
  while (p < end && vowelAt(s, p) === 0) p++;
  if (p === end) return -1;
  if (p - start === 1 && p + 1 < end && vowelAt(s, p + 1) !== 0) {
    const onset = FOLDED[s.charCodeAt(start)];
    const v = vowelIndexOf(vowelAt(s, p));
    if ((onset === ASCII_Q && v === U) || (onset === ASCII_G && v === I)) p++;
  }
  let q = p;
  while (q < end && vowelAt(s, q) !== 0) q++;
  const n = q - p;
  if (n > 3) return -1;
  for (let k = q; k < end; k++) if (vowelAt(s, k) !== 0) return -1;

  for (let k = q - 1; k >= p; k--) if (VOWEL_MODIFIER[vowelIndexOf(vowelAt(s, k))] !== 0) return k;
  if (q < end || n === 1) return q - 1;
  if (n === 3) return p + 1;
  if (style === 'modern') {
    const v1 = vowelIndexOf(vowelAt(s, p));
    const v2 = vowelIndexOf(vowelAt(s, p + 1));
    if ((v1 === O && (v2 === A || v2 === E)) || (v1 === U && v2 === Y)) return p + 1;
  }
  return p;
}

/**
 * `text` with the tone of every syllable (maximal run of letters) moved to its canonical vowel
 * for `style`. Returns `text` itself when nothing moves, so callers can compare by identity.
 */
export function placeTones(text: string, style: ToneStyle = 'traditional'): string {
  const n = text.length;
  let out: Uint16Array | null = null;
  let i = 0;
  while (i < n) {
    if (letterClassAt(text, i) === 0) {
      i++;
      continue;
    }
    const start = i;
    let tones = 0;
    let tonePos = -1;
    let marks = false; // a combining mark left after NFC: the syllable cannot be read reliably
    for (let cls = letterClassAt(text, i); cls !== 0; cls = i < n ? letterClassAt(text, i) : 0) {
      if (cls === MARK) marks = true;
      else if (toneOf(vowelAt(text, i)) !== 0) {
        tones++;
        tonePos = i;
      }
      i++;
    }
    if (tones !== 1 || marks) continue;
    const target = toneTarget(text, start, i, style);
    if (target < 0 || target === tonePos) continue;
    if (out === null) {
      out = new Uint16Array(n);
      for (let k = 0; k < n; k++) out[k] = text.charCodeAt(k);
    }
    const from = VOWEL_INFO[out[tonePos]];
    const to = VOWEL_INFO[out[target]];
    out[tonePos] = compose(vowelIndexOf(from), 0, isUpperVowel(from));
    out[target] = compose(vowelIndexOf(to), toneOf(from), isUpperVowel(to));
  }
  return out === null ? text : stringFromCodes(out, n);
}
