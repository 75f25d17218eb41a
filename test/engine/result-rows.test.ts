/**
 * results.csv's header for any schema (result-rows.ts, `resultColumns`): the right ID column,
 * decision, the left ID column, then the data contract's columns; equal names are told apart.
 */
import { describe, expect, it } from 'vitest';
import { RESULT_COLUMNS, resultColumns } from '../../src/engine/result-rows.js';

describe('resultColumns', () => {
  it.each([
    ['person_id', 'dose_id', ['dose_id', 'decision', 'person_id']],
    ['company_id', 'supplier_ref', ['supplier_ref', 'decision', 'company_id']],
    ['rec_id', 'rec_id', ['rec_id_r', 'decision', 'rec_id_l']],
  ])('left %s, right %s → %j, then the contract', (left, right, head) => {
    const columns = resultColumns({ id_column: left }, { id_column: right });
    expect(columns.slice(0, 3)).toEqual(head);
    expect(columns.slice(3)).toEqual(RESULT_COLUMNS.slice(3));
  });

  it('the preset\'s ID columns give the data contract unchanged', () => {
    expect(resultColumns({ id_column: 'person_id' }, { id_column: 'dose_id' })).toEqual([...RESULT_COLUMNS]);
  });
});
