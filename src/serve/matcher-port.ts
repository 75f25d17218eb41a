/**
 * What the HTTP service needs of a matcher (src/api's `Matcher` has this shape): link one record
 * or a batch, say how big the register is and which model scores, and close. Kept to these few
 * members so the transport can be tested against a small stand-in and the matcher can change
 * behind it.
 */
import type { MatchRecord, MatchResult } from '../api/matcher-schema.js';

export interface ServeMatcher {
  matchOne(record: MatchRecord): MatchResult;
  matchMany(records: Iterable<MatchRecord>): MatchResult[];
  readonly index: { readonly size: number };
  /**
   * The columns a record is read for; a body's records are checked on these (body-schema.ts).
   * A stand-in without them gets every key checked as a cell (`matchRecordSchema`).
   */
  readonly recordColumns?: readonly string[];
  /** 'given' (a model file) or 'untrained'. */
  readonly modelSource: string;
  readonly model: { readonly provenance: { readonly created: string; readonly khop_version: string; readonly method: string } };
  close(): Promise<void>;
}
