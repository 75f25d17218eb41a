import { describe, expect, it } from 'vitest';
import { BlockingPlan, prebuildLeft } from '../../src/blocking/blocking-plan.js';
import { CandidateBuffer } from '../../src/blocking/candidates.js';
import { BlockingTally } from '../../src/blocking/report.js';
import { FieldDictionaries, RecordStoreBuilder } from '../../src/engine/record-store.js';
import { buildStores, presetSettings, type Row } from '../model/store-fixture.js';
import { errorOf } from '../khop-error.js';

const settings = presetSettings();

/** The rule set the vn-vaccination preset should carry (benchmarks/blocking.bench.ts measures it). */
const NAME_REFINE = ['dob.day_month_unordered', 'province.value'];
const RULES = [
  { name: 'exact_id', keys: ['citizen_id.digits'] },
  { name: 'old_id', left_keys: ['old_id.digits'], right_keys: ['citizen_id.digits'] },
  { name: 'id_one_edit', kind: 'id_one_edit', keys: ['citizen_id.digits'], max_block_size: 50 },
  {
    name: 'year_family_given',
    keys: ['dob.year', 'full_name.family_variant_folded', 'full_name.given_variant_folded'],
    max_block_size: 30,
    refine: NAME_REFINE,
  },
  {
    name: 'year_given_middle',
    keys: ['dob.year', 'full_name.given_variant_folded', 'full_name.middle_variant_folded'],
    max_block_size: 30,
    refine: NAME_REFINE,
  },
  { name: 'year_token_set', keys: ['dob.year', 'full_name.token_set'], max_block_size: 30, refine: NAME_REFINE },
  {
    name: 'name_province',
    keys: ['full_name.variant_folded', 'province.value'],
    max_block_size: 30,
    refine: ['dob.day_month_unordered', 'dob.year'],
  },
];

const REGISTER: Row[] = [
  { person_id: '079085001234', full_name: 'Nguyễn Văn Hùng', dob: '12/03/1985', gender: 'Nam', province: '079', old_id: '025123456' },
  { person_id: '079087004321', full_name: 'Nguyễn Thị Lan', dob: '05/07/1987', gender: 'Nữ', province: '079', old_id: '' },
  { person_id: '001190004321', full_name: 'Trần Văn Đức', dob: '1990', gender: 'Nam', province: '001', old_id: '' },
  { person_id: '048195012345', full_name: 'Huỳnh Thị Phước', dob: '21/11/1995', gender: 'Nữ', province: '048', old_id: '' },
  { person_id: '031080000777', full_name: 'Lê Văn Nam', dob: '01/01/1980', gender: 'Nam', province: '031', old_id: '' },
  { person_id: '079085009999', full_name: 'Nguyễn Văn Hùng', dob: '14/08/1985', gender: 'Nam', province: '079', old_id: '' },
];

/** [what happened to the dose, the dose, its true register row (−1: nobody), the rule that must find it]. */
const DOSES: [string, Row, number, string | null][] = [
  ['recorded correctly', { citizen_id: '079085001234', full_name: 'Nguyễn Văn Hùng', dob: '12/03/1985' }, 0, 'exact_id'],
  ['the old 9-digit ID written', { citizen_id: '025123456', full_name: 'Nguyen Van Hung', dob: '1985' }, 0, 'old_id'],
  ['one digit of the ID wrong', { citizen_id: '001190004320', full_name: 'TRẦN VĂN ĐỨC', dob: '1990' }, 2, 'id_one_edit'],
  ['a digit dropped (11 digits, padded by parse-id)', { citizen_id: '07908500123', full_name: 'Nguyễn Văn Hùng', dob: '1985' }, 0, 'id_one_edit'],
  ['the brother’s ID, her own name', { citizen_id: '079085001234', full_name: 'Nguyễn Thị Lan', dob: '05/07/1987' }, 1, 'year_family_given'],
  ['family name damaged, no ID', { citizen_id: '', full_name: 'Nguyn Thị Lan', dob: '1987' }, 1, 'year_given_middle'],
  ['no diacritics, regional variants', { citizen_id: '', full_name: 'Hoang Thi Phuc', dob: '21/11/1995' }, 3, 'year_family_given'],
  ['family name moved to the end', { citizen_id: '', full_name: 'Nam Lê Văn', dob: '1980' }, 4, 'year_token_set'],
  ['year of birth off by one, no ID', { citizen_id: '', full_name: 'Trần Văn Đức', dob: '1991', province: '001' }, 2, 'name_province'],
  ['nobody in the register', { citizen_id: '', full_name: 'Phạm Minh Tuấn', dob: '2001' }, -1, null],
];

