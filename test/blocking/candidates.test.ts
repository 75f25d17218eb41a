import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleCounters, type CandidateRule, type CandidateRuleTransferable } from '../../src/blocking/candidate-rule.js';
import { CandidateBuffer, CandidateGenerator } from '../../src/blocking/candidates.js';
import { EqualRule } from '../../src/blocking/equal-rule.js';
import { IdOneEditRule } from '../../src/blocking/id-one-edit-rule.js';
import { digitString, editedCopy, toSlots } from './arbitraries.js';
import type { RowBuffer } from '../../src/blocking/row-buffer.js';
import { KhopError } from '../../src/errors.js';

/** A rule given as a literal list per right row, emitted as written: unsorted, with repeats. */
class ListRule implements CandidateRule {
  constructor(
    readonly name: string,
    private readonly lists: readonly (readonly number[])[],
  ) {}
  get rightSize(): number {
    return this.lists.length;
  }
  collect(right: number, out: RowBuffer, _counters: RuleCounters): void {
    for (const left of this.lists[right]) out.push(left);
  }
  toTransferable(): CandidateRuleTransferable {
    throw new Error('not needed');
  }
}

interface Pair {
  right: number;
  left: number;
  mask: number;
}

function reference(lists: readonly (readonly (readonly number[])[])[], rightSize: number): Pair[] {
  const out: Pair[] = [];
  for (let j = 0; j < rightSize; j++) {
    const masks = new Map<number, number>();
    lists.forEach((l, k) => {
      for (const left of l[j]) masks.set(left, (masks.get(left) ?? 0) | (1 << k));
    });
    for (const left of [...masks.keys()].sort((a, b) => a - b)) out.push({ right: j, left, mask: masks.get(left)! >>> 0 });
  }
  return out;
}

function pairsOf(buffer: CandidateBuffer): Pair[] {
  const out: Pair[] = [];
  for (let r = 0; r < buffer.rightCount; r++) {
    for (let p = buffer.offsets[r]; p < buffer.offsets[r + 1]; p++) {
      out.push({ right: buffer.rightStart + r, left: buffer.lefts[p], mask: buffer.masks[p] });
    }
  }
  return out;
}

const LEFT = 30;
const scenario = fc.integer({ min: 1, max: 25 }).chain((rightSize) =>
  fc.array(fc.array(fc.array(fc.integer({ min: 0, max: LEFT - 1 }), { maxLength: 12 }), { minLength: rightSize, maxLength: rightSize }), {
    minLength: 1,
    maxLength: 5,
  }),
);

