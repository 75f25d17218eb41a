/**
 * Jaro-Winkler of two dictionary codes, as the name levels need it: only "is it at least this
 * level's threshold?". Two shortcuts, neither of which changes a level:
 *
 * 1. A bound. Jaro's matches m can be no more than M, the size of the two strings' character
 *    multiset intersection, and Jaro and the Winkler boost both grow with m, so
 *      JW ≤ J + ℓ·p·(1 − J) (when J ≥ 0.7, else J),  J = (M/|a| + M/|b| + 1) / 3,
 *    with ℓ the common prefix (≤ 4) and p = 0.1, the constants of similarity/jaro-winkler.ts. When
 *    that bound is below `floor` (the comparison's lowest Jaro-Winkler threshold) the pair cannot
 *    reach any Jaro-Winkler level and the kernel is not run. The bound costs one pass over each
 *    string; on generated candidate pairs (same birth year and given name) it settled 57% of the
 *    pairs that reached the Jaro-Winkler levels.
 * 2. A memo. Candidate pairs come from blocks of people who share a birth year and names, so the
 *    same name pairs recur block after block; a direct-mapped cache keyed by the code pair (codes
 *    identify strings exactly, one dictionary serving both sides) answers them with one compare,
 *    key and value side by side so that a lookup touches one cache line. 2^18 slots, 4 MiB,
 *    allocated on first use, per compiled comparison and form, per thread; on the same data the
 *    hit rate was 25% with 2^16 slots, 41% with 2^18, 53% with 2^20.
 *
 * A pruned pair gets the bound as its value, which is below every threshold it is compared with.
 *
 * Strings are compared on their first JW_MAX_BYTES bytes. Jaro-Winkler costs the length of one
 * string times the match window (half the other's length): two names of 4,000 characters (the
 * cell limit) cost ~8M steps a pair, and a register of such junk made EM run for hours. No real
 * name comes near the cap, so no real comparison changes.
 */
import { WINKLER_BOOST_THRESHOLD, WINKLER_PREFIX_LIMIT, WINKLER_PREFIX_SCALE, jaroWinklerCodes } from '../similarity/jaro-winkler.js';

/** The bytes of each string Jaro-Winkler reads (see the header). */
export const JW_MAX_BYTES = 255;

const BITS = 18;
const SIZE = 1 << BITS;
/** Character counts of one string, by byte; cleared after every use. */
const histogram = new Int32Array(256);

/** The upper bound above, for bytes[as, as+al) and bytes[bs, bs+bl). */
export function jaroWinklerUpperBound(bytes: Uint8Array, as: number, al: number, bs: number, bl: number): number {
  if (al === 0 || bl === 0) return al === bl ? 1 : 0;
  for (let k = 0; k < al; k++) histogram[bytes[as + k]]++;
  let common = 0;
  for (let k = 0; k < bl; k++) {
    const ch = bytes[bs + k];
    if (histogram[ch] > 0) {
      histogram[ch]--;
      common++;
    }
  }
  for (let k = 0; k < al; k++) histogram[bytes[as + k]] = 0;
  if (common === 0) return 0;
  const shorter = al < bl ? al : bl;
  const longer = al < bl ? bl : al;
  const j = (common / shorter + common / longer + 1) / 3;
  if (j < WINKLER_BOOST_THRESHOLD) return j;
  const limit = Math.min(shorter, WINKLER_PREFIX_LIMIT);
  let prefix = 0;
  while (prefix < limit && bytes[as + prefix] === bytes[bs + prefix]) prefix++;
  return j + prefix * WINKLER_PREFIX_SCALE * (1 - j);
}

/** Codes below this pack into one exact float key, a · 2^26 + b (dictionaries are far smaller). */
const CODE_LIMIT = 1 << 26;

export class LevelJaroWinkler {
  /** entries[2s] = key of slot s (−1 = empty), entries[2s + 1] = its value: one cache line per lookup. */
  private entries = new Float64Array(0);

  /** `floor`: the lowest threshold this value will be compared with. */
  constructor(private readonly floor: number) {}

  /**
   * Jaro-Winkler of strings a and b of the byte pool (dictionary codes), exact whenever it can
   * reach `floor`; 0 when either is absent, 1 when they are the same string.
   */
  get(a: number, b: number, bytes: Uint8Array, offsets: Uint32Array): number {
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    if (this.entries.length === 0) this.entries = new Float64Array(2 * SIZE).fill(-1);
    const cacheable = a < CODE_LIMIT && b < CODE_LIMIT;
    const key = a * CODE_LIMIT + b;
    const at = 2 * (Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> (32 - BITS));
    if (cacheable && this.entries[at] === key) return this.entries[at + 1];
    const as = offsets[a];
    const bs = offsets[b];
    const al = Math.min(offsets[a + 1] - as, JW_MAX_BYTES);
    const bl = Math.min(offsets[b + 1] - bs, JW_MAX_BYTES);
    let v = jaroWinklerUpperBound(bytes, as, al, bs, bl);
    if (v >= this.floor) v = jaroWinklerCodes(bytes, as, al, bytes, bs, bl);
    if (cacheable) {
      this.entries[at] = key;
      this.entries[at + 1] = v;
    }
    return v;
  }
}
