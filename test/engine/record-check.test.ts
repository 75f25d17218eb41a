/** record-check.ts: the rows every path of `khop match` refuses before linking, with the same reasons. */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { cellsProblem, recordProblem, MAX_CELL_LENGTH } from '../../src/engine/record-check.js';
import { scanCsv } from '../../src/io/csv-scanner.js';

const COLUMNS = ['dose_id', 'full_name', 'dob'];
const long = 'ễ'.repeat(MAX_CELL_LENGTH + 1);

describe('cellsProblem', () => {
  it.each([
    [['D1', 'An', '1990'], null],
    [['', 'An', '1990'], 'field_empty (dose_id)'],
    [[undefined, 'An', '1990'], 'field_empty (dose_id)'],
    [['D1', '', ''], null],
    [['D1', long, '1990'], 'cell_too_long (full_name)'],
    [['D1', 'ễ'.repeat(MAX_CELL_LENGTH), '1990'], null],
    [['', long, '1990'], 'field_empty (dose_id)'],
  ] as const)('%j → %s', (cells, expected) => {
    expect(cellsProblem(cells, COLUMNS)).toBe(expected);
  });
});

describe('recordProblem', () => {
  // A cell's length in characters is what counts, not in bytes: ễ is three bytes.
  const cellArb = fc.oneof(
    fc.constantFrom('', 'D1', 'An', 'ễ'.repeat(MAX_CELL_LENGTH), long, 'x'.repeat(MAX_CELL_LENGTH + 1), 'x'.repeat(MAX_CELL_LENGTH)),
    fc.string({ maxLength: 4 }),
  );
  const encode = (value: string, quoted: boolean): string => (quoted || /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);

  it('gives what cellsProblem gives for the scanned cells, quoted or not, in any column order', () => {
    fc.assert(
      fc.property(fc.tuple(cellArb, cellArb, cellArb), fc.tuple(fc.boolean(), fc.boolean(), fc.boolean()), fc.constantFrom([0, 1, 2], [2, 0, 1], [1, 2, 0]), (cells, quoted, at) => {
        const line = [0, 1, 2].map((i) => encode(cells[i], quoted[i])).join(',') + '\n';
        let checked = 0;
        scanCsv(line, (record) => {
          const values = at.map((i) => record.field(i));
          expect(recordProblem(record, at, COLUMNS)).toBe(cellsProblem(values, COLUMNS));
          checked++;
        });
        expect(checked).toBe(1);
      }),
      { numRuns: 300 },
    );
  });

  it('refuses a cell of more than 4 bytes a character allowed without decoding it (a cell of hundreds of MB passes V8\'s longest string)', () => {
    const huge = 'x'.repeat(4 * MAX_CELL_LENGTH + 1);
    scanCsv(`D1,${huge},1990\n`, (record) => {
      const undecoded = Object.assign(Object.create(record) as typeof record, {
        field: (i: number): string => {
          if (i === 1) throw new Error('decoded the long cell');
          return record.field(i);
        },
      });
      expect(recordProblem(undecoded, [0, 1, 2], COLUMNS)).toBe(`cell_too_long (${COLUMNS[1]})`);
    });
  });
});
