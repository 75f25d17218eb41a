/** utf8Slice (src/io/utf8-slice.ts) decodes exactly as Buffer#toString('utf8', start, end), valid UTF-8 or not. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { latin1Slice, utf8Slice } from '../../src/io/utf8-slice.js';

describe('utf8Slice', () => {
  it.each([
    ['Nguyễn Văn Hùng', 0, 9],
    ['plain ascii', 6, 11],
    ['😀x', 0, 2],
    ['', 0, 0],
  ])('%j [%i, %i) equals toString', (text, start, end) => {
    const buf = Buffer.from(text, 'utf8');
    expect(utf8Slice(buf, start, end)).toBe(buf.toString('utf8', start, end));
  });

  it('equals toString on any bytes and any range, broken sequences included', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const buf = Buffer.from(bytes);
        const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const end = start + (bytes.length - start === 0 ? 0 : b % (bytes.length - start + 1));
        expect(utf8Slice(buf, start, end)).toBe(buf.toString('utf8', start, end));
      }),
    );
  });

  it('latin1Slice equals toString latin1 on any bytes and any range: one char per byte', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat(), fc.nat(), (bytes, a, b) => {
        const buf = Buffer.from(bytes);
        const start = bytes.length === 0 ? 0 : a % (bytes.length + 1);
        const end = start + (bytes.length - start === 0 ? 0 : b % (bytes.length - start + 1));
        const s = latin1Slice(buf, start, end);
        expect(s).toBe(buf.toString('latin1', start, end));
        expect(s.length).toBe(end - start);
      }),
    );
  });
});
