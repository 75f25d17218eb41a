import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FOLDED_VARIANTS,
  I_Y_ONSETS,
  TONED_VARIANTS,
  variantFoldedKey,
  variantKey,
  variantOfFoldedToken,
  variantOfToken,
} from '../../src/normalize/name-variants.js';
import { foldName } from '../../src/normalize/vietnamese-letters.js';

describe('variantOfToken: toned keys', () => {
  it.each([
    ['huỳnh', 'hoàng'],
    ['hoàng', 'hoàng'],
    ['võ', 'vũ'],
    ['vũ', 'vũ'],
    ['phước', 'phúc'],
    ['hường', 'hồng'],
    ['hương', 'hương'], // a different name
    ['quí', 'quý'],
    ['quý', 'quý'],
    ['quì', 'quỳ'], // the tone follows
    ['vi', 'vy'],
    ['lí', 'lý'],
    ['kì', 'kỳ'],
    ['mĩ', 'mỹ'],
    ['sĩ', 'sỹ'],
    ['thi', 'thi'], // th is not one of the i/y onsets
    ['ni', 'ni'],
    ['vinh', 'vinh'], // closed syllable: no i/y choice
  ])('%j → %j', (token, expected) => {
    expect(variantOfToken(token)).toBe(expected);
  });
});

describe('variantOfFoldedToken: only unambiguous folded unifications', () => {
  it.each([
    ['huynh', 'hoang'],
    ['vo', 'vu'],
    ['phuoc', 'phuc'],
    ['qui', 'quy'],
    ['vi', 'vy'],
    ['li', 'ly'],
    ['ki', 'ky'],
    ['huong', 'huong'], // Hường = Hồng, but "huong" is also Hương
    ['hong', 'hong'],
    ['nguyen', 'nguyen'],
  ])('%j → %j', (token, expected) => {
    expect(variantOfFoldedToken(token)).toBe(expected);
  });
});

describe('variant tables', () => {
  it('are written in NFC lower case, and each folded pair is the fold of a toned pair or an i/y onset', () => {
    for (const [from, to] of Object.entries(TONED_VARIANTS)) {
      expect(from).toBe(from.normalize('NFC').toLowerCase());
      expect(to).toBe(to.normalize('NFC').toLowerCase());
    }
    const foldedToned = new Map(Object.entries(TONED_VARIANTS).map(([a, b]) => [foldName(a), foldName(b)]));
    for (const [from, to] of Object.entries(FOLDED_VARIANTS)) expect(foldedToned.get(from)).toBe(to);
    expect(I_Y_ONSETS).toEqual(expect.arrayContaining(['qu', 'v', 'l', 'k']));
  });
});

// Classes of names that must share a variant key.
const CLASSES: readonly (readonly string[])[] = [
  ['hoàng', 'huỳnh'],
  ['vũ', 'võ'],
  ['phúc', 'phước'],
  ['hồng', 'hường'],
  ['quý', 'quí'],
  ['vy', 'vi'],
  ['lý', 'lí'],
  ['kỳ', 'kì'],
  ['nguyễn'],
  ['thị'],
  ['văn'],
  ['hương'],
];

describe('variantKey: equivalence over whole keys', () => {
  const classIndex = fc.array(fc.nat({ max: CLASSES.length - 1 }), { minLength: 1, maxLength: 4 });

  it('gives two names the same key exactly when every token is in the same class (symmetric)', () => {
    fc.assert(
      fc.property(classIndex, classIndex, fc.nat(), fc.nat(), (xs, ys, pickA, pickB) => {
        const a = xs.map((c, i) => CLASSES[c][(pickA + i) % CLASSES[c].length]).join(' ');
        const b = ys.map((c, i) => CLASSES[c][(pickB + i) % CLASSES[c].length]).join(' ');
        const sameClasses = xs.length === ys.length && xs.every((c, i) => c === ys[i]);
        expect(variantKey(a) === variantKey(b)).toBe(sameClasses);
        expect(variantKey(b) === variantKey(a)).toBe(sameClasses);
      }),
    );
  });

  it('is idempotent', () => {
    for (const cls of CLASSES) {
      for (const t of cls) {
        expect(variantKey(variantKey(t))).toBe(variantKey(t));
        expect(variantFoldedKey(variantFoldedKey(foldName(t)))).toBe(variantFoldedKey(foldName(t)));
      }
    }
  });

  it('unifies token by token, in any position', () => {
    expect(variantKey('huỳnh thị hường')).toBe(variantKey('hoàng thị hồng'));
    expect(variantKey('nguyễn huỳnh phước')).toBe('nguyễn hoàng phúc');
    expect(variantFoldedKey('vo thi huong')).toBe('vu thi huong');
  });
});
