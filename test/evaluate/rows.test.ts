import { describe, expect, it } from 'vitest';
import { parseResultRow, parseTruthRow, splitTags, unescapeFormula } from '../../src/evaluate/rows.js';

const getter = (rec: Record<string, string>) => ({ get: (c: string): string | undefined => rec[c] });

describe('unescapeFormula', () => {
  it.each([
    ["'-3.2", '-3.2'],
    ["'=SUM(A1)", '=SUM(A1)'],
    ["'+84", '+84'],
    ["'@x", '@x'],
    ["'\0x", '\0x'],
    ['-3.2', '-3.2'],
    ["'abc", "'abc"], // not a formula escape: a quote that is data
    ["'", "'"],
    ['', ''],
  ])('%j → %j', (input, expected) => {
    expect(unescapeFormula(input)).toBe(expected);
  });
});

describe('parseResultRow', () => {
  const base = { dose_id: 'd1', decision: 'corrected', person_id: '001090000001', match_probability: '0.93', match_weight: '4.1' };

  it.each([
    [base, { dose_id: 'd1', decision: 'corrected', person_id: '001090000001', match_probability: 0.93 }],
    [{ ...base, decision: ' Verified ' }, { dose_id: 'd1', decision: 'verified', person_id: '001090000001', match_probability: 0.93 }],
    [{ ...base, dose_id: "'-17", match_weight: "'-3.2" }, { dose_id: '-17', decision: 'corrected', person_id: '001090000001', match_probability: 0.93 }],
    [{ ...base, decision: 'unmatched', person_id: '', match_probability: '' }, { dose_id: 'd1', decision: 'unmatched', person_id: '', match_probability: Number.NaN }],
  ])('reads %j', (rec, expected) => {
    expect(parseResultRow(getter(rec))).toEqual(expected);
  });

  it.each([
    [{ ...base, dose_id: '' }, 'dose_id'],
    [{ ...base, decision: 'maybe' }, 'decision'],
    [{ ...base, match_probability: 'high' }, 'match_probability'],
    [{ ...base, match_probability: '1.2' }, 'match_probability'],
    [{ ...base, match_probability: '' }, 'match_probability'],
  ])('rejects %j as RECORD_INVALID in field %s, without the cell value', (rec, field) => {
    let caught: unknown;
    try {
      parseResultRow(getter(rec), { file: 'results.csv', line: 7 });
    } catch (e) {
      caught = e;
    }
    expect(caught).toMatchObject({ code: 'RECORD_INVALID', where: { file: 'results.csv', line: 7, field } });
    expect((caught as Error).message).not.toContain('001090000001');
  });
});

describe('parseTruthRow and splitTags', () => {
  it.each([
    [{ dose_id: 'd1', person_id: '001090000001', tags: 'diacritics_missing|dob_swapped' }, { dose_id: 'd1', person_id: '001090000001', tags: ['diacritics_missing', 'dob_swapped'] }],
    [{ dose_id: 'd2', person_id: '', tags: '' }, { dose_id: 'd2', person_id: '', tags: [] }],
    [{ dose_id: 'd3', person_id: '001090000001' }, { dose_id: 'd3', person_id: '001090000001', tags: [] }],
  ])('reads %j', (rec, expected) => {
    expect(parseTruthRow(getter(rec))).toEqual(expected);
  });

  it.each([
    ['a|b', ['a', 'b']],
    ['a||b|', ['a', 'b']],
    [' a | a ', ['a']],
    ['', []],
  ])('splitTags(%j) → %j', (raw, expected) => {
    expect(splitTags(raw)).toEqual(expected);
  });
});
