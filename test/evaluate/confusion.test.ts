import { describe, expect, it } from 'vitest';
import { countDose, emptyConfusion } from '../../src/evaluate/confusion.js';
import { scoresFromCounts } from '../../src/evaluate/metrics.js';

describe('countDose', () => {
  it.each([
    // linked, true person, expected counts
    ['P1', 'P1', { tp: 1 }],
    ['P2', 'P1', { fp: 1, fp_wrong_person: 1, fn: 1 }],
    ['P2', '', { fp: 1, fp_absent: 1 }],
    ['', 'P1', { fn: 1 }],
    ['', '', { tn: 1 }],
  ])('linked %j, truth %j → %o', (linked, truePerson, expected) => {
    const c = emptyConfusion();
    countDose(c, linked, truePerson);
    expect(c).toEqual({ ...emptyConfusion(), ...expected });
  });
});

describe('scoresFromCounts', () => {
  it.each([
    [[3, 1, 2], { precision: 3 / 4, recall: 3 / 5, f1: 6 / 9 }],
    [[0, 0, 4], { precision: null, recall: 0, f1: 0 }],
    [[0, 2, 0], { precision: 0, recall: null, f1: 0 }],
    [[0, 0, 0], { precision: null, recall: null, f1: null }],
  ])('tp, fp, fn = %j → %o', ([tp, fp, fn], expected) => {
    expect(scoresFromCounts(tp, fp, fn)).toEqual(expected);
  });
});
