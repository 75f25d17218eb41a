/**
 * Cleans the invisible and layout damage out of a name field before anything reads its letters:
 * zero-width characters and the other invisible format characters pasted text carries (byte
 * order mark, bidi marks and embeddings, word joiner, soft hyphen, variation selectors, the
 * combining grapheme joiner) are removed, and so are control characters; every kind of space
 * (NBSP, tabs, line breaks, the U+2000 … U+200A spaces, ideographic space) becomes one ASCII
 * space with no leading, trailing or repeated ones; decomposed text is composed to NFC (UAX #15);
 * Ð (U+00D0, Icelandic eth, a look-alike typed for Đ) becomes Đ.
 *
 * The common input is already clean NFC: one pass over the code units with a class table decides
 * that, and the input string itself is returned. `String.prototype.normalize` runs only when a
 * combining mark (U+0300 … U+036F) is present.
 *
 * With `keepLegacyBytes`, the characters that legacy-font mojibake is made of are left in place
 * for the repair that follows: the soft hyphen U+00AD (TCVN3 ư), C1 controls U+0080 … U+009F
 * (Windows-1252's undefined bytes, UTF-8 continuation bytes read as Latin-1), a no-break space
 * that can be the UTF-8 byte 0xA0 (of à, Ơ, Ạ, Ỡ: "HoÃ\u00a0ng" is Hoàng; elsewhere it is a
 * space) and Ð (TCVN3 é).
 * `deferred` says some were seen, so the caller cleans again after the repair.
 */
import type { NameRepair } from './types.js';
import { stringFromCodes } from './vietnamese-letters.js';

const KEEP = 0;
const SPACE = 1; // U+0020
const OTHER_SPACE = 2;
const FORMAT = 3;
const CONTROL = 4;
const COMBINING = 5;
const ETH = 6;
const SOFT_HYPHEN = 7;
const C1 = 8;
const NBSP = 9;

const CLASS = new Uint8Array(0x10000);
(function buildClasses(): void {
  const set = (from: number, to: number, cls: number): void => {
    for (let c = from; c <= to; c++) CLASS[c] = cls;
  };
  set(0x00, 0x1f, CONTROL);
  set(0x09, 0x0d, OTHER_SPACE); // tab, line feed, vertical tab, form feed, carriage return
  CLASS[0x20] = SPACE;
  CLASS[0x7f] = CONTROL;
  set(0x80, 0x9f, C1);
  CLASS[0xa0] = NBSP;
  CLASS[0xad] = SOFT_HYPHEN;
  CLASS[0xd0] = ETH;
  set(0x300, 0x36f, COMBINING);
  CLASS[0x34f] = FORMAT; // combining grapheme joiner: invisible, composes with nothing
  CLASS[0x61c] = FORMAT; // Arabic letter mark
  CLASS[0x1680] = OTHER_SPACE;
  CLASS[0x180e] = FORMAT; // Mongolian vowel separator
  set(0x2000, 0x200a, OTHER_SPACE);
  set(0x200b, 0x200f, FORMAT); // zero-width space, non-joiner, joiner, LRM, RLM
  set(0x2028, 0x2029, OTHER_SPACE);
  set(0x202a, 0x202e, FORMAT); // bidi embeddings and overrides
  CLASS[0x202f] = OTHER_SPACE;
  CLASS[0x205f] = OTHER_SPACE;
  set(0x2060, 0x2064, FORMAT); // word joiner, invisible operators
  set(0x2066, 0x206f, FORMAT); // bidi isolates, deprecated format characters
  CLASS[0x3000] = OTHER_SPACE;
  set(0xfe00, 0xfe0f, FORMAT); // variation selectors
  CLASS[0xfeff] = FORMAT; // zero-width no-break space / byte order mark
  set(0xfff9, 0xfffb, FORMAT); // interlinear annotation
})();

const R_ZERO_WIDTH = 1;
const R_CONTROL = 2;
const R_SPACES = 4;
const R_ETH = 8;
const R_NFD = 16;
/** Repair bits in the order they are reported. */
const REPAIR_ORDER: readonly [number, NameRepair][] = [
  [R_ZERO_WIDTH, 'zero_width'],
  [R_CONTROL, 'control'],
  [R_SPACES, 'spaces'],
  [R_ETH, 'eth_as_d'],
  [R_NFD, 'nfd'],
];

