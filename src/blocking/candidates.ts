/**
 * Candidate generation: for each right row of a range, the left rows any blocking rule pairs it
 * with (the rules OR-ed, each pair once), written in CSR form into a caller-provided buffer:
 * right row `rightStart + r` has pairs [offsets[r], offsets[r + 1]) of `lefts`, in ascending
 * left order, and `masks[p]` has bit k set when rule k found pair p (for the blocking report).
 * A strided range (every stride-th row, `generateStrided`: training samples doses so) is the
 * same with right row `rightStart + r · stride` at entry r.
 *
 * Deduplication: per right row, every rule's rows go into one scratch list, each tagged with its
 * rule (left · 32 + k); the list is sorted and equal lefts merged, OR-ing their rule bits. No Set
 * per row, no per-left-row state, no allocation once the buffers have grown to the largest row.
 * The former method, one Uint32 per left row OR-ed into as rules reach it (`collectByMask`),
 * stays as the test oracle and for left sides past 2^26 rows, where the tag would not fit.
 *
 * Rules are asked to `prepare` each chunk of PREPARE_ROWS right rows before it is collected, so
 * that their index lookups run as one loop of independent loads (see CandidateRule.prepare).
 *
 * Each worker makes its own generator (scratch buffers, rule counters); the rules' indexes and
 * key arrays are shared memory. Output depends only on the rules and the range, never on the
 * worker or the order ranges are processed in.
 */
import { KhopError } from '../errors.js';
import { RuleCounters, type CandidateRule } from './candidate-rule.js';
import { allRuleBits, MAX_BLOCKING_RULES } from './rule-schema.js';
import { RowBuffer } from './row-buffer.js';
import { sortInt32Range } from './int32-sort.js';

/** Growable CSR output of `CandidateGenerator.generate`, reused across ranges. */
export class CandidateBuffer {
  /** First right row of the range held. */
  rightStart = 0;
  /** Rows held are rightStart, rightStart + rightStride, … (1 but for `generateStrided`). */
  rightStride = 1;
  /** Number of right rows held. */
  rightCount = 0;
  /** Pairs of right row rightStart + r · rightStride: [offsets[r], offsets[r + 1]); rightCount + 1 entries used. */
  offsets: Int32Array;
  lefts: Int32Array;
  masks: Uint32Array;
  pairCount = 0;

  constructor(initialPairs = 1024, initialRows = 1024) {
    this.offsets = new Int32Array(Math.max(2, initialRows + 1));
    this.lefts = new Int32Array(Math.max(16, initialPairs));
    this.masks = new Uint32Array(this.lefts.length);
  }

  /**
   * Empties the buffer for rows rightStart, rightStart + stride, …. Stride 0: rows of a list
   * (`generateList`), whose pairs are read by entry (`offsets`), not by `start`/`end`.
   */
  reset(rightStart: number, stride = 1): void {
    this.rightStart = rightStart;
    this.rightStride = stride;
    this.rightCount = 0;
    this.pairCount = 0;
    this.offsets[0] = 0;
  }

  /** Start of right row `right`'s pairs (`right` is an absolute right row held, one of rightStart + r · rightStride). */
  start(right: number): number {
    return this.offsets[this.entryOf(right)];
  }

  end(right: number): number {
    return this.offsets[this.entryOf(right) + 1];
  }

  /**
   * Entry of a row held. Only rows held may be asked: another row's entry is out of range or not a
   * whole number, and its start and end are undefined (not checked here, on the hot path).
   */
  private entryOf(right: number): number {
    const d = right - this.rightStart;
    return this.rightStride === 1 ? d : d / this.rightStride;
  }

  pushLeft(left: number): void {
    if (this.pairCount === this.lefts.length) this.growPairs(this.pairCount + 1);
    this.lefts[this.pairCount++] = left;
  }

  /** Appends a pair of the current right row with its rule mask. */
  pushPair(left: number, mask: number): void {
    if (this.pairCount === this.lefts.length) this.growPairs(this.pairCount + 1);
    this.lefts[this.pairCount] = left;
    this.masks[this.pairCount++] = mask;
  }

  /** Closes the current right row. */
  endRow(): void {
    if (this.rightCount + 2 > this.offsets.length) {
      const next = new Int32Array(this.offsets.length * 2);
      next.set(this.offsets);
      this.offsets = next;
    }
    this.offsets[++this.rightCount] = this.pairCount;
  }

  private growPairs(needed: number): void {
    let capacity = this.lefts.length * 2;
    while (capacity < needed) capacity *= 2;
    const lefts = new Int32Array(capacity);
    lefts.set(this.lefts.subarray(0, this.pairCount));
    const masks = new Uint32Array(capacity);
    masks.set(this.masks.subarray(0, this.pairCount));
    this.lefts = lefts;
    this.masks = masks;
  }
}

