import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatPath, loadSettings, parseSettings } from '../../src/model/load-settings.js';
import { PRESET_PATH, presetDocument } from './store-fixture.js';
import { errorOf } from '../khop-error.js';


/** The preset with one change applied to a deep copy. */
function edited(change: (doc: any) => void): unknown {
  const doc = presetDocument();
  change(doc);
  return doc;
}

describe('the vn-vaccination preset', () => {
  it('loads from its file, defaults filled in', () => {
    const s = loadSettings(PRESET_PATH);
    expect(s.comparisons.map((c) => c.name)).toEqual(['full_name', 'dob', 'citizen_id', 'gender']);
    expect(s.comparisons[0].tf_adjustment).toBe(true);
    expect(s.comparisons[1].tf_adjustment_weight).toBe(1);
    expect(s.em.fix_u).toBe(true);
  });
});

describe('formatPath', () => {
  it.each([
    [['comparisons', 2, 'levels', 0, 'threshold'], 'comparisons[2].levels[0].threshold'],
    [['thresholds'], 'thresholds'],
    [[], ''],
    [['fields', 0], 'fields[0]'],
  ] as const)('%j → %s', (path, expected) => {
    expect(formatPath(path)).toBe(expected);
  });
});

describe('loadSettings errors', () => {
  it.each([
    ['a threshold above 1', (d: any) => (d.comparisons[0].levels[6].threshold = 1.5), 'comparisons[0].levels[6].threshold'],
    ['an unknown key (typo)', (d: any) => (d.comparisons[0].tf_adjusment = true), 'comparisons[0].tf_adjusment'],
    ['an unknown level kind', (d: any) => (d.comparisons[1].levels[2].kind = 'date_close'), 'comparisons[1].levels[2].kind'],
    ['a comparison on a missing field', (d: any) => (d.comparisons[3].field = 'sex'), 'comparisons[3].field'],
    ['a comparison on a one-sided field', (d: any) => (d.comparisons[2].field = 'old_id'), 'comparisons[2].field'],
    ['a date level on a name field', (d: any) => (d.comparisons[0].levels[2] = { kind: 'date_exact' }), 'comparisons[0].levels[2].kind'],
    ['a first level that is not null', (d: any) => d.comparisons[3].levels.shift(), 'comparisons[3].levels[0].kind'],
    ['a last level that is not else', (d: any) => d.comparisons[3].levels.pop(), 'comparisons[3].levels[1].kind'],
    ['else in the middle', (d: any) => d.comparisons[1].levels.splice(2, 0, { kind: 'else' }), 'comparisons[1].levels[2].kind'],
    [
      'tone_only after folded_equal (never reached)',
      (d: any) => d.comparisons[0].levels.splice(2, 2, d.comparisons[0].levels[3], d.comparisons[0].levels[2]),
      'comparisons[0].levels[3].kind',
    ],
    ['a second exact level on the same key', (d: any) => d.comparisons[0].levels.splice(2, 0, { kind: 'exact' }), 'comparisons[0].levels[2].kind'],
    ['a name key on a gender field', (d: any) => (d.comparisons[3].levels[1].key = 'folded'), 'comparisons[3].levels[1].key'],
    ['tf on a Jaro-Winkler level', (d: any) => (d.comparisons[0].levels[6].tf = true), 'comparisons[0].levels[6]'],
    ['tf adjustment on a date', (d: any) => (d.comparisons[1].tf_adjustment = true), 'comparisons[1].tf_adjustment'],
    ['id_equals_other on a name field', (d: any) => (d.comparisons[2].levels[2].other_field = 'full_name'), 'comparisons[2].levels[2].other_field'],
    ['a duplicate field name', (d: any) => (d.fields[5].name = 'dob'), 'fields[5].name'],
    ['a field with no column', (d: any) => delete d.fields[4].column, 'fields[4]'],
    ['a blocking key on an unknown field', (d: any) => (d.blocking_rules[0].keys = ['cccd.digits']), 'blocking_rules[0].keys[0]'],
    ['a right blocking key on a left-only field', (d: any) => (d.blocking_rules[1].right_keys = ['old_id.digits']), 'blocking_rules[1].right_keys[0]'],
    ['a malformed key expression', (d: any) => (d.blocking_rules[3].keys[0] = 'dob'), 'blocking_rules[3].keys[0]'],
    ['a blocking key the field type does not offer', (d: any) => (d.blocking_rules[1].right_keys = ['dob.nosuchkey']), 'blocking_rules[1].right_keys[0]'],
    ['a refine key on an unknown field', (d: any) => (d.blocking_rules[3].refine = ['nosuch.value']), 'blocking_rules[3].refine[0]'],
    ['a refine key the field type does not offer', (d: any) => (d.blocking_rules[3].refine = ['province.year']), 'blocking_rules[3].refine[0]'],
    ['an id_one_edit rule on a name', (d: any) => (d.blocking_rules[2].keys = ['full_name.folded']), 'blocking_rules[2].keys[0]'],
    ['review above auto_accept', (d: any) => (d.thresholds.review = 0.999), 'thresholds.review'],
    ['a missing version', (d: any) => delete d.version, 'version'],
    ['multiline_cells that is not true or false', (d: any) => (d.right.multiline_cells = 'yes'), 'right.multiline_cells'],
    ['em.u_sample_pairs of 0', (d: any) => (d.em.u_sample_pairs = 0), 'em.u_sample_pairs'],
  ])('%s: SETTINGS_INVALID at its path', (_what, change, path) => {
    const e = errorOf(() => parseSettings(edited(change)));
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.issues.map((i) => i.path)).toContainEqual(expect.stringContaining(path));
  });

  it('reports every problem at once, schema and cross-reference errors together', () => {
    const doc = edited((d) => {
      d.comparisons[0].levels[6].threshold = 2; // schema
      d.comparisons[3].field = 'sex'; // reference
      d.thresholds.review = 0.999; // cross-field
      d.fields[0].extra = 1; // unknown key
      d.blocking_rules[1].right_keys = ['dob.nosuchkey']; // blocking key
      d.blocking_rules[3].refine = ['nosuch.value']; // refine key
    });
    const e = errorOf(() => parseSettings(doc));
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.issues.map((i) => i.path).sort()).toEqual(
      [
        'comparisons[0].levels[6].threshold',
        'comparisons[3].field',
        'fields[0].extra',
        'thresholds.review',
        'blocking_rules[1].right_keys[0]',
        'blocking_rules[3].refine[0]',
      ].sort(),
    );
    for (const i of e.issues) expect(e.message).toContain(i.path);
  });

  it('a data file given as settings: its keys (IDs, names) are not repeated, a mistyped settings key is', () => {
    const doc = { ...presetDocument(), '079190001234': { full_name: 'Nguyễn Văn Chín' }, 'Nguyễn Văn Chín': 1, D00000001: 2, NguyenVanChin: 3, tf_adjusment: true };
    const e = errorOf(() => parseSettings(doc));
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.message).not.toContain('079190001234');
    expect(e.message).not.toContain('Nguyễn');
    expect(e.message).not.toContain('D00000001');
    expect(e.message).not.toContain('NguyenVanChin');
    expect(e.issues).toEqual([
      ...Array.from({ length: 4 }, () => ({ path: '', message: expect.stringContaining('not repeated') })),
      { path: 'tf_adjusment', message: 'unknown key' },
    ]);
  });

  it('a valid document has no issues to report', () => {
    expect(() => parseSettings(presetDocument())).not.toThrow();
  });

  it.each([
    ['missing file', (dir: string) => join(dir, 'nope.json'), 'FILE_NOT_FOUND'],
    [
      'broken JSON',
      (dir: string) => {
        const p = join(dir, 'broken.json');
        writeFileSync(p, '{ "version": 1,');
        return p;
      },
      'INVALID_JSON',
    ],
  ])('%s → %s', (_what, make, code) => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-settings-'));
    expect(errorOf(() => loadSettings(make(dir))).code).toBe(code);
  });

  it('reads a file that starts with a byte-order mark', () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-settings-'));
    const p = join(dir, 'bom.json');
    writeFileSync(p, `\uFEFF${JSON.stringify(presetDocument())}`);
    expect(loadSettings(p).version).toBe(1);
  });
});
