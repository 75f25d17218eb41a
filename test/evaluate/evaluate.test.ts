import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { evaluate, Evaluator } from '../../src/evaluate/evaluate.js';
import type { Decision, ResultRow, TruthRow } from '../../src/evaluate/rows.js';
import { KhopError } from '../../src/errors.js';

const truth = (dose_id: string, person_id: string, tags = ''): TruthRow => ({ dose_id, person_id, tags: tags === '' ? [] : tags.split('|') });
const result = (dose_id: string, decision: Decision, person_id: string, match_probability: number): ResultRow => ({ dose_id, decision, person_id, match_probability });

describe('evaluate on a perfect results file', () => {
  it('scores 1.0 everywhere when every present person is verified and every absent one unmatched', () => {
    const t = [truth('d1', 'P1', 'diacritics_missing'), truth('d2', 'P2'), truth('d3', '', 'id_typo'), truth('d4', 'P4', 'dob_swapped')];
    const r = [result('d1', 'corrected', 'P1', 0.97), result('d2', 'verified', 'P2', 0.999), result('d3', 'unmatched', '', Number.NaN), result('d4', 'corrected', 'P4', 0.9)];
    const rep = evaluate(r, t, { thresholds: [0.5, 0.9] });
    expect([rep.auto_precision, rep.auto_recall, rep.review_precision, rep.review_recall, rep.best_f1]).toEqual([1, 1, 1, 1, 1]);
    // The lowest correct probability is the loosest threshold that still links everyone.
    expect(rep.best_threshold).toBe(0.9);
    expect(rep.thresholds.map((p) => p.f1)).toEqual([1, 1]);
    expect(rep.recall_by_tag.diacritics_missing.auto_recall).toBe(1);
    expect(rep.recall_by_tag.id_typo).toMatchObject({ count: 1, present: 0, auto_recall: null });
    expect(rep.missing.count + rep.extra.count + rep.duplicates.results.count).toBe(0);
  });
});

describe('evaluate on a hand-made case', () => {
  // present persons: d1 d2 d3 d4 d6 d8 (6); absent: d5 d7 (2).
  const t = [
    truth('d1', 'P1'),
    truth('d2', 'P2', 'diacritics_missing'),
    truth('d3', 'P3', 'diacritics_missing|dob_swapped'),
    truth('d4', 'P4', 'dob_swapped'),
    truth('d5', '', 'id_typo'),
    truth('d6', 'P6'),
    truth('d7', ''),
    truth('d8', 'P8', 'id_typo'),
  ];
  const r = [
    result('d1', 'verified', 'P1', 0.99), // auto TP
    result('d2', 'corrected', 'P2', 0.95), // auto TP
    result('d3', 'review', 'P3', 0.7), // auto FN, review TP
    result('d4', 'corrected', 'P9', 0.9), // wrong person: FP and FN
    result('d5', 'corrected', 'P5', 0.85), // absent person linked: FP
    result('d6', 'unmatched', 'P6', 0.3), // not linked: FN (a correct candidate at 0.3)
    result('d7', 'unmatched', '', Number.NaN), // TN
    // d8 missing: FN
    result('x1', 'verified', 'P1', 0.99), // not in truth: extra, not scored
    result('d1', 'unmatched', '', Number.NaN), // duplicate: ignored
  ];
  const rep = evaluate(r, t, { thresholds: [0.5, 0.9] });

  it('counts the doses, present and absent persons, and decisions', () => {
    expect([rep.doses, rep.present, rep.absent, rep.results_rows]).toEqual([8, 6, 2, 9]);
    expect(rep.decisions).toEqual({ verified: 2, corrected: 3, review: 1, unmatched: 3 });
  });

  it('scores auto-accepted links: TP d1 d2; FP d4 (wrong) d5 (absent); FN d3 d4 d6 d8; TN d7', () => {
    expect(rep.auto).toMatchObject({ tp: 2, fp: 2, fp_wrong_person: 1, fp_absent: 1, fn: 4, tn: 1 });
    expect(rep.auto_precision).toBe(2 / 4);
    expect(rep.auto_recall).toBe(2 / 6);
    expect(rep.auto.f1).toBe(4 / (4 + 2 + 4));
  });

  it('adds review links: d3 becomes a TP', () => {
    expect(rep.with_review).toMatchObject({ tp: 3, fp: 2, fn: 3, tn: 1 });
    expect(rep.review_precision).toBe(3 / 5);
    expect(rep.review_recall).toBe(3 / 6);
  });

  it('finds the best F1 threshold over candidates 0.99✓ 0.95✓ 0.9✗ 0.85✗ 0.7✓ 0.3✓', () => {
    // F1 = 2TP/(2TP+FP+FN): 0.99→2/7, 0.95→4/8, 0.9→4/9, 0.85→4/10, 0.7→6/11, 0.3→8/12.
    expect(rep.best_f1).toBe(8 / 12);
    expect(rep.best_threshold).toBe(0.3);
  });

  it('reports P/R/F1 at the listed thresholds, whatever the decision', () => {
    // ≥0.5: TP d1 d2 d3, FP d4 d5, FN 6−3. ≥0.9: TP d1 d2, FP d4, FN 6−2.
    expect(rep.thresholds).toEqual([
      { threshold: 0.5, tp: 3, fp: 2, fn: 3, precision: 3 / 5, recall: 3 / 6, f1: 6 / 11 },
      { threshold: 0.9, tp: 2, fp: 1, fn: 4, precision: 2 / 3, recall: 2 / 6, f1: 4 / 9 },
    ]);
  });

  it.each([
    // tag, count, present, auto found, review found
    ['diacritics_missing', 2, 2, 1, 2], // d2 auto, d3 review
    ['dob_swapped', 2, 2, 0, 1], // d3 review, d4 wrong person
    ['id_typo', 2, 1, 0, 0], // d5 absent, d8 missing
  ] as const)('recall for tag %s', (tag, count, present, auto, review) => {
    expect(rep.recall_by_tag[tag]).toEqual({
      count,
      present,
      auto_found: auto,
      review_found: review,
      auto_recall: auto / present,
      review_recall: review / present,
    });
  });

  it('lists tags worst first and tallies untagged doses apart', () => {
    expect(Object.keys(rep.recall_by_tag)).toEqual(['id_typo', 'dob_swapped', 'diacritics_missing']);
    // d1 auto, d6 not linked, d7 absent.
    expect(rep.untagged).toMatchObject({ count: 3, present: 2, auto_found: 1, review_found: 1 });
  });

  it('reports missing, extra and duplicate rows by dose_id', () => {
    expect(rep.missing).toEqual({ count: 1, examples: ['d8'] });
    expect(rep.extra).toEqual({ count: 1, examples: ['x1'] });
    expect(rep.duplicates).toEqual({ results: { count: 1, examples: ['d1'] }, truth: { count: 0, examples: [] } });
  });
});

