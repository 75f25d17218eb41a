import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse } from 'csv-parse/sync';
import { CHUNK_CHARS, csvField, CsvChunker } from '../../src/generate/csv-text.js';

describe('csvField', () => {
  it.each([
    ['Nguyễn Văn An', 'Nguyễn Văn An'],
    ['a,b', '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ['two\nlines', '"two\nlines"'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(csvField(input)).toBe(expected);
  });

  it('round-trips any text through an RFC 4180 parser', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme' }), { minLength: 1, maxLength: 5 }), (fields) => {
        const line = fields.map(csvField).join(',');
        expect(parse(line + '\n')).toEqual([fields]);
      }),
    );
  });
});

describe('CsvChunker', () => {
  it('writes the header and lines with the line ending asked for, in chunks', () => {
    const c = new CsvChunker(['a', 'b'], '\r\n', true);
    const chunks: string[] = [];
    for (let i = 0; i < 10_000; i++) {
      c.line(`${i},x`);
      const t = c.take();
      if (t !== null) {
        expect(t.length).toBeGreaterThanOrEqual(CHUNK_CHARS);
        chunks.push(t);
      }
    }
    chunks.push(c.flush());
    const text = chunks.join('');
    expect(text.startsWith('\ufeffa,b\r\n0,x\r\n')).toBe(true);
    expect(text.split('\r\n')).toHaveLength(10_002);
    expect(chunks.length).toBeGreaterThan(1);
  });
});
