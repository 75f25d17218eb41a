/**
 * Jaro-Winkler similarity (Winkler 1990), with talisman's constants (`metrics/jaro-winkler.js`):
 *   jw = jaro + ℓ · p · (1 − jaro)   when jaro ≥ 0.7, else jaro,
 * where ℓ is the length of the common prefix, capped at 4 code units, and p = 0.1.
 * The 0.7 boost threshold is Winkler's: the prefix bonus only lifts pairs that already agree
 * (`natural` and most npm packages boost every pair, so their scores differ below 0.7).
 *
 * Two entry points: `jaroWinklerCodes` on code-unit runs (the hot loop, no allocation), and
 * `jaro` / `jaroWinkler` on strings, which copy the UTF-16 code units into module-level scratch
 * and call the same kernel, so both give identical numbers. Comparison is by code unit: callers
 * fold or NFC-normalize first (NFD "Nguyễn" and NFC "Nguyễn" differ here, as in talisman).
 *
 * References: Jaro, M. A. (1989), "Advances in record-linkage methodology as applied to matching
 * the 1985 Census of Tampa, Florida", JASA 84(406):414–420. Winkler, W. E. (1990), "String
 * comparator metrics and enhanced decision rules in the Fellegi-Sunter model of record linkage",
 * Proc. Section on Survey Research Methods, ASA, 354–359. talisman 1.1.4 (G. Plique, MIT).
 */
import { jaroCodes, type CodeUnits } from './jaro-codes.js';

/** Winkler's threshold: below it the Jaro score is returned unchanged. */
export const WINKLER_BOOST_THRESHOLD = 0.7;
/** Winkler's prefix scaling factor p. */
export const WINKLER_PREFIX_SCALE = 0.1;
/** Longest common prefix that earns the bonus. */
export const WINKLER_PREFIX_LIMIT = 4;

/** Jaro-Winkler similarity of a[aStart, aStart+aLen) and b[bStart, bStart+bLen). */
export function jaroWinklerCodes(a: CodeUnits, aStart: number, aLen: number, b: CodeUnits, bStart: number, bLen: number): number {
  const dj = jaroCodes(a, aStart, aLen, b, bStart, bLen);
  if (dj < WINKLER_BOOST_THRESHOLD) return dj;
  const limit = Math.min(aLen, bLen, WINKLER_PREFIX_LIMIT);
  let prefix = 0;
  while (prefix < limit && a[aStart + prefix] === b[bStart + prefix]) prefix++;
  // Same operation order as talisman (dj + l * p * (1 - dj)) so the floats agree bit for bit.
  return dj + prefix * WINKLER_PREFIX_SCALE * (1 - dj);
}

// The string API's copies of its arguments, grown on demand, never shrunk.
let scratchA = new Uint16Array(64);
let scratchB = new Uint16Array(64);

function encodeArguments(a: string, b: string): void {
  const longest = a.length > b.length ? a.length : b.length;
  if (scratchA.length < longest) {
    scratchA = new Uint16Array(longest * 2);
    scratchB = new Uint16Array(longest * 2);
  }
  for (let i = 0; i < a.length; i++) scratchA[i] = a.charCodeAt(i);
  for (let i = 0; i < b.length; i++) scratchB[i] = b.charCodeAt(i);
}

/** Jaro similarity of two strings, compared by UTF-16 code unit. */
export function jaro(a: string, b: string): number {
  if (a === b) return 1;
  encodeArguments(a, b);
  return jaroCodes(scratchA, 0, a.length, scratchB, 0, b.length);
}

/** Jaro-Winkler similarity of two strings, compared by UTF-16 code unit. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  encodeArguments(a, b);
  return jaroWinklerCodes(scratchA, 0, a.length, scratchB, 0, b.length);
}
