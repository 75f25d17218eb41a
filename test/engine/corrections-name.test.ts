import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { NameReason } from '../../src/engine/correction-reasons.js';
import { align, differentNameBits, marksWithin, MAX_ALIGNED_TOKENS, nameReasons, pairCost, tokensOf, tokensOfReference, withinOneEdit, type Token } from '../../src/engine/corrections-name.js';
import { osaDistance } from '../../src/similarity/osa-distance.js';
import { isKhopError } from '../../src/errors.js';
import { encodeUtf8AsCp1252 } from '../../src/normalize/cp1252.js';
import { encodeTelex, encodeViqr } from '../../src/normalize/input-method.js';
import { normalizeName } from '../../src/normalize/normalize-name.js';
import { encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { encodeVni } from '../../src/normalize/vni.js';
import { damagedName, vietnameseName, withoutDiacritics } from '../normalize/arbitraries.js';

function reasons(dose: string, person: string): NameReason[] {
  return nameReasons(normalizeName(dose), normalizeName(person));
}

describe('nameReasons: formatting is not an error', () => {
  it.each<[string, string, string]>([
    ['ALL CAPS', 'NGUYỄN THỊ HƯƠNG', 'Nguyễn Thị Hương'],
    ['lower case', 'nguyễn thị hương', 'Nguyễn Thị Hương'],
    ['decomposed Unicode (NFD)', 'Nguyễn Thị Hương'.normalize('NFD'), 'Nguyễn Thị Hương'],
    ['modern tone placement hoà / hòa', 'Lê Thị Hoà', 'Lê Thị Hòa'],
    ['modern tone placement thuỷ / thủy', 'Trần Thuỷ', 'Trần Thủy'],
    ['extra and non-breaking spaces', '  Nguyễn   Thị\u00a0Hương ', 'Nguyễn Thị Hương'],
    ['a zero-width space', 'Nguyễn Thị Hư\u200bơng', 'Nguyễn Thị Hương'],
    ['eth for Đ', '\u00d0ặng Văn Đức', 'Đặng Văn Đức'],
  ])('%s → no correction', (_, dose, person) => {
    expect(reasons(dose, person)).toEqual([]);
  });

  it('never corrects a formatting-damaged name against its clean form', () => {
    fc.assert(
      fc.property(damagedName(), ({ clean, damaged }) => {
        expect(reasons(damaged, clean)).toEqual([]);
      }),
    );
  });
});

describe('nameReasons: one row per reason', () => {
  it.each<[string, string, string, NameReason[]]>([
    ['no diacritics at all', 'Nguyen Thi Huong', 'Nguyễn Thị Hương', ['diacritics_missing']],
    ['one syllable typed without marks', 'Nguyễn Thị Huong', 'Nguyễn Thị Hương', ['diacritics_missing']],
    ['a tone-only syllable left unmarked', 'Nguyễn Thị Thuy', 'Nguyễn Thị Thủy', ['diacritics_missing']],
    ['a horn lost, the rest kept', 'Nguyễn Thị Hưong', 'Nguyễn Thị Hương', ['diacritics_missing']],
    ['đ typed as d', 'Trần Văn Dức', 'Trần Văn Đức', ['diacritics_missing']],
    ['a wrong tone', 'Nguyễn Thị Thùy', 'Nguyễn Thị Thủy', ['tone_mark']],
    ['a tone left out of a marked syllable', 'Nguyên Văn An', 'Nguyễn Văn An', ['tone_mark']],
    ['regional family variant Huỳnh / Hoàng', 'Huỳnh Văn An', 'Hoàng Văn An', ['surname_variant']],
    ['regional family variant Võ / Vũ', 'Võ Thị Lan', 'Vũ Thị Lan', ['surname_variant']],
    ['given-name variant Phước / Phúc', 'Trần Văn Phước', 'Trần Văn Phúc', ['surname_variant']],
    ['i/y spelling Quí / Quý', 'Nguyễn Văn Quí', 'Nguyễn Văn Quý', ['surname_variant']],
    ['middle name dropped', 'Nguyễn Hương', 'Nguyễn Thị Hương', ['middle_name_missing']],
    ['both middle names dropped', 'Nguyễn Hương', 'Nguyễn Thị Thu Hương', ['middle_name_missing']],
    ['a middle name added', 'Nguyễn Thị Minh Hương', 'Nguyễn Thị Hương', ['middle_name_extra']],
    ['family name moved to the end', 'Hương Nguyễn Thị', 'Nguyễn Thị Hương', ['name_order']],
    ['a letter mistyped', 'Nguyễn Văn Bình', 'Nguyễn Văn Minh', ['typo']],
    ['a letter doubled', 'Nguyễn Văn Anhh', 'Nguyễn Văn Anh', ['typo']],
    ['a one-letter given name mistyped', 'Lê Thị S', 'Lê Thị A', ['typo']],
    ['a short syllable mistyped (Jaro-Winkler misses it, one slip)', 'Ld Thị Lan', 'Lê Thị Lan', ['typo']],
    ['a wrong vowel mark (â for ă)', 'Nguyễn Vân An', 'Nguyễn Văn An', ['typo']],
    ['the dose name empty', '', 'Nguyễn Thị Hương', ['name_missing']],
    ['the dose name only invisible characters', '\u200b ', 'Nguyễn Thị Hương', ['name_missing']],
  ])('%s', (_, dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('nameReasons: legacy encodings and input-method residue', () => {
  const person = 'Trần Văn Đức';
  it.each<[string, (s: string) => string]>([
    ['TCVN3 (ABC)', encodeTcvn3],
    ['VNI-Windows', encodeVni],
    ['UTF-8 read as Windows-1252', encodeUtf8AsCp1252],
    ['Telex', encodeTelex],
    ['VIQR', encodeViqr],
  ])('%s damage of the right name → legacy_encoding', (_, encode) => {
    expect(reasons(encode(person), person)).toEqual(['legacy_encoding']);
  });

  it.each<[string, string, string, NameReason[]]>([
    ['the DESIGN.md TCVN3 example', 'NguyÔn ThÞ H\u00ad¬ng', 'Nguyễn Thị Hương', ['legacy_encoding']],
    ['the DESIGN.md VNI example', 'Nguyeãn Thò Höông', 'Nguyễn Thị Hương', ['legacy_encoding']],
    ['one syllable damaged, the others correct', `Nguyễn Thị ${encodeTcvn3('Hương')}`, 'Nguyễn Thị Hương', ['legacy_encoding']],
    ['damaged and a middle name dropped', encodeVni('Nguyễn Hương'), 'Nguyễn Thị Hương', ['legacy_encoding', 'middle_name_missing']],
  ])('%s', (_, dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('nameReasons: several kinds of damage at once, in vocabulary order', () => {
  it.each<[string, string, string, NameReason[]]>([
    ['no diacritics and a middle name dropped', 'Nguyen Huong', 'Nguyễn Thị Hương', ['diacritics_missing', 'middle_name_missing']],
    ['no diacritics and the family name at the end', 'Huong Nguyen Thi', 'Nguyễn Thị Hương', ['diacritics_missing', 'name_order']],
    ['no diacritics on a variant family name', 'Huynh Van An', 'Hoàng Văn An', ['diacritics_missing', 'surname_variant']],
    ['a wrong tone and a typo', 'Nguyễn Thị Thùy Linhh', 'Nguyễn Thị Thủy Linh', ['tone_mark', 'typo']],
    ['a variant and a middle name added', 'Võ Văn Minh An', 'Vũ Văn An', ['surname_variant', 'middle_name_extra']],
    ['a token mistyped and another dropped', 'Lê S', 'Lê Thị A', ['typo', 'middle_name_missing']],
    ['no marks, but the only marked token is the one dropped', 'CHUNG THANH', 'Chung Hoài Thanh', ['middle_name_missing']],
    ['no marks and a slip on the marked token', 'Nguyen Van Anhh', 'Nguyễn Văn Ánh', ['diacritics_missing', 'typo']],
    ['a middle name replaced by another', 'Nguyễn Đức Phú', 'Nguyễn Thế Phú', ['middle_name_missing', 'middle_name_extra']],
  ])('%s', (_, dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('nameReasons: invariants', () => {
  it('a name against itself needs nothing', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        expect(reasons(name, name)).toEqual([]);
      }),
    );
  });

  it('a name typed without marks gets diacritics_missing and nothing else', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        const dose = withoutDiacritics(name);
        fc.pre(dose !== name);
        expect(reasons(dose, name)).toEqual(['diacritics_missing']);
      }),
    );
  });

  it('the family name moved to the end gives name_order (when the tokens differ)', () => {
    fc.assert(
      fc.property(vietnameseName(), (name) => {
        const tokens = name.split(' ');
        const moved = [...tokens.slice(1), tokens[0]].join(' ');
        fc.pre(normalizeName(moved).key !== normalizeName(name).key);
        expect(reasons(moved, name)).toContain('name_order');
      }),
    );
  });

  it('names that differ once normalized always get a reason beyond legacy_encoding', () => {
    const written = fc.oneof(vietnameseName(), vietnameseName().map(withoutDiacritics), vietnameseName().map(encodeTcvn3), fc.string({ minLength: 1, maxLength: 12 }));
    fc.assert(
      fc.property(written, vietnameseName(), (dose, person) => {
        fc.pre(normalizeName(dose).key !== '' && normalizeName(dose).key !== normalizeName(person).key);
        expect(reasons(dose, person).filter((r) => r !== 'legacy_encoding').length).toBeGreaterThan(0);
      }),
    );
  });

  it('a person without a name yields nothing to correct', () => {
    expect(reasons('Nguyễn Văn An', '')).toEqual([]);
  });
});

describe('marksWithin', () => {
  it.each<[string, string, boolean]>([
    ['huong', 'hương', true],
    ['hưong', 'hương', true],
    ['hướng', 'hướng', true],
    ['dức', 'đức', true],
    ['ú', 'ứ', true], // horn lost, tone kept
    ['ừ', 'ứ', false], // another tone
    ['vân', 'văn', false], // another modifier
    ['đuc', 'duc', false], // a stroke the person does not have
    ['hương', 'huong', false],
    ['an', 'anh', false],
  ])('%s within %s → %s', (dose, person, expected) => {
    expect(marksWithin(dose, person)).toBe(expected);
  });
});

/** Every partial pairing, scored plainly: the oracle for the dynamic programme. */
function bestByEnumeration(dose: Token[], person: Token[]): { pairs: number; cost: number; inversions: number } {
  let best = { pairs: -1, cost: 0, inversions: 0 };
  const used = new Array<boolean>(person.length).fill(false);
  const chosen: number[] = [];
  const visit = (i: number): void => {
    if (i === dose.length) {
      let pairs = 0;
      let cost = 0;
      let inversions = 0;
      chosen.forEach((j, a) => {
        if (j < 0) return;
        pairs++;
        cost += pairCost(dose[a], person[j]);
        for (let b = a + 1; b < chosen.length; b++) if (chosen[b] >= 0 && chosen[b] < j) inversions++;
      });
      const better =
        pairs > best.pairs ||
        (pairs === best.pairs && (cost < best.cost - 1e-9 || (Math.abs(cost - best.cost) <= 1e-9 && inversions < best.inversions)));
      if (better) best = { pairs, cost, inversions };
      return;
    }
    chosen.push(-1);
    visit(i + 1);
    chosen.pop();
    for (let j = 0; j < person.length; j++) {
      if (used[j] || pairCost(dose[i], person[j]) === Infinity) continue;
      used[j] = true;
      chosen.push(j);
      visit(i + 1);
      chosen.pop();
      used[j] = false;
    }
  };
  visit(0);
  return best;
}

describe('align', () => {
  const shuffledName = fc
    .tuple(vietnameseName(), vietnameseName(), fc.nat(), fc.boolean())
    .map(([a, b, seed, fold]) => {
      // Mix tokens of two names, drop some, rotate: reorderings, missing and extra tokens, typos.
      const tokens = [...a.split(' '), ...b.split(' ').slice(0, seed % 3)];
      const rotated = [...tokens.slice(seed % tokens.length), ...tokens.slice(0, seed % tokens.length)];
      const kept = rotated.filter((_, i) => (seed >> (i % 8)) % 5 !== 0);
      const dose = (kept.length > 0 ? kept : rotated).join(' ');
      return { dose: fold ? withoutDiacritics(dose) : dose, person: a };
    });

  it('finds the pairing an exhaustive search finds (pairs, then cost, then inversions)', () => {
    fc.assert(
      fc.property(shuffledName, ({ dose, person }) => {
        const d = tokensOf(normalizeName(dose));
        const p = tokensOf(normalizeName(person));
        const got = align(d, p);
        const want = bestByEnumeration(d, p);
        expect(got.pairs).toBe(want.pairs);
        expect(got.cost).toBeCloseTo(want.cost, 9);
        expect(got.inversions).toBe(want.inversions);
        // The returned pairing is the one scored: distinct person tokens, and its own score.
        const js = [...got.match].filter((j) => j >= 0);
        expect(new Set(js).size).toBe(js.length);
        expect(js.length).toBe(got.pairs);
      }),
    );
  });

  it(`refuses more than ${MAX_ALIGNED_TOKENS} person tokens with BAD_ARGUMENT`, () => {
    const long = tokensOf(normalizeName(Array.from({ length: MAX_ALIGNED_TOKENS + 1 }, () => 'An').join(' ')));
    try {
      align(long, long);
      expect.unreachable();
    } catch (e) {
      expect(isKhopError(e) && e.code).toBe('BAD_ARGUMENT');
    }
  });

  it('nameReasons still answers for such a name (typo), without pairing', () => {
    const long = Array.from({ length: MAX_ALIGNED_TOKENS + 1 }, () => 'An').join(' ');
    expect(reasons(long + ' X', long)).toEqual(['typo']);
  });
});

describe('withinOneEdit: an OSA distance of at most 1, without the dynamic programme', () => {
  it.each<[string, string, boolean]>([
    ['', '', true],
    ['', 'a', true],
    ['', 'ab', false],
    ['le', 'le', true],
    ['le', 'ld', true],
    ['le', 'el', true],
    ['hung', 'hnug', true],
    ['hung', 'hugn', true],
    ['hung', 'hun', true],
    ['hung', 'ung', true],
    ['hung', 'hungg', true],
    ['hung', 'xhung', true],
    ['hung', 'hgnu', false],
    ['hung', 'hing', true],
    ['hung', 'hinh', false],
    ['abc', 'ca', false],
    ['ab', 'ba', true],
    ['abc', 'bca', false],
  ])('%j, %j → %s', (a, b, expected) => {
    expect(withinOneEdit(a, b)).toBe(expected);
    expect(withinOneEdit(b, a)).toBe(expected);
  });

  it('agrees with osaDistance ≤ 1, on near strings and on any strings', () => {
    const letters = fc.string({ unit: fc.constantFrom('a', 'b', 'c', 'n', 'g'), maxLength: 7 });
    // One or two random edits of a string, so that distance 1 and 2 are both common.
    const edit = (s: string, k: number, c: string): string => {
      const i = s.length === 0 ? 0 : k % (s.length + 1);
      switch (k % 4) {
        case 0:
          return s.slice(0, i) + c + s.slice(i);
        case 1:
          return s.slice(0, i) + s.slice(i + 1);
        case 2:
          return s.slice(0, i) + c + s.slice(i + 1);
        default:
          return i + 1 < s.length ? s.slice(0, i) + s[i + 1] + s[i] + s.slice(i + 2) : s;
      }
    };
    const near = fc.tuple(letters, fc.nat(), fc.nat(), fc.constantFrom('a', 'b', 'x'), fc.boolean()).map(([s, k1, k2, c, twice]) => {
      const once = edit(s, k1, c);
      return [s, twice ? edit(once, k2, c) : once] as const;
    });
    fc.assert(
      fc.property(fc.oneof(near, fc.tuple(letters, letters), fc.tuple(fc.string(), fc.string())), ([a, b]) => {
        expect(withinOneEdit(a, b)).toBe(osaDistance(a, b) <= 1);
      }),
      { numRuns: 20000 },
    );
  });
});

describe('differentNameBits: pairing tokens in place when they fold alike = the search', () => {
  // Syllables that fold alike, so dose and person names equal once folded, with repeats (An Ân)
  // where the pairing in place is not the best, and the dose's marks changed, lost or moved.
  const alike = [
    ['an', 'ân', 'ấn', 'ăn', 'ẩn', 'Ân'],
    ['thi', 'thị', 'thì', 'thí'],
    ['hoa', 'hoà', 'hòa', 'hóa', 'hỏa'],
    ['nguyen', 'nguyễn', 'nguyên', 'nguyền'],
    ['duc', 'đức', 'dức', 'đúc'],
    ['huong', 'hương', 'hường', 'hưong'],
  ];
  const pair = fc
    .array(fc.tuple(fc.nat(alike.length - 1), fc.nat(), fc.nat()), { minLength: 1, maxLength: 5 })
    .map((picks) => ({
      dose: picks.map(([k, a]) => alike[k][a % alike[k].length]).join(' '),
      person: picks.map(([k, , b]) => alike[k][b % alike[k].length]).join(' '),
    }));

  it('gives the reasons the search gives', () => {
    let inPlace = 0;
    fc.assert(
      fc.property(pair, fc.boolean(), ({ dose, person }, legacy) => {
        const d = normalizeName(dose);
        const p = normalizeName(person);
        fc.pre(d.key !== p.key);
        const dt = tokensOf(d);
        const pt = tokensOf(p);
        if (new Set(pt.map((t) => t.folded)).size === pt.length) inPlace++;
        expect(differentNameBits(d.key === d.folded, dt, legacy, pt)).toBe(differentNameBits(d.key === d.folded, dt, legacy, pt, false));
      }),
      { numRuns: 3000 },
    );
    expect(inPlace).toBeGreaterThan(100);
  });

  it.each<[string, string, NameReason[]]>([
    ['Nguyen Van An', 'Nguyễn Văn An', ['diacritics_missing']],
    ['Thùy Ân', 'Thủy Ân', ['tone_mark']],
    ['Ân An', 'An Ân', ['name_order']],
  ])('%s against %s → %j', (dose, person, expected) => {
    expect(reasons(dose, person)).toEqual(expected);
  });
});

describe('tokensOf', () => {
  it.each<[string, string[]]>([
    ['Nguyễn Văn An', ['nguyễn', 'văn', 'an']],
    ['AN', ['an']],
    ['Huỳnh Thị Phước', ['huỳnh', 'thị', 'phước']],
  ])('%s has the key tokens %j', (name, keys) => {
    expect(tokensOf(normalizeName(name)).map((t) => t.key)).toEqual(keys);
  });

  it('cuts every form as splitting it on spaces does', () => {
    const written = fc.oneof(vietnameseName(), vietnameseName().map(withoutDiacritics), damagedName().map((x) => x.damaged), fc.string({ minLength: 1, maxLength: 20 }));
    fc.assert(
      fc.property(written, (raw) => {
        const n = normalizeName(raw);
        fc.pre(n.key !== '');
        expect(tokensOf(n)).toEqual(tokensOfReference(n));
      }),
      { numRuns: 3000 },
    );
  });
});
