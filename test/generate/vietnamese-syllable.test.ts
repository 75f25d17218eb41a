import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { alternateToneStyle, changeTone, foldSyllable, hasNonAscii } from '../../src/generate/vietnamese-syllable.js';
import { stripTone } from '../../src/normalize/syllable.js';
import { NAMES } from './fixture.js';

const syllables = NAMES.tokens.text;

describe('foldSyllable', () => {
  it.each([
    ['Nguyễn', 'Nguyen'],
    ['Đặng', 'Dang'],
    ['ĐỖ', 'DO'],
    ['Hương', 'Huong'],
    ['Ý', 'Y'],
    ['\u00d0inh', 'Dinh'],
    ['Lan', 'Lan'],
  ])('%s → %s', (input, expected) => {
    expect(foldSyllable(input)).toBe(expected);
  });

  it('leaves only ASCII for every syllable of the name tables', () => {
    for (const s of syllables) expect(hasNonAscii(foldSyllable(s))).toBe(false);
  });
});

describe('alternateToneStyle', () => {
  it.each([
    ['Hòa', 'Hoà'],
    ['Hoà', 'Hòa'],
    ['Thủy', 'Thuỷ'],
    ['Thụy', 'Thuỵ'],
    ['Khỏe', 'Khoẻ'],
    ['Hoàn', null],
    ['Quý', null],
    ['Hoa', null],
    ['Thắm', null],
  ])('%s → %s', (input, expected) => {
    expect(alternateToneStyle(input)).toBe(expected);
  });
});

describe('changeTone', () => {
  it('puts a different tone on the same letters', () => {
    fc.assert(
      fc.property(fc.constantFrom(...syllables), fc.integer({ min: 0, max: 4 }), (s, pick) => {
        const changed = changeTone(s, pick);
        expect(changed).not.toBe(s);
        expect(stripTone(changed).bare).toBe(stripTone(s).bare);
        expect(stripTone(changed).tone).not.toBe(stripTone(s).tone);
      }),
    );
  });

  it.each([
    ['Thủy', 0, 'Thũy'],
    ['Thủy', 1, 'Thúy'],
    ['Thủy', 2, 'Thụy'],
    ['Thủy', 3, 'Thuy'],
    ['Thủy', 4, 'Thùy'],
    ['Hoa', 0, 'Hòa'],
    ['Nguyễn', 1, 'Nguyện'],
  ])('%s with pick %i → %s', (s, pick, expected) => {
    expect(changeTone(s, pick)).toBe(expected);
  });
});
