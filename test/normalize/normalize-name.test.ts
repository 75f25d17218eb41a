import fc from 'fast-check';
import { afterEach, describe, expect, it } from 'vitest';
import { isKhopError } from '../../src/errors.js';
import { nameTokenForms, type NameTokenFlags, type NameTokenForms, normalizeName, setNameTokenCacheLimit, titleCase } from '../../src/normalize/normalize-name.js';
import { placeTones } from '../../src/normalize/tone-placement.js';
import type { NameRepair, NormalizedName } from '../../src/normalize/types.js';
import { foldName, stripTones } from '../../src/normalize/vietnamese-letters.js';
import { damagedName, toModernToneStyle, vietnameseName } from './arbitraries.js';

/**
 * A slow, obvious normalizer for undamaged-by-fonts input, built on String.normalize and regular
 * expressions: the oracle for the table-driven one.
 */
function referenceName(raw: string): Pick<NormalizedName, 'display' | 'key' | 'folded' | 'toneless'> {
  const tokens = raw
    .replace(/[\u200b-\u200f\u2060\ufeff\u00ad]/g, '')
    .replace(/\u00d0/g, 'Đ')
    .normalize('NFC')
    .split(/[\s\u00a0]+/)
    .filter((t) => t !== '');
  const display = tokens
    .map((t) => placeTones(t).toLowerCase().replace(/(^|[^\p{L}\p{M}])(\p{L})/gu, (_, before: string, letter: string) => before + letter.toUpperCase()))
    .join(' ');
  const key = display.toLowerCase();
  const decomposed = key.normalize('NFD');
  return {
    display,
    key,
    folded: decomposed.replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd'),
    toneless: decomposed.replace(/[\u0300\u0301\u0303\u0309\u0323]/g, '').normalize('NFC'),
  };
}

afterEach(() => setNameTokenCacheLimit());

describe('normalizeName: the DESIGN.md examples', () => {
  it.each<[string, string, NameRepair[]]>([
    ['Nguyễn Văn A', 'Nguyễn Văn A', []],
    ['Nguye\u0302\u0303n Văn A', 'Nguyễn Văn A', ['nfd']], // 8 code points for Nguyễn instead of 6
    ['Đặng Văn Đức', 'Đặng Văn Đức', []],
    ['\u00d0ặng Văn \u00d0ức', 'Đặng Văn Đức', ['eth_as_d']],
    ['Lê Thị Hoà', 'Lê Thị Hòa', ['tone_style']],
    ['Lê Thị Hòa', 'Lê Thị Hòa', []],
    ['Trần Thị Thuỷ', 'Trần Thị Thủy', ['tone_style']],
    ['Phạm Văn Khoẻ', 'Phạm Văn Khỏe', ['tone_style']],
    ['Nguyễn Văn Hoàn', 'Nguyễn Văn Hoàn', []],
    ['Lê Thị Thuyền', 'Lê Thị Thuyền', []],
    ['Ng\u200buyễn Văn\u200d A\ufeff', 'Nguyễn Văn A', ['zero_width']],
    ['NGUYỄN VĂN A', 'Nguyễn Văn A', ['case']],
    ['nguyễn thị hương', 'Nguyễn Thị Hương', ['case']],
    ['  Nguyễn   Thị  Hương ', 'Nguyễn Thị Hương', ['spaces']],
    ['Nguyen Van A', 'Nguyen Van A', []], // typed without diacritics: kept as typed
    ['NGUYỄN\u00a0THỊ  THUỶ\u200b', 'Nguyễn Thị Thủy', ['zero_width', 'spaces', 'tone_style', 'case']],
  ])('%j → %j %j', (input, display, repairs) => {
    const n = normalizeName(input);
    expect(n.display).toBe(display);
    expect(n.repairs).toEqual(repairs);
  });

  it.each([
    ['Nguyễn', 'Nguye\u0302\u0303n'],
    ['Lê Thị Hòa', 'Lê Thị Hoà'],
    ['Trần Thủy', 'TRẦN THUỶ'],
    ['Phạm Khỏe', 'phạm khoẻ'],
    ['Đặng Đức', '\u00d0ặng \u00d0ức'],
  ])('%j and %j have the same key', (a, b) => {
    expect(normalizeName(a).key).toBe(normalizeName(b).key);
  });

  it.each([
    ['Lê Quý', 'Lê Quí', true],
    ['Trần Vy', 'Trần Vi', true],
    ['Lý Văn Kỳ', 'Lí Văn Kì', true],
    ['Hoàng Văn Phúc', 'Huỳnh Văn Phước', true],
    ['Vũ Thị Hồng', 'Võ Thị Hường', false], // folded "huong" may be Hương, so folded keys stay apart
  ])('%j and %j have different keys but the same variant key (same folded variant: %s)', (a, b, foldedSame) => {
    const na = normalizeName(a);
    const nb = normalizeName(b);
    expect(na.key).not.toBe(nb.key);
    expect(na.variant).toBe(nb.variant);
    expect(na.variantFolded === nb.variantFolded).toBe(foldedSame);
  });

  it('keeps Hương apart from Hồng/Hường in the folded variant key', () => {
    expect(normalizeName('Lê Thị Hương').variantFolded).toBe('le thi huong');
    expect(normalizeName('Lê Thị Hường').variantFolded).toBe('le thi huong');
    expect(normalizeName('Lê Thị Hồng').variantFolded).toBe('le thi hong');
    expect(normalizeName('Lê Thị Hường').variant).toBe(normalizeName('Lê Thị Hồng').variant);
  });
});

