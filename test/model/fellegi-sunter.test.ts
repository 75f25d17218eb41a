import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compileComparisons } from '../../src/model/comparisons.js';
import {
  levelWeight,
  matchProbability,
  matchWeight,
  priorWeight,
  weightForProbability,
  weightReachingProbability,
  type ModelParameters,
} from '../../src/model/fellegi-sunter.js';
import { Scorer } from '../../src/model/scorer.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { codeCounts, tfAdjustmentTable } from '../../src/model/tf-adjustment.js';
import { buildStores, presetSettings, type Row } from './store-fixture.js';

describe('Fellegi-Sunter arithmetic', () => {
  it.each([
    [0.5, 0],
    [0.2, -2],
    [0.8, 2],
    [1 / 1025, -10],
  ])('prior weight of λ = %f is %f bits', (lambda, expected) => {
    expect(priorWeight(lambda)).toBeCloseTo(expected, 12);
  });

  it.each([
    ['exact', 0.9, 0.1, Math.log2(9)],
    ['else', 0.05, 0.8, -4],
    ['exact', 0.5, 0.5, 0],
    ['null', 1, 1, 0],
    ['null', 0.3, 0.7, 0], // null carries no evidence whatever m and u say
  ] as const)('level %s with m = %f, u = %f weighs %f bits', (kind, m, u, expected) => {
    expect(levelWeight({ kind, m, u })).toBeCloseTo(expected, 12);
  });

  it.each([
    [0, 0.5],
    [1, 2 / 3],
    [-1, 1 / 3],
    [10, 1024 / 1025],
    [5000, 1],
    [-5000, 0],
  ])('match probability of weight %f is %f', (w, p) => {
    expect(matchProbability(w)).toBeCloseTo(p, 12);
    expect(Number.isNaN(matchProbability(w))).toBe(false);
  });

  it('probability is 2^w / (1 + 2^w), increasing, and inverted by weightForProbability', () => {
    fc.assert(
      fc.property(fc.double({ min: -40, max: 40, noNaN: true }), fc.double({ min: 0.001, max: 5, noNaN: true }), (w, dw) => {
        expect(matchProbability(w)).toBeCloseTo(2 ** w / (1 + 2 ** w), 12);
        expect(matchProbability(w + dw)).toBeGreaterThanOrEqual(matchProbability(w));
        expect(weightForProbability(matchProbability(w))).toBeCloseTo(w, 6);
      }),
    );
  });

  /** The largest double below w. */
  function below(w: number): number {
    const f = new Float64Array([w]);
    const i = new BigInt64Array(f.buffer);
    i[0] += w > 0 ? -1n : 1n;
    return f[0];
  }

  it.each([
    ['a half', 0.5],
    ['the preset review threshold', 0.99],
    ['ten nines', 0.9999999999],
    ['the largest probability below 1', 1 - 2 ** -53],
    ['1: every weight whose probability rounds to 1', 1],
    ['a tiny probability', 1e-300],
  ])('weightReachingProbability(%s) is the smallest weight whose probability reaches it', (_, p) => {
    const w = weightReachingProbability(p);
    expect(matchProbability(w)).toBeGreaterThanOrEqual(p);
    expect(matchProbability(below(w))).toBeLessThan(p);
  });

  it('weightReachingProbability is finite at 1, where log2(p / (1 − p)) is not, and −Infinity at 0', () => {
    expect(weightForProbability(1)).toBe(Infinity);
    expect(weightReachingProbability(1)).toBeLessThan(60);
    expect(weightReachingProbability(0)).toBe(-Infinity);
    fc.assert(
      fc.property(fc.double({ min: 0.001, max: 0.999, noNaN: true }), (p) => {
        expect(weightReachingProbability(p)).toBeCloseTo(weightForProbability(p), 9);
      }),
    );
  });

  it('the match weight is the prior plus the level weights', () => {
    const params: ModelParameters = {
      lambda: 0.2,
      comparisons: [
        { name: 'a', levels: [{ label: 'n', kind: 'null', m: 1, u: 1 }, { label: 'x', kind: 'exact', m: 0.9, u: 0.1 }, { label: 'e', kind: 'else', m: 0.1, u: 0.9 }] },
        { name: 'b', levels: [{ label: 'n', kind: 'null', m: 1, u: 1 }, { label: 'x', kind: 'exact', m: 0.8, u: 0.2 }, { label: 'e', kind: 'else', m: 0.2, u: 0.8 }] },
      ],
    };
    expect(matchWeight(params, [1, 1])).toBeCloseTo(-2 + Math.log2(9) + 2, 12);
    expect(matchWeight(params, [0, 2])).toBeCloseTo(-2 + 0 - 2, 12);
  });
});

