import { Buffer } from 'node:buffer';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parseCsvSync, readCsv, type CsvRow } from '../../src/io/csv-reader.js';
import type { CsvRecord } from '../../src/io/csv-scanner.js';
import type { Reject } from '../../src/io/rejects.js';
import { KhopError } from '../../src/errors.js';
import { endlessIds } from './endless-source.js';

const DOSES_HEADER = 'dose_id,citizen_id,full_name,dob,gender,province';
const REQUIRED = ['dose_id', 'citizen_id', 'full_name', 'dob', 'gender', 'province'];

function rowsOf(t: { rows: CsvRow[] }): { line: number; values: readonly string[] }[] {
  return t.rows.map((r) => ({ line: r.line, values: r.values }));
}

function thrown(f: () => unknown): KhopError {
  try {
    f();
  } catch (e) {
    if (e instanceof KhopError) return e;
    throw e;
  }
  throw new Error('expected a KhopError');
}

async function* chunked(text: string | Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

describe('parseCsvSync: rows', () => {
  it.each<[string, string, { line: number; values: string[] }[]]>([
    ['header only: no rows', `${DOSES_HEADER}\n`, []],
    ['header only, no terminator', DOSES_HEADER, []],
    ['BOM before the header', `\uFEFF${DOSES_HEADER}\nD1,001090000001,An,1990,Nam,001\n`, [{ line: 2, values: ['D1', '001090000001', 'An', '1990', 'Nam', '001'] }]],
    ['CRLF', `${DOSES_HEADER}\r\nD1,001090000001,An,1990,Nam,001\r\nD2,,Bình,1991,Nữ,079\r\n`, [
      { line: 2, values: ['D1', '001090000001', 'An', '1990', 'Nam', '001'] },
      { line: 3, values: ['D2', '', 'Bình', '1991', 'Nữ', '079'] },
    ]],
    ['a quoted newline: lines stay right after it', `${DOSES_HEADER}\nD1,1,"Trần\nVăn Đức",1990,Nam,001\nD2,2,"Lê, Thị",1991,Nữ,079\n`, [
      { line: 2, values: ['D1', '1', 'Trần\nVăn Đức', '1990', 'Nam', '001'] },
      { line: 4, values: ['D2', '2', 'Lê, Thị', '1991', 'Nữ', '079'] },
    ]],
    ['blank lines skipped, lines still counted', `${DOSES_HEADER}\n\nD1,1,An,1990,Nam,001\n\n`, [{ line: 3, values: ['D1', '1', 'An', '1990', 'Nam', '001'] }]],
  ])('%s', (_name, input, expected) => {
    const t = parseCsvSync(input, { file: 'doses.csv', required: REQUIRED });
    expect(rowsOf(t)).toEqual(expected);
    expect(t.rejects).toEqual([]);
    expect(t.header.names).toEqual(REQUIRED);
  });

  it('gives values by column name and index', () => {
    const t = parseCsvSync(`${DOSES_HEADER},note\nD1,001,"Phạm ""Bé"" Hoa",1990,Nữ,001,x\n`, { file: 'doses.csv' });
    const row = t.rows[0];
    expect([row.get('full_name'), row.get('note'), row.get('nope'), row.at(0), row.at(9)]).toEqual(['Phạm "Bé" Hoa', 'x', undefined, 'D1', undefined]);
  });

  it('trims header names and lets the first of duplicate names win', () => {
    const t = parseCsvSync(' id , name,id\n1,a,2\n', { file: 'x.csv', required: ['id', 'name'] });
    expect(t.header.names).toEqual(['id', 'name', 'id']);
    expect(t.rows[0].get('id')).toBe('1');
  });
});

describe('parseCsvSync: rejects are values with a code, a line and the raw text', () => {
  it.each<[string, string | Uint8Array, Omit<Reject, 'file'>[], number]>([
    ['too many columns', `${DOSES_HEADER}\nD1,1,An,1990,Nam,001,extra\n`, [{ line: 2, code: 'COLUMN_COUNT', reason: 'column_count: expected 6, got 7', raw: 'D1,1,An,1990,Nam,001,extra' }], 0],
    ['too few columns', `${DOSES_HEADER}\nD1,1,An\nD2,2,Bình,1991,Nữ,079\n`, [{ line: 2, code: 'COLUMN_COUNT', reason: 'column_count: expected 6, got 3', raw: 'D1,1,An' }], 1],
    ['a line of spaces is a record, not a blank line', `${DOSES_HEADER}\n   \n`, [{ line: 2, code: 'COLUMN_COUNT', reason: 'column_count: expected 6, got 1', raw: '   ' }], 0],
    ['quote never closed: the next row is still read', `${DOSES_HEADER}\nD1,1,"An,1990,Nam,001\nD2,2,Bình,1991,Nữ,079\n`, [{ line: 2, code: 'QUOTE_UNCLOSED', reason: 'quote_unclosed (full_name)', raw: 'D1,1,"An,1990,Nam,001' }], 1],
    ['quote in the middle of a field', `${DOSES_HEADER}\nD1,1,An "Bé",1990,Nam,001\n`, [{ line: 2, code: 'RECORD_INVALID', reason: 'quote_misplaced: field 3 (full_name)', raw: 'D1,1,An "Bé",1990,Nam,001' }], 0],
    ['text after a closing quote', `${DOSES_HEADER}\nD1,1,"An"x,1990,Nam,001\n`, [{ line: 2, code: 'RECORD_INVALID', reason: 'quote_misplaced: field 3 (full_name)', raw: 'D1,1,"An"x,1990,Nam,001' }], 0],
    ['invalid UTF-8', Buffer.concat([Buffer.from(`${DOSES_HEADER}\nD1,1,Nguy`), Buffer.from([0xea]), Buffer.from('n,1990,Nam,001\nD2,2,B,1991,Nữ,079\n')]), [{ line: 2, code: 'INVALID_UTF8', reason: 'invalid_utf8: field 3 (full_name)', raw: 'D1,1,Nguy\uFFFDn,1990,Nam,001' }], 1],
  ])('%s', (_name, input, expected, rows) => {
    const seen: Reject[] = [];
    const t = parseCsvSync(input, { file: 'doses.csv', required: REQUIRED, onReject: (r) => seen.push(r) });
    expect(t.rejects).toEqual(expected.map((r) => ({ file: 'doses.csv', ...r })));
    expect(seen).toEqual(t.rejects);
    expect(t.rows.length).toBe(rows);
    expect(t.stats).toMatchObject({ rows, rejects: expected.length });
  });
});

describe('parseCsvSync: header errors are KhopErrors', () => {
  it.each<[string, string | Uint8Array, string]>([
    ['empty file', '', 'FILE_EMPTY'],
    ['only a BOM', '\uFEFF', 'FILE_EMPTY'],
    ['only blank lines', '\n\r\n\n', 'FILE_EMPTY'],
    ['missing required column', 'dose_id,full_name,dob\n', 'COLUMN_MISSING'],
    ['header with an unclosed quote', '"dose_id,full_name\n', 'QUOTE_UNCLOSED'],
    ['header with invalid UTF-8', Uint8Array.from([0x69, 0x64, 0xff, 0x0a]), 'INVALID_UTF8'],
  ])('%s → %s', (_name, input, code) => {
    expect(thrown(() => parseCsvSync(input, { file: 'doses.csv', required: ['dose_id', 'citizen_id'] })).code).toBe(code);
  });

  it('says when the lines end in a lone CR (the whole file then reads as one header row)', () => {
    const e = thrown(() => parseCsvSync('dose_id,full_name\rD1,Nguyễn Văn An\r', { file: 'doses.csv', required: ['dose_id', 'full_name'] }));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.message).toContain('lone CR');
    expect(e.message).not.toContain('Nguyễn');
    expect(thrown(() => parseCsvSync('dose_id\n', { file: 'doses.csv', required: ['full_name'] })).message).not.toContain('lone CR');
  });

  it('stops at the first MiB without a line end, as it comes in: HEADER_MISSING, not the whole input held as one header', async () => {
    const row = 'D1,Nguyễn Văn An\r';
    const chunks = async function* (): AsyncGenerator<Uint8Array> {
      yield Buffer.from('dose_id,full_name\r');
      // 64 MiB of lone-CR lines, 64 KiB at a time: the reader must give up long before the end.
      for (let i = 0; i < 1024; i++) yield Buffer.from(row.repeat(Math.ceil(65_536 / row.length)));
      throw new Error('read to the end');
    };
    const reader = readCsv(chunks(), { file: 'doses.csv', required: ['dose_id', 'full_name'] });
    const e = await reader.header().then(
      () => null,
      (err: unknown) => err as KhopError,
    );
    expect(e).toMatchObject({ code: 'HEADER_MISSING', where: { file: 'doses.csv', line: 1 } });
    expect(e!.message).toContain('lone CR');
    expect(e!.message).not.toContain('Nguyễn');
  });

  it.each([
    ['an NDJSON file', '{"dose_id":"D1","full_name":"Nguyễn Văn An"}\n', 'NDJSON'],
    ['an NDJSON file without quotes to trip on', '{}\n', 'NDJSON'],
    ['a register index', 'KHOPIDX\u0005\u0000\u0000', 'register index'],
  ])('says when the file is %s, not CSV', (_, text, named) => {
    const e = thrown(() => parseCsvSync(text, { file: 'doses.csv', required: ['dose_id', 'full_name'] }));
    expect(e.message).toContain(named);
    expect(e.message).not.toContain('Nguyễn');
  });

  it('names the file and every missing column, and no other header cell', () => {
    // Without a header the first data row is taken as one: its cells must not reach the message.
    const e = thrown(() => parseCsvSync('D1,001090000001,Nguyễn Văn An\n', { file: 'doses.csv', required: ['dose_id', 'citizen_id'] }));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.where.file).toBe('doses.csv');
    expect(e.message).toContain("'dose_id'");
    expect(e.message).toContain("'citizen_id'");
    expect(e.message).not.toContain('001090000001');
    expect(e.message).not.toContain('Nguyễn');
  });
});

