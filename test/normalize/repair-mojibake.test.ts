import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isKhopError } from '../../src/errors.js';
import { canBeCp1252, decodeUtf8AsCp1252, encodeUtf8AsCp1252 } from '../../src/normalize/cp1252.js';
import { encodeTelex, encodeViqr } from '../../src/normalize/input-method.js';
import { repairMojibake, setMojibakeTokenCacheLimit } from '../../src/normalize/repair-mojibake.js';
import { isPlausibleSyllable } from '../../src/normalize/syllable.js';
import { canBeTcvn3, decodeTcvn3, encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { placeTones } from '../../src/normalize/tone-placement.js';
import type { NameRepair } from '../../src/normalize/types.js';
import { canBeVni, decodeVni, encodeVni } from '../../src/normalize/vni.js';
import { toModernToneStyle, toNfd, vietnameseName, withoutDiacritics } from './arbitraries.js';
import { repairMojibakeReference } from './repair-mojibake.reference.js';

/** NFC, lower case, traditional tone placement: tone placement and case are the normalizer's job, not this one's. */
const canon = (s: string): string => placeTones(s.normalize('NFC').toLowerCase(), 'traditional');

const ENCODERS: readonly [NameRepair, (s: string) => string][] = [
  ['tcvn3', encodeTcvn3],
  ['vni', encodeVni],
  ['utf8_as_cp1252', encodeUtf8AsCp1252],
  ['telex', encodeTelex],
  ['viqr', encodeViqr],
];

/** Characters damaged names are made of, for random strings that reach the slow path. */
const MOJIBAKE_ALPHABET = [...'aehnoituyNTHÔÞ¬§ÃÄá»…ãòöù^~.+(\'` ', '\u00ad', '\u0090'];

/**
 * Names damaged by one encoder, whole or word by word (with Telex mixed in), in either case, also
 * decomposed; UTF-8 damage whose no-break spaces (the A0 of "à") a cleaner turned into spaces;
 * random strings: the inputs on which the slow path's token cache must not change a result.
 */
const slowPathInput: fc.Arbitrary<string> = fc.oneof(
  fc
    .tuple(vietnameseName(), fc.constantFrom(...ENCODERS.map(([, encode]) => encode)), fc.boolean(), fc.boolean())
    .map(([name, encode, upper, nfd]) => {
      const damaged = encode(upper ? name.toUpperCase() : name);
      return nfd ? damaged.normalize('NFD') : damaged;
    }),
  vietnameseName().map((name) => encodeUtf8AsCp1252(name).replace(/\u00a0/g, ' ')),
  fc
    .tuple(vietnameseName(), fc.constantFrom(encodeTcvn3, encodeVni, encodeUtf8AsCp1252), fc.array(fc.nat(2), { minLength: 5, maxLength: 5 }))
    .map(([name, encode, mask]) =>
      name
        .split(' ')
        .map((w, i) => (mask[i] === 0 ? w : mask[i] === 1 ? encode(w) : encodeTelex(w)))
        .join(' '),
    ),
  fc.string({ unit: fc.constantFrom(...MOJIBAKE_ALPHABET), maxLength: 30 }),
  fc.string({ unit: 'grapheme', maxLength: 20 }),
);

describe('repairMojibake', () => {
  it.each([
    ['NguyÔn ThÞ H\u00ad¬ng', 'Nguyễn Thị Hương', ['tcvn3']],
    ['TrÇn V¨n §øc', 'Trần Văn Đức', ['tcvn3']],
    ['Nguyeãn Thò Höông', 'Nguyễn Thị Hương', ['vni']],
    ['Traàn Vaên Ñöùc', 'Trần Văn Đức', ['vni']],
    ['Nguyá»…n', 'Nguyễn', ['utf8_as_cp1252']],
    ['Nguyeenx', 'Nguyễn', ['telex']],
    ['Nguye^~n', 'Nguyễn', ['viqr']],
    // a name mixing damaged and correct syllables
    ['Nguyễn ThÞ Hương', 'Nguyễn Thị Hương', ['tcvn3']],
    // "à" is C3 A0; the cleaner turned the no-break space A0 into a space
    ['HoÃ ng Äá»©c', 'Hoàng Đức', ['utf8_as_cp1252']],
    // the undefined bytes 0x90 (in Đ) and 0x8D (in ọ) removed as control characters
    ['Äá»— Thá»‹ Ngá»c', 'Đỗ Thị Ngọc', ['utf8_as_cp1252']],
    // two kinds of damage, reported in the order applied
    ['NguyÔn Thij Lan', 'Nguyễn Thị Lan', ['tcvn3', 'telex']],
    // TCVN3 capitals font: toned capitals come back lower case
    ['NGUYÔN THÞ H\u00ad¬NG', 'NGUYễN THị HươNG', ['tcvn3']],
    // VNI "Thö" also reads as TCVN3 "Thử": the reading with fewer tone marks wins
    ['Phan Minh Thö', 'Phan Minh Thư', ['vni']],
    // "DD" is both VIQR and Telex; Telex also explains "Coong"
    ['DDinh Coong Khoa', 'Đinh Công Khoa', ['telex']],
    ['Nguye^~n T. Lan', 'Nguyễn T. Lan', ['viqr']],
  ] as const)('repairs %j → %s', (damaged, expected, repairs) => {
    const r = repairMojibake(damaged);
    expect(r.text).toBe(expected);
    expect(r.repairs).toEqual(repairs);
  });

  it.each([
    ['Hoà', 'a name, and also VNI for Hồ'],
    ['Thò', 'a syllable, and also VNI for Thị'],
    ['Hoà Thò', 'every token valid both ways'],
    ['Nguyễn Thị Hoà', 'a valid name'],
    ['NGUYỄN VĂN A', 'a valid name in capitals'],
    ['nguyen van anh', 'a name typed without marks'],
    ['Lê A.', 'an initial, not VIQR nặng'],
    ['Max Nguyen', 'a lone Telex-like key in a two-word name'],
    ['Phamj Khoa', 'a lone Telex tone key in a two-word name'],
    ["Ksor H'Luân", 'a minority-language name'],
    ['John Smith', 'a foreign name'],
    ['', 'nothing'],
  ])('leaves %j alone (%s) and returns the input itself', (text) => {
    const r = repairMojibake(text);
    expect(r.text).toBe(text);
    expect(r.repairs).toEqual([]);
  });

  describe.each(ENCODERS)('names damaged as %s', (repair, encode) => {
    it('come back (NFC, any case, any tone placement), unless the damage is itself a valid name', () => {
      fc.assert(
        fc.property(vietnameseName(), fc.boolean(), (name, upper) => {
          const input = upper ? name.toUpperCase() : name;
          const damaged = encode(input);
          const r = repairMojibake(damaged);
          const words = damaged.split(' ');
          const ambiguous = words.every(isPlausibleSyllable);
          const changedWords = words.filter((w, i) => w !== input.split(' ')[i]);
          const loneTelexKey =
            repair === 'telex' && words.length === 2 && changedWords.length === 1 && !/^dd|aa|ee|oo|w/i.test(changedWords[0]);
          if (ambiguous || loneTelexKey) {
            expect(r.text).toBe(damaged);
            expect(r.repairs).toEqual([]);
          } else {
            expect(canon(r.text)).toBe(canon(input));
            // "dd" for đ is both Telex and VIQR: with no other residue either name is right
            const ddOnly = damaged === input.replace(/đ/g, 'dd').replace(/Đ/g, 'DD');
            expect(ddOnly ? [['telex'], ['viqr']] : [[repair]]).toContainEqual(r.repairs);
          }
        }),
        { numRuns: 300 },
      );
    });
  });

  it('never changes a valid name, however it is written', () => {
    const written = fc.constantFrom(
      (s: string) => s,
      (s: string) => s.toUpperCase(),
      (s: string) => s.toLowerCase(),
      toModernToneStyle,
      toNfd,
      withoutDiacritics,
    );
    fc.assert(
      fc.property(vietnameseName(), written, (name, write) => {
        const text = write(name);
        const r = repairMojibake(text);
        expect(r.text).toBe(text);
        expect(r.repairs).toEqual([]);
      }),
      { numRuns: 500 },
    );
  });

  it('in a name where only some syllables are damaged, repairs every invalid one and changes valid ones only on whole-name evidence', () => {
    const legacy = fc.constantFrom(
      { encode: encodeTcvn3, decode: decodeTcvn3, canProduce: canBeTcvn3 },
      { encode: encodeVni, decode: decodeVni, canProduce: canBeVni },
      { encode: encodeUtf8AsCp1252, decode: (s: string) => decodeUtf8AsCp1252(s) ?? s, canProduce: canBeCp1252 },
    );
    fc.assert(
      fc.property(vietnameseName(), legacy, fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (name, codec, mask) => {
        const words = name.split(' ');
        const damagedWords = words.map((w, i) => (mask[i] ? codec.encode(w) : w));
        const damaged = damagedWords.join(' ');
        const out = repairMojibake(damaged).text.split(' ');
        expect(out).toHaveLength(words.length);
        out.forEach((w, i) => {
          const d = damagedWords[i];
          if (!isPlausibleSyllable(d)) {
            expect(w).toBe(words[i]); // a damaged syllable that is not valid is always repaired
          } else if (codec.canProduce(damaged)) {
            // the whole name reads as damaged: a syllable valid both ways may be decoded
            expect([words[i], d, codec.decode(d)]).toContain(w);
          } else {
            expect([words[i], d]).toContain(w); // a mixed name: valid syllables are left alone
          }
        });
      }),
      { numRuns: 500 },
    );
  });

  it('returns the input itself when it repairs nothing, and never throws', () => {
    const text = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: fc.constantFrom(...MOJIBAKE_ALPHABET), maxLength: 30 }));
    fc.assert(
      fc.property(text, (s) => {
        const r = repairMojibake(s);
        if (r.repairs.length === 0) expect(r.text).toBe(s);
        else expect(new Set(r.repairs).size).toBe(r.repairs.length);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('repairMojibake against its reference implementation', () => {
  afterEach(() => setMojibakeTokenCacheLimit());

  it('gives the result of the simple implementation on any input', () => {
    fc.assert(
      fc.property(slowPathInput, (s) => {
        expect(repairMojibake(s)).toEqual(repairMojibakeReference(s));
      }),
      { numRuns: 2000 },
    );
  });

  it('gives the same results with the token cache cold, warm, emptied while filling, and off', () => {
    const inputs = fc.sample(slowPathInput, 1500);
    const expected = inputs.map(repairMojibakeReference);
    setMojibakeTokenCacheLimit(); // cold
    expect(inputs.map(repairMojibake)).toEqual(expected);
    expect(inputs.map(repairMojibake)).toEqual(expected); // warm: every token is cached
    setMojibakeTokenCacheLimit(3); // emptied every few tokens, often in the middle of a name
    expect(inputs.map(repairMojibake)).toEqual(expected);
    setMojibakeTokenCacheLimit(0);
    expect(inputs.map(repairMojibake)).toEqual(expected);
  });
});

describe('setMojibakeTokenCacheLimit', () => {
  it.each([[-1], [1.5], [Number.NaN]])('rejects %p with BAD_ARGUMENT', (limit) => {
    try {
      setMojibakeTokenCacheLimit(limit);
      expect.unreachable();
    } catch (e) {
      expect(isKhopError(e) && e.code).toBe('BAD_ARGUMENT');
    }
  });
});