describe('normalizeName: legacy-font and input-method damage, end to end (DESIGN.md)', () => {
  it.each<[string, string, NameRepair[]]>([
    ['NguyÔn ThÞ H\u00ad¬ng', 'Nguyễn Thị Hương', ['tcvn3']], // TCVN3: ư is 0xAD, a soft hyphen
    ['TrÇn V¨n §øc', 'Trần Văn Đức', ['tcvn3']],
    ['NguyÔn Thị Hương', 'Nguyễn Thị Hương', ['tcvn3']], // damaged and correct syllables mixed
    ['NguyÔn ThÞ B\u00d0', 'Nguyễn Thị Bé', ['tcvn3']], // TCVN3 é is Ð: not the eth look-alike here
    ['Nguyeãn Thò Höông', 'Nguyễn Thị Hương', ['vni']],
    ['Traàn Vaên Ñöùc', 'Trần Văn Đức', ['vni']],
    ['Nguyá»…n Văn A', 'Nguyễn Văn A', ['utf8_as_cp1252']],
    ['HoÃ\u00a0ng Văn A', 'Hoàng Văn A', ['utf8_as_cp1252']], // à → C3 A0: a no-break space inside
    ['Nguyễn\u00a0Văn A', 'Nguyễn Văn A', ['spaces']], // the same character between words is a space
    ['NguyÔn\u00a0ThÞ\u00a0H\u00ad¬ng', 'Nguyễn Thị Hương', ['spaces', 'tcvn3']],
    ['BÙI\u00a0THỊ\u00a0HOÀ', 'Bùi Thị Hòa', ['spaces', 'tone_style', 'case']], // Ù is 0xD9, a UTF-8 lead byte
    ['Nguyeenx Vawn A', 'Nguyễn Văn A', ['telex']],
    ['Nguye^~n Va(n A', 'Nguyễn Văn A', ['viqr']],
    ['  NguyÔn\u200b ThÞ H\u00ad¬ng ', 'Nguyễn Thị Hương', ['zero_width', 'spaces', 'tcvn3']],
    ['TRÇN V¨N §øC', 'Trần Văn Đức', ['tcvn3', 'case']],
    // The same characters, stray in a correct name, are only removed.
    ['Nguyễn Văn\u00ad A', 'Nguyễn Văn A', ['zero_width']],
    ['Trần\u0085 Văn A', 'Trần Văn A', ['control']],
  ])('%j → %j %j', (input, display, repairs) => {
    const n = normalizeName(input);
    expect(n.display).toBe(display);
    expect(n.repairs).toEqual(repairs);
  });

  it('gives a repaired name the key of the correct one', () => {
    expect(normalizeName('NguyÔn ThÞ H\u00ad¬ng').key).toBe(normalizeName('Nguyễn Thị Hương').key);
    expect(normalizeName('Traàn Vaên Ñöùc').folded).toBe('tran van duc');
  });
});