describe('term-frequency adjustment table', () => {
  it('is log2(Σ tf² / tf(v)): negative for common values, positive for rare ones', () => {
    const counts = Uint32Array.from([8, 1, 1, 0]);
    const table = tfAdjustmentTable(counts, 10, 1, 0);
    const uRef = (64 + 1 + 1) / 100;
    expect(table[0]).toBeCloseTo(Math.log2(uRef / 0.8), 6);
    expect(table[1]).toBeCloseTo(Math.log2(uRef / 0.1), 6);
    expect(table[0]).toBeLessThan(0);
    expect(table[1]).toBeGreaterThan(0);
    // a value the register does not hold counts as once
    expect(table[3]).toBeCloseTo(table[1], 6);
  });

  it.each([
    [0.5, 0, (full: number) => full / 2],
    [0, 0, () => 0],
  ])('is scaled by tf_adjustment_weight %f', (weight, min, expected) => {
    const counts = Uint32Array.from([8, 2]);
    const full = tfAdjustmentTable(counts, 10, 1, min)[1];
    expect(tfAdjustmentTable(counts, 10, weight, min)[1]).toBeCloseTo(expected(full), 6);
  });

  it('raises frequencies below tf_minimum_u to it', () => {
    const counts = Uint32Array.from([98, 1, 1]);
    const uRef = (98 * 98 + 2) / 10000;
    expect(tfAdjustmentTable(counts, 100, 1, 0.05)[1]).toBeCloseTo(Math.log2(uRef / 0.05), 6);
    expect(tfAdjustmentTable(counts, 100, 1, 0.05)[0]).toBeCloseTo(Math.log2(uRef / 0.98), 6);
  });

  it('counts only present codes', () => {
    expect(codeCounts(Int32Array.from([0, 2, -1, 2, 2]), 4)).toEqual({ counts: Uint32Array.from([1, 0, 3, 0]), total: 4 });
  });
});

const REGISTER: Row[] = [
  ...Array.from({ length: 6 }, (_, k) => ({
    person_id: `0790850012${30 + k}`,
    full_name: 'Nguyễn Văn Hùng',
    dob: `0${k + 1}/01/1980`,
    gender: 'Nam',
    province: '079',
    old_id: '',
  })),
  { person_id: '001190004321', full_name: 'Lò Văn Páo', dob: '12/05/1990', gender: 'Nam', province: '011', old_id: '025123456' },
  { person_id: '001190004322', full_name: 'Trần Thị Lan', dob: '1990', gender: 'Nữ', province: '001', old_id: '' },
  { person_id: '', full_name: '', dob: '', gender: '', province: '', old_id: '' },
];
const DOSES: Row[] = [
  { dose_id: 'a', citizen_id: '079085001230', full_name: 'Nguyễn Văn Hùng', dob: '01/01/1980', gender: 'M', province: '079' },
  { dose_id: 'b', citizen_id: '001190004321', full_name: 'Lò Văn Páo', dob: '12/05/1990', gender: 'M', province: '011' },
  { dose_id: 'c', citizen_id: '025123456', full_name: 'Nguyen Van Hung', dob: '1980', gender: '', province: '079' },
  { dose_id: 'd', citizen_id: '', full_name: 'Tran Thi Lan', dob: '05/12/1990', gender: 'F', province: '001' },
];

/** Parameters for the preset with m falling and u rising along each comparison's levels. */
function syntheticParameters(settings: Settings): ModelParameters {
  return {
    lambda: 0.01,
    comparisons: settings.comparisons.map((c) => {
      const k = c.levels.length - 1;
      const m = Array.from({ length: k }, (_, i) => 2 ** -(i + 1));
      const u = Array.from({ length: k }, (_, i) => 2 ** -(k - i));
      const sm = m.reduce((a, b) => a + b);
      const su = u.reduce((a, b) => a + b);
      return {
        name: c.name,
        levels: c.levels.map((l, i) => ({ label: l.label ?? l.kind, kind: l.kind, m: i === 0 ? 1 : m[i - 1] / sm, u: i === 0 ? 1 : u[i - 1] / su })),
      };
    }),
  };
}

