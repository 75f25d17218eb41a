import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dropDigit, extraDigit, storedAsNumber, transposeDigits, wrongDigit } from '../../src/generate/id-damage.js';
import { Sfc32 } from '../../src/generate/prng.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { PROVINCES } from '../../src/normalize/provinces.js';

const cccd = fc
  .tuple(fc.constantFrom(...PROVINCES.map((p) => p.code)), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 99 }), fc.integer({ min: 0, max: 999_999 }))
  .map(([p, g, yy, n]) => p + g + String(yy).padStart(2, '0') + String(n).padStart(6, '0'));
const rng = fc.integer({ min: 0, max: 2 ** 31 }).map((s) => new Sfc32(s));

function isSubsequence(short: string, long: string): boolean {
  let i = 0;
  for (const ch of long) if (ch === short[i]) i++;
  return i === short.length;
}

describe('ID damage', () => {
  it('wrongDigit changes exactly one digit', () => {
    fc.assert(
      fc.property(cccd, rng, (id, r) => {
        const out = wrongDigit(id, r)!;
        expect(out).toMatch(/^\d{12}$/);
        expect([...out].filter((c, i) => c !== id[i])).toHaveLength(1);
      }),
    );
  });

  it('transposeDigits swaps two adjacent different digits', () => {
    fc.assert(
      fc.property(cccd, rng, (id, r) => {
        const out = transposeDigits(id, r)!;
        const diff = [...out].map((c, i) => (c !== id[i] ? i : -1)).filter((i) => i >= 0);
        expect(diff).toHaveLength(2);
        expect(diff[1]).toBe(diff[0] + 1);
        expect(out[diff[0]]).toBe(id[diff[1]]);
        expect(out[diff[1]]).toBe(id[diff[0]]);
      }),
    );
  });

  it.each([['111111111111'], ['7']])('transposeDigits cannot change %s', (id) => {
    expect(transposeDigits(id, new Sfc32(1))).toBeNull();
  });

  it('dropDigit leaves 11 of the 12 digits in order; extraDigit adds one', () => {
    fc.assert(
      fc.property(cccd, rng, (id, r) => {
        const dropped = dropDigit(id, r)!;
        expect(dropped).toHaveLength(11);
        expect(isSubsequence(dropped, id)).toBe(true);
        // Not the leading zero, which parseId would put back as a number's lost zero.
        expect(parseId(dropped).digits).not.toBe(id);
        const extra = extraDigit(id, r)!;
        expect(extra).toMatch(/^\d{13}$/);
        expect(isSubsequence(id, extra)).toBe(true);
      }),
    );
  });

  it('storedAsNumber loses the leading zeros in a form parseId restores', () => {
    fc.assert(
      fc.property(cccd, rng, (id, r) => {
        const out = storedAsNumber(id, r)!;
        expect(out.startsWith('0')).toBe(false);
        const parsed = parseId(out);
        expect(parsed.kind).toBe('cccd');
        expect(parsed.digits).toBe(id);
        expect(parsed.issues).toContain('leading_zero_restored');
      }),
    );
  });

  it.each([
    ['079090001234', /^(79090001234(\.0)?|7\.9090001234E\+10)$/],
    ['001195012345', /^(1195012345(\.0)?|1\.195012345E\+9)$/],
    ['079090001230', /^79090001230(\.0)?$/],
  ])('storedAsNumber(%s) is always one of %s', (id, pattern) => {
    for (let seed = 0; seed < 100; seed++) expect(storedAsNumber(id, new Sfc32(seed))).toMatch(pattern);
  });
});
