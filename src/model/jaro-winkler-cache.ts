/**
 * Jaro-Winkler of two dictionary codes, memoised in a direct-mapped cache keyed by the code pair.
 *
 * Why: candidate pairs come from blocks of people who share a birth year and a family and given
 * name, so the same few name pairs ("nguyen van hung" / "nguyen duc hung") recur in block after
 * block; a hit costs two Int32 compares instead of a Jaro-Winkler run over both strings (the most
 * expensive step of scoring a pair). The value is a pure function of the two strings, which codes
 * identify exactly (one dictionary for both sides), so a hit is always right; a collision just
 * overwrites the slot. 2^18 slots, 4 MiB, per compiled comparison and form, per thread, allocated
 * on first use. Measured on generated data (100k × 100k, 1.1M Jaro-Winkler lookups), the hit rate
 * was 25% with 2^16 slots, 41% with 2^18, 53% with 2^20.
 */
import { jaroWinklerCodes } from '../similarity/jaro-winkler.js';

const BITS = 18;
const SIZE = 1 << BITS;

export class JaroWinklerCache {
  private keyA = new Int32Array(0);
  private keyB = new Int32Array(0);
  private value = new Float64Array(0);

  /** Jaro-Winkler of strings a and b of the byte pool (codes); 0 when either is absent, 1 when equal. */
  get(a: number, b: number, bytes: Uint8Array, offsets: Uint32Array): number {
    if (a < 0 || b < 0) return 0;
    if (a === b) return 1;
    if (this.keyA.length === 0) {
      this.keyA = new Int32Array(SIZE).fill(-1);
      this.keyB = new Int32Array(SIZE);
      this.value = new Float64Array(SIZE);
    }
    const slot = Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> (32 - BITS);
    if (this.keyA[slot] === a && this.keyB[slot] === b) return this.value[slot];
    const as = offsets[a];
    const bs = offsets[b];
    const v = jaroWinklerCodes(bytes, as, offsets[a + 1] - as, bytes, bs, offsets[b + 1] - bs);
    this.keyA[slot] = a;
    this.keyB[slot] = b;
    this.value[slot] = v;
    return v;
  }
}
