import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  canBeCp1252,
  decodeUtf8AsCp1252,
  encodeUtf8AsCp1252,
  UNDEFINED_CP1252_BYTES,
  utf8AsCp1252Candidates,
} from '../../src/normalize/cp1252.js';
import { TONED_VOWELS } from '../../src/normalize/syllable.js';

describe('UTF-8 read as Windows-1252', () => {
  it.each([
    ['Nguyễn', 'Nguyá»…n'],
    ['Hương', 'HÆ°Æ¡ng'],
    ['Trần', 'Tráº§n'],
    // letters whose UTF-8 holds a byte Windows-1252 leaves undefined: decoders pass it as a C1 control
    ['Đ', 'Ä\u0090'],
    ['ề', 'á»\u0081'],
    ['ọ', 'á»\u008d'],
    ['ỏ', 'á»\u008f'],
    ['Ố', 'á»\u0090'],
    ['ờ', 'á»\u009d'],
  ])('%s ↔ %j', (unicode, damaged) => {
    expect(encodeUtf8AsCp1252(unicode)).toBe(damaged);
    expect(decodeUtf8AsCp1252(damaged)).toBe(unicode);
  });

  it.each([
    ['Hoà', 'Latin-1 text that is not UTF-8'],
    ['Nguyễn', 'a character Windows-1252 cannot produce'],
  ])('gives null for %s (%s)', (s) => {
    expect(decodeUtf8AsCp1252(s)).toBeNull();
  });

  it.each([
    ['À\u20ac', 'C0 80: an overlong form'],
    ['í\u00a0\u20ac', 'ED A0 80: a surrogate'],
    ['ô\u0090\u20ac\u20ac', 'F4 90 80 80: past U+10FFFF'],
    ['Ã', 'C3 alone: a cut-short sequence'],
    ['\u20ac', '80: a continuation byte with no lead'],
  ])('rejects malformed UTF-8: %j (%s)', (s) => {
    expect(decodeUtf8AsCp1252(s)).toBeNull();
  });

  it('decodes four-byte sequences', () => {
    expect(decodeUtf8AsCp1252('ð\u0178\u02dc\u20ac')).toBe('😀');
  });

  it('reads text decoded as Latin-1 (C1 controls for every byte 0x80-0x9F) too', () => {
    expect(decodeUtf8AsCp1252('Nguyá»\u0085n')).toBe('Nguyễn');
  });

  it('agrees with the platform decoders (the reference) on random bytes', () => {
    const asCp1252 = new TextDecoder('windows-1252');
    const strictUtf8 = new TextDecoder('utf-8', { fatal: true });
    const reference = (bytes: Uint8Array): string | null => {
      try {
        return strictUtf8.decode(bytes);
      } catch {
        return null;
      }
    };
    const utf8ish = fc.array(
      fc.oneof(fc.integer({ min: 0x80, max: 0xbf }), fc.integer({ min: 0xc0, max: 0xff }), fc.integer({ min: 0x20, max: 0x7e })),
      { maxLength: 12 },
    );
    fc.assert(
      fc.property(utf8ish, (arr) => {
        const bytes = Uint8Array.from(arr);
        expect(decodeUtf8AsCp1252(asCp1252.decode(bytes))).toBe(reference(bytes));
      }),
      { numRuns: 3000 },
    );
  });

  it('round-trips any well-formed text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme' }), (s) => {
        const damaged = encodeUtf8AsCp1252(s);
        expect(canBeCp1252(damaged)).toBe(true);
        expect(decodeUtf8AsCp1252(damaged)).toBe(s);
      }),
    );
  });

  it('round-trips every Vietnamese letter in both cases', () => {
    for (const letter of [...TONED_VOWELS, 'đ']) {
      for (const l of [letter, letter.toUpperCase()]) expect(decodeUtf8AsCp1252(encodeUtf8AsCp1252(l))).toBe(l);
    }
  });

  describe('utf8AsCp1252Candidates: undefined bytes removed by a cleaner', () => {
    it.each([
      ['Đỗ', 'Äá»—'],
      ['Ngọc', 'Ngá»c'],
      ['Đề', 'Äá»'],
    ])('puts the lost byte back: %s among the readings of %j', (unicode, stripped) => {
      expect(encodeUtf8AsCp1252(unicode).replace(/[\u0080-\u009f]/g, '')).toBe(stripped);
      expect(utf8AsCp1252Candidates(stripped)).toContain(unicode);
    });

    it('tries only the five undefined bytes', () => {
      expect(UNDEFINED_CP1252_BYTES).toEqual([0x81, 0x8d, 0x8f, 0x90, 0x9d]);
      expect(utf8AsCp1252Candidates('Ä')).toEqual(['ā', 'č', 'ď', 'Đ', 'ĝ']);
    });

    it('returns the strict reading alone when it is valid, and nothing for text that is no UTF-8', () => {
      expect(utf8AsCp1252Candidates('Nguyá»…n')).toEqual(['Nguyễn']);
      expect(utf8AsCp1252Candidates('Hoà')).toEqual([]);
    });
  });
});

describe('canBeCp1252, character by character', () => {
  // What a Windows-1252 (or Latin-1) reader produces: U+0000-U+00FF, and the punctuation of bytes
  // 0x80-0x9F, which every continuation byte of UTF-8 shows (U+0080 … U+00BF are C2 80 … C2 BF).
  const HIGH = new Set([...encodeUtf8AsCp1252(Array.from({ length: 64 }, (_, k) => String.fromCharCode(0x80 + k)).join(''))]);

  it('accepts exactly U+0000-U+00FF and the characters of bytes 0x80-0x9F, over every UTF-16 code unit', () => {
    const wrong: number[] = [];
    for (let u = 0; u < 0x10000; u++) if (canBeCp1252(String.fromCharCode(u)) !== (u <= 0xff || HIGH.has(String.fromCharCode(u)))) wrong.push(u);
    expect(wrong).toEqual([]);
    expect(HIGH.has('\u20ac') && HIGH.has('\u0178')).toBe(true);
  });

  it.each([['😀'], ['a😀'], ['\ud800'], ['Nguyễn']])('rejects %j (a character no reader produces)', (s) => {
    expect(canBeCp1252(s)).toBe(false);
  });
});
