/**
 * The Vietnamese alphabet as data, and the lookup tables every name normalizer reads.
 *
 * Vietnamese writes 12 vowel letters (a ă â e ê i o ô ơ u ư y), each with six tones, plus đ:
 * 12 × 6 × 2 cases + Đ/đ = 146 precomposed letters, all in Unicode's Latin-1 Supplement,
 * Latin Extended-A/B and Latin Extended Additional blocks (U+00C0 … U+1EF9). The tone order used
 * here is the conventional one: 0 ngang (none), 1 huyền (grave), 2 sắc (acute), 3 hỏi (hook
 * above), 4 ngã (tilde), 5 nặng (dot below). Source: the Unicode code charts (Latin Extended
 * Additional, U+1EA0 … U+1EF9 "Vietnamese"); the tests check every letter against its canonical
 * decomposition (base + U+0306/U+0302/U+031B + tone mark) through `String.prototype.normalize`.
 *
 * Every table covers code points 0 … 0x1EFF (TABLE_SIZE): indexing by `charCodeAt` needs no
 * branch other than `c < TABLE_SIZE`, and a table is at most 16 KB.
 */

export type Tone = 0 | 1 | 2 | 3 | 4 | 5;
export type Modifier = 'none' | 'breve' | 'circumflex' | 'horn' | 'stroke';

/**
 * The twelve vowel letters in alphabetical order, each with its six tone forms in tone order.
 * A letter's position here (1-based) is its vowel index in VOWEL_INFO and compose().
 */
const VOWEL_ROWS: readonly { forms: string; base: string; modifier: Modifier }[] = [
  { forms: 'aàáảãạ', base: 'a', modifier: 'none' },
  { forms: 'ăằắẳẵặ', base: 'a', modifier: 'breve' },
  { forms: 'âầấẩẫậ', base: 'a', modifier: 'circumflex' },
  { forms: 'eèéẻẽẹ', base: 'e', modifier: 'none' },
  { forms: 'êềếểễệ', base: 'e', modifier: 'circumflex' },
  { forms: 'iìíỉĩị', base: 'i', modifier: 'none' },
  { forms: 'oòóỏõọ', base: 'o', modifier: 'none' },
  { forms: 'ôồốổỗộ', base: 'o', modifier: 'circumflex' },
  { forms: 'ơờớởỡợ', base: 'o', modifier: 'horn' },
  { forms: 'uùúủũụ', base: 'u', modifier: 'none' },
  { forms: 'ưừứửữự', base: 'u', modifier: 'horn' },
  { forms: 'yỳýỷỹỵ', base: 'y', modifier: 'none' },
];

export interface VietnameseLetter {
  char: string;
  /** Lower-case ASCII letter under all marks. */
  base: string;
  modifier: Modifier;
  tone: Tone;
  upper: boolean;
  /** 1 … 12 for vowels (order of VOWEL_ROWS), 0 for đ. */
  vowelIndex: number;
}

function buildLetters(): VietnameseLetter[] {
  const out: VietnameseLetter[] = [];
  VOWEL_ROWS.forEach((row, r) => {
    for (let tone = 0; tone < 6; tone++) {
      const lower = row.forms[tone];
      const common = { base: row.base, modifier: row.modifier, tone: tone as Tone, vowelIndex: r + 1 };
      out.push({ char: lower, upper: false, ...common });
      out.push({ char: lower.toUpperCase(), upper: true, ...common });
    }
  });
  out.push({ char: 'đ', base: 'd', modifier: 'stroke', tone: 0, upper: false, vowelIndex: 0 });
  out.push({ char: 'Đ', base: 'd', modifier: 'stroke', tone: 0, upper: true, vowelIndex: 0 });
  return out;
}

/** All 146 precomposed Vietnamese letters (vowels × tones × case, then đ and Đ). */
export const VIETNAMESE_LETTERS: readonly VietnameseLetter[] = buildLetters();

/** Tables cover code points below this. */
export const TABLE_SIZE = 0x1f00;

/** FOLDED value for characters removed by folding (combining marks). */
export const FOLD_DROP = 1;

