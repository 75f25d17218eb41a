import { describe, expect, it } from 'vitest';
import { levelIndices, presetSettings } from './store-fixture.js';

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
