/**
 * Training on data from khớp's generator (src/generate/), where the truth is known: the fitted m
 * of every level should be close to the rate at which true matching pairs reach that level.
 * Blocking is a small one of this test's own: exact ID, or the same birth year, family and given
 * name (variant-folded), as two training sessions (each leaves out the comparisons it selected on).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { FieldDictionaries, RecordStoreBuilder, type RecordStore } from '../../src/engine/record-store.js';
import { generateRows } from '../../src/generate/generator.js';
import { loadProfile } from '../../src/generate/profile.js';
import { comparePairs, compileComparisons } from '../../src/model/comparisons.js';
import { estimateFromLabels } from '../../src/model/em.js';
import { levelWeight, type ModelParameters } from '../../src/model/fellegi-sunter.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { fixedComparisonsForRule, trainModel, type CandidatePairs, type TrainResult } from '../../src/model/train-model.js';
import { presetSettings } from './store-fixture.js';

const PEOPLE = 8000;
const TOLERANCE = 0.02;

interface Fixture {
  settings: Settings;
  left: RecordStore;
  right: RecordStore;
  /** Register row of each dose's true person, −1 when absent from the register. */
  truePerson: Int32Array;
  byId: CandidatePairs;
  byName: CandidatePairs;
  union: CandidatePairs;
}

function pairsOf(l: number[], r: number[]): CandidatePairs {
  return { pairsL: Int32Array.from(l), pairsR: Int32Array.from(r), count: l.length };
}

function build(settings: Settings): Fixture {
  const dictionaries = FieldDictionaries.forSettings(settings);
  const lb = new RecordStoreBuilder(settings, 'left', dictionaries);
  const rb = new RecordStoreBuilder(settings, 'right', dictionaries);
  const rowOfPerson = new Map<string, number>();
  const truth: string[] = [];
  for (const g of generateRows({ people: PEOPLE, doses: PEOPLE, seed: 11, profile: loadProfile('mixed') })) {
    if (g.kind === 'register') rowOfPerson.set(g.row.person_id, lb.add({ ...g.row }));
    else {
      rb.add({ ...g.row });
      truth.push(g.truth.person_id);
    }
  }
  const left = lb.freeze();
  const right = rb.freeze();
  dictionaries.freeze();

  const keyOf = (s: RecordStore, i: number): string | null => {
    const n = s.name('full_name');
    const y = s.date('dob').year[i];
    return y > 0 && n.given(i) >= 0 ? `${y}|${n.family(i)}|${n.given(i)}` : null;
  };
  const byIdIndex = new Map<string, number[]>();
  const byNameIndex = new Map<string, number[]>();
  const add = (m: Map<string, number[]>, k: string, i: number): void => {
    const list = m.get(k);
    if (list === undefined) m.set(k, [i]);
    else list.push(i);
  };
  const lid = left.id('citizen_id');
  for (let i = 0; i < left.size; i++) {
    if (lid.length[i] > 0) add(byIdIndex, lid.digitsOf(i), i);
    const k = keyOf(left, i);
    if (k !== null) add(byNameIndex, k, i);
  }
  const rid = right.id('citizen_id');
  const a: [number[], number[]] = [[], []];
  const b: [number[], number[]] = [[], []];
  const u: [number[], number[]] = [[], []];
  for (let j = 0; j < right.size; j++) {
    const viaId = rid.length[j] > 0 ? (byIdIndex.get(rid.digitsOf(j)) ?? []) : [];
    const k = keyOf(right, j);
    const viaName = k === null ? [] : (byNameIndex.get(k) ?? []);
    for (const i of viaId) a[0].push(i), a[1].push(j);
    for (const i of viaName) b[0].push(i), b[1].push(j);
    for (const i of new Set([...viaId, ...viaName])) u[0].push(i), u[1].push(j);
  }
  const truePerson = Int32Array.from(truth, (p) => rowOfPerson.get(p) ?? -1);
  return { settings, left, right, truePerson, byId: pairsOf(...a), byName: pairsOf(...b), union: pairsOf(...u) };
}

/** m of each level among the given (true) pairs. */
function trueM(f: Fixture, pairs: CandidatePairs, labels?: Uint8Array): Float64Array[] {
  const cs = compileComparisons(f.settings);
  const gamma = new Uint8Array(pairs.count * cs.length);
  comparePairs(cs, f.left, f.right, pairs.pairsL, pairs.pairsR, pairs.count, gamma);
  const isMatch = labels ?? new Uint8Array(pairs.count).fill(1);
  return estimateFromLabels(gamma, pairs.count, cs.map((c) => c.levelCount), cs.map((c) => c.nullLevel), isMatch, 1e-6).m;
}

