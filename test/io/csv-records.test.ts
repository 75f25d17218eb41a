/**
 * readCsvRecords (csv-records.ts) follows readCsv's rules exactly: readCsv is its oracle for
 * rows (decoded from the record views), line numbers, rejects, their order and the counts.
 */
import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readCsv, type ReadCsvOptions } from '../../src/io/csv-reader.js';
import { readCsvRecords } from '../../src/io/csv-records.js';
import { endlessIds } from './endless-source.js';

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

type Event = string;

/** Everything readCsv reports, as one ordered list of events plus its counts. */
async function viaReadCsv(bytes: Uint8Array, size: number, options: Omit<ReadCsvOptions, 'onReject'>): Promise<{ events: Event[]; stats: unknown }> {
  const events: Event[] = [];
  const reader = readCsv(chunked(bytes, size), { ...options, onReject: (r) => events.push(`reject ${JSON.stringify(r)}`) });
  events.push(`header ${JSON.stringify((await reader.header()).names)}`);
  for await (const row of reader) events.push(`row ${row.line} ${JSON.stringify(row.values)}`);
  return { events, stats: reader.stats };
}

async function viaRecords(bytes: Uint8Array, size: number, options: Omit<ReadCsvOptions, 'onReject'>): Promise<{ events: Event[]; stats: unknown }> {
  const events: Event[] = [];
  const stats = await readCsvRecords(chunked(bytes, size), { ...options, onReject: (r) => events.push(`reject ${JSON.stringify(r)}`) }, (header) => {
    events.push(`header ${JSON.stringify(header.names)}`);
    return (record) => {
      const values = Array.from({ length: record.fieldCount }, (_, i) => record.field(i));
      events.push(`row ${record.line} ${JSON.stringify(values)}`);
    };
  });
  return { events, stats };
}

const DAMAGED = Buffer.concat([
  Buffer.from('\uFEFF id , name ,dob\r\n'),
  Buffer.from('1,"Lê ""Bé""\r\nThị",1990\r\n'),
  Buffer.from('\r\n'),
  Buffer.from('2,too,many,cells\r\n'),
  Buffer.from('3,x"y,1991\r\n'),
  Buffer.concat([Buffer.from('4,Ng'), Buffer.from([0xff]), Buffer.from('uyễn,1992\r\n')]),
  Buffer.from('5,"a"b,1993\n'),
  Buffer.from('6,😀 \uFEFF\rz,1994\n'),
  Buffer.from('\n'),
  Buffer.from('7,"never closed,1995\n'),
  Buffer.from('8,Đỗ,1996'),
]);

describe('readCsvRecords: the same rows, rejects and counts as readCsv', () => {
  it.each([1, 2, 3, 5, 16, 1 << 20])('on a damaged input read in %i-byte chunks', async (size) => {
    const options = { file: 'x.csv', required: ['id', 'name'] };
    const expected = await viaReadCsv(DAMAGED, size, options);
    expect(expected.events.filter((e) => e.startsWith('reject')).length).toBe(5);
    expect(await viaRecords(DAMAGED, size, options)).toEqual(expected);
  });

  const cell = fc.oneof(fc.constantFrom('', 'An', 'Nguyễn Thị', 'a,b', 'say "x"', '""', 'x\r\ny', '𠀀'), fc.string({ maxLength: 4 }));
  const quote = (c: string): string => (/[",\r\n]/.test(c) ? `"${c.replaceAll('"', '""')}"` : c);
  const line = fc.oneof(
    fc.array(cell, { minLength: 1, maxLength: 4 }).map((cells) => Buffer.from(cells.map(quote).join(','))),
    fc.string({ maxLength: 8 }).map((s) => Buffer.from(s)),
    fc.uint8Array({ maxLength: 6 }).map((b) => Buffer.from(b)),
  );

  it('for any mix of good and bad lines, any chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 12 }), fc.constantFrom('\n', '\r\n'), fc.integer({ min: 1, max: 40 }), async (lines, eol, size) => {
        const bytes = Buffer.concat([Buffer.from(`a,b,c${eol}`), ...lines.flatMap((l) => [l, Buffer.from(eol)])]);
        const options = { file: 'x.csv' };
        expect(await viaRecords(bytes, size, options)).toEqual(await viaReadCsv(bytes, size, options));
      }),
      { numRuns: 300 },
    );
  });
});

describe('readCsvRecords: header errors and stopping', () => {
  const noRows = () => () => {
    throw new Error('no row expected');
  };

  it.each<[string, string, string]>([
    ['an empty input', '', 'FILE_EMPTY'],
    ['only a BOM and blank lines', '\uFEFF\n\r\n', 'FILE_EMPTY'],
    ['a header without a required column', 'dose_id,dob\n1,2\n', 'COLUMN_MISSING'],
    ['a header with a misplaced quote', 'dose_id,"full"_name\n', 'RECORD_INVALID'],
  ])('%s → %s', async (_name, text, code) => {
    const options = { file: 'x.csv', required: ['dose_id', 'full_name'] };
    await expect(readCsvRecords(chunked(Buffer.from(text), 3), options, noRows)).rejects.toMatchObject({ code, where: { file: 'x.csv' } });
  });

  it('a header-only file calls open once and gives no rows', async () => {
    let opened = 0;
    const stats = await readCsvRecords(chunked(Buffer.from('a,b'), 1), { file: 'x.csv' }, () => (opened++, noRows()));
    expect([opened, stats]).toEqual([1, { rows: 0, rejects: 0, blankLines: 0 }]);
  });

  it('stops at the next chunk once the signal is aborted, and closes the input', async () => {
    const controller = new AbortController();
    const input = endlessIds();
    const seen: number[] = [];
    const read = readCsvRecords(input.source, { file: 'x.csv', signal: controller.signal }, () => (record) => {
      seen.push(record.line);
      if (seen.length === 3) controller.abort(new Error('stop'));
    });
    await expect(read).rejects.toThrow('stop');
    expect([seen, input.closed()]).toEqual([[2, 3, 4], true]);
  });

  it("closes the input when the row handler throws, and passes the handler's error on", async () => {
    const input = endlessIds();
    const read = readCsvRecords(input.source, { file: 'x.csv' }, () => (record) => {
      if (record.line === 5) throw new Error('handler failed');
    });
    await expect(read).rejects.toThrow('handler failed');
    expect(input.closed()).toBe(true);
  });
});
