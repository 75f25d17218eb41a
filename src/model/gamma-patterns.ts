/**
 * Comparison vectors (γ, one level per comparison) aggregated into distinct patterns with counts.
 * Candidate pairs number in the millions but distinct patterns in the hundreds or thousands
 * (9 × 7 × 7 × 3 = 1,323 possible in the default preset), so EM iterates over patterns, not pairs:
 * O(patterns) per iteration instead of O(pairs), with identical results (the E and M steps are sums
 * over pairs, and pairs with the same pattern contribute identically).
 *
 * A pattern is keyed by its mixed-radix number Σ level_c · Π_{k<c} levels_k. Counting uses a dense
 * array when the radix product is small (up to 2^22 patterns), a Map otherwise. Patterns come out
 * in increasing key order, so the result does not depend on the order the pairs arrived in.
 */
import { KhopError } from '../errors.js';

export interface GammaPatterns {
  comparisonCount: number;
  levelCounts: readonly number[];
  /** patterns[p · C + c] = level of comparison c in pattern p. */
  patterns: Uint8Array;
  /** Number of pairs with each pattern. */
  counts: Float64Array;
  /** Number of pairs in all. */
  total: number;
}

const DENSE_LIMIT = 1 << 22;

export class PatternCounter {
  private readonly radix: number[];
  private readonly space: number;
  private readonly dense: Float64Array | null;
  private readonly sparse: Map<number, number> | null;
  private total = 0;

  constructor(readonly levelCounts: readonly number[]) {
    this.radix = [];
    let space = 1;
    for (const n of levelCounts) {
      this.radix.push(space);
      space *= n;
    }
    if (!Number.isSafeInteger(space)) throw new KhopError('INTERNAL', 'too many comparison levels to count patterns');
    this.space = space;
    this.dense = space <= DENSE_LIMIT ? new Float64Array(space) : null;
    this.sparse = this.dense === null ? new Map() : null;
  }

  /** Counts `count` comparison vectors, gamma[n · C + c]. */
  add(gamma: Uint8Array, count: number): void {
    for (let n = 0; n < count; n++) this.addRow(gamma, n);
  }

  /** Counts one comparison vector, row `row` of a γ matrix (gamma[row · C + c]). */
  addRow(gamma: Uint8Array, row: number): void {
    const C = this.levelCounts.length;
    const radix = this.radix;
    let key = 0;
    for (let c = 0; c < C; c++) key += gamma[row * C + c] * radix[c];
    if (this.dense !== null) this.dense[key]++;
    else this.sparse!.set(key, (this.sparse!.get(key) ?? 0) + 1);
    this.total++;
  }

  result(): GammaPatterns {
    const keys: number[] = [];
    const values: number[] = [];
    if (this.dense !== null) {
      for (let key = 0; key < this.space; key++) {
        if (this.dense[key] > 0) {
          keys.push(key);
          values.push(this.dense[key]);
        }
      }
    } else {
      for (const key of [...this.sparse!.keys()].sort((a, b) => a - b)) {
        keys.push(key);
        values.push(this.sparse!.get(key)!);
      }
    }
    const C = this.levelCounts.length;
    const patterns = new Uint8Array(keys.length * C);
    keys.forEach((key, p) => {
      let rest = key;
      for (let c = 0; c < C; c++) {
        patterns[p * C + c] = rest % this.levelCounts[c];
        rest = Math.floor(rest / this.levelCounts[c]);
      }
    });
    return {
      comparisonCount: C,
      levelCounts: [...this.levelCounts],
      patterns,
      counts: Float64Array.from(values),
      total: this.total,
    };
  }
}

/** Patterns of one γ matrix. */
export function aggregatePatterns(gamma: Uint8Array, count: number, levelCounts: readonly number[]): GammaPatterns {
  const counter = new PatternCounter(levelCounts);
  counter.add(gamma, count);
  return counter.result();
}
