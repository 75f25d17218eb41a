import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { placeTones } from '../../src/normalize/tone-placement.js';
import { stripTones } from '../../src/normalize/vietnamese-letters.js';
import { GIVEN_NAMES, MIDDLE_NAMES, FAMILY_NAMES, vietnameseName } from './arbitraries.js';

/** The tone marks of a string in order, read through decomposition (independent of the tables). */
function tonesOf(s: string): string {
  return s.normalize('NFD').replace(/[^\u0300\u0301\u0309\u0303\u0323]/g, '');
}

describe('placeTones: traditional style (the canonical key)', () => {
  it.each([
    // oa, oe, uy without a final consonant: both styles → first vowel
    ['hòa', 'hòa'],
    ['hoà', 'hòa'],
    ['thủy', 'thủy'],
    ['thuỷ', 'thủy'],
    ['khỏe', 'khỏe'],
    ['khoẻ', 'khỏe'],
    ['Hoè', 'Hòe'],
    ['THUỴ', 'THỤY'],
    ['Thúy', 'Thúy'],
    ['Thuý', 'Thúy'],
    // with a final consonant there is one form: the last vowel
    ['hoàn', 'hoàn'],
    ['hòan', 'hoàn'],
    ['thuyền', 'thuyền'],
    ['Huỳnh', 'Huỳnh'],
    ['Hùynh', 'Huỳnh'],
    ['Toán', 'Toán'],
    ['hoạch', 'hoạch'],
    // qu and gi are onsets: their u and i never take the tone
    ['quý', 'quý'],
    ['qúy', 'quý'],
    ['quỳnh', 'quỳnh'],
    ['quà', 'quà'],
    ['qùa', 'quà'],
    ['giá', 'giá'],
    ['gía', 'giá'],
    ['giường', 'giường'],
    ['giữa', 'giữa'],
    ['Quốc', 'Quốc'],
    ['Quyết', 'Quyết'],
    // gi followed by a consonant or nothing: i is the vowel
    ['gì', 'gì'],
    ['gìn', 'gìn'],
    // vowels with a modifier take the tone; ươ/iê/uô/yê mark the second vowel
    ['người', 'người'],
    ['ngừơi', 'người'],
    ['tiền', 'tiền'],
    ['tìên', 'tiền'],
    ['muốn', 'muốn'],
    ['yến', 'yến'],
    ['ýên', 'yến'],
    ['thuế', 'thuế'],
    ['thúê', 'thuế'],
    ['thuở', 'thuở'],
    ['Nguyễn', 'Nguyễn'],
    ['Ngũyên', 'Nguyễn'],
    ['rượu', 'rượu'],
    // three vowels, open: the middle one
    ['ngoài', 'ngoài'],
    ['ngòai', 'ngoài'],
    ['khuỷu', 'khuỷu'],
    ['Thoại', 'Thoại'],
    // two vowels other than oa/oe/uy: the first in both styles
    ['mùa', 'mùa'],
    ['muà', 'mùa'],
    ['mía', 'mía'],
    ['Hải', 'Hải'],
    ['Thảo', 'Thảo'],
    ['túi', 'túi'],
  ])('%j → %j', (input, expected) => {
    expect(placeTones(input)).toBe(expected);
  });

  it.each([
    ['Ênuôl'], // two vowel clusters: not one Vietnamese syllable
    ['hòà'], // two tone marks: ambiguous, left as written
    ['Mlô'],
    ['H\u2019Hen'],
    ['Nguye\u0302\u0303n'], // decomposed: not read
    ['John'],
    [''],
  ])('leaves %j as written', (input) => {
    expect(placeTones(input)).toBe(input);
  });

  it('handles each syllable of a text separately, across spaces, hyphens and apostrophes', () => {
    expect(placeTones('Nguyễn Thị Thuỷ-Tiên hoà')).toBe('Nguyễn Thị Thủy-Tiên hòa');
  });

  it('returns the input itself when nothing moves', () => {
    const s = 'Nguyễn Thị Hòa';
    expect(Object.is(placeTones(s), s)).toBe(true);
  });
});

describe('placeTones: modern style', () => {
  it.each([
    ['hòa', 'hoà'],
    ['thủy', 'thuỷ'],
    ['khỏe', 'khoẻ'],
    ['hoàn', 'hoàn'],
    ['quý', 'quý'],
    ['mùa', 'mùa'],
    ['ngoài', 'ngoài'],
    ['Thúy', 'Thuý'],
  ])('%j → %j', (input, expected) => {
    expect(placeTones(input, 'modern')).toBe(expected);
  });
});

const syllables = [...FAMILY_NAMES, ...MIDDLE_NAMES, ...GIVEN_NAMES];

describe('placeTones: invariants', () => {
  it('is idempotent in either style', () => {
    fc.assert(
      fc.property(vietnameseName(), fc.constantFrom('traditional', 'modern') as fc.Arbitrary<'traditional' | 'modern'>, (name, style) => {
        const once = placeTones(name, style);
        expect(placeTones(once, style)).toBe(once);
      }),
    );
  });

  it('gives the same traditional form whichever style the input was written in', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        expect(placeTones(placeTones(name, 'modern'))).toBe(placeTones(name));
      }),
    );
  });

  it('moves tones only: the letters without tones and the sequence of tones are kept', () => {
    fc.assert(
      fc.property(fc.constantFrom(...syllables), fc.constantFrom('traditional', 'modern') as fc.Arbitrary<'traditional' | 'modern'>, (s, style) => {
        const placed = placeTones(s, style);
        expect(stripTones(placed)).toBe(stripTones(s));
        expect(tonesOf(placed)).toBe(tonesOf(s));
      }),
    );
  });

  it('keeps every display-form name of the generator as it is (they are written in traditional style)', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        expect(placeTones(name)).toBe(name);
      }),
    );
  });

  it('puts the tone back on the canonical vowel from any vowel of the syllable', () => {
    // Move the tone of a name syllable to every other vowel: placement must restore it.
    for (const s of syllables) {
      const tone = tonesOf(s);
      if (tone === '') continue;
      const bare = stripTones(s);
      for (let i = 0; i < bare.length; i++) {
        const withTone = (bare.slice(0, i + 1).normalize('NFD') + tone).normalize('NFC') + bare.slice(i + 1);
        if (withTone.length !== bare.length || !/[aăâeêioôơuưy]/i.test(bare[i])) continue;
        expect(placeTones(withTone), `${withTone}`).toBe(s);
      }
    }
  });
});
