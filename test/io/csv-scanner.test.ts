import { Buffer } from 'node:buffer';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as csvParse } from 'csv-parse/sync';
import { CsvScanner, completeUtf8Prefix, RAW_MAX_BYTES, scanCsv, type CsvRecord, type CsvScannerOptions } from '../../src/io/csv-scanner.js';

interface Scanned {
  line: number;
  fields: string[];
  error: string | null;
  reason: string;
  raw: string;
}

function copyRecord(r: CsvRecord): Scanned {
  const fields: string[] = [];
  for (let i = 0; i < r.fieldCount; i++) fields.push(r.field(i));
  return { line: r.line, fields, error: r.error, reason: r.reason(), raw: r.raw() };
}

/** Feeds `bytes` cut at `cuts`; each chunk is wiped after push, as a reader reusing its buffer would. */
function scanInChunks(bytes: Uint8Array, cuts: number[], plainArrays = false, options: CsvScannerOptions = {}): Scanned[] {
  const out: Scanned[] = [];
  const scanner = new CsvScanner((r) => out.push(copyRecord(r)), options);
  const points = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  let prev = 0;
  for (const p of [...points, bytes.length]) {
    const chunk = plainArrays ? new Uint8Array(bytes.subarray(prev, p)) : Buffer.from(bytes.subarray(prev, p));
    scanner.push(chunk);
    chunk.fill(0x21);
    prev = p;
  }
  scanner.end();
  return out;
}

function scanText(text: string | Uint8Array): Scanned[] {
  const out: Scanned[] = [];
  scanCsv(text, (r) => out.push(copyRecord(r)));
  return out;
}

// --- random CSV, written the way a correct writer would ---------------------------------------

/** Pieces chosen to hit every branch: separators, quotes, CR/LF, 2-, 3- and 4-byte UTF-8. */
const PIECES = ['a', 'Z', '7', ' ', ',', '"', '""', '\r', '\n', '\r\n', 'ễ', 'Đ', 'ư', 'Nguyễn', 'Thị', 'Hương', '𠀀', 'é'];
const fieldArb = fc.array(fc.constantFrom(...PIECES), { maxLength: 6 }).map((p) => p.join(''));
const cellArb = fc.record({ value: fieldArb, quoted: fc.boolean() });
const recordArb = fc.array(cellArb, { minLength: 1, maxLength: 6 });
const csvArb = fc.record({
  records: fc.array(recordArb, { maxLength: 12 }),
  eol: fc.constantFrom('\n', '\r\n'),
  bom: fc.boolean(),
  trailingEol: fc.boolean(),
});

