import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleCounters } from '../../src/blocking/candidate-rule.js';
import { CandidateBuffer, CandidateGenerator } from '../../src/blocking/candidates.js';
import { EqualRule } from '../../src/blocking/equal-rule.js';
import { RowBuffer } from '../../src/blocking/row-buffer.js';
import { KhopError } from '../../src/errors.js';
import { Prng } from '../../src/model/prng.js';
import { expectCollectsAsPlain } from './prepared-rule.js';

function collect(rule: EqualRule, right: number, counters = new RuleCounters()): number[] {
  const out = new RowBuffer(4);
  rule.collect(right, out, counters);
  return [...new Set(out.rows.subarray(0, out.length))].sort((a, b) => a - b);
}

/** The constructed data is seeded (the project's own generator), so a failure reproduces. */
function rng(seed: number): () => number {
  const prng = new Prng(seed);
  return () => prng.next();
}

describe('EqualRule without a cap: the whole block', () => {
  it('matches a scan of the left keys', () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: -1, max: 8 }), { maxLength: 60 }),
        fc.array(fc.integer({ min: -1, max: 10 }), { minLength: 1, maxLength: 20 }),
        (left, right) => {
          const rule = EqualRule.build({ name: 'r', leftKeys: Int32Array.from(left), rightKeys: Int32Array.from(right) });
          right.forEach((k, j) => {
            const expected = k < 0 ? [] : left.flatMap((l, i) => (l === k ? [i] : []));
            expect(collect(rule, j)).toEqual(expected);
          });
        },
      ),
    );
  });
});

/**
 * The giant block of the design notes: 2000 register persons share birth year, family name and
 * given name (one block key). Each has a full date of birth, one of 8 middle names and one of 63
 * provinces. 600 doses belong to persons of that block; each dose damages up to two of the three
 * refine keys (date year-only or day/month swapped, middle name dropped, vaccinated in another
 * province), never all three.
 */
function giantBlock(seed: number) {
  const r = rng(seed);
  const L = 2000;
  const R = 600;
  const block = new Int32Array(L).fill(7);
  const dayMonth = new Int32Array(L);
  const middle = new Int32Array(L);
  const province = new Int32Array(L);
  for (let i = 0; i < L; i++) {
    const d = 1 + Math.floor(r() * 28);
    const m = 1 + Math.floor(r() * 12);
    dayMonth[i] = Math.min(d, m) * 32 + Math.max(d, m);
    middle[i] = Math.floor(r() * 8);
    province[i] = Math.floor(r() * 63);
  }
  const truth = new Int32Array(R);
  const rBlock = new Int32Array(R).fill(7);
  const rDayMonth = new Int32Array(R);
  const rMiddle = new Int32Array(R);
  const rProvince = new Int32Array(R);
  for (let j = 0; j < R; j++) {
    const t = Math.floor(r() * L);
    truth[j] = t;
    rDayMonth[j] = dayMonth[t]; // a day/month swap keeps the unordered key
    rMiddle[j] = middle[t];
    rProvince[j] = province[t];
    const intact = Math.floor(r() * 3);
    if (intact !== 0 && r() < 0.8) rDayMonth[j] = -1; // year only
    if (intact !== 1 && r() < 0.8) rMiddle[j] = r() < 0.5 ? -1 : (middle[t] + 1) % 8;
    if (intact !== 2 && r() < 0.8) rProvince[j] = (province[t] + 1 + Math.floor(r() * 62)) % 63;
  }
  return {
    L,
    R,
    truth,
    input: {
      name: 'year_family_given',
      leftKeys: block,
      rightKeys: rBlock,
      maxBlockSize: 500,
      refine: [
        { leftKeys: dayMonth, rightKeys: rDayMonth },
        { leftKeys: middle, rightKeys: rMiddle },
        { leftKeys: province, rightKeys: rProvince },
      ],
    },
  };
}

