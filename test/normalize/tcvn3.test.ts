import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { TONED_VOWELS } from '../../src/normalize/syllable.js';
import { canBeTcvn3, decodeTcvn3, encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { vietnameseName } from './arbitraries.js';

const ALL_LOWER = [...TONED_VOWELS, 'đ'];

describe('TCVN3 (VN3) read as Windows-1252', () => {
  it.each([
    ['Nguyễn Thị Hương', 'NguyÔn ThÞ H\u00ad¬ng'],
    ['Trần Văn Đức', 'TrÇn V¨n §øc'],
  ])('DESIGN.md example: %s ↔ %j', (unicode, damaged) => {
    expect(encodeTcvn3(unicode)).toBe(damaged);
    expect(decodeTcvn3(damaged)).toBe(unicode);
  });

  // Spot checks against the TCVN 5712:1993 upper half (libX11 lcUniConv/tcvn.h).
  it.each([
    ['à', 0xb5], ['ạ', 0xb9], ['ă', 0xa8], ['ặ', 0xc6], ['â', 0xa9], ['ậ', 0xcb], ['đ', 0xae],
    ['è', 0xcc], ['ẻ', 0xce], ['ệ', 0xd6], ['ĩ', 0xdc], ['ị', 0xde], ['ò', 0xdf], ['ỏ', 0xe1],
    ['ô', 0xab], ['ơ', 0xac], ['ợ', 0xee], ['ù', 0xef], ['ủ', 0xf1], ['ư', 0xad], ['ự', 0xf9],
    ['ỳ', 0xfa], ['ỵ', 0xfe], ['Ă', 0xa1], ['Â', 0xa2], ['Ê', 0xa3], ['Ô', 0xa4], ['Ơ', 0xa5],
    ['Ư', 0xa6], ['Đ', 0xa7],
  ] as const)('%s is byte 0x%s', (letter, byte) => {
    expect(encodeTcvn3(letter)).toBe(String.fromCharCode(byte));
    expect(decodeTcvn3(String.fromCharCode(byte))).toBe(letter);
  });

  it('round-trips every lower-case letter, and the seven capitals VN3 has', () => {
    for (const letter of [...ALL_LOWER, 'Ă', 'Â', 'Ê', 'Ô', 'Ơ', 'Ư', 'Đ']) expect(decodeTcvn3(encodeTcvn3(letter))).toBe(letter);
  });

  it('writes a toned capital with its lower-case code (no toned capitals in VN3)', () => {
    for (const letter of ALL_LOWER) {
      const upper = letter.toUpperCase();
      expect(decodeTcvn3(encodeTcvn3(upper)).toLowerCase()).toBe(letter);
    }
    expect(encodeTcvn3('ÁNH')).toBe('¸NH');
  });

  it('gives each letter its own code', () => {
    const codes = ALL_LOWER.map(encodeTcvn3);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('keeps characters outside the table', () => {
    expect(decodeTcvn3('Hoàng 12')).toBe('Hoàng 12');
    expect(encodeTcvn3('Zoë')).toBe('Zoë');
  });

  it('round-trips names up to case and writes only TCVN3 characters', () => {
    fc.assert(
      fc.property(vietnameseName(), fc.boolean(), (name, upper) => {
        const input = upper ? name.toUpperCase() : name;
        const damaged = encodeTcvn3(input);
        expect(canBeTcvn3(damaged)).toBe(true);
        expect(decodeTcvn3(damaged).toLowerCase()).toBe(name.toLowerCase());
      }),
    );
  });

  it('decodes NFD-normalized damage (a pipeline may have decomposed Ô)', () => {
    expect(decodeTcvn3('NguyÔn'.normalize('NFD'))).toBe('Nguyễn');
  });
});

describe('canBeTcvn3, character by character', () => {
  // What a TCVN3 encoder writes: ASCII, and the characters it writes for Vietnamese letters.
  const LETTERS = [...TONED_VOWELS, ...TONED_VOWELS.map((v) => v.toUpperCase()), 'đ', 'Đ'];
  const WRITTEN = new Set([...LETTERS.flatMap((l) => [...encodeTcvn3(l)])].filter((ch) => ch.charCodeAt(0) >= 0x80));

  it('accepts exactly ASCII and the characters the encoder writes, over every UTF-16 code unit', () => {
    const wrong: number[] = [];
    for (let u = 0; u < 0x10000; u++) if (canBeTcvn3(String.fromCharCode(u)) !== (u < 0x80 || WRITTEN.has(String.fromCharCode(u)))) wrong.push(u);
    expect(wrong).toEqual([]);
  });

  it.each([['😀'], ['a😀'], ['\ud800'], ['NguyÔn\u0301']])('rejects %j (a character outside the table)', (s) => {
    expect(canBeTcvn3(s)).toBe(false);
  });
});
