import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadNameTables } from '../../src/generate/name-tables.js';
import { normalizeName } from '../../src/normalize/normalize-name.js';
import { NAMES } from './fixture.js';

function tablesDir(files: Record<string, string>): URL {
  const dir = mkdtempSync(join(tmpdir(), 'khop-names-'));
  const good: Record<string, string> = {
    'family-names.csv': 'name,share_percent,variant\nNguyễn,38,\nHoàng,3,Huỳnh\nHuỳnh,2,Hoàng\n',
    'middle-names.csv': 'name,gender,weight_born_before_1985,weight_born_1985_on\nVăn,M,1,1\nThị,F,1,1\n',
    'given-names.csv': 'name,gender,weight\nAn,M,1\nHoa,F,1\n',
  };
  for (const [name, text] of Object.entries({ ...good, ...files })) writeFileSync(join(dir, name), text);
  return pathToFileURL(dir + '/');
}

describe('name tables', () => {
  it('hold several hundred names, every syllable in the form the normalizer displays', () => {
    expect(NAMES.family.entries.length).toBeGreaterThan(100);
    expect(NAMES.given[0].entries.length + NAMES.given[1].entries.length).toBeGreaterThan(400);
    for (const s of NAMES.tokens.text) expect(normalizeName(s).display).toBe(s);
  });

  it('link the regional variants both ways', () => {
    const text = (entry: number) => NAMES.tokens.text[NAMES.family.entries[entry][0]];
    const pairs = new Map<string, string>();
    NAMES.family.variant.forEach((v, i) => {
      if (v >= 0) {
        pairs.set(text(i), text(v));
        expect(NAMES.family.variant[v]).toBe(i);
      }
    });
    expect(Object.fromEntries(pairs)).toEqual({ Hoàng: 'Huỳnh', Huỳnh: 'Hoàng', Vũ: 'Võ', Võ: 'Vũ' });
  });

  it('loads a minimal directory', () => {
    const t = loadNameTables(tablesDir({}));
    expect(t.family.entries).toHaveLength(3);
  });

  it.each([
    [{ 'family-names.csv': 'name,share\nNguyễn,38\n' }, 'HEADER_MISSING'],
    [{ 'family-names.csv': 'name,share_percent,variant\nNguyễn,-1,\n' }, 'RECORD_INVALID'],
    [{ 'family-names.csv': 'name,share_percent,variant\nHoàng,3,Nobody\n' }, 'RECORD_INVALID'],
    [{ 'given-names.csv': 'name,gender,weight\nAn,X,1\n' }, 'RECORD_INVALID'],
    [{ 'given-names.csv': 'name,gender,weight\nAn,M\n' }, 'COLUMN_COUNT'],
    [{ 'middle-names.csv': 'name,gender,weight_born_before_1985,weight_born_1985_on\n' }, 'FILE_EMPTY'],
  ])('rejects a broken table %j with %s', (files, code) => {
    expect(() => loadNameTables(tablesDir(files))).toThrow(expect.objectContaining({ code }));
  });

  it('reports a missing directory as FILE_NOT_FOUND', () => {
    expect(() => loadNameTables(pathToFileURL('/nonexistent/khop/'))).toThrow(expect.objectContaining({ code: 'FILE_NOT_FOUND' }));
  });
});