describe('EqualRule over the cap: refined sub-blocks', () => {
  it.each([1, 2, 3])('keeps every true pair of a 2000-person block, at a fraction of the pairs (seed %i)', (seed) => {
    const { R, L, truth, input } = giantBlock(seed);
    const rule = EqualRule.build(input);
    const gen = new CandidateGenerator([rule], L);
    const buffer = new CandidateBuffer();
    gen.generate(0, R, buffer);
    let found = 0;
    for (let j = 0; j < R; j++) {
      const lefts = [...buffer.lefts.subarray(buffer.offsets[j], buffer.offsets[j + 1])];
      if (lefts.includes(truth[j])) found++;
    }
    expect(found).toBe(R); // blocking recall 100 %
    expect(buffer.pairCount).toBeLessThan((R * L) / 5); // the uncapped block would give R × L
    expect(gen.counters[0].oversizedRows).toBe(R);
    expect(gen.counters[0].droppedRows).toBe(0);
  });

  it('emits exactly the block members agreeing on some refine key whose sub-block is within the cap', () => {
    const { R, input } = giantBlock(9);
    // Cap 260: the 8 middle-name sub-blocks (~250 each) straddle it, so some are skipped.
    const capped = { ...input, maxBlockSize: 260 };
    const rule = EqualRule.build(capped);
    const counters = new RuleCounters();
    let skipped = 0;
    for (let j = 0; j < R; j++) {
      const expected = new Set<number>();
      for (const ref of capped.refine) {
        const rk = ref.rightKeys[j];
        if (rk < 0) continue;
        const members: number[] = [];
        for (let i = 0; i < ref.leftKeys.length; i++) if (ref.leftKeys[i] === rk) members.push(i);
        if (members.length > capped.maxBlockSize) skipped++;
        else for (const i of members) expected.add(i);
      }
      expect(collect(rule, j, counters)).toEqual([...expected].sort((a, b) => a - b));
    }
    expect(skipped).toBeGreaterThan(0);
    expect(counters.oversizedSubBlocks).toBe(skipped);
  });

  it('a block within the cap is taken whole, refine or not', () => {
    const rule = EqualRule.build({
      name: 'r',
      leftKeys: Int32Array.from([1, 1, 2]),
      rightKeys: Int32Array.from([1]),
      maxBlockSize: 2,
      refine: [{ leftKeys: Int32Array.from([5, 6, 5]), rightKeys: Int32Array.from([5]) }],
    });
    expect(collect(rule, 0)).toEqual([0, 1]);
  });

  it('without refine keys an oversized block is skipped, and counted', () => {
    const rule = EqualRule.build({ name: 'r', leftKeys: Int32Array.from([1, 1, 1, 2]), rightKeys: Int32Array.from([1, 2]), maxBlockSize: 2 });
    const counters = new RuleCounters();
    expect(collect(rule, 0, counters)).toEqual([]);
    expect(collect(rule, 1, counters)).toEqual([3]);
    expect([counters.oversizedRows, counters.droppedRows]).toEqual([1, 1]);
  });

  it('a true pair that disagrees on every refine key is lost, and the row is counted as dropped', () => {
    const rule = EqualRule.build({
      name: 'r',
      leftKeys: Int32Array.from([1, 1, 1]),
      rightKeys: Int32Array.from([1]),
      maxBlockSize: 2,
      refine: [{ leftKeys: Int32Array.from([5, 6, 7]), rightKeys: Int32Array.from([8]) }],
    });
    const counters = new RuleCounters();
    expect(collect(rule, 0, counters)).toEqual([]);
    expect([counters.oversizedRows, counters.droppedRows]).toEqual([1, 1]);
  });

  it('a copy from the transferable (structured clone) answers the same', () => {
    const { R, input } = giantBlock(4);
    const rule = EqualRule.build(input);
    const copy = EqualRule.fromTransferable(structuredClone(rule.toTransferable()));
    for (let j = 0; j < R; j += 7) expect(collect(copy, j)).toEqual(collect(rule, j));
  });

  it.each([
    ['max_block_size 0', { maxBlockSize: 0 }],
    ['refine keys of the wrong length', { maxBlockSize: 1, refine: [{ leftKeys: new Int32Array(1), rightKeys: new Int32Array(1) }] }],
  ])('refuses %s', (_name, extra) => {
    expect(() => EqualRule.build({ name: 'r', leftKeys: new Int32Array(2), rightKeys: new Int32Array(1), ...extra })).toThrow(KhopError);
  });
});

describe('EqualRule.prepare never changes what collect emits', () => {
  it('for any prepared range or strided range, inside or outside it, with caps and refinement', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.integer({ min: -1, max: 4 }), fc.integer({ min: -1, max: 3 })), { minLength: 1, maxLength: 60 }),
        fc.array(fc.tuple(fc.integer({ min: -1, max: 5 }), fc.integer({ min: -1, max: 3 })), { minLength: 1, maxLength: 20 }),
        fc.integer({ min: 1, max: 8 }),
        fc.nat(),
        fc.nat(),
        fc.integer({ min: 1, max: 4 }),
        (left, right, cap, a, b, stride) => {
          const input = {
            name: 'r',
            leftKeys: Int32Array.from(left.map((l) => l[0])),
            rightKeys: Int32Array.from(right.map((r) => r[0])),
            maxBlockSize: cap,
            refine: [{ leftKeys: Int32Array.from(left.map((l) => l[1])), rightKeys: Int32Array.from(right.map((r) => r[1])) }],
          };
          const plain = EqualRule.build(input);
          const prepared = EqualRule.build(input);
          const from = a % (right.length + 1);
          const to = from + (b % (right.length - from + 1));
          prepared.prepare(from, to, stride);
          expectCollectsAsPlain(plain, prepared, right.length);
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses a range beyond the right side', () => {
    const rule = EqualRule.build({ name: 'r', leftKeys: Int32Array.from([1]), rightKeys: Int32Array.from([1, 2]) });
    expect(() => rule.prepare(1, 3)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
