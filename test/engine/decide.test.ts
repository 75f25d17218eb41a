import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Correction } from '../../src/engine/correction-reasons.js';
import { decide, DECISIONS, isRunnerUpClose, type DecideInput, type Decision } from '../../src/engine/decide.js';
import { isKhopError } from '../../src/errors.js';
import type { ThresholdSettings } from '../../src/model/settings-schema.js';

/** The preset's thresholds (presets/vn-vaccination.json). */
const T: ThresholdSettings = { auto_accept: 0.99, review: 0.5, margin: 3 };
const NONE: Correction[] = [];
const SOME: Correction[] = [{ field: 'dob', reason: 'day_month_swapped' }];

function input(over: Partial<DecideInput>): DecideInput {
  return { probability: 0.999, runnerUpProbability: null, hasCandidate: true, corrections: NONE, thresholds: T, ...over };
}

describe('decide: every branch', () => {
  it.each<[string, Partial<DecideInput>, Decision]>([
    ['no candidate', { hasCandidate: false }, 'unmatched'],
    ['no candidate, whatever probability is passed', { hasCandidate: false, probability: 1 }, 'unmatched'],
    ['below review', { probability: 0.49 }, 'unmatched'],
    ['zero', { probability: 0 }, 'unmatched'],
    ['at review', { probability: 0.5 }, 'review'],
    ['between review and auto_accept', { probability: 0.9 }, 'review'],
    ['between, with corrections', { probability: 0.9, corrections: SOME }, 'review'],
    ['at auto_accept, no correction', { probability: 0.99 }, 'verified'],
    ['above auto_accept, no correction', { probability: 0.9999 }, 'verified'],
    ['above auto_accept, corrections', { probability: 0.9999, corrections: SOME }, 'corrected'],
    ['probability 1, no runner-up', { probability: 1 }, 'verified'],
    ['runner-up below review (not a plausible match)', { probability: 0.99, runnerUpProbability: 0.49 }, 'verified'],
    ['runner-up plausible but more than margin bits below (0.9999 vs 0.99: 6.7 bits)', { probability: 0.9999, runnerUpProbability: 0.99 }, 'verified'],
    ['runner-up within margin (0.999 vs 0.995: 2.3 bits)', { probability: 0.999, runnerUpProbability: 0.995 }, 'review'],
    ['runner-up within margin, with corrections', { probability: 0.999, runnerUpProbability: 0.995, corrections: SOME }, 'review'],
    ['a tie', { probability: 0.999, runnerUpProbability: 0.999 }, 'review'],
    ['a tie at probability 1', { probability: 1, runnerUpProbability: 1 }, 'review'],
    ['probability 1 against 0.999: infinitely many bits apart', { probability: 1, runnerUpProbability: 0.999 }, 'verified'],
    ['saturated probabilities, weights far apart', { probability: 1, runnerUpProbability: 1, matchWeight: 80, runnerUpWeight: 60 }, 'verified'],
    ['saturated probabilities, weights within margin', { probability: 1, runnerUpProbability: 1, matchWeight: 61, runnerUpWeight: 60 }, 'review'],
    ['no margin: only a tie is close', { probability: 0.999, runnerUpProbability: 0.998, thresholds: { auto_accept: 0.99, review: 0.5 } }, 'verified'],
    ['no margin, a tie', { probability: 0.999, runnerUpProbability: 0.999, thresholds: { auto_accept: 0.99, review: 0.5 } }, 'review'],
    ['margin 0, a tie', { probability: 0.999, runnerUpProbability: 0.999, thresholds: { auto_accept: 0.99, review: 0.5, margin: 0 } }, 'review'],
  ])('%s → %s', (_, over, expected) => {
    expect(decide(input(over))).toBe(expected);
  });
});

describe('isRunnerUpClose', () => {
  it.each<[number, number | null, number | undefined, boolean]>([
    [0.999, null, 3, false],
    [0.999, 0.4, 3, false],
    [0.999, 0.995, 3, true], // log2(999) − log2(199) = 2.33 bits
    [0.999, 0.99, 3, false], // 3.33 bits: not closer than the margin
    [0.999, 0.99, 3.5, true],
    [0.8, 0.8, 0, true],
  ])('best %s, runner-up %s, margin %s → %s', (best, runnerUp, margin, expected) => {
    expect(isRunnerUpClose(best, runnerUp, { auto_accept: 0.99, review: 0.5, margin })).toBe(expected);
  });
});

describe('decide: invariants', () => {
  const p = fc.double({ min: 0, max: 1, noNaN: true });
  it('always one of the four decisions, verified only without corrections, corrected only with', () => {
    fc.assert(
      fc.property(p, fc.option(p, { nil: null }), fc.boolean(), fc.boolean(), (probability, runnerUp, hasCandidate, corrected) => {
        const best = runnerUp === null ? probability : Math.max(probability, runnerUp);
        const d = decide(input({ probability: best, runnerUpProbability: runnerUp === null ? null : Math.min(probability, runnerUp), hasCandidate, corrections: corrected ? SOME : NONE }));
        expect(DECISIONS).toContain(d);
        if (d === 'verified') expect(corrected).toBe(false);
        if (d === 'corrected') expect(corrected).toBe(true);
        if (d === 'verified' || d === 'corrected') expect(best).toBeGreaterThanOrEqual(T.auto_accept);
        if (!hasCandidate || best < T.review) expect(d).toBe('unmatched');
      }),
    );
  });

  it('raising the probability never moves a dose from accepted to review or unmatched', () => {
    const rank: Record<Decision, number> = { unmatched: 0, review: 1, verified: 2, corrected: 2 };
    fc.assert(
      fc.property(p, p, (a, b) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        expect(rank[decide(input({ probability: hi }))]).toBeGreaterThanOrEqual(rank[decide(input({ probability: lo }))]);
      }),
    );
  });
});

describe('decide: bad arguments', () => {
  it.each<[string, Partial<DecideInput>]>([
    ['a probability above 1', { probability: 1.5 }],
    ['a negative probability', { probability: -0.1 }],
    ['a NaN probability', { probability: Number.NaN }],
    ['a runner-up above 1', { runnerUpProbability: 2 }],
    ['a NaN weight', { matchWeight: Number.NaN, runnerUpWeight: 1 }],
    ['review above auto_accept', { thresholds: { auto_accept: 0.5, review: 0.9 } }],
    ['a threshold above 1', { thresholds: { auto_accept: 1.2, review: 0.5 } }],
    ['a negative margin', { thresholds: { auto_accept: 0.99, review: 0.5, margin: -1 } }],
  ])('%s → BAD_ARGUMENT', (_, over) => {
    try {
      decide(input(over));
      expect.unreachable();
    } catch (e) {
      expect(isKhopError(e) && e.code).toBe('BAD_ARGUMENT');
    }
  });
});