/**
 * Code point → lower-case ASCII code with every mark removed (đ Đ Ð ð → d). 0 means "no ASCII
 * form, keep the character as it is", FOLD_DROP means "remove" (combining marks). ASCII maps to
 * its own lower case.
 */
export const FOLDED = new Uint8Array(TABLE_SIZE);
/** Code point → the same letter without its tone mark, case kept (ễ → ê, Ữ → Ư). */
export const TONELESS = new Uint16Array(TABLE_SIZE);
/** Code point → its lower / upper case when that is one code unit below TABLE_SIZE, else itself. */
export const LOWER = new Uint16Array(TABLE_SIZE);
export const UPPER = new Uint16Array(TABLE_SIZE);
/**
 * LETTER for letters (any cased or foldable letter, including all Vietnamese letters), MARK for
 * combining marks (U+0300 … U+036F: they belong to the letter before them), 0 otherwise.
 */
export const IS_LETTER = new Uint8Array(TABLE_SIZE);
export const LETTER = 1;
export const MARK = 2;
/**
 * Vietnamese vowel letters packed as `vowelIndex | tone << 4 | upper << 7` (vowelIndex 1 … 12);
 * 0 for every other code point.
 */
export const VOWEL_INFO = new Uint8Array(TABLE_SIZE);
/** Vowel index (1 … 12) → its modifier, as a small integer: 0 none, 1 breve, 2 circumflex, 3 horn. */
export const VOWEL_MODIFIER = new Uint8Array(13);

const COMPOSED = new Uint16Array(13 * 12);
const MODIFIER_CODE: Record<Modifier, number> = { none: 0, breve: 1, circumflex: 2, horn: 3, stroke: 4 };

/** The precomposed vowel with this vowel index (1 … 12), tone and case. */
export function compose(vowelIndex: number, tone: number, upper: boolean): number {
  return COMPOSED[vowelIndex * 12 + tone * 2 + (upper ? 1 : 0)];
}

/** Composes base letter + modifier + tone into one character, or undefined when Vietnamese has no such letter. */
export function composeLetter(base: string, modifier: Modifier, tone: Tone, upper = false): string | undefined {
  if (base === 'd' && modifier === 'stroke' && tone === 0) return upper ? 'Đ' : 'đ';
  const r = VOWEL_ROWS.findIndex((row) => row.base === base && row.modifier === modifier);
  return r < 0 ? undefined : String.fromCharCode(compose(r + 1, tone, upper));
}

const LETTER_BY_CHAR = new Map(VIETNAMESE_LETTERS.map((l) => [l.char, l]));

/** The decomposition of one precomposed Vietnamese letter, or undefined for any other character. */
export function letterInfo(ch: string): VietnameseLetter | undefined {
  return LETTER_BY_CHAR.get(ch);
}

