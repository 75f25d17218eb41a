/**
 * UTF-8 bytes that were read as Windows-1252 ("Nguyễn" → "Nguyá»…n"), converted both ways.
 *
 * Table: the Windows-1252 code page (Unicode's cp1252 mapping, WHATWG Encoding "windows-1252"
 * index). Bytes 0x00-0x7F and 0xA0-0xFF are the same code point; 0x80-0x9F map to the
 * punctuation below. Five bytes (0x81 0x8D 0x8F 0x90 0x9D) are undefined: decoders pass them
 * through as the C1 controls U+0081 … U+009D, and we map those back to their bytes. Vietnamese
 * needs them: Đ is C4 90, ề E1 BB 81, ọ E1 BB 8D, ỏ E1 BB 8F, Ố E1 BB 90, ờ E1 BB 9D. When a
 * cleaning step has removed those controls, `utf8AsCp1252Candidates` puts each of the five back
 * where a UTF-8 sequence is cut short and returns every reading that is valid UTF-8.
 */

/** Windows-1252 bytes 0x80-0x9F; undefined bytes are their C1 control. */
const HIGH =
  '\u20AC\u0081\u201A\u0192\u201E\u2026\u2020\u2021\u02C6\u2030\u0160\u2039\u0152\u008D\u017D\u008F' +
  '\u0090\u2018\u2019\u201C\u201D\u2022\u2013\u2014\u02DC\u2122\u0161\u203A\u0153\u009D\u017E\u0178';

export const UNDEFINED_CP1252_BYTES: readonly number[] = [0x81, 0x8d, 0x8f, 0x90, 0x9d];

/** Byte → character read by a Windows-1252 decoder. */
const BYTE_TO_CHAR: readonly string[] = Array.from({ length: 256 }, (_, b) =>
  b >= 0x80 && b < 0xa0 ? HIGH[b - 0x80] : String.fromCharCode(b),
);
/** Character → byte; C1 controls U+0080-U+009F also map to their byte (a Latin-1 reader's output). */
const CHAR_TO_BYTE = new Map<string, number>();
for (let b = 0; b < 256; b++) CHAR_TO_BYTE.set(String.fromCharCode(b), b);
for (let b = 0x80; b < 0xa0; b++) CHAR_TO_BYTE.set(HIGH[b - 0x80], b);

/** What Unicode text looks like when its UTF-8 bytes are read as Windows-1252. */
export function encodeUtf8AsCp1252(s: string): string {
  let out = '';
  for (const b of Buffer.from(s, 'utf8')) out += BYTE_TO_CHAR[b];
  return out;
}

/** The Windows-1252 bytes behind `s`, or null when a character is not in Windows-1252. */
function toBytes(s: string): Uint8Array | null {
  const bytes = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) {
    const b = CHAR_TO_BYTE.get(s[i]);
    if (b === undefined) return null;
    bytes[i] = b;
  }
  return bytes;
}

/**
 * Strict UTF-8 decoding (RFC 3629: no overlong forms, no surrogates, nothing past U+10FFFF), or
 * null. Written out rather than a fatal TextDecoder because the repair tries many readings that
 * fail, and a thrown exception per failure costs more than the whole decoding.
 */
function decodeBytes(bytes: Uint8Array): string | null {
  let out = '';
  for (let i = 0; i < bytes.length; ) {
    const b = bytes[i];
    if (b < 0x80) {
      out += String.fromCharCode(b);
      i++;
      continue;
    }
    const tail = sequenceTail(b);
    if (tail < 0 || i + tail >= bytes.length) return null;
    // The second byte's range is narrower after E0, ED, F0 and F4 (overlong, surrogate, > U+10FFFF).
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    let cp = b & (tail === 1 ? 0x1f : tail === 2 ? 0x0f : 0x07);
    for (let k = 1; k <= tail; k++) {
      const c = bytes[i + k];
      if (c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return null;
      cp = (cp << 6) | (c & 0x3f);
    }
    out += String.fromCodePoint(cp);
    i += tail + 1;
  }
  return out;
}

/**
 * Reads UTF-8-as-Windows-1252 damage back to Unicode, or null when the characters do not map back
 * to valid UTF-8 (so text that was never damaged, such as "Hoà", gives null).
 */
export function decodeUtf8AsCp1252(s: string): string | null {
  const bytes = toBytes(s);
  return bytes === null ? null : decodeBytes(bytes);
}

/** Continuation bytes a UTF-8 lead byte needs, or -1 when `b` cannot start a sequence. */
function sequenceTail(b: number): number {
  if (b < 0x80) return 0;
  if (b >= 0xc2 && b <= 0xdf) return 1;
  if (b >= 0xe0 && b <= 0xef) return 2;
  if (b >= 0xf0 && b <= 0xf4) return 3;
  return -1;
}

/** Index where a continuation byte is missing, -1 when the sequence structure is whole, -2 when broken otherwise. */
function firstGap(bytes: Uint8Array): number {
  for (let i = 0; i < bytes.length; ) {
    const tail = sequenceTail(bytes[i]);
    if (tail < 0) return -2;
    for (let k = 1; k <= tail; k++) {
      const j = i + k;
      if (j >= bytes.length || bytes[j] < 0x80 || bytes[j] > 0xbf) return j;
    }
    i += tail + 1;
  }
  return -1;
}

/**
 * Every valid decoding of `s` when up to `maxRestored` undefined bytes (removed as control
 * characters) are put back where a UTF-8 sequence is cut short. The strict decoding, when valid,
 * is the only result.
 */
export function utf8AsCp1252Candidates(s: string, maxRestored = 2): string[] {
  const bytes = toBytes(s);
  if (bytes === null) return [];
  const out: string[] = [];
  const expand = (b: Uint8Array, left: number): void => {
    const gap = firstGap(b);
    if (gap === -1) {
      const text = decodeBytes(b);
      if (text !== null) out.push(text);
      return;
    }
    if (gap === -2 || left === 0) return;
    for (const lost of UNDEFINED_CP1252_BYTES) {
      const next = new Uint8Array(b.length + 1);
      next.set(b.subarray(0, gap));
      next[gap] = lost;
      next.set(b.subarray(gap), gap + 1);
      expand(next, left - 1);
    }
  };
  expand(bytes, maxRestored);
  return out;
}

/** 1 for each UTF-16 code unit that is a character in CHAR_TO_BYTE (no surrogate is). */
const CP1252_UNIT = new Uint8Array(0x10000);
for (const ch of CHAR_TO_BYTE.keys()) CP1252_UNIT[ch.charCodeAt(0)] = 1;

/**
 * True when every character of `text` is one a Windows-1252 reader can produce. By code unit: a
 * character outside the BMP is two surrogates, neither of which is in the table.
 */
export function canBeCp1252(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (CP1252_UNIT[text.charCodeAt(i)] === 0) return false;
  return true;
}
