/**
 * TCVN3 (the "ABC" fonts: TCVN 5712:1993, subset VN3) text that was read as Windows-1252,
 * converted to and from Unicode.
 *
 * Table: the upper half of TCVN 5712:1993 as given in libX11's `lcUniConv/tcvn.h` (VN1),
 * restricted to VN3: the 67 lower-case vowel letters and đ at 0xA8-0xFE, and the seven capitals
 * Ă Â Ê Ô Ơ Ư Đ at 0xA1-0xA7. VN3 has no toned capitals: in a capitals font (.VnTimeH) they
 * were typed with the lower-case codes, so `decodeTcvn3` returns lower case for them and
 * `encodeTcvn3` writes them with the lower-case codes (the normalizer restores case later).
 * Every VN3 byte is ≥ 0xA0, where Windows-1252 and Latin-1 agree, so byte xx reads as U+00xx:
 * "Nguyễn Thị Hương" → "NguyÔn ThÞ H\u00AD¬ng" (ư is 0xAD, a soft hyphen), "Trần Văn Đức" →
 * "TrÇn V¨n §øc".
 */
import { TONED_VOWELS, VOWELS } from './syllable.js';

/** Byte of `VOWELS[v]` with each tone (ngang huyền hỏi ngã sắc nặng); ASCII for the bare a e i o u y. */
const VOWEL_BYTES: readonly (readonly number[])[] = [
  [0x61, 0xb5, 0xb6, 0xb7, 0xb8, 0xb9], // a à ả ã á ạ
  [0xa8, 0xbb, 0xbc, 0xbd, 0xbe, 0xc6], // ă
  [0xa9, 0xc7, 0xc8, 0xc9, 0xca, 0xcb], // â
  [0x65, 0xcc, 0xce, 0xcf, 0xd0, 0xd1], // e
  [0xaa, 0xd2, 0xd3, 0xd4, 0xd5, 0xd6], // ê
  [0x69, 0xd7, 0xd8, 0xdc, 0xdd, 0xde], // i
  [0x6f, 0xdf, 0xe1, 0xe2, 0xe3, 0xe4], // o
  [0xab, 0xe5, 0xe6, 0xe7, 0xe8, 0xe9], // ô
  [0xac, 0xea, 0xeb, 0xec, 0xed, 0xee], // ơ
  [0x75, 0xef, 0xf1, 0xf2, 0xf3, 0xf4], // u
  [0xad, 0xf5, 0xf6, 0xf7, 0xf8, 0xf9], // ư
  [0x79, 0xfa, 0xfb, 0xfc, 0xfd, 0xfe], // y
];
const OTHER_BYTES: readonly [string, number][] = [
  ['đ', 0xae],
  ['Ă', 0xa1],
  ['Â', 0xa2],
  ['Ê', 0xa3],
  ['Ô', 0xa4],
  ['Ơ', 0xa5],
  ['Ư', 0xa6],
  ['Đ', 0xa7],
];

/** Unicode letter → damaged character. */
const ENCODE = new Map<string, string>();
/** Damaged character (≥ U+00A0) → Unicode letter. */
const DECODE = new Map<string, string>();

VOWEL_BYTES.forEach((bytes, v) => {
  bytes.forEach((byte, tone) => {
    const letter = TONED_VOWELS[v * 6 + tone];
    const damaged = String.fromCharCode(byte);
    ENCODE.set(letter, damaged);
    if (byte >= 0xa0) {
      DECODE.set(damaged, letter);
      // No toned capitals in VN3: the capitals font showed the lower-case code as a capital.
      if (tone !== 0 || !'aeiouy'.includes(VOWELS[v])) ENCODE.set(letter.toUpperCase(), damaged);
    }
  });
});
// Ă Â Ê Ô Ơ Ư Đ have capital codes of their own: these replace the lower-case fallback set above.
for (const [letter, byte] of OTHER_BYTES) {
  ENCODE.set(letter, String.fromCharCode(byte));
  DECODE.set(String.fromCharCode(byte), letter);
}

/** What Unicode text looks like after a trip through a TCVN3 font and a Windows-1252 reader. */
export function encodeTcvn3(unicode: string): string {
  let out = '';
  for (const ch of unicode.normalize('NFC')) out += ENCODE.get(ch) ?? ch;
  return out;
}

/** Reads TCVN3 damage back to Unicode (NFC); characters outside the table are kept. */
export function decodeTcvn3(damaged: string): string {
  let out = '';
  for (const ch of damaged.normalize('NFC')) out += DECODE.get(ch) ?? ch;
  return out;
}

/** 1 for each UTF-16 code unit a TCVN3 encoder writes: ASCII and the table's codes (no surrogate). */
const TCVN3_UNIT = new Uint8Array(0x10000);
TCVN3_UNIT.fill(1, 0, 0x80);
for (const ch of DECODE.keys()) TCVN3_UNIT[ch.charCodeAt(0)] = 1;

/**
 * True when every character of `text` is one a TCVN3 encoder can write (ASCII or a table code).
 * By code unit: a character outside the BMP is two surrogates, neither of which is in the table.
 */
export function canBeTcvn3(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (TCVN3_UNIT[text.charCodeAt(i)] === 0) return false;
  return true;
}
