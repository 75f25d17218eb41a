/**
 * Settling (link-settled.ts, settle-plan.ts): linking with the `only_unsettled` rules asked only for
 * unsettled doses gives the decisions of asking every rule for every dose: the same formatted
 * results, best candidate, weight, levels and ID ownership, under several thresholds, on the
 * bundled sample and on random stores built to trip the coverage argument (IDs with letters, too
 * short for the one-edit index, one edit apart, shared, used as someone's old ID; capped blocks).
 * Settling must actually settle doses and skip pairs, or the comparison would prove nothing.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { estimateModel } from '../../src/engine/estimate-model.js';
import { makeLinkContext, pruneRuleFor } from '../../src/engine/link-context.js';
import { allocateLinkOutput, linkRange, type LinkOutput } from '../../src/engine/link-range.js';
import type { RecordStore } from '../../src/engine/record-store.js';
import { formattedText } from '../../src/engine/result-rows.js';
import type { ModelParameters } from '../../src/model/fellegi-sunter.js';
import type { Settings, ThresholdSettings } from '../../src/model/settings-schema.js';
import { buildStores } from '../model/store-fixture.js';
import { loadSampleStores, sampleSettings } from './sample-stores.js';
import { expectSameDecisions as expectSame, THRESHOLD_CASES } from './same-links.js';

interface Linked {
  outs: LinkOutput[];
  text: string;
  settled: number;
  pairs: number;
}

/** `settle` true: pruned and settling; false: pruned only; 'score every pair': neither. */
function link(settings: Settings, parameters: ModelParameters, left: RecordStore, right: RecordStore, thresholds: ThresholdSettings, settle: boolean | 'score every pair', perTask = 500): Linked {
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const ctx = makeLinkContext(settings, parameters, left, right, plan, thresholds);
  if (settle !== 'score every pair') ctx.prune = pruneRuleFor(thresholds);
  if (settle !== true) ctx.settle = undefined;
  const C = settings.comparisons.length;
  const linked: Linked = { outs: [], text: '', settled: 0, pairs: 0 };
  for (let start = 0; start < right.size; start += perTask) {
    const out = allocateLinkOutput(start, Math.min(perTask, right.size - start), C);
    linkRange(ctx, out);
    linked.outs.push(out);
    linked.text += formattedText(out.results!);
    linked.settled += out.blocking!.settledRows;
    linked.pairs += out.blocking!.pairs;
  }
  return linked;
}

function expectSameDecisions(settled: Linked, every: Linked): void {
  expectSame(settled, every, 'fewerCandidates');
}

const THRESHOLDS = THRESHOLD_CASES;