/**
 * Right rows per `CandidateRule.prepare` call: enough rows for their lookups to overlap, few
 * enough that what they resolve stays in cache, and their pages in the TLB, until collected
 * (~14 ID-neighbourhood buckets and ~12 key-index lines per row, each on its own page: 64 rows
 * touch ~1.7k pages, within a 2k-entry second-level TLB). Measured (1M × 1M, one thread,
 * together with the ID rule's prepare): 64 rows ~3-5 % faster than 256; 32 no better than 64.
 */
const PREPARE_ROWS = 64;
/** A left row tagged with its rule: left · RULE_SLOTS + k, k < MAX_BLOCKING_RULES = 32. */
const RULE_BITS = 5;
const RULE_SLOTS = 1 << RULE_BITS;
const MAX_TAGGED_LEFT = 2 ** (31 - RULE_BITS);

export class CandidateGenerator {
  private maskOf: Uint32Array | null = null;
  /** Whether rows go through `collectByMask` (the reference, or left rows past 2^26). */
  readonly byMask: boolean;
  /** The reference generator (a test oracle): per-left-row masks, and no `prepare` calls. */
  readonly reference: boolean;
  private readonly scratch = new RowBuffer(1024);
  /** Per rule, what its caps did in the ranges generated so far. */
  readonly counters: RuleCounters[];

  constructor(
    readonly rules: readonly CandidateRule[],
    readonly leftSize: number,
    options: { reference?: boolean } = {},
  ) {
    if (rules.length > MAX_BLOCKING_RULES) throw new KhopError('INTERNAL', `at most ${MAX_BLOCKING_RULES} blocking rules`);
    this.reference = options.reference === true;
    this.byMask = this.reference || leftSize > MAX_TAGGED_LEFT;
    this.counters = rules.map(() => new RuleCounters());
  }

  get ruleNames(): string[] {
    return this.rules.map((r) => r.name);
  }

  /** Candidates of right rows [rightStart, rightEnd) into `out` (reset first). */
  generate(rightStart: number, rightEnd: number, out: CandidateBuffer): void {
    this.generateStrided(rightStart, rightEnd, 1, out);
  }

  /** Bits of every rule: the default `rules` of the generation methods. */
  get allRules(): number {
    return allRuleBits(this.rules.length);
  }

  /**
   * Candidates of right rows first, first + stride, … below `end` into `out` (reset first): the
   * same pairs and counters as `generate(j, j + 1)` row by row, but the rules prepare
   * PREPARE_ROWS of the rows at a time, where one row per call leaves nothing to overlap.
   * `rules`: only the rules whose bit is set are asked (bit k: rule k; default all). `cut`, when
   * given: cut[e] gets, for entry e, the bits of the rules that found the row's block over their
   * max_block_size (so they may have left some of its pairs out).
   */
  generateStrided(first: number, end: number, stride: number, out: CandidateBuffer, rules = this.allRules, cut?: Uint32Array): void {
    for (const r of this.rules) {
      if (end > r.rightSize) throw new KhopError('INTERNAL', 'right range beyond the rule’s keys', { path: r.name });
    }
    if (first < 0 || first > end) throw new KhopError('INTERNAL', 'bad right range');
    if (!(Number.isInteger(stride) && stride >= 1)) throw new KhopError('INTERNAL', 'bad right stride');
    out.reset(first, stride);
    const step = PREPARE_ROWS * stride;
    for (let chunk = first; chunk < end; chunk += step) {
      const chunkEnd = Math.min(end, chunk + step);
      if (!this.reference) {
        for (let k = 0; k < this.rules.length; k++) if (((rules >>> k) & 1) === 1) this.rules[k].prepare?.(chunk, chunkEnd, stride);
      }
      for (let j = chunk; j < chunkEnd; j += stride) {
        const bits = this.collectRow(j, rules, out);
        if (cut !== undefined) cut[out.rightCount - 1] = bits;
      }
    }
  }

