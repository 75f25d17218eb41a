/**
 * Damage to a date of birth (DESIGN.md, "Dates of birth"): day and month swapped, one wrong digit,
 * the year off by one. Every result is a valid calendar date different from the input, or null
 * when no such date exists for this damage (a swap of 13/05, 29/02 moved to a common year).
 * Setting the default 01/01 and dropping to the year alone need no helper.
 */
import { daysInMonth } from '../normalize/parse-dob.js';
import type { Sfc32 } from './prng.js';

export interface DateParts {
  year: number;
  month: number;
  day: number;
}

/** Years a damaged date may take. */
export const DAMAGED_YEAR_RANGE = [1900, 2021] as const;

export function isValidDate(year: number, month: number, day: number): boolean {
  return year >= DAMAGED_YEAR_RANGE[0] && year <= DAMAGED_YEAR_RANGE[1] && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

/** Day and month exchanged: only when the day could be a month and differs from it. */
export function swapDayMonth(d: DateParts): DateParts | null {
  if (d.day > 12 || d.day === d.month) return null;
  return { year: d.year, month: d.day, day: d.month };
}

/**
 * One digit of `ddmmyyyy` replaced by another so that the date stays valid; with `yearOnly`
 * only the year's last two digits may change (the register shows only the year, so a changed day
 * or month would not be visible against it).
 */
export function wrongDateDigit(d: DateParts, yearOnly: boolean, rng: Sfc32): DateParts | null {
  const digits = [Math.floor(d.day / 10), d.day % 10, Math.floor(d.month / 10), d.month % 10, ...String(d.year).split('').map(Number)];
  const positions = yearOnly ? [6, 7] : [0, 1, 2, 3, 4, 5, 6, 7];
  for (let attempt = 0; attempt < 24; attempt++) {
    const pos = positions[rng.below(positions.length)];
    const old = digits[pos];
    const next = (old + 1 + rng.below(9)) % 10;
    digits[pos] = next;
    const day = digits[0] * 10 + digits[1];
    const month = digits[2] * 10 + digits[3];
    const year = digits[4] * 1000 + digits[5] * 100 + digits[6] * 10 + digits[7];
    digits[pos] = old;
    // With `yearOnly` day and month stay, and must still make a date: the dose may show them.
    if (yearOnly ? isValidDate(year, d.month, d.day) : isValidDate(year, month, day)) {
      return yearOnly ? { year, month: d.month, day: d.day } : { year, month, day };
    }
  }
  return null;
}

/** The year one more or one less, keeping day and month (29/02 needs a leap year). */
export function yearOffByOne(d: DateParts, rng: Sfc32): DateParts | null {
  const first = rng.chance(0.5) ? 1 : -1;
  for (const delta of [first, -first]) {
    const year = d.year + delta;
    if (isValidDate(year, d.month, d.day)) return { year, month: d.month, day: d.day };
  }
  return null;
}
