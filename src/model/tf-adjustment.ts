/**
 * Term-frequency adjustment: two records agreeing on a rare name is stronger evidence than two
 * agreeing on "Nguyễn Văn Hùng". The method is Splink's
 * (https://moj-analytical-services.github.io/splink/topic_guides/comparisons/term-frequency.html):
 * for an exact match on value v, the u probability is replaced by v's term frequency tf(v), the
 * chance that a random non-matching record has that value; since u of the exact level estimates the
 * average of tf over agreeing pairs, this is the level weight log2(m / u) plus an adjustment
 *     log2(u_ref / tf(v))
 * (negative for common values, positive for rare ones), scaled by the comparison's
 * `tf_adjustment_weight` (Splink's tf_adjustment_weight), with tf(v) raised to at least
 * `tf_minimum_u` (Splink's tf_minimum_u_value).
 *
 * Decisions for khớp:
 * - Frequencies come from the left side (the register), which is the population the right side's
 *   records are drawn from: tf(v) = count of v among the register's non-empty values / their
 *   number. A value the register does not hold (possible only in register × register sampling, never
 *   at an equality level of a real pair, whose left value is in the register) counts as once.
 * - Every equality level can be adjusted, each on its own key (exact on `key`, folded_equal on
 *   `folded`, tone_only on `toneless`, variant_equal on `variant_folded`), since the value the
 *   pair shares at that level is the value under that key. The reference u_ref is Σ_v tf(v)² for
 *   that key: the probability that two random register records agree on it, which is exactly what
 *   the exact level's u estimates in Splink, and which for a non-exact level keeps the adjustment
 *   a relative rarity ("how much rarer than the average agreeing value") rather than replacing the
 *   level's own, much smaller u (the concern of Splink issue #2006 about non-exact levels).
 * - EM works on levels without adjustment (as in Splink); the adjustment applies at scoring.
 * Tables are Float32 per dictionary code, in shared memory, so workers read them without a copy.
 */
import type { RecordStore } from '../engine/record-store.js';
import type { CompiledComparison } from './compiled-comparison.js';
import type { ComparisonSettings } from './settings-schema.js';

/** One adjusted level: the weight to add is table[codes[i]] for the pair's left record i. */
export interface TfLevelAdjustment {
  comparison: number;
  level: number;
  /** The left store's codes under the level's key. */
  codes: Int32Array;
  /** Adjustment in bits per dictionary code. */
  table: Float32Array;
  /** The table's largest entry (0 for an empty table): the most the level can add, for score bounds. */
  max: number;
}

/** Frequencies of the non-empty codes in `codes`, over a dictionary of `dictionarySize` codes. */
export function codeCounts(codes: Int32Array, dictionarySize: number): { counts: Uint32Array; total: number } {
  const counts = new Uint32Array(dictionarySize);
  let total = 0;
  for (let i = 0; i < codes.length; i++) {
    const c = codes[i];
    if (c >= 0) {
      counts[c]++;
      total++;
    }
  }
  return { counts, total };
}

/** log2(u_ref / max(tf(v), minimumU)) · weight for every code v, u_ref = Σ tf². */
export function tfAdjustmentTable(counts: Uint32Array, total: number, weight: number, minimumU: number): Float32Array {
  const table = new Float32Array(new SharedArrayBuffer(counts.length * Float32Array.BYTES_PER_ELEMENT));
  if (total === 0 || weight === 0) return table;
  let sumSquares = 0;
  for (let c = 0; c < counts.length; c++) sumSquares += counts[c] * counts[c];
  const uRef = sumSquares / (total * total);
  const log2URef = Math.log2(uRef);
  const logFloor = Math.log2(Math.max(minimumU, 1 / total));
  for (let c = 0; c < counts.length; c++) {
    const n = counts[c] === 0 ? 1 : counts[c];
    const logTf = Math.max(Math.log2(n / total), logFloor);
    table[c] = weight * (log2URef - logTf);
  }
  return table;
}

/**
 * Builds the adjustment of every term-frequency adjusted level from the left store. Levels of one
 * comparison that read the same key share one table.
 */
export function buildTfAdjustments(
  comparisons: readonly CompiledComparison[],
  settings: readonly ComparisonSettings[],
  left: RecordStore,
): TfLevelAdjustment[] {
  const out: TfLevelAdjustment[] = [];
  comparisons.forEach((comparison, ci) => {
    const s = settings[ci];
    const byCodes = new Map<Int32Array, { table: Float32Array; max: number }>();
    for (let level = 0; level < comparison.levelCount; level++) {
      const codes = comparison.tfCodes(left, level);
      if (codes === null) continue;
      let built = byCodes.get(codes);
      if (built === undefined) {
        const dictionarySize = left.dictionaries.get(comparison.field).size;
        const { counts, total } = codeCounts(codes, dictionarySize);
        const table = tfAdjustmentTable(counts, total, s.tf_adjustment_weight, s.tf_minimum_u);
        built = { table, max: tableMax(table) };
        byCodes.set(codes, built);
      }
      out.push({ comparison: ci, level, codes, ...built });
    }
  });
  return out;
}

function tableMax(table: Float32Array): number {
  let max = -Infinity;
  for (let k = 0; k < table.length; k++) if (table[k] > max) max = table[k];
  return max === -Infinity ? 0 : max;
}
