/**
 * The body of `POST /match`, validated with zod: exactly one of `{ "record": {…} }` or
 * `{ "records": [{…}, …] }` (1 to `maxBatch` records), each record an object whose columns (the
 * matcher's `recordColumns`) hold a string, number or null, other keys ignored as the matcher
 * ignores them (matcher-schema.ts's `recordSchemaFor`, the API's own definition).
 * Problems are reported as paths and zod's messages, which name types and limits, never the
 * values sent (they are personal data).
 */
import { z } from 'zod';
import { matchRecordSchema, recordSchemaFor } from '../api/matcher-schema.js';

/** `columns` undefined: every key of a record checked as a cell (a matcher that does not say its columns). */
export function matchBodySchema(maxBatch: number, columns: readonly string[] | undefined) {
  const record = columns === undefined ? matchRecordSchema : recordSchemaFor(columns);
  return z.union([z.strictObject({ record }), z.strictObject({ records: z.array(record).min(1).max(maxBatch) })]);
}

export type MatchBody = z.output<ReturnType<typeof matchBodySchema>>;

export interface BodyIssue {
  path: string;
  message: string;
}

/**
 * zod's issues as `path: message` pairs. A union failure is unfolded into the branch that fits
 * the body's key (`record` or `records`), so the client reads the one problem that matters.
 */
export function bodyIssues(error: z.ZodError, body: unknown): BodyIssue[] {
  const out: BodyIssue[] = [];
  const key = typeof body === 'object' && body !== null && !Array.isArray(body) ? Object.keys(body) : [];
  const branch = key.includes('records') ? 1 : key.includes('record') ? 0 : -1;
  for (const issue of error.issues) {
    if (issue.code === 'invalid_union' && issue.path.length === 0 && branch >= 0 && key.length === 1) {
      for (const inner of issue.errors[branch] ?? []) out.push(cellIssue(inner, issue.path));
    } else if (issue.code === 'invalid_union' && issue.path.length === 0) {
      out.push({ path: formatPath(issue.path), message: 'expected an object with exactly one key: "record" (an object) or "records" (an array)' });
    } else {
      out.push(cellIssue(issue, []));
    }
  }
  return out;
}

/**
 * A cell's union (string | number | null) fails as a whole with zod's bare "Invalid input":
 * report the branch that got past the type check (a string too long), else the types allowed.
 */
function cellIssue(issue: z.core.$ZodIssue, prefix: readonly PropertyKey[]): BodyIssue {
  const path = formatPath([...prefix, ...issue.path]);
  // zod's message lists the keys, and a client may key its data by ID or name: say how many.
  if (issue.code === 'unrecognized_keys') return { path, message: `${issue.keys.length === 1 ? 'a key' : `${issue.keys.length} keys`} not allowed here` };
  if (issue.code !== 'invalid_union') return { path, message: issue.message };
  const typed = issue.errors.find((branch) => branch.length > 0 && branch.every((i) => i.code !== 'invalid_type'));
  if (typed !== undefined) return { path, message: typed[0].message };
  return { path, message: 'expected a string, a number or null' };
}

function formatPath(path: readonly PropertyKey[]): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s === '' ? String(p) : `.${String(p)}`;
  return s === '' ? '(body)' : s;
}