describe('parseCsvSync: reconciliation', () => {
  // Each generated line is exactly one record of a known kind, so the expected counts are known.
  type Line = { kind: 'row'; cells: string[] } | { kind: 'reject'; text: Uint8Array } | { kind: 'blank' };
  const cell = fc.oneof(fc.constantFrom('', 'An', 'Nguyễn Thị', '1990', 'a,b', 'say "x"', 'x\ny', '𠀀'), fc.string({ maxLength: 4 }));
  const quote = (c: string): string => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const plain = fc.stringMatching(/^[a-z0-9 ]{0,5}$/);
  const lineArb: fc.Arbitrary<Line> = fc.oneof(
    fc.array(cell, { minLength: 3, maxLength: 3 }).map((cells) => ({ kind: 'row' as const, cells })),
    fc.array(cell, { minLength: 1, maxLength: 5 }).filter((c) => c.length !== 3 && !(c.length === 1 && c[0] === ''))
      .map((cells) => ({ kind: 'reject' as const, text: Buffer.from(cells.map(quote).join(',')) })),
    fc.tuple(plain, plain).map(([a, b]) => ({ kind: 'reject' as const, text: Buffer.from(`1,x${a}"${b},3`) })),
    fc.tuple(plain, plain).map(([a, b]) => ({ kind: 'reject' as const, text: Buffer.concat([Buffer.from(`1,${a}`), Buffer.from([0xc3]), Buffer.from(`${b},3`)]) })),
    fc.constant({ kind: 'blank' as const }),
  );

  it('rows + rejects = records after the header, each at its own line, for any mix of good and bad lines', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 15 }), fc.constantFrom('\n', '\r\n'), fc.boolean(), (lines, eol, unclosedLast) => {
        const parts: Uint8Array[] = [Buffer.from(`a,b,c${eol}`)];
        const expectedRows: { line: number; values: string[] }[] = [];
        const expectedRejects: number[] = [];
        let line = 2;
        for (const l of lines) {
          if (l.kind === 'row') {
            const text = l.cells.map(quote).join(',');
            expectedRows.push({ line, values: l.cells });
            parts.push(Buffer.from(text + eol));
            line += (text.match(/\n/g)?.length ?? 0) + 1;
            continue;
          }
          if (l.kind === 'reject') expectedRejects.push(line);
          const text = l.kind === 'reject' ? l.text : Buffer.alloc(0);
          parts.push(text, Buffer.from(eol));
          line += text.filter((b) => b === 0x0a).length + 1;
        }
        if (unclosedLast) {
          parts.push(Buffer.from('1,"never closed'));
          expectedRejects.push(line);
        }
        const t = parseCsvSync(Buffer.concat(parts), { file: 'x.csv' });
        expect(rowsOf(t)).toEqual(expectedRows);
        expect(t.rejects.map((r) => r.line)).toEqual(expectedRejects);
        expect(t.stats).toEqual({ rows: expectedRows.length, rejects: expectedRejects.length, blankLines: lines.filter((l) => l.kind === 'blank').length });
      }),
      { numRuns: 500 },
    );
  });
});

