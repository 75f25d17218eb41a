import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/evaluate/evaluate.js';
import { formatReport, formatTable } from '../../src/evaluate/report-text.js';

describe('formatTable', () => {
  it('pads columns to a common width, first column left, the rest right', () => {
    expect(formatTable(['tag', 'n'], [['a', '100'], ['longer', '2']])).toEqual(['tag       n', '------  ---', 'a       100', 'longer    2']);
  });
});

describe('formatReport', () => {
  const rep = evaluate(
    [
      { dose_id: 'd1', decision: 'verified', person_id: 'P1', match_probability: 0.99 },
      { dose_id: 'd2', decision: 'review', person_id: 'P2', match_probability: 0.6 },
    ],
    [
      { dose_id: 'd1', person_id: 'P1', tags: [] },
      { dose_id: 'd2', person_id: 'P2', tags: ['name_swapped'] },
      { dose_id: 'd3', person_id: 'P3', tags: ['name_swapped', 'dob_year_only'] },
    ],
    { thresholds: [0.5] },
  );
  const text = formatReport(rep);

  it.each([
    [/auto \(verified \+ corrected\)\s+1\.0000\s+0\.3333/],
    [/with review\s+1\.0000\s+0\.6667/],
    [/Best F1: 0\.8000 at match_probability >= 0\.6/],
    [/Missing from results \(counted as not linked\): 1 \(d3\)/],
  ])('shows %s', (pattern) => {
    expect(text).toMatch(pattern);
  });

  it('lists tags worst first, then the untagged baseline', () => {
    const order = ['dob_year_only', 'name_swapped', '(untagged)'].map((t) => text.indexOf(`\n${t} `));
    expect(order.every((i) => i > 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
  });

  it('prints undefined ratios as n/a', () => {
    const empty = formatReport(evaluate([], [{ dose_id: 'd1', person_id: '', tags: [] }]));
    expect(empty).toMatch(/auto \(verified \+ corrected\)\s+n\/a\s+n\/a/);
  });
});
