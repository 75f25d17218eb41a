import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { naturalDamagedShare, resolveDamageRates } from '../../src/generate/damage-rates.js';
import { parseProfile } from '../../src/generate/profile.js';
import { DAMAGE_TAGS } from '../../src/generate/tags.js';
import { KhopError } from '../../src/errors.js';

const profileWith = (rates: Record<string, number>) => parseProfile({ rates }, 'test');
const clean = (draw: Float64Array) => draw.reduce((p, r) => p * (1 - r), 1);

describe('resolveDamageRates', () => {
  const profile = profileWith({ name_typo: 0.1, id_digit: 0.2, dob_digit: 0.05 });

  it('uses the rates as they are when no target is set', () => {
    const r = resolveDamageRates(profile);
    expect(r.scale).toBe(1);
    expect(r.topUp).toBe(0);
    expect(r.damagedShare).toBeCloseTo(1 - 0.9 * 0.8 * 0.95, 12);
    expect(naturalDamagedShare(profile)).toBeCloseTo(r.damagedShare, 12);
  });

  it('scales every rate by one factor to reach a lower target', () => {
    fc.assert(
      fc.property(fc.double({ min: 0, max: naturalDamagedShare(profile), noNaN: true }), (target) => {
        const r = resolveDamageRates(profile, target);
        expect(1 - clean(r.draw)).toBeCloseTo(target, 9);
        expect(r.topUp).toBe(0);
        const typo = DAMAGE_TAGS.indexOf('name_typo');
        const id = DAMAGE_TAGS.indexOf('id_digit');
        expect(r.draw[id] / r.draw[typo]).toBeCloseTo(2, 9);
      }),
    );
  });

  it('tops up clean doses to reach a higher target, and the expected rates add up to it', () => {
    fc.assert(
      fc.property(fc.double({ min: naturalDamagedShare(profile), max: 1, noNaN: true }), (target) => {
        const r = resolveDamageRates(profile, target);
        const p0 = clean(r.draw);
        expect(1 - p0 + p0 * r.topUp).toBeCloseTo(target, 9);
        // Tags beyond the independent draws: exactly one per topped-up dose.
        const extra = r.expected.reduce((a, b) => a + b, 0) - r.draw.reduce((a, b) => a + b, 0);
        expect(extra).toBeCloseTo(p0 * r.topUp, 9);
      }),
    );
  });

  it.each([[-0.1], [1.5], [Number.NaN]])('rejects a target of %d with BAD_ARGUMENT', (target) => {
    expect(() => resolveDamageRates(profile, target)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });

  it('rejects a positive target when every rate is zero', () => {
    expect(() => resolveDamageRates(profileWith({}), 0.3)).toThrow(KhopError);
    expect(resolveDamageRates(profileWith({}), 0).damagedShare).toBe(0);
  });
});
