import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { OUTCOMES, type Outcome } from '../../src/report/dose-outcome.js';
import { countAbove, ScoreTally } from '../../src/report/score-tally.js';

const dose = fc.record({ p: fc.constantFrom(0, 0.2, 0.5, 0.75, 0.99, 0.999999, 1), outcome: fc.constantFrom(...OUTCOMES) });
const NAMED: ReadonlySet<Outcome> = new Set(['correct', 'wrong_present', 'wrong_absent', 'named_unlabelled']);

describe('ScoreTally and countAbove', () => {
  it('sum what a recount of the doses gives, at any threshold', () => {
    fc.assert(
      fc.property(fc.array(dose, { maxLength: 80 }), fc.double({ min: 0, max: 1, noNaN: true }), (doses, t) => {
        const tally = new ScoreTally();
        for (const d of doses) tally.add(d.p, d.outcome);
        const above = doses.filter((d) => d.p >= t);
        const got = countAbove(tally.columns(), t);
        expect(got.links).toBe(above.filter((d) => NAMED.has(d.outcome)).length);
        expect(got.correct).toBe(above.filter((d) => d.outcome === 'correct').length);
        expect(got.wrong).toBe(above.filter((d) => d.outcome === 'wrong_present' || d.outcome === 'wrong_absent').length);
        expect(got.scored).toBe(above.length);
        expect(got.expected_tp).toBeCloseTo(above.reduce((s, d) => s + d.p, 0), 9);
      }),
    );
  });

  it('keeps probabilities descending, one column entry per distinct value', () => {
    const tally = new ScoreTally();
    for (const [p, o] of [[0.5, 'correct'], [1, 'correct'], [0.5, 'wrong_absent'], [0, 'unnamed_present']] as const) tally.add(p, o);
    const c = tally.columns();
    expect(c.p).toEqual([1, 0.5, 0]);
    expect(c.counts.correct).toEqual([1, 1, 0]);
    expect(c.counts.wrong_absent).toEqual([0, 1, 0]);
    expect(c.counts.unnamed_present).toEqual([0, 0, 1]);
  });
});
