import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_CELL_LENGTH } from '../../src/api/matcher-schema.js';
import { csvRowBatches, type CsvRowBatch } from '../../src/cli/csv-batches.js';
import { scanCsv } from '../../src/io/csv-scanner.js';
import type { Reject } from '../../src/io/rejects.js';

/** The text's bytes as chunks cut at `cuts`. */
async function* chunks(text: string | Uint8Array, cuts: number[] = []): AsyncGenerator<Uint8Array> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    yield Buffer.from(bytes.subarray(prev, p));
    prev = p;
  }
}

interface Cut {
  batches: CsvRowBatch[];
  rejects: Reject[];
  records: number;
}

async function cut(text: string | Uint8Array, batchRows: number, required = ['id', 'name'], cuts: number[] = [], multilineCells?: boolean): Promise<Cut> {
  const out: Cut = { batches: [], rejects: [], records: 0 };
  const options = { file: 'd.csv', required, batchRows, onReject: (r: Reject) => out.rejects.push(r), onRecord: () => out.records++, multilineCells };
  for await (const b of csvRowBatches(chunks(text, cuts), options)) {
    out.batches.push(b);
  }
  return out;
}

/** The fields of every row of a batch's bytes, read on their own (as RegisterProbe.linkCsv reads them). */
function rowsOf(batch: CsvRowBatch): string[][] {
  const rows: string[][] = [];
  scanCsv(
    batch.bytes,
    (r) => {
      expect(r.error).toBeNull();
      const fields: string[] = [];
      for (let i = 0; i < r.fieldCount; i++) fields.push(r.field(i));
      rows.push(fields);
    },
    { skipBom: false },
  );
  return rows;
}

