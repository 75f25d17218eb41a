import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  countToneMarks,
  isAsciiVietnameseSyllable,
  isPlausibleSyllable,
  isTextOfSyllables,
  isVietnameseSyllable,
  placeTone,
  stripTone,
  tonelessSyllables,
  type Tone,
} from '../../src/normalize/syllable.js';
import { placeTones } from '../../src/normalize/tone-placement.js';
import { FAMILY_NAMES, GIVEN_NAMES, MIDDLE_NAMES, withoutDiacritics } from './arbitraries.js';

const NAME_SYLLABLES = [...new Set([...FAMILY_NAMES, ...MIDDLE_NAMES, ...GIVEN_NAMES])];

describe('isVietnameseSyllable', () => {
  it.each([
    'Nguyễn', 'Thị', 'Hương', 'Trần', 'Văn', 'Đức',
    // both tone styles for open oa, oe, uy
    'hòa', 'hoà', 'thủy', 'thuỷ', 'khỏe', 'khoẻ',
    // qu and gi onsets, gi absorbing the i
    'Quỳnh', 'quý', 'quí', 'Quốc', 'quân', 'Giang', 'gì', 'gìn', 'giếng', 'giữ', 'giường',
    // k / gh / ngh before i e ê y
    'Kỳ', 'kiên', 'kẻ', 'ghế', 'ghi', 'nghĩa', 'Nghiêm', 'nghe',
    // i/y spellings, medial o/u, three-vowel rhymes
    'Lý', 'Lí', 'Vy', 'Vi', 'khuya', 'khuỷu', 'Huỳnh', 'Uyên', 'Oanh', 'Thoại', 'ngoài', 'Khuê', 'hoặc', 'thuở',
    'Yến', 'yêu', 'ích', 'út',
    // a stop final with sắc or nặng
    'Phúc', 'Ngọc', 'Bích', 'Việt', 'hạnh', 'Đạt',
    // any case, NFD
    'NGUYỄN', 'nguyễn', 'Nguye\u0302\u0303n',
  ])('accepts %s', (s) => {
    expect(isVietnameseSyllable(s)).toBe(true);
  });

  it.each([
    ['ka', 'k before a'],
    ['ce', 'c before e'],
    ['gha', 'gh before a'],
    ['ngi', 'ng before i'],
    ['coa', 'c with a medial (written qu)'],
    ['boan', 'labial onset with a medial'],
    ['quoa', 'qu with medial o'],
    ['iên', 'iê with no onset (yên)'],
    ['tyên', 'yê after an onset (tiên)'],
    ['hàt', 'a stop final takes only sắc or nặng'],
    ['lảc', 'a stop final takes only sắc or nặng'],
    ['bãch', 'a stop final takes only sắc or nặng'],
    ['hóà', 'two tone marks'],
    ['hòan', 'tone on the wrong vowel'],
    ['leõ', 'tone on the wrong vowel'],
    ['ThÞ', 'TCVN3 damage'],
    ['Nguyeãn', 'VNI damage'],
    ['Nguyá»…n', 'UTF-8 read as Windows-1252'],
    ['nguyeenx', 'Telex residue'],
    ['xoong', 'a loan rhyme no name uses'],
    ["h'hen", 'an apostrophe'],
    ['a1', 'a digit'],
    ['', 'nothing'],
  ])('rejects %s (%s)', (s) => {
    expect(isVietnameseSyllable(s)).toBe(false);
  });

  it('accepts every syllable of the name lists in either tone style, any case, NFC or NFD', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAME_SYLLABLES), fc.constantFrom<'traditional' | 'modern'>('traditional', 'modern'), fc.boolean(), fc.boolean(), (s, style, upper, nfd) => {
        let t = placeTones(s, style);
        if (upper) t = t.toUpperCase();
        if (nfd) t = t.normalize('NFD');
        expect(isVietnameseSyllable(t)).toBe(true);
      }),
    );
  });

  it('rejects a name syllable with one more letter from outside Vietnamese (f j w z)', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAME_SYLLABLES), fc.constantFrom('f', 'j', 'w', 'z'), fc.nat(), (s, extra, at) => {
        const i = at % (s.length + 1);
        expect(isVietnameseSyllable(s.slice(0, i) + extra + s.slice(i))).toBe(false);
      }),
    );
  });
});

