/**
 * Which ID levels the first rules cover (settle-plan.ts), derived from the settings; when there is
 * nothing to settle; and the per-dose bound: covered levels left out only where the rule saw the
 * whole block and can see every such pair.
 */
import { describe, expect, it } from 'vitest';
import { idExactLevel } from '../../src/engine/link-context.js';
import { buildSettlePlan, unfoundBound, type SettlePlan } from '../../src/engine/settle-plan.js';
import { Scorer } from '../../src/model/scorer.js';
import type { ModelParameters } from '../../src/model/fellegi-sunter.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { buildStores } from '../model/store-fixture.js';
import { sampleSettings } from './sample-stores.js';

const RULES = sampleSettings.blocking_rules;
const ID = sampleSettings.comparisons.findIndex((c) => c.name === 'citizen_id');
const LEVELS = sampleSettings.comparisons[ID].levels.map((l) => l.kind);

/**
 * A model in which level k of a comparison with n levels weighs n − k bits (null levels weigh 0):
 * the first levels weigh most, as in a real model, so that leaving a covered level out of the
 * bound shows in it.
 */
function countingModel(settings: Settings): ModelParameters {
  return {
    lambda: 0.5,
    comparisons: settings.comparisons.map((c) => ({
      name: c.name,
      tf_adjustment: false,
      levels: c.levels.map((l, k) => ({ label: l.kind, kind: l.kind, m: 2 ** (c.levels.length - k) / 2 ** 40, u: 1 / 2 ** 40 })),
    })),
  } as unknown as ModelParameters;
}

function planFor(settings: Settings, register: Record<string, string>[] = [{ person_id: '079190001234' }], doses: Record<string, string>[] = [{ dose_id: 'D1' }]): { plan: SettlePlan | undefined; scorer: Scorer } {
  const { left, right } = buildStores(settings, register, doses);
  const scorer = new Scorer(settings, countingModel(settings), left, right, { tf: [] });
  const id = idExactLevel(scorer);
  return { plan: buildSettlePlan(settings, scorer, id.idComparison, id.idExactLevel), scorer };
}

const withRules = (rules: Settings['blocking_rules']): Settings => ({ ...sampleSettings, blocking_rules: rules });

describe('the settle plan', () => {
  it('covers the preset’s exact, old-ID and one-edit levels by its three ID rules', () => {
    const { plan } = planFor(sampleSettings);
    expect(plan).toBeDefined();
    expect(plan!.firstRules).toBe(0b0000111);
    expect(plan!.laterRules).toBe(0b1111000);
    const covered = plan!.covered[0].rules;
    const by = Object.fromEntries(LEVELS.map((kind, k) => [kind, covered[k]]));
    expect(by).toEqual({
      null: 0,
      id_exact: 0b001,
      id_equals_other: 0b010,
      id_substitution: 0b100,
      id_transposition: 0b100,
      id_insertion_deletion: 0b100,
      else: 0,
    });
    expect(plan!.exactRules).toBe(0b001);
  });

  it.each([
    ['no rule is only_unsettled', withRules(RULES.map(({ only_unsettled: _, ...r }) => r))],
    ['the exact-ID rule is only_unsettled', withRules(RULES.map((r) => (r.name === 'exact_id' ? { ...r, only_unsettled: true } : r)))],
    ['the exact-ID rule reads other keys', withRules(RULES.map((r) => (r.name === 'exact_id' ? { ...r, keys: ['citizen_id.digits', 'dob.year'] } : r)))],
  ])('is absent when %s', (_, settings) => {
    expect(planFor(settings).plan).toBeUndefined();
  });

  it('covers nothing by an old-ID rule that reads another field', () => {
    const settings = withRules(RULES.map((r) => (r.name === 'old_id' ? { ...r, left_keys: ['citizen_id.digits'] } : r)));
    const covered = planFor(settings).plan!.covered[0].rules;
    expect(covered[LEVELS.indexOf('id_equals_other')]).toBe(0);
    expect(covered[LEVELS.indexOf('id_exact')]).toBe(0b011);
  });
});

describe('the bound on a pair the first rules did not find', () => {
  // ID levels weigh: null 0, exact 6, old ID 5, substitution 4, transposition 3, insertion/deletion 2, else 1.
  const idWeight = (kinds: string[]) => Math.max(...kinds.map((k) => (k === 'null' ? 0 : LEVELS.length - (LEVELS as readonly string[]).indexOf(k))));
  const UNCOVERED = ['null', 'else'];
  const cases: [string, string, number, number][] = [
    ['a 12-digit ID, no cap cut', '079190001234', 0, idWeight(UNCOVERED)],
    ['an ID with a letter (no digits key, not in the one-edit index)', '07919x001234', 0, Infinity],
    ['an ID one digit too short for every neighbour to be indexed (min_id_length 8)', '12345678', 0, idWeight(['null', 'else', 'id_substitution', 'id_transposition', 'id_insertion_deletion'])],
    ['a 9-digit ID', '123456789', 0, idWeight(UNCOVERED)],
    ['the one-edit rule cut the block', '079190001234', 0b100, idWeight(['null', 'else', 'id_substitution', 'id_transposition', 'id_insertion_deletion'])],
    ['the old-ID rule cut the block', '079190001234', 0b010, idWeight(['null', 'else', 'id_equals_other'])],
    ['the exact-ID rule cut the block', '079190001234', 0b001, Infinity],
    ['an ID longer than the slot', '07919000123456', 0, Infinity],
  ];

  it.each(cases)('%s', (_, id, cut, expectedIdPart) => {
    const { plan, scorer } = planFor(sampleSettings, [{ person_id: '079190001234' }], [{ dose_id: 'D1', citizen_id: id }]);
    const rest = plan!.fixed - scorer.prior;
    const bound = unfoundBound(plan!, 0, cut, 0);
    expect(bound === Infinity ? Infinity : bound - scorer.prior - rest).toBe(expectedIdPart);
  });

  it('leaves the one-edit levels in when the register holds an ID with a letter the index skipped', () => {
    const { plan } = planFor(sampleSettings, [{ person_id: '079190001234' }, { person_id: '0791900x1234' }], [{ dose_id: 'D1', citizen_id: '079190001234' }]);
    const bound = unfoundBound(plan!, 0, 0, 0) - plan!.fixed;
    expect(bound).toBe(idWeight(['null', 'else', 'id_substitution', 'id_transposition', 'id_insertion_deletion']));
  });
});