  /**
   * Candidates of the right rows rows[0, count), ascending, into `out` (reset to list mode: read
   * entry e's pairs at offsets[e], offsets[e + 1]), asking only the rules in `rules`: the pairs and
   * counters `generate` would give those rows and rules.
   */
  generateList(rows: Int32Array, count: number, out: CandidateBuffer, rules = this.allRules): void {
    for (let e = 0; e < count; e++) {
      if (rows[e] < 0 || (e > 0 && rows[e] <= rows[e - 1])) throw new KhopError('INTERNAL', 'right rows must ascend');
    }
    if (count > 0) for (const r of this.rules) if (rows[count - 1] >= r.rightSize) throw new KhopError('INTERNAL', 'right row beyond the rule’s keys', { path: r.name });
    out.reset(0, 0);
    for (let from = 0; from < count; from += PREPARE_ROWS) {
      const to = Math.min(count, from + PREPARE_ROWS);
      if (!this.reference) {
        for (let k = 0; k < this.rules.length; k++) if (((rules >>> k) & 1) === 1) this.rules[k].prepareRows?.(rows, from, to);
      }
      for (let e = from; e < to; e++) this.collectRow(rows[e], rules, out);
    }
  }

  /** Appends right row j's pairs (the rules in `rules`) to `out` and closes the row; returns the bits of the rules that cut its block. */
  private collectRow(j: number, rules: number, out: CandidateBuffer): number {
    // Cleared first: a rule that threw in an earlier call may have left entries behind.
    this.scratch.clear();
    let cut = 0;
    for (let k = 0; k < this.rules.length; k++) {
      if (((rules >>> k) & 1) === 0) continue;
      const counters = this.counters[k];
      const before = counters.oversizedRows;
      if (this.byMask) this.collectByMask(j, k, out);
      else this.collectTagged(j, k);
      if (counters.oversizedRows !== before) cut |= 1 << k;
    }
    if (this.byMask) this.closeRowByMask(out);
    else this.closeRowTagged(out);
    return cut;
  }

  /**
   * Rule k's rows for right row j, by sort and merge: each rule's rows, tagged with the rule as
   * `left · 32 + k`, go into one scratch list (`closeRowTagged` sorts it: equal lefts are then
   * adjacent and their rule bits OR-ed). A per-right-row list is a few dozen entries, sorted in
   * cache, whereas `maskOf` costs a random access into a leftSize-long array per pair. Needs
   * left < 2^26 for the tag to fit.
   */
  private collectTagged(j: number, k: number): void {
    const scratch = this.scratch;
    const from = scratch.length;
    this.rules[k].collect(j, scratch, this.counters[k]);
    const rows = scratch.rows;
    const leftSize = this.leftSize;
    for (let p = from; p < scratch.length; p++) {
      const left = rows[p];
      if (left < 0 || left >= leftSize) throw new KhopError('INTERNAL', 'a rule produced a row outside the left side', { path: this.rules[k].name });
      rows[p] = left * RULE_SLOTS + k;
    }
  }

  private closeRowTagged(out: CandidateBuffer): void {
    const scratch = this.scratch;
    const tagged = scratch.rows;
    const n = scratch.length;
    sortInt32Range(tagged, 0, n);
    let previous = -1;
    let mask = 0;
    for (let p = 0; p < n; p++) {
      const left = tagged[p] >> RULE_BITS;
      const bit = 1 << (tagged[p] & (RULE_SLOTS - 1));
      if (left === previous) {
        mask |= bit;
        continue;
      }
      if (previous >= 0) out.pushPair(previous, mask);
      previous = left;
      mask = bit;
    }
    if (previous >= 0) out.pushPair(previous, mask);
    out.endRow();
  }

  /**
   * The reference for the tagged path (and the path past 2^26 left rows): one Uint32 per left
   * row (`maskOf`, zero between right rows); the first rule to reach a left row appends it, later
   * ones OR their bit in; `closeRowByMask` then sorts the row's lefts and copies their masks out.
   */
  private collectByMask(j: number, k: number, out: CandidateBuffer): void {
    const maskOf = (this.maskOf ??= new Uint32Array(this.leftSize));
    const scratch = this.scratch;
    const leftSize = this.leftSize;
    const bit = 1 << k;
    scratch.clear();
    this.rules[k].collect(j, scratch, this.counters[k]);
    const rows = scratch.rows;
    for (let p = 0; p < scratch.length; p++) {
      const left = rows[p];
      if (left < 0 || left >= leftSize) throw new KhopError('INTERNAL', 'a rule produced a row outside the left side', { path: this.rules[k].name });
      const m = maskOf[left];
      if (m === 0) out.pushLeft(left);
      maskOf[left] = m | bit;
    }
    scratch.clear();
  }

  private closeRowByMask(out: CandidateBuffer): void {
    const maskOf = this.maskOf ?? (this.maskOf = new Uint32Array(this.leftSize));
    const first = out.offsets[out.rightCount];
    const last = out.pairCount;
    const lefts = out.lefts;
    const masks = out.masks;
    sortInt32Range(lefts, first, last);
    for (let p = first; p < last; p++) {
      masks[p] = maskOf[lefts[p]];
      maskOf[lefts[p]] = 0;
    }
    out.endRow();
  }
}
