import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { parse as csvParse } from 'csv-parse/sync';
import { RejectsWriter, REJECTS_HEADER, type Reject } from '../../src/io/rejects.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';

function memory(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      done();
    },
  });
  return { stream, text: () => chunks.join('') };
}

describe('RejectsWriter', () => {
  it('writes file,line,reason,raw with the raw record text intact', async () => {
    const out = memory();
    const w = new RejectsWriter(out.stream);
    const rejects: Reject[] = [
      { file: 'doses.csv', line: 7, code: 'COLUMN_COUNT', reason: 'column_count: expected 6, got 7', raw: 'D1,1,"Lê, Thị",1990,Nữ,001,x' },
      { file: 'doses.csv', line: 9, code: 'QUOTE_UNCLOSED', reason: 'quote_unclosed (full_name)', raw: 'D2,2,"An' },
    ];
    for (const r of rejects) await w.write(r);
    await w.end();
    expect(w.count).toBe(2);
    expect(csvParse(out.text())).toEqual([[...REJECTS_HEADER], ['doses.csv', '7', 'column_count: expected 6, got 7', 'D1,1,"Lê, Thị",1990,Nữ,001,x'], ['doses.csv', '9', 'quote_unclosed (full_name)', 'D2,2,"An']]);
  });

  it('escapes a raw record that a spreadsheet would run as a formula', async () => {
    const out = memory();
    const w = new RejectsWriter(out.stream);
    await w.write({ file: 'doses.csv', line: 2, code: 'COLUMN_COUNT', reason: 'column_count: expected 6, got 1', raw: '=cmd|x' });
    await w.end();
    expect(csvParse(out.text())[1][3]).toBe("'=cmd|x");
  });

  it('keeps every reject the reader produced, line for line (raw starts with a digit: never escaped)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.string({ maxLength: 10 }), { maxLength: 10 }), async (cells) => {
        const input = 'a,b\n' + cells.map((c) => `1,${c},extra`).join('\n') + '\n';
        const t = parseCsvSync(input, { file: 'x.csv' });
        const out = memory();
        const w = new RejectsWriter(out.stream);
        for (const r of t.rejects) await w.write(r);
        await w.end();
        const back = csvParse(out.text(), { relax_column_count: true }).slice(1) as string[][];
        expect(back.map((r) => Number(r[1]))).toEqual(t.rejects.map((r) => r.line));
        expect(back.map((r) => [r[2], r[3]])).toEqual(t.rejects.map((r) => [r.reason, r.raw]));
      }),
      { numRuns: 100 },
    );
  });
});
