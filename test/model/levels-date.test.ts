import { describe, expect, it } from 'vitest';
import { levelIndices, presetSettings } from './store-fixture.js';

const DOB_LEVELS = ['null', 'exact', 'year_only', 'swapped', 'year_off_by_one', 'one_component', 'else'] as const;
type DobLevel = (typeof DOB_LEVELS)[number];

const settings = presetSettings();

describe('the preset date-of-birth comparison', () => {
  it('has the levels these tests name, in this order', () => {
    expect(settings.comparisons.find((c) => c.name === 'dob')!.levels.map((l) => l.kind)).toEqual([
      'null',
      'date_exact',
      'date_year_only_match',
      'date_day_month_swapped',
      'date_year_off_by_one',
      'date_one_component',
      'else',
    ]);
  });

  const table: [string, string, DobLevel][] = [
    ['', '12/03/1985', 'null'],
    ['12/03/1985', 'not a date', 'null'],
    // the same date in any accepted format
    ['12/03/1985', '1985-03-12', 'exact'],
    ['12/03/1985', '12031985', 'exact'],
    ['05/05/1985', '5/5/1985', 'exact'],
    // an impossible date from old papers still compares by its components
    ['30/02/1985', '30.02.1985', 'exact'],
    // a year on one side
    ['12/03/1985', '1985', 'year_only'],
    ['1985', '12/03/1985', 'year_only'],
    ['1985', '1985', 'year_only'],
    ['12/03/1985', '1986', 'else'],
    // day and month exchanged
    ['12/03/1985', '03/12/1985', 'swapped'],
    // year one out
    ['12/03/1985', '12/03/1986', 'year_off_by_one'],
    ['12/03/1985', '12/03/1984', 'year_off_by_one'],
    // one component wrong
    ['12/03/1985', '13/03/1985', 'one_component'],
    ['12/03/1985', '12/04/1985', 'one_component'],
    ['12/03/1985', '12/03/1958', 'one_component'],
    ['12/03/1985', '12/03/1987', 'one_component'],
    // more than one
    ['12/03/1985', '01/01/1985', 'else'],
    ['03/12/1985', '12/03/1986', 'else'],
  ];
  it.each(table)('%j vs %j → %s', (left, right, expected) => {
    expect(levelIndices(settings, 'dob', [[left, right]]).map((k) => DOB_LEVELS[k])).toEqual([expected]);
  });
});
