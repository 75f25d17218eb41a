import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RuleCounters } from '../../src/blocking/candidate-rule.js';
import { IdOneEditRule } from '../../src/blocking/id-one-edit-rule.js';
import { RowBuffer } from '../../src/blocking/row-buffer.js';
import { ID_SLOT } from '../../src/engine/column-id.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { digitString, editedCopy, toSlots } from './arbitraries.js';
import { expectCollectsAsPlain } from './prepared-rule.js';

function found(rule: IdOneEditRule, right: number, counters = new RuleCounters()): number[] {
  const out = new RowBuffer(4);
  rule.collect(right, out, counters);
  return [...new Set(out.rows.subarray(0, out.length))].sort((a, b) => a - b);
}

const REGISTER = ['001090012345', '079195004321', '123456789', '001090012346'];

function ruleFor(doses: string[], options: { matchUnpadded?: boolean; maxBlockSize?: number } = {}): IdOneEditRule {
  // Doses go through parse-id into slots of the record store's width, as the store does: an
  // 11-digit ID gets its zero back.
  return IdOneEditRule.build({
    name: 'id_one_edit',
    leftIds: toSlots(REGISTER, ID_SLOT),
    rightIds: toSlots(doses.map((d) => parseId(d).digits), ID_SLOT),
    ...options,
  });
}

describe('IdOneEditRule', () => {
  it.each([
    ['the same ID', '079195004321', [1]],
    ['one digit wrong', '079195004329', [1]],
    ['two digits swapped', '079915004321', [1]],
    ['the old 9-digit ID with a digit wrong', '123456788', [2]],
    ['an ID one edit from two register IDs', '001090012347', [0, 3]],
    ['a digit dropped (11 digits starting with 0: kept as typed by parse-id)', '07919504321', [1]],
    ['one of the two leading zeros dropped (only the ID itself is one edit away)', '01090012345', [0]],
    ['both leading zeros lost to a number (10 digits, padded back by parse-id)', '1090012345', [0, 3]],
    ['a digit added (13 digits)', '0791950043210', [1]],
    ['two digits added (14 digits: longer than the store keeps)', '07919500432100', []],
    ['empty', '', []],
  ])('%s', (_name, dose, expected) => {
    expect(found(ruleFor([dose]), 0)).toEqual(expected);
  });

  it('a dropped digit in an 11-digit ID starting with 0 is one edit, also without the unpadded lookup', () => {
    expect(parseId('07919504321').digits).toBe('07919504321');
    expect(found(ruleFor(['07919504321'], { matchUnpadded: false }), 0)).toEqual([1]);
  });

  it('any digit dropped from a personal ID (0PP…), then padded back by parse-id, is found', () => {
    fc.assert(
      fc.property(digitString(11, 11), fc.nat({ max: 11 }), (tail, at) => {
        const id = `0${tail}`;
        const typed = id.slice(0, at) + id.slice(at + 1);
        const rule = IdOneEditRule.build({
          name: 'r',
          leftIds: toSlots([id], ID_SLOT),
          rightIds: toSlots([parseId(typed).digits], ID_SLOT),
        });
        expect(found(rule, 0)).toEqual([0]);
      }),
    );
  });

  it('max_block_size: a right ID with more neighbours than the cap gets none, and is counted', () => {
    const counters = new RuleCounters();
    expect(found(ruleFor(['001090012347'], { maxBlockSize: 1 }), 0, counters)).toEqual([]);
    expect([counters.oversizedRows, counters.droppedRows]).toEqual([1, 1]);
  });

  it('a copy from the transferable (structured clone) answers the same', () => {
    const doses = ['079195004329', '07919504321', '123456788'];
    const rule = ruleFor(doses);
    const copy = IdOneEditRule.fromTransferable(structuredClone(rule.toTransferable()));
    for (let j = 0; j < doses.length; j++) expect(found(copy, j)).toEqual(found(rule, j));
  });
});

describe('IdOneEditRule.prepare never changes what collect emits', () => {
  it('for any prepared range or strided range, inside or outside it: the same rows in the same order, the same counters', () => {
    // IDs over a small alphabet (near neighbours and duplicates are likely), with 11 digits
    // starting with 0 and 12 starting with "00" among them, and junk of any length. Right IDs are
    // mostly edited left ones, some with a 0 put in front (12 digits from 11: the unpadded lookup).
    const id = fc.oneof(digitString(10, 13, '0123'), digitString(10, 11, '0123').map((s) => `0${s}`), digitString(0, 14, '01'));
    const scenario = fc
      .array(id, { minLength: 1, maxLength: 40 })
      .chain((left) =>
        fc.tuple(
          fc.constant(left),
          fc.array(
            fc.oneof(
              fc.constantFrom(...left).chain((s) => editedCopy(s, 2, '0123')),
              fc.constantFrom(...left).chain((s) => editedCopy(s, 1, '0123').map((e) => `0${e}`)),
              id,
            ),
            { minLength: 1, maxLength: 40 },
          ),
          fc.integer({ min: 1, max: 6 }),
          fc.nat(),
          fc.nat(),
          fc.integer({ min: 1, max: 4 }),
        ),
      );
    fc.assert(
      fc.property(scenario, ([left, right, cap, a, b, stride]) => {
        const input = { name: 'r', leftIds: toSlots(left, ID_SLOT), rightIds: toSlots(right, ID_SLOT), maxBlockSize: cap };
        const plain = IdOneEditRule.build(input);
        const prepared = IdOneEditRule.build(input);
        const from = a % (right.length + 1);
        const to = from + (b % (right.length - from + 1));
        prepared.prepare(from, to, stride);
        expectCollectsAsPlain(plain, prepared, right.length);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a range beyond the right side', () => {
    expect(() => ruleFor(['079195004321']).prepare(0, 2)).toThrow(expect.objectContaining({ code: 'INTERNAL' }));
  });
});
