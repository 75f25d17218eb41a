import { describe, expect, it } from 'vitest';
import { parseBlockingRules } from '../../src/blocking/blocking-plan.js';
import { blockingRuleSchema, MAX_BLOCKING_RULES, ruleKeys } from '../../src/blocking/rule-schema.js';
import { presetDocument } from '../model/store-fixture.js';
import { errorOf } from '../khop-error.js';


function issuePaths(rules: unknown): string[] {
  const e = errorOf(() => parseBlockingRules(rules));
  expect(e.code).toBe('SETTINGS_INVALID');
  return e.issues.map((i) => i.path);
}

describe('blocking rule schema: accepted rules', () => {
  it('the preset’s rules parse, kind defaulting to equal', () => {
    const rules = parseBlockingRules(presetDocument().blocking_rules);
    expect(rules.length).toBeGreaterThan(0);
    for (const r of rules) expect(['equal', 'id_one_edit']).toContain(r.kind);
  });

  it.each([
    ['same keys on both sides', { name: 'r', keys: ['dob.year'] }, ['dob.year'], ['dob.year']],
    ['keys per side', { name: 'r', left_keys: ['old_id.digits'], right_keys: ['citizen_id.digits'] }, ['old_id.digits'], ['citizen_id.digits']],
  ])('%s', (_name, doc, left, right) => {
    const r = blockingRuleSchema.parse(doc);
    expect(r.kind).toBe('equal');
    expect([ruleKeys(r, 'left'), ruleKeys(r, 'right')]).toEqual([left, right]);
  });

  it('a capped rule with refine keys, and an id_one_edit rule with its options', () => {
    expect(() =>
      parseBlockingRules([
        { name: 'a', keys: ['dob.year', 'full_name.token_set'], max_block_size: 500, refine: ['dob.day_month_unordered', 'province.value'] },
        { name: 'b', kind: 'id_one_edit', keys: ['citizen_id.digits'], max_block_size: 20, match_unpadded: false, min_id_length: 9 },
      ]),
    ).not.toThrow();
  });
});

describe('blocking rule schema: every problem reported with its path', () => {
  it.each([
    ['an unknown kind', [{ name: 'r', kind: 'fuzzy', keys: ['dob.year'] }], ['blocking_rules[0].kind']],
    ['a misspelt option', [{ name: 'r', keys: ['dob.year'], max_blok_size: 5 }], ['blocking_rules[0].max_blok_size']],
    ['neither keys nor sides', [{ name: 'r' }], ['blocking_rules[0]']],
    ['keys and sides both', [{ name: 'r', keys: ['dob.year'], left_keys: ['dob.year'], right_keys: ['dob.year'] }], ['blocking_rules[0]']],
    ['one side only', [{ name: 'r', left_keys: ['dob.year'] }], ['blocking_rules[0]']],
    ['sides of different lengths', [{ name: 'r', left_keys: ['dob.year'], right_keys: ['dob.year', 'dob.full'] }], ['blocking_rules[0].right_keys']],
    ['a key that is not field.key', [{ name: 'r', keys: ['year'] }], ['blocking_rules[0].keys[0]']],
    ['refine without max_block_size', [{ name: 'r', keys: ['dob.year'], refine: ['province.value'] }], ['blocking_rules[0].refine']],
    ['refine on an id_one_edit rule', [{ name: 'r', kind: 'id_one_edit', keys: ['citizen_id.digits'], max_block_size: 5, refine: ['dob.year'] }], ['blocking_rules[0].refine']],
    ['an id_one_edit rule with two keys', [{ name: 'r', kind: 'id_one_edit', keys: ['citizen_id.digits', 'dob.year'] }], ['blocking_rules[0].keys']],
    ['match_unpadded on an equal rule', [{ name: 'r', keys: ['dob.year'], match_unpadded: true }], ['blocking_rules[0].match_unpadded']],
    ['max_block_size 0', [{ name: 'r', keys: ['dob.year'], max_block_size: 0 }], ['blocking_rules[0].max_block_size']],
    ['a duplicate name', [{ name: 'r', keys: ['dob.year'] }, { name: 'r', keys: ['dob.full'] }], ['blocking_rules[1].name']],
    ['two bad rules at once', [{ name: 'R', keys: ['dob.year'] }, { name: 'b', keys: [] }], ['blocking_rules[0].name', 'blocking_rules[1].keys']],
  ])('%s', (_name, rules, paths) => {
    expect(issuePaths(rules)).toEqual(paths);
  });

  it(`more than ${MAX_BLOCKING_RULES} rules (a pair's rule mask is 32 bits)`, () => {
    const rules = Array.from({ length: MAX_BLOCKING_RULES + 1 }, (_, k) => ({ name: `r${k}`, keys: ['dob.year'] }));
    expect(issuePaths(rules)).toEqual(['blocking_rules']);
  });
});
