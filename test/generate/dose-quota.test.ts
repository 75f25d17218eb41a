import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { DoseQuota, MAX_DOSES_PER_PERSON } from '../../src/generate/dose-quota.js';
import { Sfc32 } from '../../src/generate/prng.js';

describe('DoseQuota', () => {
  it('ends with exactly N register people, M doses and round(M·A) absent doses', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 400 }), fc.integer({ min: 0, max: 1200 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 0, max: 1000 }), (n, m, a, seed) => {
        const absentDoses = Math.round(m * a);
        fc.pre(m - absentDoses <= MAX_DOSES_PER_PERSON * n);
        const q = new DoseQuota(n, m, a);
        const rng = new Sfc32(seed);
        let people = 0;
        let doses = 0;
        let absent = 0;
        for (let d = q.next(rng); d !== null; d = q.next(rng)) {
          expect(d.doses).toBeLessThanOrEqual(MAX_DOSES_PER_PERSON);
          if (d.present) {
            people++;
            doses += d.doses;
          } else {
            expect(d.doses).toBeGreaterThanOrEqual(1);
            absent += d.doses;
          }
        }
        expect(people).toBe(n);
        expect(doses + absent).toBe(m);
        expect(absent).toBe(absentDoses);
      }),
    );
  });

  it('rejects more than three register doses per person with BAD_ARGUMENT', () => {
    expect(() => new DoseQuota(10, 31, 0)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
    expect(() => new DoseQuota(10, 30, 0)).not.toThrow();
  });
});
