/**
 * Typing and storage damage to an ID number (DESIGN.md, "ID numbers"): one wrong digit, two
 * adjacent different digits swapped, a digit dropped or added, and the ID stored as a number —
 * leading zeros lost (one for most provinces, two for codes 001-009 such as Hà Nội), sometimes
 * with a spreadsheet's `.0` tail or in exact scientific notation, the forms `parseId` accepts.
 * Each function returns the damaged digits, or null when the damage cannot change this ID.
 */
import type { Sfc32 } from './prng.js';

const DIGITS = '0123456789';

/** One digit replaced by a different one. */
export function wrongDigit(id: string, rng: Sfc32): string | null {
  if (id.length === 0) return null;
  const i = rng.below(id.length);
  const old = id.charCodeAt(i) - 48;
  const d = (old + 1 + rng.below(9)) % 10;
  return id.slice(0, i) + DIGITS[d] + id.slice(i + 1);
}

/** Two adjacent, different digits swapped. */
export function transposeDigits(id: string, rng: Sfc32): string | null {
  const n = id.length;
  if (n < 2) return null;
  const start = rng.below(n - 1);
  for (let k = 0; k < n - 1; k++) {
    const i = (start + k) % (n - 1);
    if (id[i] !== id[i + 1]) return id.slice(0, i) + id[i + 1] + id[i] + id.slice(i + 2);
  }
  return null;
}

/**
 * One digit left out — never one of the leading zeros: without it the ID reads exactly like one
 * stored as a number, and the leading zero is restored.
 */
export function dropDigit(id: string, rng: Sfc32): string | null {
  let zeros = 0;
  while (zeros < id.length && id[zeros] === '0') zeros++;
  if (id.length - zeros < 2) return null;
  const i = zeros + rng.below(id.length - zeros);
  return id.slice(0, i) + id.slice(i + 1);
}

/** One digit typed twice or an extra digit slipped in. */
export function extraDigit(id: string, rng: Sfc32): string | null {
  if (id.length === 0) return null;
  const i = rng.below(id.length + 1);
  const d = rng.chance(0.5) && i > 0 ? id[i - 1] : DIGITS[rng.below(10)];
  return id.slice(0, i) + d + id.slice(i);
}

/**
 * The ID as a spreadsheet stores a number: leading zeros gone, and now and then written
 * `79123456789.0` or `7.9123456789E+10` (only when no digit is lost by it).
 */
export function storedAsNumber(id: string, rng: Sfc32): string | null {
  let i = 0;
  while (i < id.length - 1 && id[i] === '0') i++;
  if (i === 0) return null;
  const digits = id.slice(i);
  const u = rng.float();
  if (u < 0.1) return digits + '.0';
  if (u < 0.15 && digits[digits.length - 1] !== '0' && digits.length > 1) return digits[0] + '.' + digits.slice(1) + 'E+' + (digits.length - 1);
  return digits;
}
