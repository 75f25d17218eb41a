import { describe, expect, it } from 'vitest';
import { RuleCounters, type CandidateRule, type CandidateRuleTransferable } from '../../src/blocking/candidate-rule.js';
import { CandidateBuffer, CandidateGenerator } from '../../src/blocking/candidates.js';
import { BlockingTally } from '../../src/blocking/report.js';
import type { RowBuffer } from '../../src/blocking/row-buffer.js';
import { KhopError } from '../../src/errors.js';

class ListRule implements CandidateRule {
  constructor(
    readonly name: string,
    private readonly lists: readonly (readonly number[])[],
  ) {}
  get rightSize(): number {
    return this.lists.length;
  }
  collect(right: number, out: RowBuffer): void {
    for (const left of this.lists[right]) out.push(left);
  }
  toTransferable(): CandidateRuleTransferable {
    throw new Error('not needed');
  }
}

/**
 * 10 left rows, 4 right rows, rules A, B, C:
 *   right 0: A → 1, 2; B → 2          truth 2 (found by A and B)
 *   right 1: B → 5; C → 5, 6          truth 6 (found by C only)
 *   right 2: nothing                  truth 3 (missed)
 *   right 3: A → 0; C → 9             no truth
 * Pairs: (0,1)A (0,2)AB (1,5)BC (1,6)C (3,0)A (3,9)C.
 */
const RULES = [
  new ListRule('a', [[1, 2], [], [], [0]]),
  new ListRule('b', [[2], [5], [], []]),
  new ListRule('c', [[], [5, 6], [], [9]]),
];
const TRUTH = Int32Array.from([2, 6, 3, -1]);

function tally(ranges: [number, number][], truth?: Int32Array): BlockingTally {
  const gen = new CandidateGenerator(RULES, 10);
  const t = new BlockingTally(['a', 'b', 'c'], 10, truth);
  const buffer = new CandidateBuffer();
  for (const [s, e] of ranges) {
    gen.generate(s, e, buffer);
    t.add(buffer);
  }
  return t;
}

describe('BlockingTally on a hand-made case', () => {
  const report = tally([[0, 4]], TRUTH).report();

  it.each([
    ['pairs', report.pairs, 6],
    ['right rows', report.rightRows, 4],
    ['reduction ratio 1 − 6/40', report.reductionRatio, 0.85],
    ['rows without candidates', report.rightRowsWithoutCandidates, 1],
    ['max candidates per row', report.maxCandidatesPerRow, 2],
    ['mean candidates per row', report.meanCandidatesPerRow, 1.5],
    ['rows with a true left row', report.rowsWithTruth, 3],
    ['rows whose true pair is a candidate', report.truePairs, 2],
    ['recall', report.recall, 2 / 3],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toBeCloseTo(expected as number, 12);
  });

  it.each([
    ['a', 3, 2, 1],
    ['b', 2, 0, 1],
    ['c', 3, 2, 1],
  ])('rule %s: %i pairs, %i found by no other rule, %i true pair', (name, pairs, unique, truePairs) => {
    const r = report.rules.find((x) => x.name === name)!;
    expect([r.pairs, r.uniquePairs, r.truePairs]).toEqual([pairs, unique, truePairs]);
    expect(r.recall).toBeCloseTo(truePairs / 3, 12);
  });

  it('counting range by range, in any order, gives the same report', () => {
    expect(tally([[2, 4], [0, 1], [1, 2]], TRUTH).report()).toEqual(report);
  });

  it('without truth there is no recall', () => {
    const r = tally([[0, 4]]).report();
    expect(r.recall).toBeUndefined();
    expect(r.rules[0].recall).toBeUndefined();
    expect(r.pairs).toBe(6);
  });

  it('adds the generators’ cap counters per rule', () => {
    const t = tally([[0, 4]]);
    const c = [new RuleCounters(), new RuleCounters(), new RuleCounters()];
    c[1].oversizedRows = 4;
    c[1].droppedRows = 1;
    c[2].oversizedSubBlocks = 2;
    t.addCounters(c);
    t.addCounters(c);
    const rules = t.report().rules;
    expect(rules.map((r) => [r.oversizedRows, r.droppedRows, r.oversizedSubBlocks])).toEqual([
      [0, 0, 0],
      [8, 2, 0],
      [0, 0, 4],
    ]);
  });

  it('refuses a truth array shorter than the right rows', () => {
    expect(() => tally([[0, 4]], Int32Array.from([2]))).toThrow(KhopError);
  });
});
