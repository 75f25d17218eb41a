import { Buffer } from 'node:buffer';
import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { NdjsonWriter, parseNdjsonSync, readNdjson } from '../../src/io/ndjson.js';
import type { Reject } from '../../src/io/rejects.js';

function memory(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({
    decodeStrings: false,
    write(chunk, _enc, done) {
      chunks.push(String(chunk));
      setImmediate(done);
    },
  });
  return { stream, text: () => chunks.join('') };
}

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

const objectArb = fc.dictionary(fc.string({ maxLength: 6 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 });

describe('NDJSON round trip', () => {
  it('reads back what the writer wrote, for any objects and chunk size', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(objectArb, { maxLength: 10 }), fc.integer({ min: 1, max: 64 }), async (objects, size) => {
        const out = memory();
        const w = new NdjsonWriter(out.stream, { bufferChars: 32 });
        for (const o of objects) await w.write(o);
        await w.end();
        const got: unknown[] = [];
        const reader = readNdjson(chunked(Buffer.from(out.text(), 'utf8'), size), { file: 'x.ndjson' });
        for await (const r of reader) got.push(r.value);
        // JSON itself turns -0 into 0: compare with what JSON.stringify keeps.
        expect(got).toEqual(objects.map((o) => JSON.parse(JSON.stringify(o))));
        expect(reader.stats).toEqual({ rows: objects.length, rejects: 0, blankLines: 0 });
      }),
      { numRuns: 200 },
    );
  });

  it('writes one line per object, each ending in LF', async () => {
    const out = memory();
    const w = new NdjsonWriter(out.stream);
    await w.write({ name: 'Nguyễn\nVăn', n: 1 });
    await w.write({});
    await w.end();
    expect(out.text()).toBe('{"name":"Nguyễn\\nVăn","n":1}\n{}\n');
    expect(w.count).toBe(2);
  });
});

describe('NDJSON reader: bad and blank lines', () => {
  it.each<[string, string | Uint8Array, { line: number; value: unknown }[], Omit<Reject, 'file'>[], number]>([
    ['blank lines skipped', '{"a":1}\n\n  \n{"a":2}\n', [{ line: 1, value: { a: 1 } }, { line: 4, value: { a: 2 } }], [], 2],
    ['CRLF and no final LF', '{"a":1}\r\n{"a":2}', [{ line: 1, value: { a: 1 } }, { line: 2, value: { a: 2 } }], [], 0],
    ['BOM before the first line', '\uFEFF{"a":1}\n', [{ line: 1, value: { a: 1 } }], [], 0],
    ['truncated JSON', '{"a":1}\n{"a":\n{"a":3}\n', [{ line: 1, value: { a: 1 } }, { line: 3, value: { a: 3 } }], [{ line: 2, code: 'INVALID_JSON', reason: 'invalid_json', raw: '{"a":' }], 0],
    ['a CSV line by mistake', 'id,name\n', [], [{ line: 1, code: 'INVALID_JSON', reason: 'invalid_json', raw: 'id,name' }], 0],
    ['valid JSON that is not an object', '[1,2]\n42\nnull\n"x"\n', [], [1, 2, 3, 4].map((line) => ({ line, code: 'RECORD_INVALID' as const, reason: 'not_an_object', raw: ['[1,2]', '42', 'null', '"x"'][line - 1] })), 0],
    ['invalid UTF-8', Uint8Array.from([...Buffer.from('{"a":"'), 0xff, ...Buffer.from('"}\n{"b":1}\n')]), [{ line: 2, value: { b: 1 } }], [{ line: 1, code: 'INVALID_UTF8', reason: 'invalid_utf8', raw: '{"a":"\uFFFD"}' }], 0],
  ])('%s', (_name, input, rows, rejects, blank) => {
    const t = parseNdjsonSync(input, { file: 'in.ndjson' });
    expect(t.records).toEqual(rows);
    expect(t.rejects).toEqual(rejects.map((r) => ({ file: 'in.ndjson', ...r })));
    expect(t.stats).toEqual({ rows: rows.length, rejects: rejects.length, blankLines: blank });
  });

  it('gives rejects in order with rows, whatever the chunking', async () => {
    const text = Buffer.from('{"n":"Nguyễn"}\nnot json\n\n{"n":"Đức"}\n{"n":\n{"n":"Hoà"}', 'utf8');
    for (const size of [1, 2, 5, 1000]) {
      const items: string[] = [];
      const reader = readNdjson(chunked(text, size), { file: 'x', onReject: (r) => items.push(`reject ${r.line}`) });
      for await (const r of reader) items.push(`row ${r.line} ${String(r.value.n)}`);
      expect(items).toEqual(['row 1 Nguyễn', 'reject 2', 'row 4 Đức', 'reject 5', 'row 6 Hoà']);
    }
  });

  it('reports a missing file as FILE_NOT_FOUND', async () => {
    const reader = readNdjson('/nonexistent/x.ndjson', { file: 'x.ndjson' });
    await expect(reader.next()).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
