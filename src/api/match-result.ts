/**
 * A linked record as the API hands it out (`MatchResult`, matcher-schema.ts): the results.csv
 * row of result-rows.ts with its corrections formatted as in the file, and the best candidates
 * with their register IDs; and back to the results.csv cells.
 */
import { formatCorrections } from '../engine/corrections.js';
import type { RecordStore } from '../engine/record-store.js';
import type { ProbedRecord } from '../engine/register-probe.js';
import { formattedResultCells } from '../engine/result-rows.js';
import { matchProbability } from '../model/fellegi-sunter.js';
import type { MatchResult } from './matcher-schema.js';

export function toMatchResult(probed: ProbedRecord, register: RecordStore): MatchResult {
  const r = probed.result;
  return {
    dose_id: r.dose_id,
    decision: r.decision,
    person_id: r.person_id,
    match_probability: r.match_probability ?? 0,
    match_weight: r.match_weight,
    corrections: formatCorrections(r.corrections),
    suggested_full_name: r.suggested_full_name,
    suggested_dob: r.suggested_dob,
    suggested_citizen_id: r.suggested_citizen_id,
    suggested_gender: r.suggested_gender,
    candidates: probed.candidates.map((c) => ({ person_id: register.recordId(c.row), match_weight: c.weight, match_probability: matchProbability(c.weight) })),
  };
}

/** The cells of the results.csv row of `result`, in the file's column order (RESULT_COLUMNS), rounded as the file is. */
export function matchResultCells(result: MatchResult): string[] {
  return formattedResultCells(result);
}