describe('normalizeName: every field of one name', () => {
  it('splits family, middle names and given name, and derives all keys', () => {
    expect(normalizeName(' HUỲNH  thị thuỷ  tiên ')).toEqual({
      display: 'Huỳnh Thị Thủy Tiên',
      key: 'huỳnh thị thủy tiên',
      folded: 'huynh thi thuy tien',
      toneless: 'huynh thi thuy tiên',
      variant: 'hoàng thị thủy tiên',
      variantFolded: 'hoang thi thuy tien',
      family: 'huỳnh',
      middle: ['thị', 'thủy'],
      given: 'tiên',
      repairs: ['spaces', 'tone_style', 'case'],
    });
  });

  it.each([
    ['Nguyễn Vy', { family: 'nguyễn', middle: [], given: 'vy' }],
    ['Vy', { family: '', middle: [], given: 'vy' }],
    ['Tôn Nữ Thị Minh Châu', { family: 'tôn', middle: ['nữ', 'thị', 'minh'], given: 'châu' }],
  ])('%j → %j', (input, tokens) => {
    expect(normalizeName(input)).toMatchObject(tokens);
  });

  it.each([[''], ['   '], ['\u200b'], ['\u00a0\t'], ['\u0085 ']])('blank input %j gives empty strings and no tokens', (input) => {
    const n = normalizeName(input);
    expect(n).toMatchObject({ display: '', key: '', folded: '', toneless: '', variant: '', variantFolded: '', family: '', middle: [], given: '' });
  });

  it('capitalises each part of a hyphenated or apostrophe-joined token', () => {
    expect(normalizeName("h'hen niê").display).toBe("H'Hen Niê");
    expect(titleCase('thủy-tiên')).toBe('Thủy-Tiên');
  });

  it('does not share arrays between results', () => {
    const a = normalizeName('Lê Văn Tám');
    const b = normalizeName('Lê Văn Tám');
    expect(a.middle).not.toBe(b.middle);
    expect(a.repairs).not.toBe(b.repairs);
  });
});

describe('normalizeName: invariants', () => {
  it('matches the String.normalize reference on damaged names', () => {
    fc.assert(
      fc.property(damagedName(), ({ damaged }) => {
        expect(normalizeName(damaged)).toMatchObject(referenceName(damaged));
      }),
    );
  });

  it('recovers the display form from recoverable damage', () => {
    fc.assert(
      fc.property(damagedName(), ({ clean, damaged }) => {
        expect(normalizeName(damaged).display).toBe(clean);
      }),
    );
  });

  it('is idempotent: the display form normalizes to itself, with the same keys and no repairs', () => {
    fc.assert(
      fc.property(damagedName(), ({ damaged }) => {
        const once = normalizeName(damaged);
        const twice = normalizeName(once.display);
        expect(twice).toEqual({ ...once, repairs: [] });
      }),
    );
  });

  it('folded is ASCII and equals foldName(display); toneless equals stripTones(key)', () => {
    fc.assert(
      fc.property(damagedName(), ({ damaged }) => {
        const n = normalizeName(damaged);
        expect(n.folded).toMatch(/^[\x20-\x7e]*$/);
        expect(n.folded).toBe(foldName(n.display));
        expect(n.toneless).toBe(stripTones(n.key));
      }),
    );
  });

  it('switching tone style does not change the key', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        expect(normalizeName(toModernToneStyle(name)).key).toBe(normalizeName(name).key);
      }),
    );
  });

  it('gives regional and i/y variants of a name the same variant key, whichever side is written', () => {
    const PARTNER: Record<string, string> = {
      Hoàng: 'Huỳnh', Huỳnh: 'Hoàng', Vũ: 'Võ', Võ: 'Vũ', Phúc: 'Phước', Phước: 'Phúc', Hồng: 'Hường', Hường: 'Hồng',
      Quý: 'Quí', Quí: 'Quý', Vy: 'Vi', Vi: 'Vy', Lý: 'Lí', Lí: 'Lý', Kỳ: 'Kì', Kì: 'Kỳ',
    };
    fc.assert(
      fc.property(vietnameseName(), fc.array(fc.boolean(), { minLength: 5, maxLength: 5 }), (name, swap) => {
        const other = name
          .split(' ')
          .map((t, i) => (swap[i] && PARTNER[t] !== undefined ? PARTNER[t] : t))
          .join(' ');
        const a = normalizeName(name);
        const b = normalizeName(other);
        expect(a.variant).toBe(b.variant);
        expect(b.variant).toBe(a.variant);
        if (!/Hồng|Hường/.test(name)) expect(a.variantFolded).toBe(b.variantFolded);
      }),
    );
  });

  it('the tokens put back together are the key', () => {
    fc.assert(
      fc.property(damagedName(), ({ damaged }) => {
        const n = normalizeName(damaged);
        expect([n.family, ...n.middle, n.given].filter((t) => t !== '').join(' ')).toBe(n.key);
      }),
    );
  });

  it('gives the same result with the token cache on and off', () => {
    const names = fc.sample(damagedName(), 300).map((d) => d.damaged);
    setNameTokenCacheLimit();
    const cached = names.map((s) => normalizeName(s));
    const again = names.map((s) => normalizeName(s)); // now served from the cache
    setNameTokenCacheLimit(0);
    const uncached = names.map((s) => normalizeName(s));
    expect(again).toEqual(cached);
    expect(uncached).toEqual(cached);
  });

  it('keeps working when the cache fills and is emptied', () => {
    setNameTokenCacheLimit(3);
    const names = ['Nguyễn Văn A', 'Trần Thị Thuỷ', 'Lê Quí Đôn', 'Nguyễn Văn A'];
    expect(names.map((s) => normalizeName(s).display)).toEqual(['Nguyễn Văn A', 'Trần Thị Thủy', 'Lê Quí Đôn', 'Nguyễn Văn A']);
  });
});

