import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as csvParse } from 'csv-parse/sync';
import { CsvWriter, formatCsvCell, formatCsvRow, type CsvCell } from '../../src/io/csv-writer.js';

/** A Writable that keeps what it receives, slowly and with a tiny buffer, to force backpressure. */
class SlowSink extends Writable {
  chunks: string[] = [];
  constructor() {
    super({ highWaterMark: 16, decodeStrings: false });
  }
  override _write(chunk: string, _enc: BufferEncoding, done: (err?: Error) => void): void {
    this.chunks.push(String(chunk));
    setImmediate(done);
  }
  get text(): string {
    return this.chunks.join('');
  }
}

describe('formatCsvCell: formula injection (OWASP CSV Injection)', () => {
  it.each<[CsvCell, string]>([
    ['=1+2', "'=1+2"],
    ['+84912345678', "'+84912345678"],
    ['-2+3', "'-2+3"],
    ['@SUM(A1:A2)', "'@SUM(A1:A2)"],
    ['\tTab', "'\tTab"],
    ['\rCR', '"\'\rCR"'],
    ['\0nul', "'\0nul"],
    ['=HYPERLINK("http://x","y")', '"\'=HYPERLINK(""http://x"",""y"")"'],
    ['=a,b', '"\'=a,b"'],
    ['-', "'-"],
    ['--1', "'--1"],
    ['-1.5.2', "'-1.5.2"],
    ['-e5', "'-e5"],
    // plain numbers are not formulas: left alone
    ['-1.5', '-1.5'],
    ['-12', '-12'],
    ['-2e-3', '-2e-3'],
    ['-2E+4', '-2E+4'],
    [-3.25, '-3.25'],
    [0, '0'],
    ['1=2', '1=2'],
    ['a-b', 'a-b'],
    // unaffected cells
    ['Nguyễn Thị Hương', 'Nguyễn Thị Hương'],
    ["'quoted already", "'quoted already"],
    ['', ''],
    [null, ''],
    [undefined, ''],
    [true, 'true'],
  ])('%j → %j', (input, expected) => {
    expect(formatCsvCell(input)).toBe(expected);
  });

  it('can be turned off', () => {
    expect(formatCsvCell('=1+2', false)).toBe('=1+2');
  });
});

describe('formatCsvCell: RFC 4180 quoting', () => {
  it.each<[string, string]>([
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['cr\rhere', '"cr\rhere"'],
    [' spaces ', ' spaces '],
    ['plain', 'plain'],
  ])('%j → %j', (input, expected) => {
    expect(formatCsvCell(input)).toBe(expected);
  });
});

const cellText = fc.oneof(
  fc.string({ maxLength: 8 }),
  fc.constantFrom('', ',', '"', '""', '\n', '\r\n', '\r', 'Nguyễn Thị', '=SUM(A1)', '-1.5', '+84', '@x', '\tx', '𠀀'),
);
const rowsArb = fc.array(fc.array(cellText, { minLength: 2, maxLength: 5 }), { minLength: 1, maxLength: 10 });

/** What a cell should read back as: the value, with a leading ' when it looks like a formula. */
function expectedCell(s: string): string {
  return /^[=+\-@\t\r\0]/.test(s) && !/^-?\d+(\.\d+)?([eE][-+]?\d+)?$/.test(s) ? `'${s}` : s;
}

