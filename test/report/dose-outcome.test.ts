import { describe, expect, it } from 'vitest';
import { outcomeOf, readDoseOutcome } from '../../src/report/dose-outcome.js';

const record = (cells: Record<string, string>) => ({ get: (c: string) => cells[c] });

describe('outcomeOf', () => {
  it.each([
    ['P1', 'P1', 'correct'],
    ['P1', 'P2', 'wrong_present'],
    ['P1', '', 'wrong_absent'],
    ['', 'P2', 'unnamed_present'],
    ['', '', 'unnamed_absent'],
    ['P1', undefined, 'named_unlabelled'],
    ['', undefined, 'unnamed_unlabelled'],
  ] as const)('linked %j, true person %j → %s', (linked, truth, expected) => {
    expect(outcomeOf(linked, truth)).toBe(expected);
  });
});

describe('readDoseOutcome', () => {
  it('reads the weight (undoing the spreadsheet escape), corrections and suggestions', () => {
    const d = readDoseOutcome(record({ dose_id: 'D1', decision: 'review', person_id: 'P1', match_probability: '0.4', match_weight: "'-0.5", corrections: 'dob:dob_digit', suggested_dob: '01/02/1990' }), () => 'P2');
    expect(d).toMatchObject({ dose_id: 'D1', probability: 0.4, weight: -0.5, corrections: 'dob:dob_digit', outcome: 'wrong_present' });
    expect('suggested' in d && d.suggested.dob).toBe('01/02/1990');
  });

  it.each([
    [{ match_weight: '' }, Number.NaN, 0],
    [{ match_weight: '3', match_probability: '0.888889' }, 3, 0.888889],
  ])('an unmatched row %j has weight %d and probability %d', (cells, weight, probability) => {
    const d = readDoseOutcome(record({ dose_id: 'D1', decision: 'unmatched', person_id: '', match_probability: '', ...cells }), () => undefined);
    expect(d).toMatchObject({ weight, probability, outcome: 'unnamed_unlabelled' });
  });

  it.each([
    [{ match_weight: 'abc' }, 'match_weight'],
    [{ decision: 'maybe' }, 'decision'],
  ])('a bad cell %j is a problem naming the field %s, never the value', (cells, field) => {
    const d = readDoseOutcome(record({ dose_id: 'D1', decision: 'verified', person_id: 'P1', match_probability: '1', match_weight: '30', ...cells }), () => undefined);
    expect(d).toEqual({ field, problem: expect.not.stringContaining('abc') });
  });
});