describe('isAsciiVietnameseSyllable', () => {
  it.each(['nguyen', 'Thi', 'HUONG', 'tran', 'van', 'duc', 'quynh', 'giang', 'nghia', 'ky', 'khuya', 'A'])('accepts %s', (s) => {
    expect(isAsciiVietnameseSyllable(s)).toBe(true);
  });

  it.each(['nguyeen', 'thij', 'ka', 'john', 'smith', 'nguyễn', 'dd', ''])('rejects %s', (s) => {
    expect(isAsciiVietnameseSyllable(s)).toBe(false);
  });

  it('accepts every name syllable typed without diacritics', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAME_SYLLABLES), (s) => {
        expect(isAsciiVietnameseSyllable(withoutDiacritics(s))).toBe(true);
      }),
    );
  });
});

describe('isTextOfSyllables (the automaton) against isPlausibleSyllable (the reference)', () => {
  it.each([
    ['Nguyễn Thị Hương', true],
    ['nguyen van anh', true],
    ['Hoà Thò', true],
    ['NguyÔn ThÞ H\u00ad¬ng', false],
    ['Quèc', false],
    ['Lê  A', false],
    [' Lê', false],
    ['', false],
  ] as const)('%j → %s', (text, expected) => {
    expect(isTextOfSyllables(text)).toBe(expected);
  });

  const letters = [...'aăâeêioôơuưyđbcdghklmnpqrstvxfjwz', 'á', 'ế', 'ỳ', 'ữ', 'Ô', 'Þ', '¬', '\u00ad', 'ò', 'ã', "'", '.'];
  const mutated = fc
    .tuple(fc.constantFrom(...NAME_SYLLABLES), fc.nat(), fc.constantFrom(...letters), fc.boolean())
    .map(([s, at, ch, replace]) => {
      const i = at % (s.length + 1);
      return s.slice(0, i) + ch + s.slice(replace ? i + 1 : i);
    });
  const token = fc.oneof(
    fc.constantFrom(...NAME_SYLLABLES),
    fc.constantFrom(...NAME_SYLLABLES).map(withoutDiacritics),
    fc.constantFrom(...NAME_SYLLABLES).map((s) => s.toUpperCase()),
    mutated,
    fc.string({ unit: fc.constantFrom(...letters), minLength: 1, maxLength: 6 }),
  );

  it('agrees on names of valid, mutated and random tokens', () => {
    fc.assert(
      fc.property(fc.array(token, { minLength: 1, maxLength: 4 }), (tokens) => {
        const text = tokens.join(' ');
        expect(isTextOfSyllables(text)).toBe(tokens.every(isPlausibleSyllable));
      }),
      { numRuns: 2000 },
    );
  });

  it('accepts every tone-less syllable of the inventory', () => {
    for (const s of tonelessSyllables()) expect(isTextOfSyllables(s)).toBe(true);
  });
});

describe('placeTone and stripTone', () => {
  it.each([
    ['hoa', 1, 'hòa'],
    ['thuy', 2, 'thủy'],
    ['khoe', 2, 'khỏe'],
    ['quy', 4, 'quý'],
    ['gia', 1, 'già'],
    ['gi', 1, 'gì'],
    ['Nguyên', 3, 'Nguyễn'],
    ['hoang', 1, 'hoàng'],
    ['ngươi', 1, 'người'],
    ['khuyu', 2, 'khuỷu'],
    ['QUYNH', 1, 'QUỲNH'],
    ['Lan', 0, 'Lan'],
  ] as const)('placeTone(%s, %i) → %s', (bare, tone, expected) => {
    expect(placeTone(bare, tone as Tone)).toBe(expected);
  });

  it.each([
    ['Nguyễn', 'Nguyên', 3],
    ['HOÀ', 'HOA', 1],
    ['Lan', 'Lan', 0],
  ] as const)('stripTone(%s) → %s, %i', (token, bare, tone) => {
    expect(stripTone(token)).toEqual({ bare, tone });
  });

  it('puts back the tone it strips, in the traditional style', () => {
    fc.assert(
      fc.property(fc.constantFrom(...NAME_SYLLABLES), (s) => {
        const { bare, tone } = stripTone(s);
        expect(placeTone(bare, tone)).toBe(placeTones(s, 'traditional'));
      }),
    );
  });

  it.each([
    ['Nguyễn Thị Hương', 2],
    ['Lan', 0],
  ] as const)('countToneMarks(%s) → %i', (s, n) => {
    expect(countToneMarks(s)).toBe(n);
  });
});
