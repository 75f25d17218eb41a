/**
 * OverlayDictionary: a frozen dictionary's codes unchanged, unseen strings appended after them in
 * one byte pool (what the comparisons read), and a reset that forgets the appended strings.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { OverlayDictionary } from '../../src/engine/overlay-dictionary.js';

function frozen(words: readonly string[]): Dictionary {
  const d = new Dictionary(4);
  for (const w of words) d.intern(w);
  d.freeze();
  return d;
}

function bytesOf(d: Dictionary, code: number): string {
  return Buffer.from(d.bytes.subarray(d.offsets[code], d.offsets[code + 1])).toString('utf8');
}

describe('OverlayDictionary', () => {
  const base = frozen(['nguyễn', 'văn', 'hùng', 'nguyen van hung']);

  it.each([
    ['nguyễn', 0],
    ['hùng', 2],
    ['nguyen van hung', 3],
  ])('gives a register string (%s) its register code', (s, code) => {
    expect(new OverlayDictionary(base).intern(s)).toBe(code);
  });

  it('appends unseen strings after the register codes, once each, readable from the one pool', () => {
    const o = new OverlayDictionary(base);
    const a = o.intern('zzyzx');
    const b = o.intern('hưng');
    expect([a, b]).toEqual([4, 5]);
    expect(o.intern('zzyzx')).toBe(a);
    expect(o.size).toBe(6);
    expect([bytesOf(o, 0), bytesOf(o, a), bytesOf(o, b)]).toEqual(['nguyễn', 'zzyzx', 'hưng']);
    expect(o.string(b)).toBe('hưng');
    expect(o.find('hưng')).toBe(b);
    expect(base.find('hưng')).toBe(-1);
  });

  it('forgets appended strings on reset and reuses their codes', () => {
    const o = new OverlayDictionary(base);
    o.intern('zzyzx');
    expect(o.appendedBytes).toBe(5);
    o.reset();
    expect(o.size).toBe(4);
    expect(o.find('zzyzx')).toBe(-1);
    expect(o.intern('qq')).toBe(4);
    expect(o.appendedBytes).toBe(2);
  });

  it('shares its strings with its forks, which are other objects (a per-object cache starts again)', () => {
    const o = new OverlayDictionary(base);
    o.intern('zzyzx');
    const f = o.fork();
    expect(f).not.toBe(o);
    expect([f.find('zzyzx'), f.size]).toEqual([4, 5]);
    expect(f.intern('qq')).toBe(5);
    expect([o.find('qq'), o.string(5), o.size]).toEqual([5, 'qq', 6]);
    o.reset();
    expect([f.size, f.find('qq'), f.generation]).toEqual([4, -1, o.generation]);
  });

  it('has no snapshot (the base class would copy its empty state)', () => {
    expect(() => new OverlayDictionary(base).snapshot()).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });

  it('keeps every string readable by its code whatever is appended (pool and offsets grow)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 3000 }), (words) => {
        const o = new OverlayDictionary(base);
        const codes = words.map((w) => o.intern(w));
        words.forEach((w, k) => {
          expect(bytesOf(o, codes[k])).toBe(w);
          expect(codes[k] < 4).toBe(base.find(w) >= 0);
        });
      }),
      { numRuns: 30 },
    );
  });
});