describe('csvRowBatches', () => {
  it('cuts the rows into batches of batchRows, each row readable from its batch alone', async () => {
    const text = '\uFEFFid,name\r\n1,An\r\n2,"Lê, Văn"\r\n3,"say ""hi"""\r\n4,"two\nlines"\r\n5,Đ\r\n';
    const { batches, rejects, records } = await cut(text, 2);
    expect(rejects).toEqual([]);
    expect(records).toBe(5);
    expect(batches.map((b) => b.rows)).toEqual([2, 2, 1]);
    expect(batches.every((b) => b.header.join('|') === 'id|name')).toBe(true);
    expect(batches.flatMap(rowsOf)).toEqual([
      ['1', 'An'],
      ['2', 'Lê, Văn'],
      ['3', 'say "hi"'],
      ['4', 'two\nlines'],
      ['5', 'Đ'],
    ]);
  });

  it('with multilineCells false, a quoted cell running past its line rejects that line, the next is read on its own', async () => {
    const text = 'id,name\r\n1,An\r\n4,"two\nlines"\r\n5,Đ\r\n';
    const { batches, rejects, records } = await cut(text, 2, ['id', 'name'], [], false);
    expect(rejects.map((r) => [r.line, r.code])).toEqual([
      [3, 'QUOTE_UNCLOSED'],
      [4, 'RECORD_INVALID'],
    ]);
    expect(batches.flatMap(rowsOf)).toEqual([
      ['1', 'An'],
      ['5', 'Đ'],
    ]);
    expect(records).toBe(4);
  });

  it('rejects, in input order with their lines, what the table rejects and cells too long; blank lines are skipped', async () => {
    const long = 'x'.repeat(MAX_CELL_LENGTH + 1);
    const bytes = Buffer.concat([
      Buffer.from(`id,name,note\n1,An,a\n\n2,Bình\n3,"Chi,c\n4,D"x,d\n5,${long},e\n6,Em,${long}\n7,`),
      Buffer.from([0xff]),
      Buffer.from(',g\n8,Hà,h\n9,"open,i\n'),
    ]);
    const { batches, rejects, records } = await cut(bytes, 100);
    expect(rejects.map((r) => [r.line, r.code, r.reason])).toEqual([
      [4, 'COLUMN_COUNT', 'column_count: expected 3, got 2'],
      // The quote opened on line 5 closes on line 6, then text follows it: line 5 alone is the
      // reject, and line 6 is read again on its own (a quote inside its unquoted field).
      [5, 'RECORD_INVALID', 'quote_misplaced: field 2 (name)'],
      [6, 'RECORD_INVALID', 'quote_misplaced: field 2 (name)'],
      [7, 'RECORD_INVALID', 'cell_too_long (name)'],
      [9, 'INVALID_UTF8', 'invalid_utf8: field 2 (name)'],
      [11, 'QUOTE_UNCLOSED', expect.stringContaining('quote_unclosed')],
    ]);
    // A long cell outside the required columns is kept, as the record path keeps it.
    expect(batches.flatMap(rowsOf).map((r) => r[0])).toEqual(['1', '6', '8']);
    expect(records).toBe(3 + rejects.length);
    expect(rejects[3].raw).toBe(`5,${long},e`);
  });

  it('throws FILE_EMPTY or COLUMN_MISSING before any batch', async () => {
    await expect(cut('', 10)).rejects.toMatchObject({ code: 'FILE_EMPTY' });
    await expect(cut('id,other\n1,x\n', 10)).rejects.toMatchObject({ code: 'COLUMN_MISSING' });
  });

  it('keeps a U+FEFF that begins a batch and a CR that ends a last field, as reading the file does', async () => {
    // `cat`-joined exports: a row may begin with a byte order mark, which is data there.
    const text = 'id,name\n\uFEFFD1,An\n\uFEFFD2,Bình\nD3,Chi\r\r\nD4,Dũng\r';
    const { batches } = await cut(text, 1);
    expect(batches.flatMap(rowsOf)).toEqual([
      ['\uFEFFD1', 'An'],
      ['\uFEFFD2', 'Bình'],
      ['D3', 'Chi\r'],
      ['D4', 'Dũng'],
    ]);
  });

  // Unquoted cells may hold a CR (data unless an LF follows) and U+FEFF; the oracle is the file
  // itself read by the scanner, so that whatever it makes of a cell, a batch must make the same.
  const PIECES = ['a', '7', ' ', ',', '"', '\r', '\n', '\r\n', 'ễ', 'Nguyễn', '𠀀', '\uFEFF'];
  const cellArb = fc.record({ value: fc.array(fc.constantFrom(...PIECES), { maxLength: 5 }).map((p) => p.join('')), quoted: fc.boolean() });
  const encode = (c: { value: string; quoted: boolean }): string => (c.quoted || /[",\n]/.test(c.value) ? `"${c.value.replaceAll('"', '""')}"` : c.value);

  it('hands on every row with the fields reading the whole file gives, in order, whatever the batch size and chunking', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.tuple(cellArb, cellArb), { maxLength: 30 }),
        fc.integer({ min: 1, max: 7 }),
        fc.constantFrom('\n', '\r\n'),
        fc.array(fc.nat({ max: 400 }), { maxLength: 8 }),
        async (rows, batchRows, eol, cuts) => {
          const text = `id,name${eol}${rows.map(([a, b]) => `${encode(a)},${encode(b)}${eol}`).join('')}`;
          const expected: string[][] = [];
          scanCsv(text, (r) => {
            const fields: string[] = [];
            for (let i = 0; i < r.fieldCount; i++) fields.push(r.field(i));
            // A row with an empty ID is refused (record-check.ts), so the oracle drops it too.
            if (r.line > 1 && r.error === null && r.fieldCount === 2 && fields[0] !== '') expected.push(fields);
          });
          const { batches } = await cut(text, batchRows, ['id', 'name'], cuts);
          expect(batches.every((b) => b.rows <= batchRows && b.rows > 0)).toBe(true);
          expect(batches.slice(0, -1).every((b) => b.rows === batchRows)).toBe(true);
          expect(batches.flatMap(rowsOf)).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });
});