function maxMError(p: ModelParameters, truth: Float64Array[]): number {
  let worst = 0;
  p.comparisons.forEach((c, ci) =>
    c.levels.forEach((l, li) => {
      if (l.kind !== 'null') worst = Math.max(worst, Math.abs(l.m - truth[ci][li]));
    }),
  );
  return worst;
}

describe('EM on generated data', () => {
  let f: Fixture;
  let fitted: TrainResult;

  beforeAll(() => {
    const settings = presetSettings();
    settings.em.u_sample_pairs = 200_000;
    f = build(settings);
    fitted = train(f);
  });

  function train(fx: Fixture): TrainResult {
    const rule = (name: string) => fx.settings.blocking_rules.find((r) => r.name === name)!;
    return trainModel({
      settings: fx.settings,
      left: fx.left,
      right: fx.right,
      pairs: fx.union,
      sessions: [
        { ...fx.byId, name: 'exact_id', fixed: fixedComparisonsForRule(fx.settings, rule('exact_id')) },
        { ...fx.byName, name: 'year_family_given', fixed: fixedComparisonsForRule(fx.settings, rule('year_family_given')) },
      ],
    });
  }

  it('leaves out of each session the comparisons its blocking rule selected on', () => {
    expect(fitted.sessions.map((s) => s.name)).toEqual(['exact_id', 'year_family_given']);
    const rule = (name: string) => f.settings.blocking_rules.find((r) => r.name === name)!;
    expect(fixedComparisonsForRule(f.settings, rule('exact_id'))).toEqual(['citizen_id']);
    expect(fixedComparisonsForRule(f.settings, rule('year_family_given'))).toEqual(['full_name', 'dob']);
    expect(fixedComparisonsForRule(f.settings, rule('old_id'))).toEqual(['citizen_id']);
  });

  it(`fits every level's m within ±${TOLERANCE} of its rate among all true pairs`, () => {
    expect(fitted.converged).toBe(true);
    const all: [number[], number[]] = [[], []];
    f.truePerson.forEach((i, j) => {
      if (i >= 0) all[0].push(i), all[1].push(j);
    });
    expect(maxMError(fitted.parameters, trueM(f, pairsOf(...all)))).toBeLessThan(TOLERANCE);
  });

  it('estimates λ, the chance two random records match, within 10% of the truth', () => {
    const matches = Array.from(f.truePerson).filter((i) => i >= 0).length;
    const truth = matches / (f.left.size * f.right.size);
    expect(Math.abs(fitted.parameters.lambda - truth) / truth).toBeLessThan(0.1);
  });

  it('weighs the exact level above every fuzzy level, and else below every other level', () => {
    for (const c of fitted.parameters.comparisons) {
      const w = c.levels.map(levelWeight);
      const exact = c.levels.findIndex((l) => l.kind === 'exact' || l.kind === 'date_exact' || l.kind === 'id_exact');
      const fuzzy = c.levels.map((l, k) => k).filter((k) => ['token_set', 'jaro_winkler', 'date_one_component', 'else'].includes(c.levels[k].kind));
      expect(w[exact]).toBeGreaterThan(0);
      for (const k of fuzzy) expect(w[exact]).toBeGreaterThan(w[k]);
      const last = w.length - 1;
      expect(w[last]).toBeLessThan(0);
      for (let k = 1; k < last; k++) expect(w[k]).toBeGreaterThan(w[last]);
      // similarity levels fall with their threshold
      const jw = c.levels.map((l, k) => k).filter((k) => c.levels[k].kind === 'jaro_winkler');
      for (let k = 1; k < jw.length; k++) expect(w[jw[k - 1]]).toBeGreaterThan(w[jw[k]]);
    }
  });

  it('gives the same model for the same seed', () => {
    expect(train(f).parameters).toEqual(fitted.parameters);
  });

  it(`without fix_u, fits m within ±${TOLERANCE} of the rate among the candidate pairs that are true`, () => {
    const settings = { ...f.settings, em: { ...f.settings.em, fix_u: false } };
    const r = trainModel({ settings, left: f.left, right: f.right, pairs: f.union });
    const labels = Uint8Array.from({ length: f.union.count }, (_, n) => (f.truePerson[f.union.pairsR[n]] === f.union.pairsL[n] ? 1 : 0));
    expect(maxMError(r.parameters, trueM(f, f.union, labels))).toBeLessThan(TOLERANCE);
    const share = labels.reduce((s, x) => s + x, 0) / labels.length;
    expect(Math.abs(r.parameters.lambda - share)).toBeLessThan(TOLERANCE);
  });
});