function buildTables(): void {
  for (let c = 0; c < TABLE_SIZE; c++) {
    const ch = String.fromCharCode(c);
    const lo = ch.toLowerCase();
    const up = ch.toUpperCase();
    LOWER[c] = lo.length === 1 && lo.charCodeAt(0) < TABLE_SIZE ? lo.charCodeAt(0) : c;
    UPPER[c] = up.length === 1 && up.charCodeAt(0) < TABLE_SIZE ? up.charCodeAt(0) : c;
    TONELESS[c] = c;
    if (c < 0x80) {
      FOLDED[c] = c === FOLD_DROP ? 0 : LOWER[c];
    } else if (c >= 0x300 && c <= 0x36f) {
      FOLDED[c] = FOLD_DROP;
    } else if (c >= 0xc0) {
      // Latin letters outside Vietnamese (ç, ñ, ü …) fold too, through their canonical
      // decomposition; this runs once at load time, never per name.
      const first = lo.normalize('NFD').charCodeAt(0);
      if (first >= 0x61 && first <= 0x7a) FOLDED[c] = first;
    }
    if ((LOWER[c] !== c || UPPER[c] !== c) && c >= 0x41) IS_LETTER[c] = LETTER;
    if (c >= 0x300 && c <= 0x36f) IS_LETTER[c] = MARK;
  }
  // Stroked and look-alike letters have no decomposition; the register writes them as plain letters.
  for (const [ch, ascii] of [['đ', 'd'], ['Đ', 'd'], ['Ð', 'd'], ['ð', 'd'], ['ł', 'l'], ['Ł', 'l'], ['ø', 'o'], ['Ø', 'o']] as const) {
    FOLDED[ch.charCodeAt(0)] = ascii.charCodeAt(0);
  }
  for (const l of VIETNAMESE_LETTERS) {
    const c = l.char.charCodeAt(0);
    IS_LETTER[c] = LETTER;
    FOLDED[c] = l.base.charCodeAt(0);
    if (l.vowelIndex === 0) continue;
    VOWEL_INFO[c] = l.vowelIndex | (l.tone << 4) | (l.upper ? 0x80 : 0);
    COMPOSED[l.vowelIndex * 12 + l.tone * 2 + (l.upper ? 1 : 0)] = c;
    VOWEL_MODIFIER[l.vowelIndex] = MODIFIER_CODE[l.modifier];
  }
  for (const l of VIETNAMESE_LETTERS) {
    if (l.vowelIndex > 0) TONELESS[l.char.charCodeAt(0)] = compose(l.vowelIndex, 0, l.upper);
  }
}
buildTables();

/** Vowel index of a packed VOWEL_INFO value (0 when the character is not a Vietnamese vowel). */
export function vowelIndexOf(info: number): number {
  return info & 0x0f;
}
/** Tone of a packed VOWEL_INFO value. */
export function toneOf(info: number): number {
  return (info >> 4) & 0x07;
}
/** Whether a packed VOWEL_INFO value is an upper-case letter. */
export function isUpperVowel(info: number): boolean {
  return (info & 0x80) !== 0;
}

const CHUNK = 4096; // keeps Function.prototype.apply far below the engine's argument limit

/** The string of the first `len` code units of `codes`. */
export function stringFromCodes(codes: Uint16Array, len: number): string {
  if (len <= CHUNK) return String.fromCharCode.apply(null, codes.subarray(0, len) as unknown as number[]);
  let s = '';
  for (let i = 0; i < len; i += CHUNK) {
    s += String.fromCharCode.apply(null, codes.subarray(i, Math.min(len, i + CHUNK)) as unknown as number[]);
  }
  return s;
}

// The builders below find the first character that changes and return the input itself when
// there is none; otherwise they append one character at a time, which for name-length strings
// is faster in V8 than filling a buffer and converting it (measured: ~120 ns against ~230 ns for
// String.fromCharCode.apply on a typed array, for a 15-character name).

/**
 * Lower-case ASCII comparison form: every mark removed, đ/Đ/Ð → d. Characters with no ASCII form
 * (other scripts) are kept unchanged. Returns `s` itself when nothing changes.
 */
export function foldName(s: string): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x80 || FOLDED[c] !== c) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= TABLE_SIZE) {
      out += String.fromCharCode(c);
      continue;
    }
    const f = FOLDED[c];
    if (f !== FOLD_DROP) out += String.fromCharCode(f === 0 ? c : f);
  }
  return out;
}

/**
 * `s` with the five tone marks removed; vowel letters (ă â ê ô ơ ư) and đ kept, case kept.
 * Expects composed (NFC) text: a decomposed tone mark is a separate character and stays.
 */
export function stripTones(s: string): string {
  return mapChars(s, TONELESS);
}

/** Lower case through the tables (Vietnamese and Latin); other characters are kept. */
export function lowerName(s: string): string {
  return mapChars(s, LOWER);
}

/** `s` with each code unit below TABLE_SIZE replaced by `table[c]`; `s` itself when none changes. */
function mapChars(s: string, table: Uint16Array): string {
  const n = s.length;
  let i = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < TABLE_SIZE && table[c] !== c) break;
  }
  if (i === n) return s;
  let out = s.slice(0, i);
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    out += String.fromCharCode(c < TABLE_SIZE ? table[c] : c);
  }
  return out;
}