function candidates(plan: BlockingPlan): { buffer: CandidateBuffer; lefts: (j: number) => number[]; mask: (j: number, left: number) => number } {
  const buffer = new CandidateBuffer();
  plan.generator().generate(0, plan.rightSize, buffer);
  const lefts = (j: number): number[] => [...buffer.lefts.subarray(buffer.offsets[j], buffer.offsets[j + 1])];
  const mask = (j: number, left: number): number => {
    for (let p = buffer.offsets[j]; p < buffer.offsets[j + 1]; p++) if (buffer.lefts[p] === left) return buffer.masks[p];
    return 0;
  };
  return { buffer, lefts, mask };
}

describe('BlockingPlan on the register/dose scenarios of the design notes', () => {
  const { left, right } = buildStores(settings, REGISTER, DOSES.map(([, d], k) => ({ dose_id: `d${k}`, ...d })));
  const plan = BlockingPlan.build(RULES, left, right);
  const { buffer, lefts, mask } = candidates(plan);
  const names = plan.ruleNames;

  it.each(DOSES.map(([what, , truth, rule], j) => [what, j, truth, rule] as const))('%s', (_what, j, truth, rule) => {
    if (truth < 0) {
      expect(lefts(j)).toEqual([]);
      return;
    }
    expect(lefts(j)).toContain(truth);
    expect(mask(j, truth) & (1 << names.indexOf(rule!))).not.toBe(0);
  });

  it('the brother’s ID also brings the brother (the ID rule does what it says)', () => {
    expect(lefts(4)).toEqual([0, 1]);
    expect(mask(4, 0)).toBe((1 << names.indexOf('exact_id')) | (1 << names.indexOf('id_one_edit')));
  });

  it('blocking recall is 1 on these doses', () => {
    const tally = new BlockingTally(names, left.size, Int32Array.from(DOSES.map(([, , t]) => t)));
    tally.add(buffer);
    expect(tally.report().recall).toBe(1);
  });

  it('a plan rebuilt from its transferable (as a worker gets it) gives the same candidates', () => {
    const copy = BlockingPlan.fromTransferable(structuredClone(plan.toTransferable()));
    const again = candidates(copy);
    expect([...again.buffer.lefts.subarray(0, again.buffer.pairCount)]).toEqual([...buffer.lefts.subarray(0, buffer.pairCount)]);
    expect([...again.buffer.masks.subarray(0, again.buffer.pairCount)]).toEqual([...buffer.masks.subarray(0, buffer.pairCount)]);
  });

  it('left indexes prebuilt from the register alone, before the doses are interned, give the same candidates', () => {
    // As the match job does it: the register's store is built and indexed while the doses'
    // strings are not in the dictionaries yet; the doses come after, then the plan.
    const dictionaries = FieldDictionaries.forSettings(settings);
    const lb = new RecordStoreBuilder(settings, 'left', dictionaries);
    for (const r of REGISTER) lb.add(r);
    const early = lb.freeze();
    const prebuilt = prebuildLeft(RULES, early);
    expect(prebuilt.neighbourhoods.size).toBe(RULES.filter((r) => r.kind === 'id_one_edit').length);
    expect(prebuilt.equal.size).toBe(RULES.filter((r) => r.kind !== 'id_one_edit').length);
    const rb = new RecordStoreBuilder(settings, 'right', dictionaries);
    DOSES.forEach(([, d], k) => rb.add({ dose_id: `d${k}`, ...d }));
    const late = rb.freeze();
    dictionaries.freeze();
    const again = candidates(BlockingPlan.build(RULES, early, late, prebuilt));
    expect([...again.buffer.lefts.subarray(0, again.buffer.pairCount)]).toEqual([...buffer.lefts.subarray(0, buffer.pairCount)]);
    expect([...again.buffer.masks.subarray(0, again.buffer.pairCount)]).toEqual([...buffer.masks.subarray(0, buffer.pairCount)]);
    const unprebuilt = candidates(BlockingPlan.build(RULES, early, late));
    expect([...unprebuilt.buffer.lefts.subarray(0, unprebuilt.buffer.pairCount)]).toEqual([...buffer.lefts.subarray(0, buffer.pairCount)]);
  });

  it('refuses indexes prebuilt over another left store', () => {
    expect(errorOf(() => BlockingPlan.build(RULES, left, right, prebuildLeft(RULES, buildStores(settings, REGISTER, []).left))).code).toBe('INTERNAL');
  });

  it('a capped block is refined: the namesake born the same year drops out, the true person stays', () => {
    const capped = BlockingPlan.build(
      [{ name: 'year_family_given', keys: ['dob.year', 'full_name.family_variant_folded', 'full_name.given_variant_folded'], max_block_size: 1, refine: ['dob.day_month_unordered'] }],
      left,
      right,
    );
    const c = candidates(capped);
    expect(lefts(0)).toContain(5); // uncapped: both Nguyễn Văn Hùng born 1985
    expect(c.lefts(0)).toEqual([0]); // day/month agree only with row 0
    expect(c.lefts(3)).toEqual([]); // year-only dose: nothing to refine with, counted as dropped
  });

  it('the preset’s own rules compile and find the correctly recorded dose', () => {
    const presetPlan = BlockingPlan.build(settings.blocking_rules, left, right);
    expect(candidates(presetPlan).lefts(0)).toContain(0);
  });
});

