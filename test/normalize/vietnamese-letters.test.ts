import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  compose,
  composeLetter,
  foldName,
  letterInfo,
  lowerName,
  stripTones,
  TABLE_SIZE,
  VIETNAMESE_LETTERS,
  VOWEL_INFO,
  type Modifier,
} from '../../src/normalize/vietnamese-letters.js';

const MODIFIER_MARK: Record<Modifier, string> = { none: '', breve: '\u0306', circumflex: '\u0302', horn: '\u031b', stroke: '' };
const TONE_MARK = ['', '\u0300', '\u0301', '\u0309', '\u0303', '\u0323'];
const TONE_MARKS_RE = /[\u0300\u0301\u0309\u0303\u0323]/g;

/** Reference fold through Unicode decomposition: the oracle for the table-driven foldName. */
function foldReference(s: string): string {
  return s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/[đĐ\u00d0]/g, 'd').toLowerCase();
}
/** Reference tone stripping through decomposition. */
function stripTonesReference(s: string): string {
  return s.normalize('NFD').replace(TONE_MARKS_RE, '').normalize('NFC');
}

const VIETNAMESE_ALPHABET = VIETNAMESE_LETTERS.map((l) => l.char).join('') + 'bcdghklmnpqrstvxBCDGHKLMNPQRSTVX';
const vietnameseText = fc
  .array(fc.constantFrom(...VIETNAMESE_ALPHABET, ' ', '-', "'", '.'), { maxLength: 40 })
  .map((cs) => cs.join(''));

describe('VIETNAMESE_LETTERS: the alphabet as data', () => {
  it('holds 12 vowels × 6 tones × 2 cases plus đ and Đ, all distinct', () => {
    expect(VIETNAMESE_LETTERS).toHaveLength(146);
    expect(new Set(VIETNAMESE_LETTERS.map((l) => l.char)).size).toBe(146);
  });

  it('describes each letter as Unicode composes it from base, modifier and tone marks', () => {
    for (const l of VIETNAMESE_LETTERS) {
      if (l.modifier === 'stroke') continue;
      const base = l.upper ? l.base.toUpperCase() : l.base;
      const composed = (base + MODIFIER_MARK[l.modifier] + TONE_MARK[l.tone]).normalize('NFC');
      expect(composed, `${l.base}+${l.modifier}+${l.tone}`).toBe(l.char);
      expect(l.char.charCodeAt(0)).toBeLessThan(TABLE_SIZE);
    }
  });

  it.each([
    ['a', 'none', 0, false, 'a'],
    ['a', 'breve', 4, false, 'ẵ'],
    ['e', 'circumflex', 4, false, 'ễ'],
    ['o', 'horn', 5, true, 'Ợ'],
    ['u', 'horn', 1, false, 'ừ'],
    ['y', 'none', 3, true, 'Ỷ'],
    ['d', 'stroke', 0, true, 'Đ'],
    ['e', 'horn', 0, false, undefined],
  ] as const)('composeLetter(%s, %s, %i, upper=%s) = %s', (base, modifier, tone, upper, expected) => {
    expect(composeLetter(base, modifier, tone, upper)).toBe(expected);
  });

  it('letterInfo and compose are inverse through VOWEL_INFO', () => {
    for (const l of VIETNAMESE_LETTERS) {
      expect(letterInfo(l.char)).toBe(l);
      if (l.vowelIndex === 0) continue;
      const info = VOWEL_INFO[l.char.charCodeAt(0)];
      expect(compose(info & 0x0f, (info >> 4) & 7, (info & 0x80) !== 0)).toBe(l.char.charCodeAt(0));
    }
    expect(letterInfo('x')).toBeUndefined();
  });
});

describe('foldName: lower-case ASCII without marks', () => {
  it.each([
    ['Nguyễn', 'nguyen'],
    ['NGUYỄN', 'nguyen'],
    ['Nguye\u0302\u0303n', 'nguyen'], // NFD input folds the same
    ['Đặng Đức', 'dang duc'],
    ['\u00d0ức', 'duc'], // Ð, the eth look-alike
    ['Hương', 'huong'],
    ['Trương Thị Ưng', 'truong thi ung'],
    ['Bùi Thị Ái', 'bui thi ai'],
    ['François Müller', 'francois muller'],
    ['nguyen van a', 'nguyen van a'],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(foldName(input)).toBe(expected);
  });

  it('returns the input itself when it is already folded (no allocation on the common path)', () => {
    const s = 'nguyen van a';
    expect(Object.is(foldName(s), s)).toBe(true);
  });

  it('agrees with the NFD-based reference on Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        expect(foldName(s)).toBe(foldReference(s));
        expect(foldName(s.normalize('NFD'))).toBe(foldReference(s));
      }),
    );
  });

  it('always gives ASCII on Vietnamese text, and folding twice changes nothing', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        const f = foldName(s);
        expect(f).toMatch(/^[\x00-\x7f]*$/);
        expect(foldName(f)).toBe(f);
      }),
    );
  });

  it('keeps characters that have no Latin form instead of dropping them', () => {
    expect(foldName('Lý 李')).toBe('ly 李');
  });
});

describe('stripTones: tone marks only', () => {
  it.each([
    ['Nguyễn', 'Nguyên'],
    ['Trần Thị Thủy', 'Trân Thi Thuy'],
    ['Đặng', 'Đăng'],
    ['HƯỜNG', 'HƯƠNG'],
    ['Văn', 'Văn'],
  ])('%j → %j', (input, expected) => {
    expect(stripTones(input)).toBe(expected);
  });

  it('agrees with the NFD-based reference on Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        expect(stripTones(s)).toBe(stripTonesReference(s));
      }),
    );
  });
});

describe('lowerName', () => {
  it('agrees with String.prototype.toLowerCase on Vietnamese text', () => {
    fc.assert(
      fc.property(vietnameseText, (s) => {
        expect(lowerName(s)).toBe(s.toLowerCase());
      }),
    );
  });
});
