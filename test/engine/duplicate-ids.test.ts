import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { duplicateIds, duplicateIdsNote, exactIdRule } from '../../src/engine/duplicate-ids.js';
import type { Settings } from '../../src/model/settings-schema.js';
import { loadSampleStores, SAMPLE, sampleSettings } from './sample-stores.js';

const registryLines = readFileSync(`${SAMPLE}registry.csv`, 'utf8').trimEnd().split('\n');
const [, a, b, c] = registryLines;
const idOf = (line: string): string => line.split(',')[0];
const withId = (line: string, id: string): string => [id, ...line.split(',').slice(1)].join(',');

/** The sample register with the rows given appended. */
function registerWith(extra: string[]): string {
  const d = mkdtempSync(join(tmpdir(), 'khop-dup-'));
  writeFileSync(join(d, 'registry.csv'), [...registryLines, ...extra].join('\n') + '\n');
  return join(d, 'registry.csv');
}

async function planOf(registry: string, settings: Settings = sampleSettings): Promise<BlockingPlan> {
  const { left, right } = await loadSampleStores({ registry, parallel: false });
  return BlockingPlan.build(settings.blocking_rules, left, right);
}

const rules = sampleSettings.blocking_rules;
const exact = rules[0];

describe('exactIdRule finds the equal rule on the ID field’s digits, both sides', () => {
  it.each([
    ['the preset', rules, 0],
    ['no exact-ID rule', rules.slice(1), -1],
    ['left_keys and right_keys spelled out', [...rules.slice(1), { name: 'ids', kind: 'equal', left_keys: ['citizen_id.digits'], right_keys: ['citizen_id.digits'] }], rules.length - 1],
    ['the ID with another key', [{ ...exact, keys: ['citizen_id.digits', 'dob.year'] }, ...rules.slice(1)], -1],
    ['the old ID against the ID', [rules[1]], -1],
  ])('%s', (_, blocking, expected) => {
    expect(exactIdRule({ ...sampleSettings, blocking_rules: blocking } as Settings)).toBe(expected);
  });
});

describe('duplicateIds counts the register IDs held by two rows or more', () => {
  it('none in the sample register', async () => {
    expect(duplicateIds(sampleSettings, await planOf(`${SAMPLE}registry.csv`))).toEqual({ rule: 'exact_id', ids: 0, rows: 0 });
  });

  it('a person entered twice, an ID given to another person, an ID without its leading zero; empty IDs are not IDs', async () => {
    const registry = registerWith([a, a, withId(c, idOf(b)), withId(c, idOf(c).replace(/^0/, '')), withId(b, ''), withId(c, '')]);
    // a: three rows; b: two; c: two (its 11 digits pad back to c's ID).
    expect(duplicateIds(sampleSettings, await planOf(registry))).toEqual({ rule: 'exact_id', ids: 3, rows: 7 });
  });

  it('null without an exact-ID rule: no count rather than a guess', async () => {
    const settings = { ...sampleSettings, blocking_rules: rules.slice(1) } as Settings;
    expect(duplicateIds(settings, await planOf(registerWith([a]), settings))).toBeNull();
  });
});

describe('duplicateIdsNote says counts, never an ID', () => {
  it.each([
    [null, null],
    [{ rule: 'exact_id', ids: 0, rows: 0 }, null],
    [{ rule: 'exact_id', ids: 1, rows: 2 }, /^1 register ID is held by more than one register row \(2 rows, per blocking rule exact_id\)/],
    [{ rule: 'ids', ids: 3, rows: 7 }, /^3 register IDs are held by more than one register row \(7 rows, per blocking rule ids\)/],
  ])('%j', (d, expected) => {
    const note = duplicateIdsNote(d);
    if (expected === null) expect(note).toBeNull();
    else expect(note).toMatch(expected);
  });
});
