/**
 * A small, fast, seeded pseudo-random generator: sfc32 ("Small Fast Chaotic", 32-bit), by
 * Chris Doty-Humphrey, from the PractRand test suite (public domain). It passes PractRand and
 * BigCrush, has a minimum period of 2^32 and an expected period of about 2^127, and needs only
 * 32-bit integer operations, which V8 runs without boxing.
 *
 * Seeding: the user's seed (an integer up to 2^53) and a stream label are mixed with the MurmurHash3
 * 32-bit finalizer (Austin Appleby, public domain) into the four state words, then the generator
 * is run 12 times, as the PractRand author recommends for sfc, so that nearby seeds diverge.
 * Distinct labels give independent streams from one seed (the population does not change when only
 * the error profile does).
 */
import { fmix32 } from '../util/fmix32.js';


/** A 32-bit hash of a short ASCII label (FNV-1a), to turn stream names into seed material. */
export function hashLabel(label: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < label.length; i++) {
    h ^= label.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

const TWO_POW_32 = 4294967296;
const INV_TWO_POW_32 = 1 / TWO_POW_32;

export class Sfc32 {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  /**
   * @param seed a non-negative safe integer
   * @param stream a label naming an independent stream drawn from the same seed
   */
  constructor(seed: number, stream = '') {
    const lo = seed % TWO_POW_32 >>> 0;
    const hi = Math.floor(seed / TWO_POW_32) >>> 0;
    const s = hashLabel(stream);
    this.a = fmix32(lo ^ 0x9e3779b9);
    this.b = fmix32(hi ^ 0x243f6a88 ^ s);
    this.c = fmix32(s ^ 0xb7e15162 ^ Math.imul(lo, 0x01000193));
    this.d = 1; // sfc's counter word
    for (let i = 0; i < 12; i++) this.nextU32();
  }

  /** A generator in a given raw state (a, b, c, counter d), for tests against the reference. */
  static fromState(a: number, b: number, c: number, d: number): Sfc32 {
    const g = new Sfc32(0);
    g.a = a | 0;
    g.b = b | 0;
    g.c = c | 0;
    g.d = d | 0;
    return g;
  }

  /** The next 32-bit output, as an unsigned integer in [0, 2^32). */
  nextU32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** A uniform float in [0, 1) with 32 bits of resolution. */
  float(): number {
    return this.nextU32() * INV_TWO_POW_32;
  }

  /** A uniform integer in [0, n) for 0 < n ≤ 2^32 (bias below 2^-32 · n, negligible here). */
  below(n: number): number {
    return Math.floor(this.nextU32() * INV_TWO_POW_32 * n);
  }

  /** A uniform integer in [lo, hi], inclusive. */
  between(lo: number, hi: number): number {
    return lo + this.below(hi - lo + 1);
  }

  /** True with probability p. */
  chance(p: number): boolean {
    return this.nextU32() * INV_TWO_POW_32 < p;
  }
}