describe('Scorer', () => {
  const settings = presetSettings();
  const params = syntheticParameters(settings);
  const { left, right } = buildStores(settings, REGISTER, DOSES);
  const allPairs = (): [Int32Array, Int32Array] => {
    const l: number[] = [];
    const r: number[] = [];
    for (let i = 0; i < left.size; i++) for (let j = 0; j < right.size; j++) l.push(i), r.push(j);
    return [Int32Array.from(l), Int32Array.from(r)];
  };

  it('without TF, scores every pair as the plain reference does', () => {
    const scorer = new Scorer(settings, params, left, right, { tf: [] });
    const [pl, pr] = allPairs();
    const C = scorer.comparisonCount;
    const w = new Float64Array(pl.length);
    const levels = new Uint8Array(pl.length * C);
    scorer.scorePairs(pl, pr, pl.length, w, levels);
    const comparisons = compileComparisons(settings);
    const one = new Uint8Array(C);
    for (let n = 0; n < pl.length; n++) {
      const expected = comparisons.map((c) => c.levelOf(left, pl[n], right, pr[n]));
      expect(Array.from(levels.subarray(n * C, n * C + C))).toEqual(expected);
      expect(w[n]).toBeCloseTo(matchWeight(params, expected), 10);
      expect(scorer.scoreOne(pl[n], pr[n], one)).toBeCloseTo(w[n], 10);
    }
  });

  it('with TF, adds log2(Σtf² / tf) of the shared name to exact-name pairs only', () => {
    const plain = new Scorer(settings, params, left, right, { tf: [] });
    const adjusted = new Scorer(settings, params, left, right);
    const C = plain.comparisonCount;
    const levels = new Uint8Array(C);
    // register names: 6 × Nguyễn Văn Hùng, 1 × Lò Văn Páo, 1 × Trần Thị Lan (8 non-empty)
    const uRef = (36 + 1 + 1) / 64;
    const cases: [number, number, number][] = [
      [0, 0, Math.log2(uRef / (6 / 8))], // common name, exact
      [6, 1, Math.log2(uRef / (1 / 8))], // rare name, exact
    ];
    for (const [i, j, expected] of cases) {
      expect(adjusted.scoreOne(i, j, levels) - plain.scoreOne(i, j, levels)).toBeCloseTo(expected, 5);
    }
    // folded_equal is adjusted on the folded key: "nguyen van hung" is as common there
    expect(adjusted.scoreOne(0, 2, levels) - plain.scoreOne(0, 2, levels)).toBeCloseTo(Math.log2(uRef / (6 / 8)), 5);
    // no shared name value: no adjustment
    expect(adjusted.scoreOne(6, 0, levels) - plain.scoreOne(6, 0, levels)).toBe(0);
  });

  it('batch and one-by-one scoring agree with TF on', () => {
    const scorer = new Scorer(settings, params, left, right);
    const [pl, pr] = allPairs();
    const w = new Float64Array(pl.length);
    const levels = new Uint8Array(pl.length * scorer.comparisonCount);
    scorer.scorePairs(pl, pr, pl.length, w, levels);
    const one = new Uint8Array(scorer.comparisonCount);
    for (let n = 0; n < pl.length; n++) expect(scorer.scoreOne(pl[n], pr[n], one)).toBeCloseTo(w[n], 10);
  });

  it('refuses a model whose comparisons do not fit the settings', () => {
    const bad = { ...params, comparisons: params.comparisons.slice(1) };
    expect(() => new Scorer(settings, bad, left, right)).toThrow(expect.objectContaining({ code: 'MODEL_INVALID' }));
  });

  it('refuses output buffers that are too small', () => {
    const scorer = new Scorer(settings, params, left, right);
    expect(() => scorer.scorePairs(Int32Array.of(0, 1), Int32Array.of(0, 1), 2, new Float64Array(1), new Uint8Array(8))).toThrow(
      expect.objectContaining({ code: 'INTERNAL' }),
    );
  });
});
