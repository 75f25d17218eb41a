/** The check both rules' `prepare` tests make: a prepared rule collects what its unprepared twin does. */
import { expect } from 'vitest';
import { RuleCounters, type CandidateRule } from '../../src/blocking/candidate-rule.js';
import { RowBuffer } from '../../src/blocking/row-buffer.js';

/** For every right row below `rightSize`: the same rows, in the same order, and the same counters. */
export function expectCollectsAsPlain(plain: CandidateRule, prepared: CandidateRule, rightSize: number): void {
  for (let j = 0; j < rightSize; j++) {
    const c1 = new RuleCounters();
    const c2 = new RuleCounters();
    const o1 = new RowBuffer(2);
    const o2 = new RowBuffer(2);
    plain.collect(j, o1, c1);
    prepared.collect(j, o2, c2);
    expect([...o2.rows.subarray(0, o2.length)]).toEqual([...o1.rows.subarray(0, o1.length)]);
    expect(c2).toEqual(c1);
  }
}
