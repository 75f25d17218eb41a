/**
 * fast-check generators shared by the similarity tests: strings over small alphabets (so that
 * characters repeat and the match window, flags and transpositions are all exercised) and over
 * Vietnamese letters, precomposed and decomposed.
 */
import fc from 'fast-check';

/** Precomposed (NFC) Vietnamese vowels with tones, đ, some consonants and a space. */
export const VIETNAMESE_UNITS = [
  'a', 'ă', 'â', 'đ', 'e', 'ê', 'o', 'ô', 'ơ', 'u', 'ư', 'i', 'y',
  'à', 'á', 'ả', 'ã', 'ạ', 'ằ', 'ắ', 'ẩ', 'ẫ', 'ậ', 'ề', 'ế', 'ể', 'ễ', 'ệ',
  'ồ', 'ố', 'ổ', 'ỗ', 'ộ', 'ờ', 'ớ', 'ở', 'ỡ', 'ợ', 'ừ', 'ứ', 'ử', 'ữ', 'ự', 'ỳ', 'ý',
  'n', 'g', 'h', 't', 'r', 'Đ', 'N', ' ',
] as const;

/** Combining marks (NFD residue) and a surrogate pair: talisman compares UTF-16 code units. */
export const DECOMPOSED_UNITS = ['a', 'e', 'o', 'u', '\u0300', '\u0301', '\u0303', '\u0309', '\u0323', '😀'] as const;

/** size 'max' spreads lengths over the whole range (fast-check's default keeps strings short). */
export function stringOver(units: readonly string[], maxLength = 80, minLength = 0): fc.Arbitrary<string> {
  return fc.string({ unit: fc.constantFrom(...units), minLength, maxLength, size: 'max' });
}

/** Each entry: a name for the test title and a generator of strings of 0–80 units. */
export const ALPHABETS: [string, fc.Arbitrary<string>][] = [
  ['ab', stringOver(['a', 'b'])],
  ['abc', stringOver(['a', 'b', 'c'])],
  ['lower-case ASCII and space', stringOver([...'abcdefghijklmnopqrstuvwxyz '])],
  ['Vietnamese letters with tones', stringOver(VIETNAMESE_UNITS)],
  ['decomposed marks and surrogates', stringOver(DECOMPOSED_UNITS, 40)],
];

/** Pairs that are usually related: b is a with a few random edits, so high scores are common too. */
export function relatedPair(units: readonly string[]): fc.Arbitrary<[string, string]> {
  return fc
    .tuple(
      stringOver(units, 40),
      fc.array(fc.tuple(fc.nat(), fc.constantFrom(...units), fc.constantFrom('sub', 'del', 'ins', 'swap')), { maxLength: 4 }),
    )
    .map(([a, edits]) => {
      let b = a;
      for (const [at, unit, kind] of edits) {
        const i = b.length === 0 ? 0 : at % b.length;
        if (kind === 'sub') b = b.slice(0, i) + unit + b.slice(i + 1);
        else if (kind === 'del') b = b.slice(0, i) + b.slice(i + 1);
        else if (kind === 'ins') b = b.slice(0, i) + unit + b.slice(i);
        else if (i + 1 < b.length) b = b.slice(0, i) + b[i + 1] + b[i] + b.slice(i + 2);
      }
      return [a, b];
    });
}
