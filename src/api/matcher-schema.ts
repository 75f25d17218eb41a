/**
 * The shapes of the matcher API (matcher.ts) as zod schemas; the TypeScript types are inferred
 * from them, so what is validated and what is typed cannot drift apart.
 *
 * - `MatcherOptions`: what `createMatcher` takes.
 * - `MatchRecord`: one record to link (a dose, for the vn-vaccination preset): right-side column →
 *   cell, as a CSV row would give it. Numbers are accepted (a JSON ID typed as a number) and read
 *   as their decimal text; null and undefined are empty cells.
 * - `MatchResult`: the columns of a `results.csv` row (result-rows.ts: same names, same meaning;
 *   `corrections` formatted as in the file) plus the best candidates.
 */
import { z } from 'zod';
import { DECISIONS } from '../engine/decide.js';
import type { KhopError } from '../errors.js';
import { RegisterIndex } from '../engine/register-index.js';
import { thresholdsSchema } from '../model/settings-schema.js';
import type { KhopModel } from '../model/model-file.js';
import type { Reject } from '../io/rejects.js';
import { isWellFormed, MAX_CELL_LENGTH } from '../engine/record-check.js';

export { MAX_CELL_LENGTH };

export const cellSchema = z.union([
  z.string().max(MAX_CELL_LENGTH).refine(isWellFormed, 'a lone UTF-16 surrogate is not valid Unicode'),
  z.number().finite(),
  z.null(),
  z.undefined(),
]);

/**
 * A record whose every value is a cell: what `MatchRecord` types. The matcher itself reads only its
 * side's columns and ignores other keys whatever they hold (match-record.ts); `recordSchemaFor`
 * checks exactly that.
 */
export const matchRecordSchema = z.record(z.string(), cellSchema);
export type MatchRecord = z.input<typeof matchRecordSchema>;

/**
 * What the matcher accepts as a record (match-record.ts, `Matcher.recordColumns`): an object whose
 * `columns` hold cells when present; other keys are let through, as the matcher ignores them.
 */
export function recordSchemaFor(columns: readonly string[]) {
  return z.looseObject(Object.fromEntries(columns.map((c) => [c, cellSchema.optional()])));
}
/**
 * What `matchOne` and `matchMany` take at compile time: any object whose values are cells, the
 * caller's own `interface Dose { … }` included (an interface is not assignable to MatchRecord's
 * index signature). The record is checked at run time all the same.
 */
export type MatchRecordLike<R> = { readonly [K in keyof R]: z.input<typeof cellSchema> };

function isIterable(v: unknown): v is Iterable<unknown> | AsyncIterable<unknown> {
  if (typeof v !== 'object' || v === null) return false;
  return typeof (v as Iterable<unknown>)[Symbol.iterator] === 'function' || typeof (v as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function';
}

const recordsSchema = z.custom<Iterable<MatchRecord> | AsyncIterable<MatchRecord>>(isIterable, { message: 'expected an iterable of records' });

export const matcherOptionsSchema = z.strictObject({
  /** A register CSV path, a saved index path (`khop index`, told apart by its magic bytes), a RegisterIndex, or register records. */
  registry: z.union([z.string().min(1), z.custom<RegisterIndex>((v) => v instanceof RegisterIndex, { message: 'expected a RegisterIndex' }), recordsSchema]),
  /** A preset name, a settings file path, or a settings object. Default: the saved index's, the model's, or the vn-vaccination preset. */
  settings: z.union([z.string().min(1), z.record(z.string(), z.unknown())]).optional(),
  /** A model file path or a model (a parsed model file or `loadModel`'s value). Absent: an untrained model (untrained-model.ts). */
  // Typed to take the package's own KhopModel (an interface, which a Record type refuses).
  model: z
    .union([z.string().min(1), z.custom<KhopModel | Readonly<Record<string, unknown>>>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), { message: 'expected a model file path or a model object' })])
    .optional(),
  /** Worker threads for `matchStream`; 1 links on the calling thread. */
  threads: z.number().int().min(1).max(64).default(1),
  /** Overrides of the settings' thresholds. */
  thresholds: thresholdsSchema.partial().optional(),
  /**
   * Candidates reported per result. 0: none, which lets the matcher skip scoring in full the
   * candidates that cannot change a decision (faster, same results).
   */
  topK: z.number().int().min(0).max(100).default(5),
  /** Records per batch in `matchStream` (and per pass of `matchMany`). */
  batchSize: z.number().int().min(1).max(65536).default(8192),
  /**
   * Called for each row of a register CSV that cannot be read or linked (file, line, reason, raw),
   * as `khop index` lists them; absent, they are only counted (`index.rejects`).
   */
  onReject: z.custom<(reject: Reject) => void>((v) => typeof v === 'function', { message: 'expected a function' }).optional(),
});
export type MatcherOptions = z.input<typeof matcherOptionsSchema>;
export type ResolvedMatcherOptions = z.output<typeof matcherOptionsSchema>;

export const matchStreamOptionsSchema = z.strictObject({
  batchSize: z.number().int().min(1).max(65536).optional(),
  /** Batches being linked at once (bounds memory and how far input is read ahead); default 2 × threads. */
  maxBatchesInFlight: z.number().int().min(1).max(256).optional(),
  /** Called for an invalid record, which is then skipped; absent, the stream throws the error. */
  onInvalid: z.custom<(error: KhopError, position: number) => void>((v) => typeof v === 'function').optional(),
});
export type MatchStreamOptions = z.input<typeof matchStreamOptionsSchema>;

export const matchCandidateSchema = z.object({
  person_id: z.string(),
  match_weight: z.number(),
  match_probability: z.number().min(0).max(1),
});
export type MatchCandidate = z.infer<typeof matchCandidateSchema>;

export const matchResultSchema = z.object({
  dose_id: z.string(),
  decision: z.enum(DECISIONS),
  person_id: z.string(),
  /** 0 when there is no candidate, as in results.csv. */
  match_probability: z.number().min(0).max(1),
  /** null when there is no candidate (an empty cell in results.csv). */
  match_weight: z.number().nullable(),
  /** `field:reason` joined by `;`. */
  corrections: z.string(),
  suggested_full_name: z.string(),
  suggested_dob: z.string(),
  suggested_citizen_id: z.string(),
  suggested_gender: z.string(),
  /** The best candidates, heaviest first (the first is the result's person when one is linked). */
  candidates: z.array(matchCandidateSchema),
});
export type MatchResult = z.infer<typeof matchResultSchema>;
