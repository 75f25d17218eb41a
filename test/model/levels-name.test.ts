import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/model/load-settings.js';
import { levelIndices, presetDocument, presetSettings } from './store-fixture.js';

/** The preset's name levels, in order, by what they mean. */
const NAME_LEVELS = ['null', 'exact', 'tone_only', 'folded_equal', 'variant', 'token_set', 'jw92', 'jw80', 'else'] as const;
type NameLevel = (typeof NAME_LEVELS)[number];

const settings = presetSettings();

function levelsOf(pairs: readonly (readonly [string, string])[]): NameLevel[] {
  return levelIndices(settings, 'full_name', pairs).map((k) => NAME_LEVELS[k]);
}

describe('the preset name comparison', () => {
  it('has the levels these tests name, in this order', () => {
    const c = settings.comparisons.find((x) => x.name === 'full_name')!;
    expect(c.levels.map((l) => (l.kind === 'jaro_winkler' ? `jw${Math.round(l.threshold * 100)}` : l.kind))).toEqual([
      'null',
      'exact',
      'tone_only',
      'folded_equal',
      'variant_equal',
      'token_set',
      'jw92',
      'jw80',
      'else',
    ]);
  });

  const table: [string, string, NameLevel][] = [
    // either side empty: no evidence
    ['', 'Nguyễn Văn An', 'null'],
    ['Nguyễn Văn An', '   ', 'null'],
    // the same written name once normalized: case, spaces, NFD, tone placement, legacy fonts
    ['Nguyễn Thị Hương', 'NGUYỄN  THỊ HƯƠNG', 'exact'],
    ['Nguyễn Thị Hương', 'Nguye\u0302\u0303n Thi\u0323 Hu\u031bo\u031bng', 'exact'],
    ['Lê Thị Hòa', 'Lê Thị Hoà', 'exact'],
    ['Nguyễn Thị Hương', 'Nguyeãn Thò Höông', 'exact'],
    // only tone marks differ (a wrong tone, or tones missing where the vowels carry no other mark)
    ['Lê Thị Thủy', 'Lê Thị Thùy', 'tone_only'],
    ['Lý Thị Thùy', 'Ly Thi Thuy', 'tone_only'],
    ['Phạm Văn Tuấn', 'Phạm Văn Tuân', 'tone_only'],
    // diacritics missing or a vowel mark lost
    ['Nguyễn Thị Hương', 'Nguyen Thi Huong', 'folded_equal'],
    ['Trần Văn Đức', 'Tran Van Duc', 'folded_equal'],
    ['Nguyễn Thị Hương', 'Nguyễn Thị Hưong', 'folded_equal'],
    ['Trần Văn Đức', 'Trần Văn Dức', 'folded_equal'],
    // regional variants and i/y spellings
    ['Huỳnh Văn Phước', 'Hoàng Văn Phúc', 'variant'],
    ['Võ Thị Lan', 'Vũ Thị Lan', 'variant'],
    ['Huynh Van Phuoc', 'Hoàng Văn Phúc', 'variant'],
    ['Lê Quí Đôn', 'Lê Quý Đôn', 'variant'],
    // family name moved to the end, middle names missing
    ['Nguyễn Thị Hương', 'Hương Nguyễn Thị', 'token_set'],
    ['Nguyễn Thị Thu Hà', 'Nguyễn Thị Hà', 'token_set'],
    ['Nguyễn Hương', 'Nguyễn Thị Hương', 'token_set'],
    ['Nguyen Thi Huong', 'Huong Nguyen', 'else'],
    // typing errors, by Jaro-Winkler on the folded name
    ['Nguyễn Thị Hương', 'Nguyễn Thị Hươgn', 'jw92'],
    ['Nguyễn Văn An', 'Nguyễn Văn Anh', 'jw92'],
    ['Nguyễn Thị Hương', 'Nguyễn Văn Hương', 'jw80'],
    ['Nguyễn Văn Minh', 'Trần Thị Lan', 'else'],
  ];
  it.each(table)('%j vs %j → %s', (left, right, expected) => {
    expect(levelsOf([[left, right]])).toEqual([expected]);
  });

  it('gives the same levels one pair at a time as in one batch of stores', () => {
    const all = levelsOf(table.map(([l, r]) => [l, r] as const));
    expect(all).toEqual(table.map(([, , e]) => e));
  });

  it('is symmetric in its sides for every level but null', () => {
    fc.assert(
      fc.property(fc.constantFrom(...table), ([l, r]) => {
        const [a, b] = levelsOf([
          [l, r],
          [r, l],
        ]);
        expect(a).toBe(b);
      }),
      { numRuns: 30 },
    );
  });
});

describe('name levels outside the preset', () => {
  /** The preset with the name comparison's levels replaced. */
  function withLevels(levels: unknown[]) {
    const doc = presetDocument();
    doc.comparisons[0].levels = levels;
    return parseSettings(doc);
  }

  it.each([
    // exact on another form
    [[{ kind: 'exact', key: 'folded' }], 'Nguyễn Thị Hương', 'Nguyen Thi Huong', 1],
    [[{ kind: 'exact', key: 'toneless' }], 'Lê Thị Thủy', 'Lê Thị Thùy', 1],
    [[{ kind: 'exact', key: 'toneless' }], 'Lê Thị Thủy', 'Le Thi Thuy', 2],
    [[{ kind: 'exact', key: 'variant' }], 'Huỳnh Văn Phước', 'Hoàng Văn Phúc', 1],
    // variant_equal on the toned variant does not forgive missing marks
    [[{ kind: 'variant_equal', key: 'variant' }], 'Huỳnh Văn Phước', 'Huynh Van Phuoc', 2],
    // token_set without the missing-middle rule
    [[{ kind: 'token_set', allow_missing_middle: false }], 'Nguyễn Hương', 'Nguyễn Thị Hương', 2],
    [[{ kind: 'token_set', allow_missing_middle: false }], 'Nguyễn Thị Hương', 'Thị Hương Nguyễn', 1],
    // the middle-name rule needs family and given to agree
    [[{ kind: 'token_set' }], 'Nguyễn Thị Hương', 'Trần Thị Hương Lan', 2],
    // Jaro-Winkler on the variant-folded form sees through a variant plus a typo
    [[{ kind: 'jaro_winkler', key: 'variant_folded', threshold: 0.95 }], 'Huỳnh Văn Phước', 'Hoàng Văn Phúcc', 1],
    [[{ kind: 'jaro_winkler', key: 'folded', threshold: 0.95 }], 'Huỳnh Văn Phước', 'Hoàng Văn Phúcc', 2],
  ])('%j: %j vs %j → level %i', (middle, left, right, expected) => {
    const s = withLevels([{ kind: 'null' }, ...middle, { kind: 'else' }]);
    expect(levelIndices(s, 'full_name', [[left, right]])).toEqual([expected]);
  });
});
