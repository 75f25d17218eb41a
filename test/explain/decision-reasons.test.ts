/**
 * The reasons of a decision tell the same story as `decide`: for any probabilities, weights,
 * thresholds and corrections, the decision read back from the reason codes is decide()'s.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/engine/decide.js';
import type { Correction } from '../../src/engine/correction-reasons.js';
import { decisionReasons, formatBits, formatProbability, probabilityAgainst } from '../../src/explain/decision-reasons.js';
import { matchProbability } from '../../src/model/fellegi-sunter.js';
import { decisionOf } from './fixture.js';


const CORRECTIONS: Correction[][] = [[], [{ field: 'dob', reason: 'day_month_swapped' }], [{ field: 'citizen_id', reason: 'id_of_other_person' }]];

describe('decisionReasons', () => {
  it('agrees with decide() for any input (property)', () => {
    fc.assert(
      fc.property(
        fc.double({ min: -60, max: 60, noNaN: true }),
        fc.option(fc.double({ min: -60, max: 60, noNaN: true })),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.option(fc.double({ min: 0, max: 10, noNaN: true })),
        fc.constantFrom(...CORRECTIONS),
        (w, w2, a, b, margin, corrections) => {
          const thresholds = { auto_accept: Math.max(a, b), review: Math.min(a, b), ...(margin === null ? {} : { margin }) };
          const runnerUp = w2 === null ? null : { personId: 'P2', weight: w2, probability: matchProbability(w2) };
          const probability = matchProbability(w);
          const decision = decide({ probability, runnerUpProbability: runnerUp?.probability ?? null, hasCandidate: true, matchWeight: w, runnerUpWeight: w2, corrections, thresholds });
          const reasons = decisionReasons({ probability, weight: w, runnerUp, corrections, thresholds });
          expect(decisionOf(reasons)).toBe(decision);
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('no candidate: one reason, unmatched', () => {
    const reasons = decisionReasons({ probability: null, weight: null, runnerUp: null, corrections: [], thresholds: { auto_accept: 0.99, review: 0.5 } });
    expect(reasons.map((r) => r.code)).toEqual(['no_candidate']);
  });

  it.each([
    [10, 6.5, 3, 'runner_up_clear'],
    [10, 7.5, 3, 'runner_up_close'],
    [10, 10, 0, 'runner_up_close'],
    [10, -2, 3, 'runner_up_implausible'],
  ] as const)('best %s bits, runner-up %s bits, margin %s → %s', (w, w2, margin, code) => {
    const reasons = decisionReasons({
      probability: matchProbability(w),
      weight: w,
      runnerUp: { personId: 'P2', weight: w2, probability: matchProbability(w2) },
      corrections: [],
      thresholds: { auto_accept: 0.99, review: 0.5, margin },
    });
    expect(reasons[1].code).toBe(code);
  });
});

describe('number formats', () => {
  it.each([
    [0.987988348, '0.987988'],
    [1, '1'],
    [0.5, '0.5'],
    [0.00011, '0.00011'],
    [1.5e-8, '1.50e-8'],
    [0, '0'],
  ])('probability %s → %s', (p, text) => {
    expect(formatProbability(p)).toBe(text);
  });

  it.each([
    [0.9899996, [0.5, 0.99], '0.9899996'],
    [0.99000004, [0.5, 0.99], '0.99000004'],
    [0.99, [0.5, 0.99], '0.99'],
    [0.9899996, [0.5, 0.95], '0.99'],
    [0.49999999999, [0.5, 0.99], '0.49999999999'],
  ])('probability %s against thresholds %j → %s (never reads as a threshold it is not)', (p, ts, text) => {
    expect(probabilityAgainst(p, ts)).toBe(text);
  });

  it('the reasons never print a probability equal to a threshold it is below', () => {
    const reasons = decisionReasons({ probability: 0.9899996, weight: 6.6, runnerUp: null, corrections: [], thresholds: { auto_accept: 0.99, review: 0.5 } });
    expect(reasons[0].text).toContain('0.9899996 is at least the review threshold 0.5 but below the auto-accept threshold 0.99');
  });

  it.each([
    [13.4247, '+13.42'],
    [-9.9028, '-9.90'],
    [0, '+0.00'],
    [-0.001, '+0.00'],
  ])('bits %s → %s', (w, text) => {
    expect(formatBits(w)).toBe(text);
  });
});
