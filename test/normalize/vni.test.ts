import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TONED_VOWELS } from '../../src/normalize/syllable.js';
import { canBeVni, decodeVni, encodeVni } from '../../src/normalize/vni.js';
import { vietnameseName } from './arbitraries.js';

const ALL_LOWER = [...TONED_VOWELS, 'đ'];

describe('VNI-Windows read as Windows-1252', () => {
  it.each([
    ['Nguyễn Thị Hương', 'Nguyeãn Thò Höông'],
    ['Trần Văn Đức', 'Traàn Vaên Ñöùc'],
  ])('DESIGN.md example: %s ↔ %s', (unicode, damaged) => {
    expect(encodeVni(unicode)).toBe(damaged);
    expect(decodeVni(damaged)).toBe(unicode);
  });

  // Spot checks against the VNI code list (xvnkb vni.h).
  it.each([
    ['á', 'aù'], ['à', 'aø'], ['ả', 'aû'], ['ã', 'aõ'], ['ạ', 'aï'],
    ['ă', 'aê'], ['ắ', 'aé'], ['ẳ', 'aú'], ['ẵ', 'aü'], ['ặ', 'aë'],
    ['â', 'aâ'], ['ấ', 'aá'], ['ầ', 'aà'], ['ẩ', 'aå'], ['ẫ', 'aã'], ['ậ', 'aä'],
    ['ê', 'eâ'], ['ô', 'oâ'], ['ơ', 'ô'], ['ớ', 'ôù'], ['ư', 'ö'], ['ự', 'öï'],
    ['í', 'í'], ['ì', 'ì'], ['ỉ', 'æ'], ['ĩ', 'ó'], ['ị', 'ò'], ['ỵ', 'î'], ['ý', 'yù'], ['đ', 'ñ'],
    ['Á', 'AÙ'], ['Ấ', 'AÁ'], ['Ơ', 'Ô'], ['Ư', 'Ö'], ['Ị', 'Ò'], ['Đ', 'Ñ'],
  ])('%s is %s', (letter, code) => {
    expect(encodeVni(letter)).toBe(code);
    expect(decodeVni(code)).toBe(letter);
  });

  it('round-trips every letter in both cases', () => {
    for (const letter of ALL_LOWER) {
      expect(decodeVni(encodeVni(letter))).toBe(letter);
      expect(decodeVni(encodeVni(letter.toUpperCase()))).toBe(letter.toUpperCase());
    }
  });

  it('combines a base letter with a mark of the other case; the base decides the case', () => {
    expect(decodeVni('Aù')).toBe('Á');
    expect(decodeVni('aÙ')).toBe('á');
  });

  it('keeps a mark character with no base letter before it', () => {
    expect(decodeVni('Lê')).toBe('Lê');
  });

  it('round-trips names and writes only VNI characters', () => {
    fc.assert(
      fc.property(vietnameseName(), fc.boolean(), (name, upper) => {
        const input = upper ? name.toUpperCase() : name;
        const damaged = encodeVni(input);
        expect(canBeVni(damaged)).toBe(true);
        expect(decodeVni(damaged)).toBe(input);
      }),
    );
  });
});

describe('canBeVni, character by character', () => {
  // What a VNI encoder writes: ASCII, and the characters it writes for Vietnamese letters.
  const LETTERS = [...TONED_VOWELS, ...TONED_VOWELS.map((v) => v.toUpperCase()), 'đ', 'Đ'];
  const WRITTEN = new Set([...LETTERS.flatMap((l) => [...encodeVni(l)])].filter((ch) => ch.charCodeAt(0) >= 0x80));

  it('accepts exactly ASCII and the characters the encoder writes, over every UTF-16 code unit', () => {
    const wrong: number[] = [];
    for (let u = 0; u < 0x10000; u++) if (canBeVni(String.fromCharCode(u)) !== (u < 0x80 || WRITTEN.has(String.fromCharCode(u)))) wrong.push(u);
    expect(wrong).toEqual([]);
  });

  it.each([['😀'], ['a😀'], ['\ud800'], ['Nguyễn']])('rejects %j (a character outside the table)', (s) => {
    expect(canBeVni(s)).toBe(false);
  });
});
