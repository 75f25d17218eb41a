/**
 * Reads and validates a settings document. Every problem is reported at once, schema errors
 * (zod) and cross-reference errors (`settings-check.ts`) together, each with its path in the
 * document (`comparisons[2].levels[0].threshold: …`), as one KhopError 'SETTINGS_INVALID' whose
 * `issues` lists them all. Messages name paths and keys only, never cell values.
 */
import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { KhopError } from '../errors.js';
import { checkSettingsReferences, type SettingsIssue } from './settings-check.js';
import { settingsSchema, type Settings } from './settings-schema.js';
import { jsonSyntaxMessage } from '../util/json-syntax.js';

/** `['comparisons', 2, 'levels', 0]` → `comparisons[2].levels[0]`. */
export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) {
    if (typeof part === 'number') out += `[${part}]`;
    else out += out === '' ? String(part) : `.${String(part)}`;
  }
  return out;
}

/**
 * What a settings key looks like: lower-case snake_case of at most 40 characters and 2 digits, as
 * every key of the schema (or a typo of one). Not an ID (`D00000001`, `079190001234`) nor a
 * capitalised name (`NguyenVanChin`), which a data file given as settings has as keys.
 */
function looksLikeSettingsName(key: string): boolean {
  return /^[a-z][a-z0-9_]{0,39}$/.test(key) && (key.match(/[0-9]/g)?.length ?? 0) <= 2;
}

/** zod issues as path + message; an unknown key is reported at its own path. */
export function zodIssues(error: z.ZodError, prefix = ''): SettingsIssue[] {
  const out: SettingsIssue[] = [];
  const join = (p: string): string => (prefix === '' ? p : p === '' ? prefix : p.startsWith('[') ? prefix + p : `${prefix}.${p}`);
  for (const issue of error.issues) {
    const path = formatPath(issue.path);
    if (issue.code === 'unrecognized_keys') {
      // A key that is no settings name is not repeated: a data file given as settings has IDs or names as keys.
      for (const key of issue.keys) {
        if (looksLikeSettingsName(key)) out.push({ path: join(formatPath([...issue.path, key])), message: 'unknown key' });
        else out.push({ path: join(path), message: 'a key that is no settings name (not repeated here: it may be data)' });
      }
    } else {
      out.push({ path: join(path), message: issue.message });
    }
  }
  return out;
}

/** Validates a parsed JSON document; throws SETTINGS_INVALID listing every problem. */
export function parseSettings(doc: unknown, file?: string): Settings {
  const parsed = settingsSchema.safeParse(doc);
  const issues = [...(parsed.success ? [] : zodIssues(parsed.error)), ...checkSettingsReferences(doc)];
  if (!parsed.success || issues.length > 0) throw invalid('SETTINGS_INVALID', 'settings', issues, file);
  return parsed.data;
}

/**
 * A settings document from a file path (a string) or an already parsed object.
 * Errors: FILE_NOT_FOUND, INVALID_JSON, SETTINGS_INVALID.
 */
export function loadSettings(source: string | object): Settings {
  if (typeof source !== 'string') return parseSettings(source);
  return parseSettings(readJsonFile(source), source);
}

/** Reads and parses a JSON file, with the project's error codes. */
export function readJsonFile(path: string): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new KhopError('FILE_NOT_FOUND', 'file not found', { file: path });
    throw new KhopError('FILE_NOT_FOUND', `cannot read the file (${(e as NodeJS.ErrnoException).code ?? 'error'})`, { file: path });
  }
  const json = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  try {
    return JSON.parse(json);
  } catch (e) {
    throw new KhopError('INVALID_JSON', `not valid JSON: ${jsonSyntaxMessage(e, json)}`, { file: path });
  }
}

export function invalid(
  code: 'SETTINGS_INVALID' | 'MODEL_INVALID',
  what: string,
  issues: SettingsIssue[],
  file?: string,
): KhopError {
  const first = issues[0];
  const summary =
    issues.length === 1
      ? `invalid ${what}: ${first.path === '' ? '' : `${first.path}: `}${first.message}`
      : `invalid ${what}: ${issues.length} problems:\n${issues.map((i) => `  ${i.path === '' ? '(document)' : i.path}: ${i.message}`).join('\n')}`;
  return new KhopError(code, summary, file === undefined ? {} : { file }, issues);
}
