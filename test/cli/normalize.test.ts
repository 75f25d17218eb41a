import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { runNormalize } from '../../src/cli/commands/normalize.js';
import { main } from '../../src/cli/program.js';
import { KhopError } from '../../src/errors.js';
import { holdsOpen, longCsv } from '../open-files.js';

async function normalizeText(text: string, ext = '.csv', opts: Record<string, string | boolean> = {}): Promise<Record<string, unknown>[]> {
  const dir = mkdtempSync(join(tmpdir(), 'khop-normalize-'));
  const file = join(dir, `input${ext}`);
  writeFileSync(file, text);
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  await runNormalize({ input: file, ...opts }, out);
  return Buffer.concat(chunks)
    .toString('utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

describe('khop normalize', () => {
  it('prints one object per input row, in order, rejects included', async () => {
    const rows = await normalizeText(
      'dose_id,citizen_id,full_name,dob,gender\r\n' +
        'D1,79090001234,NGUYỄN  THỊ HOÀ,5/3/1990,Nu\r\n' +
        'D2,too,many,columns,in,this,row\r\n' +
        'D3,001285000123,TrÇn V¨n §øc,1985,Nam\r\n',
    );
    expect(rows.map((r) => r.line)).toEqual([2, 3, 4]);
    expect(rows[0]).toMatchObject({
      name_display: 'Nguyễn Thị Hòa',
      name_folded: 'nguyen thi hoa',
      family: 'nguyễn',
      middle: ['thị'],
      given: 'hòa',
      dob_year: 1990,
      dob_month: 3,
      dob_day: 5,
      dob_precision: 'day',
      id_kind: 'cccd',
      id_digits: '079090001234',
      id_issues: ['leading_zero_restored'],
      gender: 'F',
    });
    expect(rows[1]).toEqual({ line: 3, reject: 'column_count: expected 5, got 7' });
    expect(rows[2]).toMatchObject({ name_display: 'Trần Văn Đức', dob_precision: 'year', gender: 'M' });
    expect(rows[2].repairs).toContain('tcvn3');
  });

  it('reads a record per line as match does: a quote open at its line end rejects that line; --multiline-cells reads RFC 4180 cells', async () => {
    const text = 'full_name,dob\n"Lê\nVăn An",1990\nTrần Bình,1991\n';
    expect((await normalizeText(text)).map((r) => r.reject ?? r.name_display)).toEqual(['quote_unclosed (full_name)', 'quote_misplaced: field 1 (full_name)', 'Trần Bình']);
    expect((await normalizeText(text, '.csv', { multilineCells: true })).map((r) => r.name_display)).toEqual(['Lê Văn An', 'Trần Bình']);
  });

  it('reads NDJSON and leaves out fields whose columns are absent', async () => {
    const rows = await normalizeText('{"full_name":"Nguyeãn Thò Höông"}\n\n{"full_name":"le van a"}\n', '.ndjson');
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ line: 1, name_display: 'Nguyễn Thị Hương' });
    expect(rows[1]).toMatchObject({ line: 3, name_display: 'Le Van A' });
    expect(rows[0]).not.toHaveProperty('dob_year');
  });

  it('an NDJSON value that is no cell (an object, a string over the cell limit) rejects its record, as match does', async () => {
    const rows = await normalizeText(`{"full_name":{"x":1}}\n{"full_name":"${'Lê '.repeat(1500)}"}\n{"full_name":"le van a"}\n`, '.ndjson');
    expect(rows).toEqual([
      { line: 1, reject: 'not_a_scalar (full_name)' },
      { line: 2, reject: 'cell_too_long (full_name)' },
      expect.objectContaining({ line: 3, name_display: 'Le Van A' }),
    ]);
  });

  it('names a missing explicit column with COLUMN_MISSING', async () => {
    await expect(normalizeText('a,b\n1,2\n', '.csv', { nameColumn: 'ho_ten' })).rejects.toMatchObject({
      code: 'COLUMN_MISSING',
    } satisfies Partial<KhopError>);
  });

  it('refuses a CSV without its header row with COLUMN_MISSING, not an empty object per row, and names no cell', async () => {
    const e = await normalizeText('D1,079090001234,Nguyễn Thị Hoà,05/03/1990,Nữ\nD2,079090001235,Trần Văn An,1990,Nam\n').catch((x: KhopError) => x);
    expect(e).toMatchObject({ code: 'COLUMN_MISSING', message: expect.stringContaining('header row missing') });
    expect((e as KhopError).message).not.toContain('Nguyễn');
    // An empty NDJSON file still prints nothing, NDJSON records name their own keys (no header
    // to be missing), and one column is enough.
    expect(await normalizeText('', '.ndjson')).toEqual([]);
    expect(await normalizeText('{"dose_id":"D1"}\n', '.ndjson')).toEqual([{ line: 1 }]);
    expect(await normalizeText('gender\nNam\n')).toEqual([{ line: 2, gender: 'M' }]);
  });

  it('closes the input when it stops at the header for a missing column (not left to garbage collection)', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'khop-normalize-')), 'input.csv');
    writeFileSync(file, longCsv('a,b', '1,2'));
    await expect(runNormalize({ input: file, nameColumn: 'ho_ten' }, new PassThrough())).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    expect(holdsOpen(file)).not.toBe(true);
  });

  it('exits 2 with a one-line reason on bad arguments', async () => {
    expect(await main(['normalize'])).toBe(2);
    expect(await main(['normalize', '--input', 'x.csv', '--format', 'xml'])).toBe(2);
    expect(await main(['no-such-command'])).toBe(2);
  });
});
