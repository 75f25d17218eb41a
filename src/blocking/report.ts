/**
 * The blocking report: per rule, the pairs it found and the pairs no other rule found (what the
 * rule is worth), and, given the truth, blocking recall — the share of right rows that have a
 * true left row whose true pair is among the candidates — overall and per rule ("pairs
 * completeness", Christen, Data Matching, Springer 2012, ch. 7.4; here per right row, since each
 * dose has at most one register person). The reduction ratio is 1 − pairs / (left × right).
 *
 * It is a tally: `add` one candidate buffer (a range of right rows) at a time, in any order, so
 * workers' outputs are counted as they come; `addCounters` takes each generator's cap counters.
 */
import { KhopError } from '../errors.js';
import type { RuleCounters } from './candidate-rule.js';
import type { CandidateBuffer } from './candidates.js';

export interface RuleReport {
  name: string;
  /** Pairs this rule found. */
  pairs: number;
  /** Pairs this rule found and no other rule did. */
  uniquePairs: number;
  /** Right rows whose block was over max_block_size. */
  oversizedRows: number;
  /** Of those, right rows the rule found nothing for. */
  droppedRows: number;
  /** Refined sub-blocks skipped, still over the cap. */
  oversizedSubBlocks: number;
  /** With truth: right rows with a true left row whose true pair this rule found. */
  truePairs?: number;
  /** truePairs / rows with truth. */
  recall?: number;
}

export interface BlockingReport {
  leftSize: number;
  rightRows: number;
  pairs: number;
  /** 1 − pairs / (left × right rows counted). */
  reductionRatio: number;
  rightRowsWithoutCandidates: number;
  /** Right rows settled before the `only_unsettled` rules were asked (engine/settle-plan.ts): those rules counted no pairs for them. */
  settledRows: number;
  maxCandidatesPerRow: number;
  meanCandidatesPerRow: number;
  /** With truth: right rows that have a true left row. */
  rowsWithTruth?: number;
  /** With truth: of those, rows whose true pair is a candidate. */
  truePairs?: number;
  recall?: number;
  rules: RuleReport[];
}

export class BlockingTally {
  private rightRows = 0;
  private pairs = 0;
  private rowsWithoutCandidates = 0;
  private settledRows = 0;
  private maxPerRow = 0;
  private rowsWithTruth = 0;
  private truePairs = 0;
  private readonly rulePairs: Float64Array;
  private readonly ruleUnique: Float64Array;
  private readonly ruleTrue: Float64Array;
  private readonly counters = { oversizedRows: [] as number[], droppedRows: [] as number[], oversizedSubBlocks: [] as number[] };

  /**
   * @param truth right row → its true left row, or −1 (no register person); omit for no recall.
   */
  constructor(
    readonly ruleNames: readonly string[],
    readonly leftSize: number,
    private readonly truth?: Int32Array,
  ) {
    const k = ruleNames.length;
    this.rulePairs = new Float64Array(k);
    this.ruleUnique = new Float64Array(k);
    this.ruleTrue = new Float64Array(k);
    for (const list of Object.values(this.counters)) for (let r = 0; r < k; r++) list.push(0);
  }

  add(buffer: CandidateBuffer): void {
    const k = this.ruleNames.length;
    const { lefts, masks, offsets } = buffer;
    const truth = this.truth;
    if (truth !== undefined && buffer.rightStart + buffer.rightCount > truth.length) {
      throw new KhopError('INTERNAL', 'the truth array is shorter than the right rows tallied');
    }
    for (let r = 0; r < buffer.rightCount; r++) {
      const s = offsets[r];
      const e = offsets[r + 1];
      const count = e - s;
      if (count === 0) this.rowsWithoutCandidates++;
      if (count > this.maxPerRow) this.maxPerRow = count;
      for (let p = s; p < e; p++) {
        const m = masks[p];
        for (let b = 0; b < k; b++) if ((m >>> b) & 1) this.rulePairs[b]++;
        // A single bit set: only one rule found the pair.
        if (m !== 0 && (m & (m - 1)) === 0) this.ruleUnique[31 - Math.clz32(m)]++;
      }
      if (truth === undefined) continue;
      const t = truth[buffer.rightStart + r];
      if (t < 0) continue;
      this.rowsWithTruth++;
      const p = findSorted(lefts, s, e, t);
      if (p < 0) continue;
      this.truePairs++;
      const m = masks[p];
      for (let b = 0; b < k; b++) if ((m >>> b) & 1) this.ruleTrue[b]++;
    }
    this.rightRows += buffer.rightCount;
    this.pairs += buffer.pairCount;
  }

  /** Counts `rows` right rows as settled (the `only_unsettled` rules were not asked for them). */
  addSettled(rows: number): void {
    this.settledRows += rows;
  }

  /** Adds one generator's cap counters (one per rule, in rule order). */
  addCounters(counters: readonly RuleCounters[]): void {
    if (counters.length !== this.ruleNames.length) throw new KhopError('INTERNAL', 'one counter per rule expected');
    counters.forEach((c, r) => {
      this.counters.oversizedRows[r] += c.oversizedRows;
      this.counters.droppedRows[r] += c.droppedRows;
      this.counters.oversizedSubBlocks[r] += c.oversizedSubBlocks;
    });
  }

  report(): BlockingReport {
    const withTruth = this.truth !== undefined;
    const total = this.leftSize * this.rightRows;
    const share = (x: number): number => (this.rowsWithTruth === 0 ? 0 : x / this.rowsWithTruth);
    return {
      leftSize: this.leftSize,
      rightRows: this.rightRows,
      pairs: this.pairs,
      reductionRatio: total === 0 ? 0 : 1 - this.pairs / total,
      rightRowsWithoutCandidates: this.rowsWithoutCandidates,
      settledRows: this.settledRows,
      maxCandidatesPerRow: this.maxPerRow,
      meanCandidatesPerRow: this.rightRows === 0 ? 0 : this.pairs / this.rightRows,
      ...(withTruth ? { rowsWithTruth: this.rowsWithTruth, truePairs: this.truePairs, recall: share(this.truePairs) } : {}),
      rules: this.ruleNames.map((name, r) => ({
        name,
        pairs: this.rulePairs[r],
        uniquePairs: this.ruleUnique[r],
        oversizedRows: this.counters.oversizedRows[r],
        droppedRows: this.counters.droppedRows[r],
        oversizedSubBlocks: this.counters.oversizedSubBlocks[r],
        ...(withTruth ? { truePairs: this.ruleTrue[r], recall: share(this.ruleTrue[r]) } : {}),
      })),
    };
  }
}

/** Position of `value` in the ascending a[lo, hi), or −1. */
function findSorted(a: Int32Array, lo: number, hi: number, value: number): number {
  const end = hi;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (a[mid] < value) lo = mid + 1;
    else hi = mid;
  }
  return lo < end && a[lo] === value ? lo : -1;
}