describe('settling doses gives the decisions of asking every rule', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(sampleSettings.blocking_rules, left, right);
  const { model } = estimateModel(sampleSettings, left, right, plan);

  it.each(THRESHOLDS)('on the sample, with %s', (_, thresholds) => {
    const every = link(sampleSettings, model.parameters, left, right, thresholds, false);
    const settled = link(sampleSettings, model.parameters, left, right, thresholds, true);
    expectSameDecisions(settled, every);
    expect(every.settled).toBe(0);
  });

  it('settles most sample doses and skips pairs', () => {
    const every = link(sampleSettings, model.parameters, left, right, sampleSettings.thresholds, false);
    const settled = link(sampleSettings, model.parameters, left, right, sampleSettings.thresholds, true);
    expect(settled.settled).toBeGreaterThan(right.size / 2);
    expect(settled.pairs).toBeLessThan(every.pairs);
  });

  it('gives the same results whatever the range size', () => {
    const a = link(sampleSettings, model.parameters, left, right, sampleSettings.thresholds, true, 97);
    const b = link(sampleSettings, model.parameters, left, right, sampleSettings.thresholds, true, 2000);
    expect(a.text).toBe(b.text);
    expect(a.settled).toBe(b.settled);
  });

  // Random registers and doses over small pools, so that rules collide and IDs sit one edit apart.
  const ids = ['079190001234', '079190001243', '079190001235', '07919000123', '0791900012345', '079190001234', '07919x001234', '12345678', '123456789', '1234567', '', '001190001234'];
  const names = ['Nguyễn Thị Hoa', 'Nguyen Thi Hoa', 'Nguyễn Hoa', 'Trần Văn Nam', 'Tran Van Nam', 'Lê Thị Hoa', 'Nguyễn Thị Hòa'];
  const dobs = ['01/02/1990', '02/01/1990', '1990', '01/02/1991', '', '15/06/1985'];
  const genders = ['Nam', 'Nữ', ''];
  const provinces = ['079', '001', ''];
  const pick = <T,>(xs: readonly T[]) => fc.constantFrom(...xs);
  const person = fc.record({ person_id: pick(ids), full_name: pick(names), dob: pick(dobs), gender: pick(genders), province: pick(provinces), old_id: pick(['', ...ids]) });
  const dose = fc.record({ citizen_id: pick(ids), full_name: pick(names), dob: pick(dobs), gender: pick(genders), province: pick(provinces) });
  // A model in which an exact ID weighs nothing: only the guard for doses whose exact-ID pairs the
  // first rules may have missed (an ID with a letter has no digits key) keeps their ownership right.
  const flatExactId: ModelParameters = {
    ...model.parameters,
    comparisons: model.parameters.comparisons.map((c) => ({ ...c, levels: c.levels.map((l) => (l.kind === 'id_exact' ? { ...l, m: l.u } : l)) })),
  };
  const capped = (rules: Settings['blocking_rules'], cap: number) => rules.map((r) => (r.kind === 'id_one_edit' || r.name === 'exact_id' ? { ...r, max_block_size: cap } : r));

  it('on random stores: the same decisions, whatever the thresholds and caps', () => {
    fc.assert(
      fc.property(
        fc.array(person, { minLength: 1, maxLength: 40 }),
        fc.array(dose, { minLength: 1, maxLength: 30 }),
        fc.constantFrom(...THRESHOLDS),
        fc.constantFrom(0, 1, 2),
        fc.constantFrom(model.parameters, flatExactId),
        (people, doses, [, thresholds], cap, parameters) => {
          const register = people.map((p, k) => ({ ...p, person_id: p.person_id === '' ? `9${k}` : p.person_id }));
          const settings: Settings = cap === 0 ? sampleSettings : { ...sampleSettings, blocking_rules: capped(sampleSettings.blocking_rules, cap) };
          const { left, right } = buildStores(settings, register, doses.map((d, k) => ({ ...d, dose_id: `D${k}` })));
          const every = link(settings, parameters, left, right, thresholds, false, 7);
          const settled = link(settings, parameters, left, right, thresholds, true, 7);
          expectSameDecisions(settled, every);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('on random stores, some doses are settled', () => {
    let settled = 0;
    fc.assert(
      fc.property(fc.array(person, { minLength: 5, maxLength: 40 }), fc.array(dose, { minLength: 5, maxLength: 30 }), (people, doses) => {
        const { left, right } = buildStores(sampleSettings, people, doses.map((d, k) => ({ ...d, dose_id: `D${k}` })));
        settled += link(sampleSettings, model.parameters, left, right, sampleSettings.thresholds, true).settled;
      }),
      { numRuns: 50 },
    );
    expect(settled).toBeGreaterThan(0);
  });

  it('does not settle a dose whose exact-ID block was cut: the ID’s owners that name rules find must be seen', () => {
    // Two register persons own the dose's ID (the exact_id rule, capped at 1, drops both); a third
    // has it as old ID. Under a model where only the old-ID level weighs, that third person's pair
    // outweighs anything else, yet the owners make the dose's ID someone's (idOwnedByCandidate).
    const settings: Settings = {
      ...sampleSettings,
      blocking_rules: sampleSettings.blocking_rules.filter((r) => r.kind !== 'id_one_edit').map((r) => (r.name === 'exact_id' ? { ...r, max_block_size: 1 } : r)),
    };
    const onlyOldId: ModelParameters = {
      ...model.parameters,
      comparisons: model.parameters.comparisons.map((c) => ({ ...c, levels: c.levels.map((l) => (l.kind.startsWith('id_') && l.kind !== 'id_equals_other' ? { ...l, m: l.u } : l)) })),
    };
    const same = { full_name: 'Nguyễn Thị Hoa', dob: '01/02/1990', gender: 'Nữ', province: '079' };
    const register = [
      { ...same, person_id: '079190001234', old_id: '' },
      { ...same, person_id: '079190001234', old_id: '' },
      { ...same, person_id: '079190009999', old_id: '079190001234' },
    ];
    const { left, right } = buildStores(settings, register, [{ ...same, dose_id: 'D1', citizen_id: '079190001234' }]);
    const every = link(settings, onlyOldId, left, right, sampleSettings.thresholds, false);
    const settled = link(settings, onlyOldId, left, right, sampleSettings.thresholds, true);
    expect(every.outs[0].idOwnedByCandidate[0]).toBe(1);
    expectSameDecisions(settled, every);
    expect(settled.settled).toBe(0);
  });

  it('keeps a runner-up close under a review threshold of 1, where probabilities round to 1 past ~54 bits', () => {
    // Found in review: the pruning floor took log2(r / (1 − r)) = +Infinity as the review weight,
    // while the decision counts a runner-up of probability 1 (any weight past ~54 bits) as close.
    // A: the ID's owner, another birth date (72 bits); T: an ID one edit away, whose bound (80)
    // tops A's; R: the dose's name and date under another ID (70 bits, only name rules find it).
    const settings: Settings = { ...sampleSettings, comparisons: sampleSettings.comparisons.map((c) => ({ ...c, tf_adjustment: false })) };
    const weight: Record<string, Record<string, number>> = {
      full_name: { exact: 30 },
      dob: { date_exact: 20 },
      citizen_id: { id_exact: 25, id_equals_other: 25, id_substitution: 10, id_transposition: 10, id_insertion_deletion: 10, else: 0 },
      gender: {},
    };
    const otherwise: Record<string, number> = { full_name: -10, dob: -3, citizen_id: 0, gender: 0 };
    const parameters = {
      lambda: 2 ** 20 / (1 + 2 ** 20),
      comparisons: settings.comparisons.map((c) => ({
        name: c.name,
        levels: c.levels.map((l) => ({ label: l.kind, kind: l.kind, m: l.kind === 'null' ? 1 : 2 ** (weight[c.name][l.kind] ?? otherwise[c.name]), u: 1 })),
      })),
    } as unknown as ModelParameters;
    const thresholds: ThresholdSettings = { review: 1, auto_accept: 1, margin: 3 };
    const base = { gender: '', province: '079', old_id: '' };
    const A = { ...base, person_id: '079190001234', full_name: 'Nguyễn Thị Hoa', dob: '15/06/1985' };
    const T = { ...base, person_id: '079190001235', full_name: 'Trần Văn Nam', dob: '01/02/1990' };
    const R = { ...base, person_id: '012345678901', full_name: 'Nguyễn Thị Hoa', dob: '01/02/1990' };
    const doses = [{ dose_id: 'D1', citizen_id: '079190001234', full_name: 'Nguyễn Thị Hoa', dob: '01/02/1990', gender: '', province: '079' }];
    for (const register of [[A, R], [A, T, R]]) {
      const { left, right } = buildStores(settings, register, doses);
      const every = link(settings, parameters, left, right, thresholds, 'score every pair');
      expect(every.text).toContain(',review,');
      expect(link(settings, parameters, left, right, thresholds, false).text).toBe(every.text);
      expect(link(settings, parameters, left, right, thresholds, true).text).toBe(every.text);
    }
  });
});