describe('CsvWriter round trip through csv-parse', () => {
  it('reads back every value exactly when formula escaping is off', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const text = rows.map((r) => formatCsvRow(r, false)).join('');
        expect(csvParse(text, { relax_column_count: true })).toEqual(rows);
      }),
      { numRuns: 500 },
    );
  });

  it('reads back every value, formula-like ones with a leading quote, when escaping is on', () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const text = rows.map((r) => formatCsvRow(r)).join('');
        expect(csvParse(text, { relax_column_count: true })).toEqual(rows.map((r) => r.map(expectedCell)));
      }),
      { numRuns: 500 },
    );
  });

  it('writes to a slow Writable in order, waiting for drain, without closing it', async () => {
    const sink = new SlowSink();
    const writer = new CsvWriter(sink, { header: ['id', 'name'], bufferChars: 64 });
    let waits = 0;
    const rows = Array.from({ length: 500 }, (_, i) => [String(i), `Trần Văn ${i}, "con"`]);
    for (const r of rows) {
      const p = writer.writeRow(r);
      if (p !== undefined) {
        waits++;
        await p;
      }
    }
    await writer.end();
    expect(waits).toBeGreaterThan(0);
    expect(sink.writableEnded).toBe(false);
    expect(csvParse(sink.text)).toEqual([['id', 'name'], ...rows]);
    expect(writer.rows).toBe(500);
  });

  it('writes rows given as UTF-8 bytes in order with text rows, waiting for drain, never twice for one drain', async () => {
    const sink = new SlowSink();
    const writer = new CsvWriter(sink, { header: ['id', 'name'], bufferChars: 64 });
    const rows = Array.from({ length: 300 }, (_, i) => [String(i), `Nguyễn Thị ${i}, "bé"`]);
    let waits = 0;
    for (let i = 0; i < rows.length; i += 3) {
      // One row as text, then the next two as bytes formatted elsewhere (a worker's range).
      const pending = [
        writer.writeRow(rows[i]),
        writer.writeFormattedBytes(Buffer.from(rows.slice(i + 1, i + 3).map((r) => formatCsvRow(r)).join('')), rows.slice(i + 1, i + 3).length),
      ];
      for (const p of pending) {
        if (p === undefined) continue;
        waits++;
        await p;
      }
    }
    await writer.end();
    expect(waits).toBeGreaterThan(0);
    expect(csvParse(sink.text)).toEqual([['id', 'name'], ...rows]);
    expect(writer.rows).toBe(300);
  });

  it('passes a stream error through to a bytes write', async () => {
    const broken = new Writable({
      write(_c, _e, done) {
        done(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' }));
      },
    });
    const writer = new CsvWriter(broken, { bufferChars: 1 });
    await writer.writeFormattedBytes(Buffer.from('a\n'), 1)?.catch(() => {});
    await expect(writer.writeFormattedBytes(Buffer.from('b\n'), 1)).rejects.toMatchObject({ code: 'EPIPE' });
    await expect(writer.end()).rejects.toMatchObject({ code: 'EPIPE' });
  });

  it('writes a file with LF endings and no BOM', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'khop-io-')), 'out.csv');
    const writer = new CsvWriter(path, { header: ['a', 'b'] });
    await writer.writeRow(['Đức', -0.5]);
    await writer.end();
    const bytes = readFileSync(path);
    expect(bytes.subarray(0, 3).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
    expect(bytes.toString('utf8')).toBe('a,b\nĐức,-0.5\n');
  });

  it('reports an output directory that does not exist as FILE_NOT_FOUND', async () => {
    const writer = new CsvWriter('/nonexistent-dir/out.csv');
    writer.writeRow(['a']);
    await expect(writer.end()).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it.each([
    ['raised by the stream', (err: Error) => new Writable({ write: (_c, _e, done) => done(err) })],
    [
      'thrown by a synchronous stream (stdout on a file)',
      (err: Error) =>
        Object.assign(new Writable({ write: (_c, _e, done) => done() }), {
          write: () => {
            throw err;
          },
        }),
    ],
  ])('a full disk %s is WRITE_FAILED, not the raw error', async (_, make) => {
    const writer = new CsvWriter(make(Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC' })), { bufferChars: 1 });
    await writer.writeFormattedBytes(Buffer.from('a\n'), 1)?.catch(() => {});
    await expect(writer.writeFormattedBytes(Buffer.from('b\n'), 1)).rejects.toMatchObject({ name: 'KhopError', code: 'WRITE_FAILED' });
  });

  it.skipIf(!existsSync('/dev/full'))('a file that stops taking bytes is WRITE_FAILED naming it', async () => {
    const writer = new CsvWriter('/dev/full', { header: ['a'] });
    await writer.writeRow(['x']);
    await expect(writer.end()).rejects.toMatchObject({ code: 'WRITE_FAILED', where: { file: '/dev/full' } });
  });

  it('passes a closed pipe (EPIPE) through as the stream raised it', async () => {
    const broken = new Writable({
      write(_c, _e, done) {
        const err = Object.assign(new Error('write EPIPE'), { code: 'EPIPE' });
        done(err);
      },
    });
    const writer = new CsvWriter(broken, { bufferChars: 1 });
    await expect(writer.writeRow(['a'])).rejects.toMatchObject({ code: 'EPIPE' });
    await expect(writer.end()).rejects.toMatchObject({ code: 'EPIPE' });
  });
});
