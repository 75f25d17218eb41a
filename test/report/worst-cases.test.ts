import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { outcomeOf, type DoseOutcome } from '../../src/report/dose-outcome.js';
import { isFalseNegative, isFalsePositive, TopK, WorstCases } from '../../src/report/worst-cases.js';

function dose(id: string, decision: DoseOutcome['decision'], person: string, truth: string, probability: number, weight: number): DoseOutcome {
  return { dose_id: id, decision, person_id: person, probability, weight, corrections: '', suggested: { full_name: '', dob: '', citizen_id: '', gender: '' }, true_person_id: truth, outcome: outcomeOf(person, truth) };
}

describe('TopK', () => {
  it('keeps the k first of a stable sort, whatever the order of arrival', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: 0, max: 20 }), { maxLength: 60 }), fc.integer({ min: 0, max: 12 }), (xs, k) => {
        const top = new TopK<{ v: number; i: number }>(k, (a, b) => a.v < b.v);
        xs.forEach((v, i) => top.add({ v, i }));
        const expected = xs.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v || a.i - b.i).slice(0, k);
        expect(top.items).toEqual(expected);
      }),
    );
  });
});

describe('WorstCases', () => {
  it.each([
    [dose('D', 'corrected', 'P2', 'P1', 0.999, 12), true, false],
    [dose('D', 'review', 'P2', '', 0.6, 1), true, false],
    [dose('D', 'review', 'P1', 'P1', 0.6, 1), false, true],
    [dose('D', 'unmatched', '', 'P1', 0.01, -7), false, true],
    [dose('D', 'corrected', 'P1', 'P1', 0.999, 12), false, false],
    [dose('D', 'unmatched', '', '', 0, Number.NaN), false, false],
  ])('%#: false positive %s, false negative %s', (d, fp, fn) => {
    expect([isFalsePositive(d), isFalseNegative(d)]).toEqual([fp, fn]);
  });

  it('ranks false positives most confident first and false negatives lowest weight first, no candidate lowest', () => {
    const w = new WorstCases();
    w.add(dose('A', 'review', 'X', 'P', 0.7, 1.2));
    w.add(dose('B', 'corrected', 'X', 'P', 0.9999, 13));
    w.add(dose('C', 'review', 'P', 'P', 0.8, 2));
    w.add(dose('D', 'unmatched', '', 'P', 0, Number.NaN));
    w.add(dose('E', 'unmatched', '', 'P', 0.001, -10));
    expect(w.falsePositives.items.map((d) => d.dose_id)).toEqual(['B', 'A']);
    expect(w.falseNegatives.items.map((d) => d.dose_id)).toEqual(['D', 'E', 'C']);
  });
});
