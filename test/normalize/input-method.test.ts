import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeTelex, decodeViqr, encodeTelex, encodeViqr, hasTelexShapeKeys } from '../../src/normalize/input-method.js';
import { TONED_VOWELS } from '../../src/normalize/syllable.js';
import { placeTones } from '../../src/normalize/tone-placement.js';
import { vietnameseName } from './arbitraries.js';

describe('Telex residue', () => {
  it.each([
    ['Nguyeenx', 'Nguyễn'],
    ['Nguyeexn', 'Nguyễn'], // tone key typed before the final consonant
    ['Thij', 'Thị'],
    ['Huwowng', 'Hương'],
    ['Huowng', 'Hương'],
    ['Huongw', 'Hương'], // w typed after the final: horn on the vowel cluster
    ['Dduwcs', 'Đức'],
    ['DDUWCS', 'ĐỨC'],
    ['Traanf Vawn', 'Trần Văn'],
    ['Tw', 'Tư'],
    ['Thuowr', 'Thuở'], // uơ with nothing after keeps u
    ['Nguwowif', 'Người'],
    ['Quynhf', 'Quỳnh'],
    ['Gif', 'Gì'],
    ['Hoaf', 'Hòa'],
    ['Xuaan', 'Xuân'],
    ['Sown', 'Sơn'],
    ['Hoaz', 'Hoa'],
  ])('decodes %s → %s', (telex, unicode) => {
    expect(decodeTelex(telex)).toBe(unicode);
  });

  it.each(['Nguyen', 'Tran', 'Xuan', 'Sang', 'Truong', 'Hoa', 'Lan', "H'Hen"])('leaves %s (no residue) unchanged', (w) => {
    expect(decodeTelex(w)).toBe(w);
  });

  it.each([
    ['Nguyễn Thị Hương', 'Nguyeenx Thij Huwowng'],
    ['Trần Văn Đức', 'Traanf Vawn DDuwcs'],
    ['Thuở', 'Thuowr'],
    ['NGUYỄN', 'NGUYEENX'],
  ])('encodes %s → %s', (unicode, telex) => {
    expect(encodeTelex(unicode)).toBe(telex);
  });

  it.each([
    ['Nguyeenx', true],
    ['Ddinh', true],
    ['Tw', true],
    ['Vawn', true],
    ['Thij', false],
    ['Phamj', false],
  ] as const)('hasTelexShapeKeys(%s) → %s', (w, expected) => {
    expect(hasTelexShapeKeys(w)).toBe(expected);
  });

  it('round-trips names (tone in the traditional place), in any case', () => {
    fc.assert(
      fc.property(vietnameseName(), fc.boolean(), (name, upper) => {
        const input = upper ? name.toUpperCase() : name;
        expect(decodeTelex(encodeTelex(input))).toBe(placeTones(input, 'traditional'));
      }),
    );
  });

  it('round-trips every letter as a one-letter word', () => {
    for (const letter of [...TONED_VOWELS, 'đ']) expect(decodeTelex(encodeTelex(letter))).toBe(letter);
  });
});

describe('VIQR residue', () => {
  it.each([
    ['Nguye^~n', 'Nguyễn'],
    ['Thi.', 'Thị'],
    ['Hu+o+ng', 'Hương'],
    ['Tra^`n Va(n DDu+\'c', 'Trần Văn Đức'],
    ['ddu+\'c', 'đức'],
    ['Kho?e', 'Khỏe'],
    ['Hoa`', 'Hoà'], // the tone stays where it was typed
    ['A\\.', 'A.'], // a backslash keeps a mark literal
    ["H'Hen", "H'Hen"], // an apostrophe after a consonant is no tone
  ])('decodes %s → %s', (viqr, unicode) => {
    expect(decodeViqr(viqr)).toBe(unicode);
  });

  it.each([
    ['Nguyễn Thị Hương', 'Nguye^~n Thi. Hu+o+ng'],
    ['Trần Văn Đức', "Tra^`n Va(n DDu+'c"],
  ])('encodes %s → %s', (unicode, viqr) => {
    expect(encodeViqr(unicode)).toBe(viqr);
  });

  it('round-trips every letter in both cases', () => {
    for (const letter of [...TONED_VOWELS, 'đ']) {
      expect(decodeViqr(encodeViqr(letter))).toBe(letter);
      expect(decodeViqr(encodeViqr(letter.toUpperCase()))).toBe(letter.toUpperCase());
    }
  });

  it('round-trips names exactly (tone position included)', () => {
    fc.assert(
      fc.property(vietnameseName(), fc.constantFrom<'traditional' | 'modern'>('traditional', 'modern'), (name, style) => {
        const input = placeTones(name, style);
        expect(decodeViqr(encodeViqr(input))).toBe(input);
      }),
    );
  });
});
