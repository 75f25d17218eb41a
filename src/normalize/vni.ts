/**
 * VNI-Windows font text that was read as Windows-1252, converted to and from Unicode.
 *
 * VNI writes a vowel as its ASCII base letter followed by one mark character that carries the
 * vowel's shape and tone (â: "aâ", ấ: "aá", ă: "aê", ắ: "aé", ế: "eá"), except ơ ư đ and the toned
 * i and ỵ, which are single characters (ơ "ô", ư "ö", đ "ñ", ị "ò", ỵ "î"). Capitals use the
 * upper-case forms of the same characters ("AÙ" is Á, "Ñ" is Đ). All codes are ≥ 0xC0, where
 * Windows-1252 equals Latin-1. Table: the VNI code list of xvnkb (github.com/lamdao/xvnkb, vni.h),
 * checked against the VNI table of github.com/duydev/vietnamese-conversion. Examples:
 * "Nguyễn Thị Hương" → "Nguyeãn Thò Höông", "Trần Văn Đức" → "Traàn Vaên Ñöùc".
 */
import { TONED_VOWELS } from './syllable.js';

/** Tone suffixes after a plain vowel, in tone order (ngang huyền hỏi ngã sắc nặng). */
const TONE = ['', 'ø', 'û', 'õ', 'ù', 'ï'];
const CIRCUMFLEX = ['â', 'à', 'å', 'ã', 'á', 'ä'];
const BREVE = ['ê', 'è', 'ú', 'ü', 'é', 'ë'];
const withTone = (base: string): string[] => TONE.map((t) => base + t);

/** Lower-case VNI code of `VOWELS[v]` (a ă â e ê i o ô ơ u ư y) with each tone. */
const VOWEL_CODES: readonly (readonly string[])[] = [
  withTone('a'),
  BREVE.map((m) => 'a' + m),
  CIRCUMFLEX.map((m) => 'a' + m),
  withTone('e'),
  CIRCUMFLEX.map((m) => 'e' + m),
  ['i', 'ì', 'æ', 'ó', 'í', 'ò'],
  withTone('o'),
  CIRCUMFLEX.map((m) => 'o' + m),
  withTone('ô'),
  withTone('u'),
  withTone('ö'),
  ['y', 'yø', 'yû', 'yõ', 'yù', 'î'],
];

/** Unicode letter → VNI code. */
const ENCODE = new Map<string, string>([
  ['đ', 'ñ'],
  ['Đ', 'Ñ'],
]);
/** Lower-case VNI code (one or two characters) → lower-case Unicode letter. */
const DECODE = new Map<string, string>([['ñ', 'đ']]);
/** Every character a VNI encoder writes above ASCII. */
const VNI_CHARS = new Set<string>(['ñ', 'Ñ']);

VOWEL_CODES.forEach((codes, v) => {
  codes.forEach((code, tone) => {
    const letter = TONED_VOWELS[v * 6 + tone];
    ENCODE.set(letter, code);
    ENCODE.set(letter.toUpperCase(), code.toUpperCase());
    if (code !== letter) DECODE.set(code, letter);
    for (const ch of code + code.toUpperCase()) if (ch.charCodeAt(0) >= 0x80) VNI_CHARS.add(ch);
  });
});

/** What Unicode text looks like after a trip through a VNI font and a Windows-1252 reader. */
export function encodeVni(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) out += ENCODE.get(ch) ?? ch;
  return out;
}

/**
 * Reads VNI damage back to Unicode (NFC). A base letter and its mark combine whatever their case
 * (the base letter decides the case of the result); characters that are not VNI codes are kept.
 */
export function decodeVni(damaged: string): string {
  const s = damaged.normalize('NFC');
  let out = '';
  for (let i = 0; i < s.length; ) {
    const two = DECODE.get(s.slice(i, i + 2).toLowerCase());
    if (two !== undefined && i + 1 < s.length) {
      out += s[i] === s[i].toLowerCase() ? two : two.toUpperCase();
      i += 2;
      continue;
    }
    const one = DECODE.get(s[i].toLowerCase());
    out += one === undefined ? s[i] : s[i] === s[i].toLowerCase() ? one : one.toUpperCase();
    i += 1;
  }
  return out;
}

/** 1 for each UTF-16 code unit a VNI encoder writes: ASCII and VNI_CHARS (no surrogate). */
const VNI_UNIT = new Uint8Array(0x10000);
VNI_UNIT.fill(1, 0, 0x80);
for (const ch of VNI_CHARS) VNI_UNIT[ch.charCodeAt(0)] = 1;

/**
 * True when every character of `text` is one a VNI encoder can write (ASCII or a VNI code). By
 * code unit: a character outside the BMP is two surrogates, neither of which is in the table.
 */
export function canBeVni(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (VNI_UNIT[text.charCodeAt(i)] === 0) return false;
  return true;
}