describe('readCsv (async)', () => {
  const text = `${DOSES_HEADER}\nD1,1,Nguyễn Văn An,1990,Nam,001\nD2,2,Trần\n"D3",3,"Lê\nThị",1991,Nữ,079\n"D4,4\nD5,5,Đỗ Hoà,2000,Nữ,096\n`;

  async function collect(source: Parameters<typeof readCsv>[0]): Promise<{ items: string[]; stats: unknown }> {
    const items: string[] = [];
    const reader = readCsv(source, { file: 'doses.csv', required: REQUIRED, onReject: (r) => items.push(`reject ${r.line} ${r.code}`) });
    for await (const row of reader) items.push(`row ${row.line} ${row.get('full_name')}`);
    return { items, stats: reader.stats };
  }

  const expected = {
    items: ['row 2 Nguyễn Văn An', 'reject 3 COLUMN_COUNT', 'row 4 Lê\nThị', 'reject 6 QUOTE_UNCLOSED', 'row 7 Đỗ Hoà'],
    stats: { rows: 3, rejects: 2, blankLines: 0 },
  };

  it.each([1, 2, 3, 7, 64, 1 << 20])('gives rows and rejects in input order, %i-byte chunks', async (size) => {
    expect(await collect(chunked(text, size))).toEqual(expected);
  });

  it('reads a file path', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-io-'));
    writeFileSync(join(dir, 'doses.csv'), text);
    expect(await collect(join(dir, 'doses.csv'))).toEqual(expected);
  });

  it('reads a Node Readable stream, also one with string chunks', async () => {
    expect(await collect(Readable.from([Buffer.from(text)]))).toEqual(expected);
    expect(await collect(Readable.from([text.slice(0, 40), text.slice(40)]))).toEqual(expected);
  });

  it('reads standard input when the source is -', () => {
    const module = fileURLToPath(new URL('../../src/io/csv-reader.ts', import.meta.url));
    const script = `import { readCsv } from ${JSON.stringify(module)};
      const out = [];
      for await (const row of readCsv('-', { file: 'stdin' })) out.push(row.get('full_name'));
      process.stdout.write(JSON.stringify(out));`;
    const r = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { input: text, encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(JSON.parse(r.stdout)).toEqual(['Nguyễn Văn An', 'Lê\nThị', 'Đỗ Hoà']);
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    await expect(collect('/nonexistent/doses.csv')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND', where: { file: 'doses.csv' } });
  });

  it('reports a directory as BAD_ARGUMENT', async () => {
    await expect(collect(tmpdir())).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });

  it('checks the header before any row: COLUMN_MISSING, FILE_EMPTY', async () => {
    await expect(collect(chunked('dose_id,dob\n1,2\n', 4))).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    await expect(collect(chunked('', 4))).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    await expect(readCsv(chunked('\n\n', 1), { file: 'x.csv' }).header()).rejects.toMatchObject({ code: 'FILE_EMPTY', where: { file: 'x.csv' } });
  });

  it('header() reads only as far as the header, and the rows still follow', async () => {
    const reader = readCsv(chunked(text, 5), { file: 'doses.csv' });
    expect((await reader.header()).names).toEqual(REQUIRED);
    const names: (string | undefined)[] = [];
    for await (const row of reader) names.push(row.get('full_name'));
    expect(names).toEqual(['Nguyễn Văn An', 'Lê\nThị', 'Đỗ Hoà']);
  });

  it('a header-only file gives a header and no rows', async () => {
    const reader = readCsv(chunked(`${DOSES_HEADER}\r\n`, 3), { file: 'doses.csv' });
    expect((await reader.header()).names).toEqual(REQUIRED);
    let n = 0;
    for await (const _ of reader) n++;
    expect([n, reader.stats.rows, reader.stats.rejects]).toEqual([0, 0, 0]);
  });

  it('closes the input when the loop stops early', async () => {
    const input = endlessIds();
    for await (const row of readCsv(input.source, { file: 'x.csv' })) if (row.get('id') === '5') break;
    expect(input.closed()).toBe(true);
  });
});

describe('readCsv: a header error closes the input', () => {
  it('stops reading and closes the source on COLUMN_MISSING', async () => {
    let closed = false;
    let reads = 0;
    async function* source(): AsyncGenerator<Uint8Array> {
      try {
        for (;;) {
          reads++;
          yield Buffer.from(reads === 1 ? 'a,b\n' : '1,2\n');
        }
      } finally {
        closed = true;
      }
    }
    await expect(readCsv(source(), { file: 'x.csv', required: ['c'] }).header()).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
    expect([closed, reads]).toEqual([true, 1]);
  });
});

describe('readCsv refuse: a record refused while its bytes are at hand', () => {
  const text = 'id,name\n1,An\n"",Bình\n3,"Chi, ""C"""\r\n4,Dũng\n';
  // Refuses an empty id and a name with a comma; keeps the record's own text as the reject's raw.
  const refuse = (record: CsvRecord) =>
    record.fieldEnd(0) === record.fieldStart(0) || record.field(1).includes(',')
      ? { file: 't.csv', line: record.line, code: 'RECORD_INVALID' as const, reason: 'refused', raw: record.raw() }
      : null;

  it('goes to onReject with its raw text, in input order with the rows (async and sync alike)', async () => {
    const events: string[] = [];
    const reader = readCsv(Readable.from([Buffer.from(text)]), { file: 't.csv', refuse, onReject: (r) => events.push(`reject ${r.line} ${r.raw}`) });
    for await (const row of reader) events.push(`row ${row.line} ${row.values.join('|')}`);
    expect(events).toEqual(['row 2 1|An', 'reject 3 "",Bình', 'reject 4 3,"Chi, ""C"""', 'row 5 4|Dũng']);
    const sync = parseCsvSync(text, { file: 't.csv', refuse });
    expect(sync.rows.map((r) => r.line)).toEqual([2, 5]);
    expect(sync.rejects.map((r) => [r.line, r.raw])).toEqual([[3, '"",Bình'], [4, '3,"Chi, ""C"""']]);
  });
});