describe('setNameTokenCacheLimit', () => {
  it.each([[-1], [1.5], [Number.NaN]])('rejects %p with BAD_ARGUMENT', (limit) => {
    try {
      setNameTokenCacheLimit(limit);
      expect.unreachable();
    } catch (e) {
      expect(isKhopError(e) && e.code).toBe('BAD_ARGUMENT');
    }
  });
});

describe('nameTokenForms: the tokens normalizeName joins', () => {
  afterEach(() => setNameTokenCacheLimit());
  const FORMS = ['key', 'folded', 'toneless', 'variant', 'variantFolded'] as const;
  const encoder = new TextEncoder();

  const LEGACY: readonly NameRepair[] = ['utf8_as_cp1252', 'tcvn3', 'vni', 'telex', 'viqr'];

  function check(raw: string): void {
    const out: NameTokenForms[] = [];
    // Set to the opposite first, so a flag left alone cannot pass.
    const flags: NameTokenFlags = { legacy: true };
    const n = normalizeName(raw);
    flags.legacy = !n.repairs.some((r) => LEGACY.includes(r));
    const count = nameTokenForms(raw, out, flags);
    expect(flags.legacy).toBe(n.repairs.some((r) => LEGACY.includes(r)));
    const tokens = out.slice(0, count);
    FORMS.forEach((form, f) => {
      expect(tokens.map((t) => t[form]).join(' ')).toBe(n[form]);
      for (const t of tokens) {
        const start = f === 0 ? 0 : t.utf8Ends[f - 1];
        expect([...t.utf8.subarray(start, t.utf8Ends[f])]).toEqual([...encoder.encode(t[form])]);
      }
    });
  }

  it.each([
    ['a clean name', 'Nguyễn Văn An'],
    ['upper case with old-style tones', 'HUỲNH THỊ HOÀ'],
    ['legacy-font damage', 'Nguyá»…n VÄƒn An'],
    ['inner and outer spaces', '  Lê   Thị  '],
    ['an empty cell', ''],
    ['a lone surrogate', '\uD800 An'],
    ['TCVN3 damage', 'NguyÔn V¨n An'],
    ['Telex residue', 'Nguyeenx Thij Thuy'],
  ])('joined by one space, gives normalizeName\'s forms, with their UTF-8, and its legacy repair, for %s', (_name, raw) => check(raw));

  it('gives normalizeName\'s forms for any name, damaged or not, with the token cache on or off', () => {
    fc.assert(
      fc.property(fc.oneof(vietnameseName(), damagedName().map((d) => d.damaged), fc.string({ unit: 'grapheme', maxLength: 16 })), fc.boolean(), (raw, cached) => {
        setNameTokenCacheLimit(cached ? undefined : 0);
        check(raw);
      }),
      { numRuns: 300 },
    );
  });

  it('hands out one object, with one id, per token while the cache keeps it', () => {
    const a: NameTokenForms[] = [];
    const b: NameTokenForms[] = [];
    nameTokenForms('Lê Văn Lê', a);
    nameTokenForms('lê', b);
    expect(a[2]).toBe(a[0]);
    expect(a[1].id).not.toBe(a[0].id);
    // 'lê' is another token than 'Lê' (the cache keys by the characters as written).
    expect(b[0].id).not.toBe(a[0].id);
  });
});
