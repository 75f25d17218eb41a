/**
 * Weighted draws in O(1): Walker's alias method, built with Vose's stable linear-time algorithm
 * (M. D. Vose, "A linear algorithm for generating random numbers with a given distribution",
 * IEEE Trans. Software Eng. 17(9), 1991). One uniform draw picks a column and, from its fractional
 * part, either the column or its alias.
 */
import { KhopError } from '../errors.js';
import type { Sfc32 } from './prng.js';

export class AliasTable {
  readonly size: number;
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const w = weights[i];
      if (!(w >= 0) || !Number.isFinite(w)) throw new KhopError('INTERNAL', `alias table: weight ${i} is not a finite non-negative number`);
      total += w;
    }
    if (n === 0 || total <= 0) throw new KhopError('INTERNAL', 'alias table: weights must have a positive sum');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    const scaled = new Float64Array(n);
    const small = new Int32Array(n);
    const large = new Int32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      scaled[i] = (weights[i] * n) / total;
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[--nl];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    // Whatever is left is 1 up to rounding error.
    while (nl > 0) {
      const l = large[--nl];
      this.prob[l] = 1;
      this.alias[l] = l;
    }
    while (ns > 0) {
      const s = small[--ns];
      this.prob[s] = 1;
      this.alias[s] = s;
    }
  }

  /** The exact probability the table gives index i (its column share plus what aliases send it). */
  probabilityOf(i: number): number {
    let p = this.prob[i];
    for (let j = 0; j < this.size; j++) if (j !== i && this.alias[j] === i) p += 1 - this.prob[j];
    if (this.alias[i] === i) p += 1 - this.prob[i];
    return p / this.size;
  }

  /** An index in [0, size), drawn with probability proportional to its weight. */
  draw(rng: Sfc32): number {
    const u = rng.float() * this.size;
    const i = Math.floor(u);
    return u - i < this.prob[i] ? i : this.alias[i];
  }
}

/** The same draw by a linear scan of cumulative weights: the alias table's test oracle. */
export function drawByScan(weights: ArrayLike<number>, u: number): number {
  let total = 0;
  for (let i = 0; i < weights.length; i++) total += weights[i];
  let acc = 0;
  const target = u * total;
  for (let i = 0; i < weights.length; i++) {
    acc += weights[i];
    if (target < acc) return i;
  }
  return weights.length - 1;
}