function encodeCell(cell: { value: string; quoted: boolean }): string {
  const must = /[",\r\n]/.test(cell.value);
  return must || cell.quoted ? `"${cell.value.replaceAll('"', '""')}"` : cell.value;
}

interface Generated {
  text: string;
  /** The line each record starts on, computed from the generated text. */
  lines: number[];
}

function render(csv: { records: { value: string; quoted: boolean }[][]; eol: string; bom: boolean; trailingEol: boolean }): Generated {
  const encoded = csv.records.map((r) => r.map(encodeCell).join(','));
  // A last record that is an empty line only exists if a terminator follows it.
  const trailing = csv.trailingEol || (encoded.length > 0 && encoded[encoded.length - 1] === '');
  const lines: number[] = [];
  let line = 1;
  for (const e of encoded) {
    lines.push(line);
    line += (e.match(/\n/g)?.length ?? 0) + 1;
  }
  const text = (csv.bom ? '\uFEFF' : '') + encoded.join(csv.eol) + (trailing && encoded.length > 0 ? csv.eol : '');
  return { text, lines };
}

const cutsArb = fc.array(fc.nat({ max: 2000 }), { maxLength: 16 });

describe('CsvScanner against csv-parse as oracle', () => {
  it('finds the same records and field values for any chunk split', () => {
    fc.assert(
      fc.property(csvArb, cutsArb, fc.boolean(), (csv, cuts, plain) => {
        const { text } = render(csv);
        const expected = csvParse(text, { relax_column_count: true, bom: true }) as string[][];
        const got = scanInChunks(Buffer.from(text, 'utf8'), cuts, plain);
        expect(got.map((r) => r.error)).toEqual(expected.map(() => null));
        expect(got.map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 1500 },
    );
  });

  it('gives the same records fed one byte at a time (splits inside UTF-8, CRLF and "")', () => {
    fc.assert(
      fc.property(csvArb, (csv) => {
        const { text } = render(csv);
        const bytes = Buffer.from(text, 'utf8');
        const everyByte = Array.from({ length: bytes.length }, (_, i) => i);
        expect(scanInChunks(bytes, everyByte).map((r) => r.fields)).toEqual(csvParse(text, { relax_column_count: true, bom: true }));
      }),
      { numRuns: 300 },
    );
  });

  it('reports the physical line each record starts on, also after quoted line breaks', () => {
    fc.assert(
      fc.property(csvArb, cutsArb, (csv, cuts) => {
        const { text, lines } = render(csv);
        expect(scanInChunks(Buffer.from(text, 'utf8'), cuts).map((r) => r.line)).toEqual(lines);
      }),
      { numRuns: 500 },
    );
  });

  it('gives raw text equal to the record as written, without its terminator', () => {
    fc.assert(
      fc.property(csvArb, cutsArb, (csv, cuts) => {
        const { text } = render(csv);
        const got = scanInChunks(Buffer.from(text, 'utf8'), cuts);
        const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
        expect(got.map((r) => r.raw).join(csv.eol)).toBe(body.endsWith(csv.eol) && got.length > 0 ? body.slice(0, -csv.eol.length) : body);
      }),
      { numRuns: 500 },
    );
  });

  it('exposes field bytes that decode to the field value unless the field has "" escapes', () => {
    fc.assert(
      fc.property(csvArb, (csv) => {
        const { text } = render(csv);
        scanCsv(text, (r) => {
          for (let i = 0; i < r.fieldCount; i++) {
            const decoded = Buffer.from(r.fieldBytes(i)).toString('utf8');
            expect(r.fieldEscaped(i) ? decoded.replaceAll('""', '"') : decoded).toBe(r.field(i));
            expect(r.fieldEscaped(i)).toBe(decoded.includes('""'));
          }
        });
      }),
      { numRuns: 300 },
    );
  });
});

describe('CsvScanner table cases', () => {
  it.each<[string, string, { line: number; fields: string[] }[]]>([
    ['LF', 'a,b\nc,d\n', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
    ['CRLF', 'a,b\r\nc,d\r\n', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
    ['no final terminator', 'a,b\nc,d', [{ line: 1, fields: ['a', 'b'] }, { line: 2, fields: ['c', 'd'] }]],
    ['CR at end of input', 'a,b\r', [{ line: 1, fields: ['a', 'b'] }]],
    ['BOM skipped', '\uFEFFid,x\n1,2\n', [{ line: 1, fields: ['id', 'x'] }, { line: 2, fields: ['1', '2'] }]],
    ['BOM only at the start', 'a\n\uFEFFb\n', [{ line: 1, fields: ['a'] }, { line: 2, fields: ['\uFEFFb'] }]],
    ['quoted newline keeps lines right', '"x\ny\nz",1\nnext,2\n', [{ line: 1, fields: ['x\ny\nz', '1'] }, { line: 4, fields: ['next', '2'] }]],
    ['quoted CRLF is data', '"x\r\ny",1\r\nq,2\r\n', [{ line: 1, fields: ['x\r\ny', '1'] }, { line: 3, fields: ['q', '2'] }]],
    ['"" unescaped', '"say ""hi""",""\n', [{ line: 1, fields: ['say "hi"', ''] }]],
    ['empty fields', ',,\n', [{ line: 1, fields: ['', '', ''] }]],
    ['blank line is one empty field', 'a\n\nb\n', [{ line: 1, fields: ['a'] }, { line: 2, fields: [''] }, { line: 3, fields: ['b'] }]],
    ['lone CR inside an unquoted field is data', 'a\rb,c\n', [{ line: 1, fields: ['a\rb', 'c'] }]],
    ['Vietnamese text', 'Nguyễn Thị Hương,Đức\n', [{ line: 1, fields: ['Nguyễn Thị Hương', 'Đức'] }]],
    ['empty input', '', []],
    ['BOM only', '\uFEFF', []],
  ])('%s', (_name, input, expected) => {
    expect(scanText(input).map((r) => ({ line: r.line, fields: r.fields }))).toEqual(expected);
    expect(scanText(input).every((r) => r.error === null)).toBe(true);
  });

  it.each<[string, string, { line: number; error: string | null; reason: string; raw: string }[]]>([
    [
      'quote open at end of input: its line is rejected, the next lines are still read',
      'id,n\n1,"abc\n2,x\n3,y\n',
      [
        { line: 1, error: null, reason: '', raw: 'id,n' },
        { line: 2, error: 'QUOTE_UNCLOSED', reason: 'quote_unclosed', raw: '1,"abc' },
        { line: 3, error: null, reason: '', raw: '2,x' },
        { line: 4, error: null, reason: '', raw: '3,y' },
      ],
    ],
    ['quote open on the last line, no terminator', 'a\n"b', [{ line: 1, error: null, reason: '', raw: 'a' }, { line: 2, error: 'QUOTE_UNCLOSED', reason: 'quote_unclosed', raw: '"b' }]],
    ['quote open on a CRLF line', '"b\r\nc\r\n', [{ line: 1, error: 'QUOTE_UNCLOSED', reason: 'quote_unclosed', raw: '"b' }, { line: 2, error: null, reason: '', raw: 'c' }]],
    ['quote inside an unquoted field', 'ab"c,d\ne,f\n', [{ line: 1, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 1', raw: 'ab"c,d' }, { line: 2, error: null, reason: '', raw: 'e,f' }]],
    ['text after a closing quote', 'x,"ab"c,d\ne\n', [{ line: 1, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 2', raw: 'x,"ab"c,d' }, { line: 2, error: null, reason: '', raw: 'e' }]],
    ['closing quote, CR, then text', '"ab"\rc\n', [{ line: 1, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 1', raw: '"ab"\rc' }]],
    [
      'two stray quotes lines apart: the first line alone is rejected, the rows between are read',
      'id,n,d\n1,x,y\n2,"x,y\n3,x,y\n4,x,y\n5,"x,y\n6,x,y\n',
      [
        { line: 1, error: null, reason: '', raw: 'id,n,d' },
        { line: 2, error: null, reason: '', raw: '1,x,y' },
        { line: 3, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 2', raw: '2,"x,y' },
        { line: 4, error: null, reason: '', raw: '3,x,y' },
        { line: 5, error: null, reason: '', raw: '4,x,y' },
        { line: 6, error: 'QUOTE_UNCLOSED', reason: 'quote_unclosed', raw: '5,"x,y' },
        { line: 7, error: null, reason: '', raw: '6,x,y' },
      ],
    ],
    [
      'the same, the input ending without a line break',
      'a\n"b\nc\n"d',
      [
        { line: 1, error: null, reason: '', raw: 'a' },
        { line: 2, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 1', raw: '"b' },
        { line: 3, error: null, reason: '', raw: 'c' },
        { line: 4, error: 'QUOTE_UNCLOSED', reason: 'quote_unclosed', raw: '"d' },
      ],
    ],
    [
      'a stray quote in another field than the one spanning lines: one reject, the quoted lines stay its text',
      'h,h2,h3\n1,O"Brien,"note line\n2,Fake,Row\n"\n3,Real,Row\n',
      [
        { line: 1, error: null, reason: '', raw: 'h,h2,h3' },
        { line: 2, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 2', raw: '1,O"Brien,"note line\n2,Fake,Row\n"' },
        { line: 5, error: null, reason: '', raw: '3,Real,Row' },
      ],
    ],
    [
      'the last record, without a line break, is split as any other',
      'h\n"x\ny"z',
      [
        { line: 1, error: null, reason: '', raw: 'h' },
        { line: 2, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 1', raw: '"x' },
        { line: 3, error: 'RECORD_INVALID', reason: 'quote_misplaced: field 1', raw: 'y"z' },
      ],
    ],
    [
      'a well-formed quoted field spanning lines stays one record',
      'a,"b\nc",d\ne\n',
      [
        { line: 1, error: null, reason: '', raw: 'a,"b\nc",d' },
        { line: 3, error: null, reason: '', raw: 'e' },
      ],
    ],
  ])('%s', (_name, input, expected) => {
    expect(scanText(input).map(({ line, error, reason, raw }) => ({ line, error, reason, raw }))).toEqual(expected);
  });

  it.each<[string, number[], { line: number; error: string | null; reason: string }[]]>([
    ['a lone continuation byte', [...Buffer.from('a,b\nc,'), 0x80, ...Buffer.from('d\ne,f\n')], [{ line: 1, error: null, reason: '' }, { line: 2, error: 'INVALID_UTF8', reason: 'invalid_utf8: field 2' }, { line: 3, error: null, reason: '' }]],
    ['a Windows-1252 byte (ễ typed in a legacy font)', [...Buffer.from('Nguy'), 0xea, ...Buffer.from('n,1\n')], [{ line: 1, error: 'INVALID_UTF8', reason: 'invalid_utf8: field 1' }]],
    ['a truncated sequence at end of input', [...Buffer.from('a,b\nc,'), 0xe1, 0xbb], [{ line: 1, error: null, reason: '' }, { line: 2, error: 'INVALID_UTF8', reason: 'invalid_utf8: field 2' }]],
    ['an overlong encoding of "/"', [0xc0, 0xaf, 0x0a], [{ line: 1, error: 'INVALID_UTF8', reason: 'invalid_utf8: field 1' }]],
    ['a UTF-16 surrogate encoded in UTF-8', [...Buffer.from('x,'), 0xed, 0xa0, 0x80, 0x0a], [{ line: 1, error: 'INVALID_UTF8', reason: 'invalid_utf8: field 2' }]],
  ])('invalid UTF-8: %s is reported on its record only', (_name, bytes, expected) => {
    const input = Uint8Array.from(bytes);
    for (const cuts of [[], Array.from({ length: input.length }, (_, i) => i)]) {
      expect(scanInChunks(input, cuts).map(({ line, error, reason }) => ({ line, error, reason }))).toEqual(expected);
    }
  });

  it.each<[string, string, [number, string | null, string][]]>([
    [
      'lines that each open a quote the next line closes: each line its own reject',
      'h\n' + 'x,"a\n'.repeat(3) + '"b\n1,ok\n',
      [[1, null, 'h'], [2, 'RECORD_INVALID', 'x,"a'], [3, 'RECORD_INVALID', 'x,"a'], [4, 'RECORD_INVALID', 'x,"a'], [5, 'QUOTE_UNCLOSED', '"b'], [6, null, '1,ok']],
    ],
    [
      'a stray quote in a field before the one that runs on: one reject up to the closing quote, as before',
      'h,h2\n' + 'a"b,"c\n'.repeat(3) + '"\n1,ok\n',
      [[1, null, 'h,h2'], [2, 'RECORD_INVALID', 'a"b,"c\na"b,"c\na"b,"c\n"'], [6, null, '1,ok']],
    ],
  ])('%s, for any chunk split', (_, text, expected) => {
    const input = Buffer.from(text);
    for (const cuts of [[], [7], Array.from({ length: input.length }, (_, i) => i)]) {
      expect(scanInChunks(input, cuts).map((r) => [r.line, r.error, r.raw])).toEqual(expected);
    }
  });

  it('reads the rows between two stray quotes alike for any chunk split', () => {
    const input = Buffer.from('id,n\n1,x\n2,"x\n3,x\n4,"x\n5,x\n');
    const whole = scanInChunks(input, []);
    expect(whole.map((r) => r.raw)).toEqual(['id,n', '1,x', '2,"x', '3,x', '4,"x', '5,x']);
    fc.assert(
      fc.property(fc.array(fc.nat(input.length), { maxLength: 6 }), (cuts) => {
        expect(scanInChunks(input, cuts)).toEqual(whole);
      }),
      { numRuns: 200, examples: [[Array.from({ length: input.length }, (_, i) => i)]] },
    );
  });

  it('gives the raw text of a record over RAW_MAX_BYTES cut there, at a character boundary, with …', () => {
    // 'ễ' is 3 bytes: placed so that the cut falls inside one.
    const text = 'a'.repeat(RAW_MAX_BYTES - 1) + 'ễ'.repeat(10) + ',"x\n';
    const [r] = scanText(text);
    expect(r.raw.endsWith('…')).toBe(true);
    expect(r.raw.length).toBe(RAW_MAX_BYTES - 1 + 1);
    expect(r.raw).not.toContain('\uFFFD');
    expect(scanText('short,"x\n')[0].raw).toBe('short,"x');
  });

  it('shows invalid bytes as U+FFFD in raw text rather than dropping them', () => {
    const [r] = scanText(Uint8Array.from([0x61, 0xff, 0x62, 0x0a]));
    expect(r.raw).toBe('a\uFFFDb');
  });

  it('rejects a quoted field longer than maxRecordBytes line by line instead of buffering the rest of the input', () => {
    const body = Array.from({ length: 200 }, (_, i) => `${i},x`).join('\n');
    const out: Scanned[] = [];
    const scanner = new CsvScanner((r) => out.push(copyRecord(r)), { maxRecordBytes: 64 });
    const bytes = Buffer.from(`"open\n${body}\n`);
    for (let i = 0; i < bytes.length; i += 16) scanner.push(bytes.subarray(i, i + 16));
    scanner.end();
    expect(out[0]).toMatchObject({ line: 1, error: 'QUOTE_UNCLOSED', raw: '"open' });
    expect(out.slice(1).map((r) => r.fields)).toEqual(body.split('\n').map((l) => l.split(',')));
    expect(out.slice(1).map((r) => r.line)).toEqual(body.split('\n').map((_, i) => i + 2));
  });

  it('reads records with more fields than its initial capacity', () => {
    const row = Array.from({ length: 100 }, (_, i) => `f${i}`);
    expect(scanText(`${row.join(',')}\n${row.join(',')}`).map((r) => r.fields)).toEqual([row, row]);
  });

  it('refuses push after end', () => {
    const scanner = new CsvScanner(() => {});
    scanner.end();
    expect(() => scanner.push(Buffer.from('a'))).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});

describe('CsvScanner with multilineCells: false (cells hold no line breaks)', () => {
  const single = { multilineCells: false };
  it.each<[string, string, [number, string | null, string][]]>([
    [
      'a stray quote closed lines later with the right column count: each line read, not one merged row',
      'id,n,y\n1,"An,1990\n2,Binh,1991\n3,Chi",1992\n',
      [[1, null, 'id,n,y'], [2, 'QUOTE_UNCLOSED', '1,"An,1990'], [3, null, '2,Binh,1991'], [4, 'RECORD_INVALID', '3,Chi",1992']],
    ],
    [
      'lines that each open a quote that never closes: each its own reject, the rest read',
      'h,n\n' + 'x,"a\n'.repeat(3) + '1,ok\n',
      [[1, null, 'h,n'], [2, 'QUOTE_UNCLOSED', 'x,"a'], [3, 'QUOTE_UNCLOSED', 'x,"a'], [4, 'QUOTE_UNCLOSED', 'x,"a'], [5, null, '1,ok']],
    ],
    ['CRLF: the CR is not part of the rejected line', 'h,n\r\nx,"a\r\n1,ok\r\n', [[1, null, 'h,n'], [2, 'QUOTE_UNCLOSED', 'x,"a'], [3, null, '1,ok']]],
    ['an open quote on the last line without a terminator', 'h,n\n1,ok\nx,"a', [[1, null, 'h,n'], [2, null, '1,ok'], [3, 'QUOTE_UNCLOSED', 'x,"a']]],
    ['quoted cells closed on their line are read as ever', 'h,n\n1,"a, b"\n2,"say ""hi"""\n', [[1, null, 'h,n'], [2, null, '1,"a, b"'], [3, null, '2,"say ""hi"""']]],
  ])('%s, for any chunk split', (_, text, expected) => {
    const input = Buffer.from(text);
    for (const cuts of [[], [9], Array.from({ length: input.length }, (_, i) => i)]) {
      expect(scanInChunks(input, cuts, false, single).map((r) => [r.line, r.error, r.raw])).toEqual(expected);
    }
  });

  it('reads CSV without line breaks in cells exactly as the default does', () => {
    const noBreaks = (v: string): string => v.replace(/[\r\n]/g, '');
    fc.assert(
      fc.property(csvArb, cutsArb, (csv, cuts) => {
        const flat = { ...csv, records: csv.records.map((r) => r.map((c) => ({ ...c, value: noBreaks(c.value) }))) };
        const bytes = Buffer.from(render(flat).text, 'utf8');
        expect(scanInChunks(bytes, cuts, false, single)).toEqual(scanInChunks(bytes, []));
      }),
      { numRuns: 500 },
    );
  });

  it('never lets a record span lines, whatever the bytes', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), cutsArb, (pieces, cuts) => {
        const text = pieces.join('');
        const records = scanInChunks(Buffer.from(text, 'utf8'), cuts, false, single);
        for (const r of records) expect(r.raw).not.toContain('\n');
        // One record per line: numbered one after another, as many as the text has lines.
        expect(records.map((r) => r.line)).toEqual(records.map((_, k) => k + 1));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('completeUtf8Prefix', () => {
  it.each<[string, number[], number]>([
    ['ASCII', [0x61, 0x62], 2],
    ['complete 3-byte character', [0x61, 0xe1, 0xbb, 0x85], 4],
    ['3-byte character missing its last byte', [0x61, 0xe1, 0xbb], 1],
    ['lead byte alone', [0x61, 0xc4], 1],
    ['4-byte character missing one byte', [0xf0, 0xa0, 0x80], 0],
    ['complete 4-byte character', [0xf0, 0xa0, 0x80, 0x80], 4],
    ['empty', [], 0],
  ])('%s', (_name, bytes, expected) => {
    expect(completeUtf8Prefix(Uint8Array.from(bytes), bytes.length)).toBe(expected);
  });
});

describe('CsvScanner: an open quote on a line longer than maxRecordBytes', () => {
  it('waits for the end of that line before rejecting it, so the line is reported whole', () => {
    const long = 'x'.repeat(300);
    const bytes = Buffer.from(`a,"${long}\nb,c\n`);
    const out: Scanned[] = [];
    const scanner = new CsvScanner((r) => out.push(copyRecord(r)), { maxRecordBytes: 32 });
    for (let i = 0; i < bytes.length; i += 10) scanner.push(bytes.subarray(i, i + 10));
    scanner.end();
    expect(out.map(({ line, error, raw }) => ({ line, error, raw }))).toEqual([
      { line: 1, error: 'QUOTE_UNCLOSED', raw: `a,"${long}` },
      { line: 2, error: null, raw: 'b,c' },
    ]);
  });
});

describe('CsvScanner.field: short fields cut from the record decoded once', () => {
  /** Field i's value decoded on its own, the oracle for `field`. */
  const alone = (r: CsvRecord, i: number): string => {
    const s = Buffer.from(r.fieldBytes(i)).toString('utf8');
    return r.fieldEscaped(i) ? s.replaceAll('""', '"') : s;
  };

  it.each<[string, Uint8Array]>([
    ['ASCII only', Buffer.from('D1,079085001234,1990,Nam,079\n')],
    ['short fields after a long Vietnamese one', Buffer.from('Nguyễn Thị Hương Giang,Nữ,12/03/1985,"a""b",079\n')],
    ['12 and 13 bytes, either side of the cut', Buffer.from('abcdefghijkl,abcdefghijklm,Đặng Thịx,Đặng Thịxy\n')],
    ['astral characters (two UTF-16 units) before short fields', Buffer.from('𠀀𠀀,😀x,y𠀀,z\n')],
    ['a field starting with U+FEFF, not at the start of the input', Buffer.from('a\n\uFEFFb,\uFEFF\n')],
    ['quoted fields holding CR, LF and escapes', Buffer.from('"x\r\ny","""","ư""ư","Hà, Nội"\n')],
    ['invalid UTF-8: each field decoded on its own', Buffer.concat([Buffer.from('ab,c'), Buffer.from([0xe1, 0xbb]), Buffer.from('d,ễ\n')])],
  ])('%s: equal to each field decoded alone, in any order', (_name, bytes) => {
    let records = 0;
    scanCsv(bytes, (r) => {
      records++;
      const order = [...Array(r.fieldCount).keys()].reverse();
      expect(order.map((i) => r.field(i))).toEqual(order.map((i) => alone(r, i)));
      expect(order.map((i) => r.field(i))).toEqual(order.map((i) => alone(r, i)));
    });
    expect(records).toBeGreaterThan(0);
  });

  it('never serves a previous record’s text, also across chunks of any size', () => {
    fc.assert(
      fc.property(csvArb, cutsArb, (csv, cuts) => {
        const bytes = Buffer.from(render(csv).text, 'utf8');
        const expected: string[][] = [];
        scanCsv(bytes, (r) => expected.push(Array.from({ length: r.fieldCount }, (_, i) => alone(r, i))));
        expect(scanInChunks(bytes, cuts).map((r) => r.fields)).toEqual(expected);
      }),
      { numRuns: 300 },
    );
  });
});
