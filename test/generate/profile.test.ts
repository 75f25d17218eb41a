import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { naturalDamagedShare } from '../../src/generate/damage-rates.js';
import { loadProfile, parseProfile, presetProfileNames } from '../../src/generate/profile.js';
import { DAMAGE_TAGS } from '../../src/generate/tags.js';

const dir = mkdtempSync(join(tmpdir(), 'khop-profile-'));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

describe('profiles', () => {
  it('ships the mixed and mismatched presets', () => {
    expect(presetProfileNames()).toEqual(expect.arrayContaining(['mixed', 'mismatched']));
  });

  it('mixed damages about 27% of doses and lists every tag', () => {
    const p = loadProfile('mixed');
    expect(naturalDamagedShare(p)).toBeGreaterThan(0.25);
    expect(naturalDamagedShare(p)).toBeLessThan(0.29);
    expect(p.damagedShare).toBeNull();
    for (const t of DAMAGE_TAGS) expect(p.rates[t]).toBeGreaterThan(0);
  });

  it('mismatched damages every dose', () => {
    expect(loadProfile('mismatched').damagedShare).toBe(1);
  });

  it('fills defaults for a minimal profile', () => {
    const p = parseProfile({}, 'x');
    expect(p.rates.name_typo).toBe(0);
    expect(p.formatting.dobFormats['dd/mm/yyyy']).toBe(1);
    expect(p.formatting.genderSpellings).toEqual([{ male: 'Nam', female: 'Nữ', weight: 1 }]);
    expect(p.output).toEqual({ dosesCrlf: false, dosesBom: false });
  });

  it.each([
    [{ rates: { name_typo: 1.5 } }, 'rates.name_typo'],
    [{ rates: { name_tpyo: 0.1 } }, 'rates'],
    [{ colour: 'red' }, '(root)'],
    [{ formatting: { dobFormats: { 'dd/mm/yyyy': 0 } } }, 'formatting.dobFormats'],
    [{ formatting: { nameUpperCase: 0.7, nameLowerCase: 0.6 } }, 'formatting.nameUpperCase'],
    [{ hardCases: { namesakeRate: 0.9 } }, 'hardCases.namesakeRate'],
    [{ damagedShare: 0.5 }, 'damagedShare'],
  ])('rejects %j with PROFILE_INVALID at %s, naming the file', (json, path) => {
    try {
      parseProfile(json, 'bad.json');
      expect.unreachable();
    } catch (e) {
      expect(e).toMatchObject({ code: 'PROFILE_INVALID', where: { file: 'bad.json' } });
      expect((e as { issues: { path: string }[] }).issues.map((i) => i.path)).toContain(path);
      // The message lists every problem too: the CLI prints the message alone.
      expect((e as Error).message).toContain(`\n  ${path}: `);
    }
  });

  it.each([
    ['nope', 'BAD_ARGUMENT'],
    ['../etc', 'FILE_NOT_FOUND'],
    ['missing.json', 'FILE_NOT_FOUND'],
    ['bad name', 'BAD_ARGUMENT'],
  ])('loadProfile(%s) fails with %s', (spec, code) => {
    expect(() => loadProfile(spec)).toThrow(expect.objectContaining({ code }));
  });

  it('loads a file and reports invalid JSON as INVALID_JSON', () => {
    expect(loadProfile(file('ok.json', '{"rates":{"gender_flipped":0.5}}')).rates.gender_flipped).toBe(0.5);
    expect(() => loadProfile(file('broken.json', '{"rates":'))).toThrow(expect.objectContaining({ code: 'INVALID_JSON' }));
  });

  it('a folder named like a profile is FILE_NOT_FOUND naming it, not an internal error', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'khop-profile-')), 'folder.json');
    mkdirSync(dir);
    expect(() => loadProfile(dir)).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND', where: { file: dir } }));
  });
});
