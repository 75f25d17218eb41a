import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IdNeighbourhood } from '../../src/blocking/id-neighbourhood.js';
import { RowBuffer } from '../../src/blocking/row-buffer.js';
import { idEditKind } from '../../src/similarity/id-edit-kind.js';
import { digitString, editedCopy, toSlots } from './arbitraries.js';

const SLOT = 12;

/** The reference: scan every left ID. */
function bruteForce(ids: readonly string[], query: string, minLength: number): number[] {
  const out: number[] = [];
  ids.forEach((id, row) => {
    if (id.length < minLength || id.length > SLOT || !/^\d*$/.test(id)) return;
    if (idEditKind(id, query) !== 'other') out.push(row);
  });
  return out;
}

function neighbours(index: IdNeighbourhood, query: string): number[] {
  const out = new RowBuffer(4);
  const bytes = Buffer.from(`#${query}`, 'latin1');
  index.collect(bytes, 1, query.length, out);
  return [...out.rows.subarray(0, out.length)].sort((a, b) => a - b);
}

/** Left IDs over a 3-digit alphabet (many neighbours, repeated digits, duplicates), and queries near them. */
const scenario = fc
  .array(digitString(3, SLOT, '012'), { minLength: 1, maxLength: 40 })
  .chain((ids) =>
    fc.tuple(
      fc.constant(ids),
      fc.array(
        fc.oneof(
          fc.constantFrom(...ids).chain((id) => editedCopy(id, 2, '012')),
          digitString(0, SLOT + 1, '012'),
        ),
        { minLength: 1, maxLength: 20 },
      ),
    ),
  );

describe('IdNeighbourhood finds exactly the IDs at most one edit away (vs a brute-force scan)', () => {
  it('random IDs and queries at 0-2 edits from them, min length 3', () => {
    fc.assert(
      fc.property(scenario, ([ids, queries]) => {
        const index = IdNeighbourhood.build(toSlots(ids, SLOT), { minLength: 3 });
        for (const q of queries) expect(neighbours(index, q)).toEqual(bruteForce(ids, q, 3));
      }),
      { numRuns: 400 },
    );
  });

  it('12-digit IDs over all ten digits and their one-edit variants', () => {
    const ids = fc.array(digitString(12, 12), { minLength: 1, maxLength: 60 });
    fc.assert(
      fc.property(
        ids.chain((list) => fc.tuple(fc.constant(list), fc.array(fc.constantFrom(...list).chain((id) => editedCopy(id, 1)), { maxLength: 10 }))),
        ([list, queries]) => {
          const index = IdNeighbourhood.build(toSlots(list, SLOT));
          for (const q of queries) {
            const found = neighbours(index, q);
            expect(found).toEqual(bruteForce(list, q, 8));
            expect(found.length).toBeGreaterThan(0); // each query is one edit from some ID
          }
        },
      ),
      { numRuns: 200 },
    );
  });
});

describe('IdNeighbourhood: what is indexed', () => {
  const ids = ['079090001234', '0790900012', '123456789', '07909000123A', '1234567', ''];
  const index = IdNeighbourhood.build(toSlots(ids, SLOT));

  it.each([
    ['the ID itself', '079090001234', [0]],
    ['one digit wrong', '079090001239', [0]],
    ['two adjacent digits swapped', '079090002134', [0]],
    ['a digit dropped', '07909001234', [0]],
    ['a digit added', '0790900012345', [0]],
    ['a 9-digit old ID with a digit wrong', '123456780', [2]],
    ['two digits wrong', '079090001299', []],
    ['an ID with a non-digit (not indexed)', '07909000123A', [0]],
    ['the 9-digit ID with a digit dropped; the 7-digit ID (below min length 8) is not indexed', '12345678', [2]],
    ['empty', '', []],
  ])('%s', (_name, query, expected) => {
    expect(neighbours(index, query)).toEqual(expected);
  });

  it('an ID one edit from two indexed IDs finds both, each once', () => {
    const idx = IdNeighbourhood.build(toSlots(['111111111', '111111112', '211111111', '111111111'], SLOT));
    expect(neighbours(idx, '111111111')).toEqual([0, 1, 2, 3]);
  });

  it('an ID duplicated 40 times among its neighbours: every row once (past the scan, the stamp dedups)', () => {
    const list = [...Array.from({ length: 40 }, () => '123456789'), '123456780', '12345678', '1234567890', '999999999'];
    const idx = IdNeighbourhood.build(toSlots(list, SLOT));
    expect(neighbours(idx, '123456789')).toEqual(bruteForce(list, '123456789', 8));
    expect(neighbours(idx, '123456789')).toHaveLength(43);
    expect(neighbours(idx, '123456788')).toEqual(bruteForce(list, '123456788', 8)); // all but 1234567890 and 999999999
  });

  it('an ID held by 200 rows overflows its buckets (16 slots): every row still found once, through the overflow lists', () => {
    const list = [...Array.from({ length: 200 }, () => '079090001234'), '079090001235', '79090001234', '0790900012345', '179090001234'];
    const idx = IdNeighbourhood.build(toSlots(list, SLOT));
    expect(new Uint32Array(idx.toTransferable().overflowStart).length).toBeGreaterThan(1);
    expect(idx.entryCount).toBe(list.reduce((sum, id) => sum + IdNeighbourhood.build(toSlots([id], SLOT)).entryCount, 0));
    for (const q of ['079090001234', '079090001299', '07909000123', '179090001234']) expect(neighbours(idx, q)).toEqual(bruteForce(list, q, 8));
  });

  it('a copy rebuilt from the transferable (structured clone) answers the same', () => {
    const copy = IdNeighbourhood.fromTransferable(structuredClone(index.toTransferable()));
    for (const q of ['079090001239', '07909001234', '123456780', '999']) expect(neighbours(copy, q)).toEqual(neighbours(index, q));
  });

  it('refuses the transferable of the former layout (CSR bucketStart/entries, as an older saved index holds)', () => {
    const old = { bucketStart: new SharedArrayBuffer(68), entries: new SharedArrayBuffer(16), digits: new SharedArrayBuffer(12), length: new SharedArrayBuffer(1), slot: 12 };
    expect(() => IdNeighbourhood.fromTransferable(old as never)).toThrow(expect.objectContaining({ code: 'BAD_ARGUMENT' }));
  });

  it('counts one entry per ID and per distinct deletion (a run of equal digits deletes to one string)', () => {
    // 12 digits: 1 + 12 deletions, minus the repeated ones of the runs "0" "0" / "00" in 0790900…
    const one = IdNeighbourhood.build(toSlots(['079090001234'], SLOT));
    expect(one.entryCount).toBe(1 + 10);
    expect(IdNeighbourhood.build(toSlots(['111111111'], SLOT)).entryCount).toBe(2);
  });
});
