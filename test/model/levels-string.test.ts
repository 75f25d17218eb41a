/**
 * The generic string levels (levels-string.ts): each kind holds exactly when its rule says, level
 * order is priority, and the batch path agrees with the one-pair path.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { KhopError } from '../../src/errors.js';
import { compileComparisons } from '../../src/model/comparisons.js';
import { parseSettings } from '../../src/model/load-settings.js';
import { dateFormatPattern, parseDateDays, parseNumberValue } from '../../src/model/levels-string.js';
import type { SettingsInput } from '../../src/model/settings-schema.js';
import { osaDistance } from '../../src/similarity/osa-distance.js';
import { buildStores, levelIndices } from './store-fixture.js';

function settingsWith(levels: unknown[]): ReturnType<typeof parseSettings> {
  const doc = {
    version: 1,
    left: { id_column: 'id' },
    right: { id_column: 'id' },
    fields: [{ name: 'v', type: 'string', column: 'v' }],
    comparisons: [{ name: 'v', field: 'v', levels: [{ kind: 'null' }, ...levels, { kind: 'else' }] }],
    thresholds: { auto_accept: 0.9, review: 0.5 },
  } as unknown as SettingsInput;
  return parseSettings(doc);
}

describe('damerau_levenshtein: OSA distance of the normalized values', () => {
  const s = settingsWith([{ kind: 'exact' }, { kind: 'damerau_levenshtein', max_distance: 1 }, { kind: 'damerau_levenshtein', max_distance: 2 }]);
  it.each([
    ['5304218', '5304218', 1],
    ['5304218', '5302418', 2],
    ['5304218', '530428', 2],
    ['5304218', '5304', 4],
    ['michaela', 'micheala', 2],
    ['michaela', 'mihcaeal', 3],
    ['', 'x', 0],
    // Long values are compared on their first 255 characters (quadratic otherwise).
    ['x'.repeat(300) + 'abcdef', 'x'.repeat(300) + 'uvwxyz', 2],
    ['y'.repeat(254) + 'ab' + 'z'.repeat(100), 'y'.repeat(254) + 'ba' + 'z'.repeat(100), 2],
  ])('%j vs %j → level %i', (a, b, expected) => {
    expect(levelIndices(s, 'v', [[a, b]])).toEqual([expected]);
  });
});

describe('prefix: the first characters equal', () => {
  const s = settingsWith([{ kind: 'exact' }, { kind: 'prefix', length: 3 }]);
  it.each([
    ['4223', '4223', 1],
    ['4223', '4229', 2],
    ['4223', '4323', 3],
    ['42', '42', 1],
    ['42', '421', 3],
  ])('%j vs %j → level %i', (a, b, expected) => {
    expect(levelIndices(s, 'v', [[a, b]])).toEqual([expected]);
  });
});

describe('token_set on strings: the same words in any order', () => {
  const s = settingsWith([{ kind: 'exact' }, { kind: 'token_set' }, { kind: 'token_set', allow_missing_middle: true }]);
  it.each([
    ['Blue River Ltd', 'blue river ltd', 1],
    ['Blue River Ltd', 'River Blue Ltd', 2],
    ['Blue River Ltd', 'River  Blue', 3],
    ['Blue River', 'Blue Blue River', 3],
    ['Blue River Ltd', 'Blue Rivers Ltd', 4],
  ])('%j vs %j → level %i', (a, b, expected) => {
    expect(levelIndices(s, 'v', [[a, b]])).toEqual([expected]);
  });
});

describe('number_within: absolute and relative tolerance', () => {
  const s = settingsWith([{ kind: 'exact' }, { kind: 'number_within', tolerance: 2 }, { kind: 'number_within', tolerance: 0.1, relative: true }]);
  it.each([
    ['100', '100', 1],
    ['100', '102', 2],
    ['100', '98.5', 2],
    ['100', '109', 3],
    ['1,000', '1050', 3],
    ['100', '120', 4],
    ['abc', 'abd', 4],
  ])('%j vs %j → level %i', (a, b, expected) => {
    expect(levelIndices(s, 'v', [[a, b]])).toEqual([expected]);
  });
});

describe('date_within: dates in the stated format, days apart', () => {
  const s = settingsWith([
    { kind: 'date_within', format: 'DD/MM/YYYY', days: 0 },
    { kind: 'date_within', format: 'DD/MM/YYYY', days: 31 },
  ]);
  it.each([
    ['06/01/1971', '6/1/1971', 1],
    ['31/01/1971', '01/03/1971', 2],
    ['31/12/1970', '01/01/1971', 2],
    ['06/01/1971', '06/01/1972', 3],
    ['31/02/1971', '28/02/1971', 3],
    ['1971-01-06', '1971-01-06', 3],
  ])('%j vs %j → level %i', (a, b, expected) => {
    expect(levelIndices(s, 'v', [[a, b]])).toEqual([expected]);
  });

  it.each([
    ['YYYYMMDD', '19151111', Date.UTC(1915, 10, 11) / 86_400_000],
    ['YYYY-MM-DD', '2020-02-29', Date.UTC(2020, 1, 29) / 86_400_000],
    ['YYYY-MM-DD', '2021-02-29', Number.NaN],
    ['DD.MM.YYYY', '01x02x2000', Number.NaN],
    ['YYYYMMDD', '2020011', Number.NaN],
    ['YYYYMMDD', '202011', Number.NaN],
    ['DD/MM/YYYY', '5/3/1990', Date.UTC(1990, 2, 5) / 86_400_000],
    ['DD/MM/YYYY', '05/03/1990', Date.UTC(1990, 2, 5) / 86_400_000],
    ['DDMM-YYYY', '503-1990', Number.NaN],
  ])('format %s reads %j as day %d', (format, value, expected) => {
    expect(parseDateDays(value, dateFormatPattern(format))).toBe(expected);
  });

  it('one comparison cannot mix two date formats', () => {
    const s2 = settingsWith([
      { kind: 'date_within', format: 'DD/MM/YYYY', days: 0 },
      { kind: 'date_within', format: 'YYYYMMDD', days: 0 },
    ]);
    expect(() => compileComparisons(s2)).toThrow(KhopError);
    try {
      compileComparisons(s2);
    } catch (e) {
      expect((e as KhopError).code).toBe('SETTINGS_INVALID');
    }
  });
});

describe('settings', () => {
  it.each([
    [{ kind: 'damerau_levenshtein', max_distance: 0 }],
    [{ kind: 'prefix', length: 0 }],
    [{ kind: 'number_within', tolerance: -1 }],
    [{ kind: 'date_within', format: 'DDMMYY', days: 1 }],
  ])('rejects %j', (level) => {
    try {
      settingsWith([level]);
      expect.unreachable();
    } catch (e) {
      expect((e as KhopError).code).toBe('SETTINGS_INVALID');
    }
  });

  it.each([
    ['1,234', 1234],
    [' 12.5 ', 12.5],
    ['-3e2', -300],
    ['', Number.NaN],
    ['12a', Number.NaN],
    ['0x10', Number.NaN],
    ['0b11', Number.NaN],
    ['Infinity', Number.NaN],
  ])('parseNumberValue(%j) = %d', (v, x) => {
    expect(parseNumberValue(v)).toBe(x);
  });
});

describe('the batch path agrees with the one-pair path and with the reference distance', () => {
  const s = settingsWith([
    { kind: 'exact' },
    { kind: 'token_set' },
    { kind: 'damerau_levenshtein', max_distance: 1 },
    { kind: 'prefix', length: 2 },
    { kind: 'number_within', tolerance: 3 },
  ]);
  const word = fc.stringMatching(/^[a-c1-3]{1,5}( [a-c]{1,3})?$/);
  it('for random values', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(word, word), { minLength: 1, maxLength: 20 }), (pairs) => {
        const { left, right } = buildStores(s, pairs.map(([a]) => ({ id: 'x', v: a })), pairs.map(([, b]) => ({ id: 'y', v: b })));
        const [c] = compileComparisons(s);
        const idx = Int32Array.from(pairs, (_, k) => k);
        const out = new Uint8Array(pairs.length);
        c.levelsOf(left, right, idx, idx, pairs.length, out, 1, 0);
        pairs.forEach(([a, b], k) => {
          expect(out[k]).toBe(c.levelOf(left, k, right, k));
          // An exact or one-edit pair never falls past the Damerau level.
          if (osaDistance(a, b) <= 1) expect(out[k]).toBeLessThanOrEqual(3);
          if (a !== b && osaDistance(a, b) > 1) expect(out[k]).not.toBe(3);
        });
      }),
      { numRuns: 100 },
    );
  });
});