describe('CandidateGenerator: rules OR-ed, each pair once, left rows ascending, rule bits', () => {
  it('matches a Map-based union per right row', () => {
    fc.assert(
      fc.property(scenario, (lists) => {
        const rules = lists.map((l, k) => new ListRule(`r${k}`, l));
        const gen = new CandidateGenerator(rules, LEFT);
        const buffer = new CandidateBuffer(4, 2); // small on purpose: growth is exercised
        gen.generate(0, lists[0].length, buffer);
        expect(pairsOf(buffer)).toEqual(reference(lists, lists[0].length));
        expect(buffer.pairCount).toBe(buffer.offsets[buffer.rightCount]);
      }),
      { numRuns: 300 },
    );
  });

  it('is deterministic: any split into ranges, any generator, a reused buffer give the same pairs', () => {
    fc.assert(
      fc.property(scenario, fc.array(fc.nat(), { maxLength: 6 }), (lists, cuts) => {
        const rightSize = lists[0].length;
        const rules = lists.map((l, k) => new ListRule(`r${k}`, l));
        const whole = new CandidateBuffer();
        new CandidateGenerator(rules, LEFT).generate(0, rightSize, whole);
        const bounds = [...new Set([0, rightSize, ...cuts.map((c) => c % (rightSize + 1))])].sort((a, b) => a - b);
        const gen = new CandidateGenerator(rules, LEFT);
        const reused = new CandidateBuffer(2, 1);
        const pieces: Pair[] = [];
        // Ranges in reverse order: the order ranges are processed in must not matter.
        for (let k = bounds.length - 2; k >= 0; k--) {
          gen.generate(bounds[k], bounds[k + 1], reused);
          pieces.unshift(...pairsOf(reused));
        }
        expect(pieces).toEqual(pairsOf(whole));
      }),
      { numRuns: 200 },
    );
  });

  it('sets the top bit for the 32nd rule (masks are unsigned)', () => {
    const lists = Array.from({ length: 32 }, (_, k) => [k === 31 || k === 0 ? [5] : []]);
    const gen = new CandidateGenerator(lists.map((l, k) => new ListRule(`r${k}`, l)), 10);
    const buffer = new CandidateBuffer();
    gen.generate(0, 1, buffer);
    expect(pairsOf(buffer)).toEqual([{ right: 0, left: 5, mask: 2 ** 31 + 1 }]);
  });

  it('works with key-index rules: rows sharing a key with the right row', () => {
    const byYear = EqualRule.build({ name: 'year', leftKeys: Int32Array.from([1990, 1991, 1990, -1]), rightKeys: Int32Array.from([1990, 1985]) });
    const byCode = EqualRule.build({ name: 'code', leftKeys: Float64Array.from([7, 8, NaN, 7]), rightKeys: Float64Array.from([7, 8]) });
    const buffer = new CandidateBuffer();
    new CandidateGenerator([byYear, byCode], 4).generate(0, 2, buffer);
    expect(pairsOf(buffer)).toEqual([
      { right: 0, left: 0, mask: 0b11 },
      { right: 0, left: 2, mask: 0b01 },
      { right: 0, left: 3, mask: 0b10 },
      { right: 1, left: 1, mask: 0b10 },
    ]);
  });

  it.each([
    ['a range beyond the right side', 0, 3],
    ['a reversed range', 2, 1],
  ])('refuses %s', (_name, start, end) => {
    const gen = new CandidateGenerator([new ListRule('r', [[], []])], 5);
    expect(() => gen.generate(start, end, new CandidateBuffer())).toThrow(KhopError);
  });

  it('refuses a rule that returns a row outside the left side', () => {
    const gen = new CandidateGenerator([new ListRule('r', [[5]])], 5);
    expect(() => gen.generate(0, 1, new CandidateBuffer())).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

/** Everything a generation leaves behind: the CSR buffer and the rule counters. */
function snapshot(gen: CandidateGenerator, buffer: CandidateBuffer): unknown {
  return {
    offsets: [...buffer.offsets.subarray(0, buffer.rightCount + 1)],
    lefts: [...buffer.lefts.subarray(0, buffer.pairCount)],
    masks: [...buffer.masks.subarray(0, buffer.pairCount)],
    counters: gen.counters.map((c) => ({ ...c })),
  };
}

/** Random records: left [ID, key, refine key] and right the same (IDs often an edit from a left one), and a cap. */
function recordsScenario(maxLeft: number, maxRight: number) {
  return fc
    .array(fc.tuple(digitString(6, 12, '0123'), fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 3 })), { minLength: 1, maxLength: maxLeft })
    .chain((left) =>
      fc.tuple(
        fc.constant(left),
        fc.array(
          fc.tuple(
            fc.oneof(fc.constantFrom(...left.map((l) => l[0])).chain((id) => editedCopy(id, 2, '0123')), digitString(0, 12, '0123')),
            fc.integer({ min: -1, max: 6 }),
            fc.integer({ min: -1, max: 3 }),
          ),
          { minLength: 1, maxLength: maxRight },
        ),
        fc.integer({ min: 1, max: 6 }),
      ),
    );
}

type Records = [string, number, number][];

/** An ID rule (cap 2·cap), a capped key rule refined by the third key, and, unless `sub` is 'none', a rule on the third key. */
function idAndKeyRules(left: Records, right: Records, cap: number, sub: 'none' | 'uncapped' | 'capped'): CandidateRule[] {
  const keys = (rows: Records, k: 1 | 2) => Int32Array.from(rows.map((r) => r[k]));
  const rules: CandidateRule[] = [
    IdOneEditRule.build({ name: 'id', leftIds: toSlots(left.map((l) => l[0]), 12), rightIds: toSlots(right.map((r) => r[0]), 12), maxBlockSize: cap * 2, minIdLength: 6 }),
    EqualRule.build({ name: 'key', leftKeys: keys(left, 1), rightKeys: keys(right, 1), maxBlockSize: cap, refine: [{ leftKeys: keys(left, 2), rightKeys: keys(right, 2) }] }),
  ];
  if (sub !== 'none') rules.push(EqualRule.build({ name: 'sub', leftKeys: keys(left, 2), rightKeys: keys(right, 2), ...(sub === 'capped' ? { maxBlockSize: cap } : {}) }));
  return rules;
}

describe('CandidateGenerator: the sort-and-merge path equals the per-left-row mask reference', () => {
  it('on literal rule lists (repeats, unsorted, up to 32 rules)', () => {
    const lists = fc.integer({ min: 1, max: 12 }).chain((rightSize) =>
      fc.array(fc.array(fc.array(fc.integer({ min: 0, max: LEFT - 1 }), { maxLength: 40 }), { minLength: rightSize, maxLength: rightSize }), {
        minLength: 1,
        maxLength: 32,
      }),
    );
    fc.assert(
      fc.property(lists, (l) => {
        const rules = l.map((x, k) => new ListRule(`r${k}`, x));
        const fast = new CandidateGenerator(rules, LEFT);
        const reference = new CandidateGenerator(rules, LEFT, { reference: true });
        expect(fast.byMask).toBe(false);
        expect(reference.byMask).toBe(true);
        const a = new CandidateBuffer(2, 1);
        const b = new CandidateBuffer(2, 1);
        fast.generate(0, l[0].length, a);
        reference.generate(0, l[0].length, b);
        expect(snapshot(fast, a)).toEqual(snapshot(reference, b));
      }),
      { numRuns: 200 },
    );
  });

  it('on ID and key rules over random records, over ranges longer than one prepare chunk', () => {
    fc.assert(
      fc.property(recordsScenario(80, 600), ([left, right, cap]) => {
        const rules = idAndKeyRules(left, right, cap, 'uncapped');
        const fast = new CandidateGenerator(rules, left.length);
        const reference = new CandidateGenerator(rules, left.length, { reference: true });
        const a = new CandidateBuffer();
        const b = new CandidateBuffer();
        fast.generate(0, right.length, a);
        reference.generate(0, right.length, b);
        expect(snapshot(fast, a)).toEqual(snapshot(reference, b));
      }),
      { numRuns: 60 },
    );
  });
});

describe('CandidateGenerator.generateStrided equals generate row by row', () => {
  /** Pairs and counters of rows first, first + stride, … below end, each generated alone. */
  function rowByRow(rules: readonly CandidateRule[], leftSize: number, first: number, end: number, stride: number): unknown {
    const gen = new CandidateGenerator(rules, leftSize);
    const buffer = new CandidateBuffer(2, 1);
    const rows: Pair[][] = [];
    for (let j = first; j < end; j += stride) {
      gen.generate(j, j + 1, buffer);
      rows.push(pairsOf(buffer));
    }
    return { rows, counters: gen.counters.map((c) => ({ ...c })) };
  }

  function strided(rules: readonly CandidateRule[], leftSize: number, first: number, end: number, stride: number, reference = false): unknown {
    const gen = new CandidateGenerator(rules, leftSize, { reference });
    const buffer = new CandidateBuffer(2, 1);
    gen.generateStrided(first, end, stride, buffer);
    const rows: Pair[][] = [];
    for (let r = 0; r < buffer.rightCount; r++) {
      const right = buffer.rightStart + r * buffer.rightStride;
      const pairs: Pair[] = [];
      for (let p = buffer.start(right); p < buffer.end(right); p++) pairs.push({ right, left: buffer.lefts[p], mask: buffer.masks[p] });
      rows.push(pairs);
    }
    return { rows, counters: gen.counters.map((c) => ({ ...c })) };
  }

  it('on ID and key rules over random records, for any first row, end and stride (chunks of many rows included)', () => {
    const scenario = fc.tuple(recordsScenario(60, 500), fc.nat(), fc.nat(), fc.integer({ min: 1, max: 12 }));
    fc.assert(
      fc.property(scenario, ([[left, right, cap], a, b, stride]) => {
        const rules = idAndKeyRules(left, right, cap, 'none');
        const first = a % (right.length + 1);
        const end = first + (b % (right.length - first + 1));
        const expected = rowByRow(rules, left.length, first, end, stride);
        expect(strided(rules, left.length, first, end, stride)).toEqual(expected);
        expect(strided(rules, left.length, first, end, stride, true)).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it.each([
    ['a stride of 0', 0],
    ['a fractional stride', 1.5],
  ])('refuses %s', (_name, stride) => {
    const gen = new CandidateGenerator([new ListRule('r', [[], []])], 5);
    expect(() => gen.generateStrided(0, 2, stride, new CandidateBuffer())).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('CandidateGenerator: a subset of the rules, for a list of rows', () => {
  /** Per row of `rows`: its pairs from the rules in `mask` (each generated alone), and which of them cut its block. */
  function alone(rules: readonly CandidateRule[], leftSize: number, rows: readonly number[], mask: number): { rows: Pair[][]; cut: number[] } {
    const out: Pair[][] = [];
    const cut: number[] = [];
    rows.forEach((j) => {
      const gen = new CandidateGenerator(
        rules.filter((_, k) => ((mask >>> k) & 1) === 1),
        leftSize,
      );
      const buffer = new CandidateBuffer(2, 1);
      gen.generate(j, j + 1, buffer);
      // Bits of the subset's rules, back in the full list's positions.
      const positions = rules.map((_, k) => k).filter((k) => ((mask >>> k) & 1) === 1);
      out.push(pairsOf(buffer).map((p) => ({ ...p, mask: positions.reduce((m, k, i) => m | (((p.mask >>> i) & 1) << k), 0) })));
      cut.push(gen.counters.reduce((bits, c, i) => bits | (c.oversizedRows > 0 ? 1 << positions[i] : 0), 0));
    });
    return { rows: out, cut };
  }

  const scenario = fc.tuple(recordsScenario(60, 300), fc.integer({ min: 1, max: 7 }), fc.array(fc.boolean(), { minLength: 300, maxLength: 300 }));

  it('generateList and generateStrided with a rule mask and cut bits give each row’s own pairs and caps', () => {
    fc.assert(
      fc.property(scenario, ([[left, right, cap], mask, keep]) => {
        const rules = idAndKeyRules(left, right, cap, 'capped');
        const rows = right.map((_, j) => j).filter((j) => keep[j]);
        const expected = alone(rules, left.length, rows, mask);
        for (const reference of [false, true]) {
          const gen = new CandidateGenerator(rules, left.length, { reference });
          const list = new CandidateBuffer(2, 1);
          gen.generateList(Int32Array.from(rows), rows.length, list, mask);
          const got = rows.map((j, e) => {
            const pairs: Pair[] = [];
            for (let p = list.offsets[e]; p < list.offsets[e + 1]; p++) pairs.push({ right: j, left: list.lefts[p], mask: list.masks[p] });
            return pairs;
          });
          expect(got).toEqual(expected.rows);
          const all = right.map((_, j) => j);
          const whole = alone(rules, left.length, all, mask);
          const strided = new CandidateBuffer(2, 1);
          const cut = new Uint32Array(right.length);
          gen.generateStrided(0, right.length, 1, strided, mask, cut);
          expect(all.map((j) => pairsOf(strided).filter((p) => p.right === j))).toEqual(whole.rows);
          expect([...cut]).toEqual(whole.cut);
        }
      }),
      { numRuns: 60 },
    );
  });

  it('refuses a list that does not ascend', () => {
    const gen = new CandidateGenerator([new ListRule('r', [[], [], []])], 5);
    expect(() => gen.generateList(Int32Array.from([2, 1]), 2, new CandidateBuffer())).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