export interface CleanOptions {
  /** Leave U+00AD, U+0080 … U+009F and Ð for a legacy-font repair that runs next. */
  keepLegacyBytes?: boolean;
}

export interface CleanResult {
  text: string;
  repairs: readonly NameRepair[];
  /** Characters kept because of `keepLegacyBytes` were seen. */
  deferred: boolean;
}

const NO_REPAIRS: readonly NameRepair[] = Object.freeze([]);

const DIRTY = 0;
const CLEAN = 1;
const CLEAN_WITH_LEGACY = 2;

/** Whether `text` needs no cleaning (CLEAN, or CLEAN_WITH_LEGACY when legacy characters were kept). */
function scan(text: string, keepLegacy: boolean): number {
  let result = CLEAN;
  let prevSpace = true; // a space at the start is a leading space
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const cls = CLASS[text.charCodeAt(i)];
    if (cls === KEEP) {
      prevSpace = false;
    } else if (cls === SPACE) {
      if (prevSpace) return DIRTY;
      prevSpace = true;
    } else if (keepLegacy && cls >= ETH && cls !== NBSP) {
      result = CLEAN_WITH_LEGACY;
      prevSpace = false;
    } else {
      return DIRTY;
    }
  }
  return prevSpace && n > 0 ? DIRTY : result;
}

/**
 * Whether a no-break space after `prev` may be byte 0xA0 of a Vietnamese letter's UTF-8 read as
 * Windows-1252: à (C3 A0, "Ã\u00a0"), Ơ (C6 A0, "Æ\u00a0"), Ạ (E1 BA A0, "áº\u00a0"), Ỡ
 * (E1 BB A0, "á»\u00a0"). Anywhere else, TCVN3 and VNI text included, it separates words.
 */
function mayBeUtf8Byte(prev: number): boolean {
  return prev === 0xc3 || prev === 0xc6 || prev === 0xba || prev === 0xbb;
}

export function cleanText(text: string, options: CleanOptions = {}): CleanResult {
  const keepLegacy = options.keepLegacyBytes === true;
  const state = scan(text, keepLegacy);
  if (state !== DIRTY) return { text, repairs: NO_REPAIRS, deferred: state === CLEAN_WITH_LEGACY };

  const n = text.length;
  const out = new Uint16Array(n);
  let len = 0;
  let mask = 0;
  let pendingSpace = false;
  let combining = false;
  let deferred = false;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    let cls = CLASS[c];
    let emit = c;
    if (cls === NBSP) {
      const prev = len > 0 && !pendingSpace ? out[len - 1] : 0;
      if (keepLegacy && mayBeUtf8Byte(prev)) {
        deferred = true;
        cls = KEEP;
      } else {
        cls = OTHER_SPACE;
      }
    }
    switch (cls) {
      case SPACE:
      case OTHER_SPACE:
        if (cls !== SPACE || pendingSpace || len === 0) mask |= R_SPACES;
        pendingSpace = true;
        continue;
      case FORMAT:
        mask |= R_ZERO_WIDTH;
        continue;
      case CONTROL:
        mask |= R_CONTROL;
        continue;
      case COMBINING:
        combining = true;
        break;
      case ETH:
      case SOFT_HYPHEN:
      case C1:
        if (keepLegacy) {
          deferred = true;
        } else if (cls === ETH) {
          mask |= R_ETH;
          emit = 0x110; // Đ
        } else {
          mask |= cls === SOFT_HYPHEN ? R_ZERO_WIDTH : R_CONTROL;
          continue;
        }
        break;
    }
    if (pendingSpace && len > 0) out[len++] = 0x20;
    pendingSpace = false;
    out[len++] = emit;
  }
  if (pendingSpace) mask |= R_SPACES;

  let cleaned = stringFromCodes(out, len);
  if (combining) {
    const composed = cleaned.normalize('NFC');
    if (composed !== cleaned) mask |= R_NFD;
    cleaned = composed;
  }
  if (mask === 0) return { text: cleaned, repairs: NO_REPAIRS, deferred };
  const repairs: NameRepair[] = [];
  for (const [bit, name] of REPAIR_ORDER) if ((mask & bit) !== 0) repairs.push(name);
  return { text: cleaned, repairs, deferred };
}
