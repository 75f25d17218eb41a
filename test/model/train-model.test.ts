import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/model/load-settings.js';
import { compileComparisons } from '../../src/model/comparisons.js';
import { countPatterns, initialM, trainModel, type CandidatePairs } from '../../src/model/train-model.js';
import { buildStores, presetDocument, presetSettings, type Row } from './store-fixture.js';

const PEOPLE: Row[] = Array.from({ length: 40 }, (_, k) => ({
  person_id: `0790${k % 2}5${String(100000 + k).slice(1)}`.padEnd(12, '0'),
  full_name: `${['Nguyễn', 'Trần', 'Lê'][k % 3]} Văn ${['An', 'Bình', 'Chi', 'Dũng', 'Hà', 'Khoa', 'Long'][k % 7]}`,
  dob: `${String((k % 28) + 1).padStart(2, '0')}/0${(k % 9) + 1}/19${50 + k}`,
  gender: k % 2 === 0 ? 'Nam' : 'Nữ',
  province: '079',
  old_id: '',
}));
const DOSES: Row[] = PEOPLE.map((p, k) => ({ dose_id: `d${k}`, citizen_id: p.person_id, full_name: p.full_name, dob: p.dob, gender: p.gender, province: '079' }));

/** Each dose against its own person and the next one. */
function pairs(): CandidatePairs {
  const l: number[] = [];
  const r: number[] = [];
  for (let j = 0; j < DOSES.length; j++) l.push(j, (j + 1) % PEOPLE.length), r.push(j, j);
  return { pairsL: Int32Array.from(l), pairsR: Int32Array.from(r), count: l.length };
}

describe('trainModel', () => {
  const settings = presetSettings();
  settings.em.u_sample_pairs = 2000;
  const { left, right } = buildStores(settings, PEOPLE, DOSES);

  it('rejects a session that fixes an unknown comparison', () => {
    expect(() => trainModel({ settings, left, right, pairs: pairs(), sessions: [{ ...pairs(), fixed: ['surname'] }] })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
  });

  it('rejects sessions that leave a comparison without an estimate of m', () => {
    expect(() => trainModel({ settings, left, right, pairs: pairs(), sessions: [{ ...pairs(), fixed: ['gender'] }] })).toThrow(
      expect.objectContaining({ code: 'BAD_ARGUMENT' }),
    );
  });

  it('uses the prior as λ when the settings give one', () => {
    const withPrior = { ...settings, prior: 0.001 };
    expect(trainModel({ settings: withPrior, left, right, pairs: pairs() }).parameters.lambda).toBe(0.001);
  });

  it('estimates λ over all left × right pairs with fix_u, over the candidate pairs without', () => {
    const fixed = trainModel({ settings, left, right, pairs: pairs() }).parameters.lambda;
    const free = trainModel({ settings: { ...settings, em: { ...settings.em, fix_u: false } }, left, right, pairs: pairs() }).parameters.lambda;
    // 40 true pairs: among 40 × 40 pairs, and among the 80 candidates
    expect(Math.abs(fixed - 40 / 1600)).toBeLessThan(0.005);
    expect(Math.abs(free - 0.5)).toBeLessThan(0.05);
  });
});

describe('initialM', () => {
  it.each([
    [[{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }], [1, 0.8, 0.2]],
    [[{ kind: 'null' }, { kind: 'exact', m_initial: 0.5 }, { kind: 'else', m_initial: 0.5 }], [1, 0.5, 0.5]],
    [[{ kind: 'null' }, { kind: 'exact' }, { kind: 'exact', key: 'folded' }, { kind: 'else' }], [1, 16 / 21, 4 / 21, 1 / 21]],
  ])('levels %j start at m = %j', (levels, expected) => {
    const doc = presetDocument();
    doc.comparisons[3].levels = levels;
    doc.comparisons[3].field = 'full_name';
    const s = parseSettings(doc);
    Array.from(initialM(s.comparisons[3], 1e-6)).forEach((m, k) => expect(m).toBeCloseTo(expected[k], 12));
  });
});

describe('countPatterns', () => {
  const settings = presetSettings();
  const { left, right } = buildStores(settings, PEOPLE, DOSES);
  const comparisons = compileComparisons(settings);

  it('reads every k-th pair above maxPairs and scales the counts to stand for all of them', () => {
    const all = countPatterns(comparisons, left, right, pairs());
    const sampled = countPatterns(comparisons, left, right, pairs(), 40);
    expect(all.total).toBe(80);
    expect(sampled.total).toBe(80);
    // every other pair is a dose against its own person: the sample sees only those, twice each
    expect(sampled.counts.reduce((a, b) => a + b)).toBe(80);
    expect(sampled.counts.length).toBeLessThan(all.counts.length);
  });
});
