import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { isValidDate, swapDayMonth, wrongDateDigit, yearOffByOne, type DateParts } from '../../src/generate/dob-damage.js';
import { Sfc32 } from '../../src/generate/prng.js';
import { daysInMonth } from '../../src/normalize/parse-dob.js';

const date = fc
  .tuple(fc.integer({ min: 1931, max: 2010 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }))
  .map(([year, month, day]): DateParts => ({ year, month, day: Math.min(day, daysInMonth(year, month)) }));
const rng = fc.integer({ min: 0, max: 2 ** 31 }).map((s) => new Sfc32(s));
const same = (a: DateParts, b: DateParts) => a.year === b.year && a.month === b.month && a.day === b.day;

describe('date of birth damage', () => {
  it.each([
    [{ year: 1990, month: 5, day: 3 }, { year: 1990, month: 3, day: 5 }],
    [{ year: 1990, month: 12, day: 1 }, { year: 1990, month: 1, day: 12 }],
    [{ year: 1990, month: 5, day: 13 }, null],
    [{ year: 1990, month: 4, day: 4 }, null],
  ])('swapDayMonth(%j) → %j', (input, expected) => {
    expect(swapDayMonth(input)).toEqual(expected);
  });

  it('swapDayMonth gives a valid, different date or null', () => {
    fc.assert(
      fc.property(date, (d) => {
        const out = swapDayMonth(d);
        if (out === null) expect(d.day > 12 || d.day === d.month).toBe(true);
        else {
          expect(isValidDate(out.year, out.month, out.day)).toBe(true);
          expect(same(out, d)).toBe(false);
        }
      }),
    );
  });

  it('wrongDateDigit changes one digit of ddmmyyyy and stays a valid date', () => {
    fc.assert(
      fc.property(date, rng, fc.boolean(), (d, r, yearOnly) => {
        const out = wrongDateDigit(d, yearOnly, r);
        if (out === null) return;
        const text = (x: DateParts) => String(x.day).padStart(2, '0') + String(x.month).padStart(2, '0') + String(x.year);
        expect([...text(out)].filter((c, i) => c !== text(d)[i])).toHaveLength(1);
        expect(isValidDate(out.year, out.month, out.day)).toBe(true);
        if (yearOnly) expect(out.month === d.month && out.day === d.day).toBe(true);
      }),
    );
  });

  it('yearOffByOne moves the year by one and keeps day and month', () => {
    fc.assert(
      fc.property(date, rng, (d, r) => {
        const out = yearOffByOne(d, r);
        if (out === null) {
          expect(d.month === 2 && d.day === 29).toBe(true);
          return;
        }
        expect(Math.abs(out.year - d.year)).toBe(1);
        expect(out.month === d.month && out.day === d.day).toBe(true);
      }),
    );
  });

  it('wrongDateDigit keeps 29 February valid when only the year may change', () => {
    for (let seed = 0; seed < 200; seed++) {
      const out = wrongDateDigit({ year: 1992, month: 2, day: 29 }, true, new Sfc32(seed));
      if (out !== null) expect(out.year % 4).toBe(0);
    }
  });

  it.each([
    [{ year: 2000, month: 2, day: 29 }, null],
    [{ year: 1999, month: 2, day: 28 }, 'valid'],
  ])('yearOffByOne(%j) → %s', (d, expected) => {
    const out = yearOffByOne(d, new Sfc32(1));
    expect(out === null ? null : 'valid').toBe(expected);
  });
});
