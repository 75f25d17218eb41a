/**
 * results.csv's rows (result-rows.ts): the header for any schema (`resultColumns`: the right ID
 * column, decision, the left ID column, then the data contract's columns; equal names are told
 * apart); `roundTo` against its regex reference; and the rows of the bundled sample built with
 * the corrections read from the stores, the same text as with every record normalized again.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockingPlan } from '../../src/blocking/blocking-plan.js';
import { formatCorrections, NAME_REASONS, type Correction } from '../../src/engine/corrections.js';
import { DECISIONS } from '../../src/engine/decide.js';
import { estimateModel } from '../../src/engine/estimate-model.js';
import { fieldRoles } from '../../src/engine/field-roles.js';
import { makeLinkContext } from '../../src/engine/link-context.js';
import { allocateLinkOutput, linkRange } from '../../src/engine/link-range.js';
import { formatResultRange, formattedText, RESULT_COLUMNS, ResultBuilder, resultCells, resultCellsReference, resultColumns, resultLine, roundTo, roundToReference, type ResultRow } from '../../src/engine/result-rows.js';
import { formatCsvRow } from '../../src/io/csv-writer.js';
import type { ThresholdSettings } from '../../src/model/settings-schema.js';
import { loadSampleStores, sampleSettings as settings } from './sample-stores.js';

describe('resultColumns', () => {
  it.each([
    ['person_id', 'dose_id', ['dose_id', 'decision', 'person_id']],
    ['company_id', 'supplier_ref', ['supplier_ref', 'decision', 'company_id']],
    ['rec_id', 'rec_id', ['rec_id_r', 'decision', 'rec_id_l']],
    ['id', 'decision', ['decision_r', 'decision', 'id']],
    ['match_weight', 'ref', ['ref', 'decision', 'match_weight_l']],
    ['person_id', 'suggested_dob', ['suggested_dob_r', 'decision', 'person_id']],
  ])('left %s, right %s → %j, then the contract', (left, right, head) => {
    const columns = resultColumns({ id_column: left }, { id_column: right });
    expect(columns.slice(0, 3)).toEqual(head);
    expect(columns.slice(3)).toEqual(RESULT_COLUMNS.slice(3));
  });

  it('the preset\'s ID columns give the data contract unchanged', () => {
    expect(resultColumns({ id_column: 'person_id' }, { id_column: 'dose_id' })).toEqual([...RESULT_COLUMNS]);
  });
});

describe('roundTo', () => {
  it.each<[number, number, string]>([
    [0.5, 6, '0.5'],
    [1, 6, '1'],
    [0.9999999, 6, '1'],
    [0.0000004, 6, '0'],
    [-0.0000004, 6, '0'],
    [-0, 3, '0'],
    [-12.3456, 3, '-12.346'],
    [100, 3, '100'],
    [1e21, 3, '1e+21'],
    [-0.4, 0, '0'],
    [Infinity, 3, 'Infinity'],
  ])('%d to %d decimals → %s', (x, digits, expected) => {
    expect(roundTo(x, digits)).toBe(expected);
  });

  it('writes exactly what toFixed with the trailing zeros cut by regexes writes', () => {
    fc.assert(
      fc.property(fc.oneof(fc.double(), fc.double({ min: -1e6, max: 1e6 }), fc.double({ min: -1, max: 1 })), fc.integer({ min: 0, max: 12 }), (x, digits) => {
        expect(roundTo(x, digits)).toBe(roundToReference(x, digits));
      }),
      { numRuns: 20000 },
    );
  });
});

describe('results of the bundled sample: corrections from the stores = every record normalized again', async () => {
  const { left, right } = await loadSampleStores();
  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const { model } = estimateModel(settings, left, right, plan);
  const C = settings.comparisons.length;

  it.each<[string, ThresholdSettings]>([
    ['the preset', settings.thresholds],
    ['a low review threshold', { auto_accept: 0.9, review: 0.01, margin: 3 }],
  ])('with %s: the same results.csv text', (_, thresholds) => {
    const ctx = makeLinkContext(settings, model.parameters, left, right, plan);
    const base = { left, right, scorer: ctx.scorer, roles: fieldRoles(settings), thresholds };
    const stored = new ResultBuilder(base);
    const reference = new ResultBuilder({ ...base, byViews: true });
    let corrected = 0;
    for (let start = 0; start < right.size; start += 500) {
      const out = allocateLinkOutput(start, Math.min(500, right.size - start), C);
      linkRange(ctx, out);
      let text = '';
      for (let r = 0; r < out.count; r++) {
        const x = reference.build(out, start + r);
        if (x.corrections.length > 0) corrected++;
        text += formatCsvRow(resultCellsReference(x));
      }
      expect(formattedText(formatResultRange(stored, out))).toBe(text);
    }
    expect(corrected).toBeGreaterThan(right.size / 4);
  });

  it('formatResultRange writes the lines of resultLine(build(…)) and counts their decisions', () => {
    const ctx = makeLinkContext(settings, model.parameters, left, right, plan);
    const builder = new ResultBuilder({ left, right, scorer: ctx.scorer, roles: fieldRoles(settings), thresholds: settings.thresholds });
    for (let start = 0; start < right.size; start += 700) {
      const out = allocateLinkOutput(start, Math.min(700, right.size - start), C);
      linkRange(ctx, out);
      const rows = Array.from({ length: out.count }, (_, r) => builder.build(out, start + r));
      const formatted = formatResultRange(builder, out);
      expect(formattedText(formatted)).toBe(rows.map(resultLine).join(''));
      expect(formatted.rows).toBe(out.count);
      for (const d of DECISIONS) expect(formatted.decisions[d]).toBe(rows.filter((x) => x.decision === d).length);
    }
  });
});

describe('resultLine', () => {
  const text = fc.oneof(fc.constantFrom('', 'D001', '=1+1', '-3', '@x', 'a,b', 'say "hi"', 'line\nbreak', 'Nguyễn Thị Hương'), fc.string());
  const number = fc.oneof(fc.double(), fc.constantFrom(0, 1, -0, 0.5, -12.25));
  const correction = fc.constantFrom(...NAME_REASONS.map((reason) => ({ field: 'full_name', reason }) as Correction), { field: 'gender', reason: 'gender' } as Correction);
  const row = fc.record({
    dose_id: text,
    decision: fc.constantFrom(...DECISIONS),
    person_id: text,
    match_probability: fc.option(number),
    match_weight: fc.option(number),
    corrections: fc.array(correction, { maxLength: 4 }),
    suggested_full_name: text,
    suggested_dob: text,
    suggested_citizen_id: text,
    suggested_gender: text,
  });

  it('is the CSV row of resultCells', () => {
    fc.assert(
      fc.property(row, (r) => {
        const full: ResultRow = { ...r, row: 0, personRow: -1, runnerUpProbability: null, candidates: 0 };
        expect(resultLine(full)).toBe(formatCsvRow(resultCells(full)));
      }),
      { numRuns: 3000 },
    );
  });
});