describe('evaluate: rows and persons', () => {
  it('counts a truth dose with no results row as a miss', () => {
    const rep = evaluate([result('d1', 'verified', 'P1', 1)], [truth('d1', 'P1'), truth('d2', 'P2'), truth('d3', 'P3')]);
    expect(rep.auto).toMatchObject({ tp: 1, fn: 2 });
    expect(rep.auto_recall).toBe(1 / 3);
    expect(rep.auto_precision).toBe(1);
    expect(rep.missing).toEqual({ count: 2, examples: ['d2', 'd3'] });
  });

  it('limits the listed examples but not the count', () => {
    const t = Array.from({ length: 20 }, (_, i) => truth(`d${i}`, `P${i}`));
    const rep = evaluate([], t, { examples: 3 });
    expect(rep.missing).toEqual({ count: 20, examples: ['d0', 'd1', 'd2'] });
    expect(rep.auto_recall).toBe(0);
    expect(rep.auto_precision).toBeNull();
    expect(rep.best_f1).toBeNull();
  });

  it.each([
    // decision, person linked, expected auto confusion for one absent-person dose
    ['unmatched', '', { tn: 1, fp: 0, fp_absent: 0 }],
    ['review', 'P1', { tn: 1, fp: 0, fp_absent: 0 }],
    ['corrected', 'P1', { tn: 0, fp: 1, fp_absent: 1 }],
    ['verified', 'P1', { tn: 0, fp: 1, fp_absent: 1 }],
  ] as const)('an absent person decided %s (%s) is scored %o', (decision, person, expected) => {
    const rep = evaluate([result('d1', decision, person, 0.9)], [truth('d1', '')]);
    expect(rep.auto).toMatchObject({ tp: 0, fn: 0, ...expected });
    expect(rep.auto_recall).toBeNull(); // no present person: recall is undefined, not 0 or 1
  });

  it('keeps the first of duplicate truth rows', () => {
    const rep = evaluate([result('d1', 'verified', 'P1', 1)], [truth('d1', 'P1'), truth('d1', 'P7')]);
    expect(rep.auto.tp).toBe(1);
    expect(rep.duplicates.truth).toEqual({ count: 1, examples: ['d1'] });
  });

  it.each([[[1.5]], [[-0.1]], [[Number.NaN]]])('rejects thresholds %j with BAD_ARGUMENT', (thresholds) => {
    expect(() => evaluate([], [], { thresholds })).toThrowError(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });

  it('refuses truth rows after results rows (results are classified as they arrive)', () => {
    const e = new Evaluator();
    e.addResult(result('d1', 'verified', 'P1', 1));
    expect(() => e.addTruth(truth('d1', 'P1'))).toThrow(KhopError);
  });
});

describe('evaluate: invariants', () => {
  const decision = fc.constantFrom<Decision>('verified', 'corrected', 'review', 'unmatched');
  const caseArb = fc
    .array(fc.record({ truePerson: fc.constantFrom('', 'A', 'B', 'C'), linked: fc.constantFrom('', 'A', 'B', 'C'), decision, p: fc.double({ min: 0, max: 1, noNaN: true }), inResults: fc.boolean() }), { maxLength: 60 })
    .map((rows) => ({
      truth: rows.map((x, i) => truth(`d${i}`, x.truePerson)),
      results: rows.flatMap((x, i) => (x.inResults ? [result(`d${i}`, x.decision, x.linked, x.p)] : [])),
    }));

  it('TP + FN = present, TP + FP + FN(not wrong-person) + TN = doses, and review recall ≥ auto recall', () => {
    fc.assert(
      fc.property(caseArb, ({ truth: t, results: r }) => {
        const rep = evaluate(r, t);
        for (const c of [rep.auto, rep.with_review]) {
          expect(c.tp + c.fn).toBe(rep.present);
          expect(c.tp + c.fp + (c.fn - c.fp_wrong_person) + c.tn).toBe(rep.doses);
        }
        if (rep.present > 0) expect(rep.review_recall as number).toBeGreaterThanOrEqual(rep.auto_recall as number);
        expect(rep.missing.count).toBe(t.length - r.length);
      }),
    );
  });

  it('gives the same report whatever the order of the results rows', () => {
    fc.assert(
      fc.property(caseArb, ({ truth: t, results: r }) => {
        const a = evaluate(r, t);
        const b = evaluate([...r].reverse(), t);
        expect(b).toEqual(a);
      }),
    );
  });
});
