import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdComparison } from '../../src/model/levels-id.js';
import type { LevelSettings } from '../../src/model/settings-schema.js';
import { buildStores, levelIndices, presetSettings } from './store-fixture.js';

const ID_LEVELS = ['null', 'exact', 'old_id', 'substitution', 'transposition', 'insertion_deletion', 'else'] as const;
type IdLevel = (typeof ID_LEVELS)[number];

const settings = presetSettings();
const OLD_ID = '025123456';

describe('the preset ID comparison (register person_id vs dose citizen_id)', () => {
  it('has the levels these tests name, in this order', () => {
    expect(settings.comparisons.find((c) => c.name === 'citizen_id')!.levels.map((l) => l.kind)).toEqual([
      'null',
      'id_exact',
      'id_equals_other',
      'id_substitution',
      'id_transposition',
      'id_insertion_deletion',
      'else',
    ]);
  });

  const table: [string, string, IdLevel][] = [
    ['', '079085001234', 'null'],
    ['079085001234', '', 'null'],
    // the same ID once cleaned: separators, a leading zero lost to a number format
    ['079085001234', '079085001234', 'exact'],
    ['079085001234', '079 085 001 234', 'exact'],
    ['079085001234', '79085001234', 'exact'],
    ['025123456', '025123456', 'exact'],
    // the register's old ID (CMND) written on the form
    ['079085001234', OLD_ID, 'old_id'],
    // one wrong digit
    ['079085001234', '079085001235', 'substitution'],
    ['079085001234', '079085002234', 'substitution'],
    // two adjacent digits swapped
    ['079085001234', '079085001243', 'transposition'],
    ['079085001234', '097085001234', 'transposition'],
    ['025123456', '025213456', 'transposition'],
    // a digit added or dropped
    ['079085001234', '0790850012344', 'insertion_deletion'],
    ['079085001234', '0790850401234', 'insertion_deletion'],
    ['025123456', '02512456', 'insertion_deletion'],
    // anything else
    ['079085001234', '079085009999', 'else'],
    ['079085001234', '001190004321', 'else'],
    ['079085001234', '07908500123456', 'else'],
    ['079085001234', 'abc', 'else'],
  ];
  it.each(table)('%j vs %j → %s', (left, right, expected) => {
    expect(levelIndices(settings, 'citizen_id', [[left, right]], { old_id: OLD_ID }).map((k) => ID_LEVELS[k])).toEqual([expected]);
  });

  it('does not match an empty old ID to an empty citizen ID', () => {
    expect(levelIndices(settings, 'citizen_id', [['079085001234', '']], { old_id: '' }).map((k) => ID_LEVELS[k])).toEqual(['null']);
  });
});

describe('IdComparison: the fast levels (tails, byte edits) equal the reference (strings) on every pair', () => {
  // A small alphabet makes near neighbours and runs likely; 'A' and 'Q' share the low nibble of
  // '1' (0x41, 0x51, 0x31), so the tails see them as equal where the characters differ.
  const idString = (min: number, max: number) =>
    fc.array(fc.constantFrom('0', '1', '9', 'A', 'Q'), { minLength: min, maxLength: max }).map((cs) => cs.join(''));
  const edited = (s: string) =>
    fc
      .array(fc.record({ op: fc.constantFrom('sub', 'swap', 'del', 'ins'), at: fc.nat({ max: 20 }), c: fc.constantFrom('0', '1', '9', 'A') }), { maxLength: 2 })
      .map((edits) =>
        edits.reduce((t, e) => {
          const n = t.length;
          if (e.op === 'ins') return t.slice(0, e.at % (n + 1)) + e.c + t.slice(e.at % (n + 1));
          if (n === 0) return t;
          const i = e.at % n;
          if (e.op === 'sub') return t.slice(0, i) + e.c + t.slice(i + 1);
          if (e.op === 'del') return t.slice(0, i) + t.slice(i + 1);
          return i + 1 < n ? t.slice(0, i) + t[i + 1] + t[i] + t.slice(i + 2) : t;
        }, s),
      );
  const leftIds = fc.array(fc.oneof(idString(8, 13), idString(0, 16), fc.constant('')), { minLength: 1, maxLength: 30 });
  const scenario = leftIds.chain((lefts) =>
    fc.tuple(
      fc.constant(lefts),
      fc.array(fc.oneof(idString(0, 4), idString(8, 13)), { minLength: lefts.length, maxLength: lefts.length }),
      fc.array(
        fc.tuple(fc.nat({ max: lefts.length - 1 }), fc.nat({ max: lefts.length - 1 })).chain(([i, from]) =>
          fc.tuple(fc.constant(i), fc.oneof(edited(lefts[from]), edited(lefts[i]), idString(0, 15))),
        ),
        { minLength: 1, maxLength: 40 },
      ),
      fc.shuffledSubarray(['null', 'id_exact', 'id_equals_other', 'id_substitution', 'id_transposition', 'id_insertion_deletion'] as const, {
        minLength: 1,
      }),
    ),
  );

  it('random IDs with runs, duplicates, lengths 0-16, junk, edits; any level order', () => {
    fc.assert(
      fc.property(scenario, ([lefts, olds, pairs, kinds]) => {
        const levels = [...kinds.map((kind) => (kind === 'id_equals_other' ? { kind, other_field: 'old_id' } : { kind })), { kind: 'else' }] as LevelSettings[];
        const comparison = new IdComparison('citizen_id', 'citizen_id', levels, levels.map((l) => l.kind), levels.map(() => false));
        // Old IDs equal to some pairs' right IDs, so that id_equals_other holds now and then.
        const oldIds = olds.map((o, k) => (k % 3 === 0 && pairs[k] !== undefined ? pairs[k][1] : o));
        const { left, right } = buildStores(
          settings,
          lefts.map((id, k) => ({ person_id: id, old_id: oldIds[k] })),
          pairs.map(([, id]) => ({ citizen_id: id })),
        );
        const pairsL = Int32Array.from(pairs, ([i]) => i);
        const pairsR = Int32Array.from(pairs, (_, j) => j);
        const batch = new Uint8Array(pairs.length * 2);
        comparison.levelsOf(left, right, pairsL, pairsR, pairs.length, batch, 2, 1);
        pairs.forEach(([i], j) => {
          const expected = comparison.levelOfReference(left, i, right, j);
          expect(comparison.levelOf(left, i, right, j)).toBe(expected);
          expect(batch[j * 2 + 1]).toBe(expected);
        });
      }),
      { numRuns: 500 },
    );
  });

  it.each([
    ['079085001234', '079085001234', 'exact'],
    ['079085001234', '07908500123', 'insertion_deletion'], // last digit dropped
    ['079085001234', '0790850012344', 'insertion_deletion'], // last digit typed twice
    ['079085001234', '179085001234', 'substitution'], // first digit, outside the tail
    ['079085001234', '709085001234', 'transposition'], // first two, outside the tail
    ['079085001234', '079085001A34', 'substitution'], // 'A' for '2': nibbles 1 and 2
    ['079085001234', '079085AQ1234', 'else'], // two digits wrong, one of them as 'Q' (nibble 1)
    ['07908500123A', '079085001231', 'substitution'], // 'A' vs '1': equal nibbles, different characters
    ['07908500123A', '07908500123Q', 'substitution'], // same nibble, different characters
  ] as const)('%j vs %j → %s (edits at the ends of the tail and outside it)', (left, right, expected) => {
    expect(levelIndices(settings, 'citizen_id', [[left, right]], { old_id: '' }).map((k) => ID_LEVELS[k])).toEqual([expected]);
  });
});