describe('BlockingPlan errors', () => {
  const { left, right } = buildStores(settings, REGISTER.slice(0, 2), [{ citizen_id: '1' }]);


  it.each([
    ['keys of different kinds at one position', [{ name: 'r', left_keys: ['dob.year'], right_keys: ['full_name.folded'] }], 'blocking_rules[0].right_keys[0]'],
    ['a field the right side lacks', [{ name: 'r', keys: ['old_id.digits'] }], 'blocking_rules[0].keys[0]'],
    ['an unknown derived key', [{ name: 'r', keys: ['dob.year', 'full_name.surname'] }], 'blocking_rules[0].keys[1]'],
    ['an id_one_edit rule on a name', [{ name: 'r', kind: 'id_one_edit', keys: ['full_name.folded'] }], 'blocking_rules[0].keys[0]'],
    ['a bad refine key', [{ name: 'r', keys: ['dob.year'], max_block_size: 2, refine: ['dob.week'] }], 'blocking_rules[0].refine[0]'],
  ])('%s → SETTINGS_INVALID at its path', (_name, rules, path) => {
    const e = errorOf(() => BlockingPlan.build(rules, left, right));
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.where.path).toBe(path);
  });

  it('refuses stores whose dictionaries are not frozen yet (codes could still change)', () => {
    const dictionaries = FieldDictionaries.forSettings(settings);
    const l = new RecordStoreBuilder(settings, 'left', dictionaries).freeze();
    const r = new RecordStoreBuilder(settings, 'right', dictionaries).freeze();
    expect(errorOf(() => BlockingPlan.build(RULES, l, r)).code).toBe('INTERNAL');
  });
});
