/**
 * Error profiles for `khop generate`: a JSON document (validated with zod) that says how often
 * each damage tag is applied to a dose, how often doses belong to people absent from the register,
 * which hard cases to plant, and how formatting (case, spacing, date and gender spellings) varies
 * where it is not an error. Presets live in `datasets/profiles/<name>.json`; the format is
 * documented in `datasets/README.md`.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { KhopError } from '../errors.js';
import { DAMAGE_TAGS } from './tags.js';
import { DOB_FORMATS } from './formatting.js';
import { readJsonFile } from '../model/load-settings.js';

const rate = z.number().min(0).max(1);
const weight = z.number().min(0).finite();

const ratesShape = Object.fromEntries(DAMAGE_TAGS.map((t) => [t, rate.default(0)])) as Record<(typeof DAMAGE_TAGS)[number], z.ZodDefault<typeof rate>>;
const dobFormatsShape = Object.fromEntries(DOB_FORMATS.map((f) => [f, weight.default(f === 'dd/mm/yyyy' ? 1 : 0)])) as Record<(typeof DOB_FORMATS)[number], z.ZodDefault<typeof weight>>;

export const ProfileSchema = z.strictObject({
  /** What the profile is for; shown nowhere but the file. */
  description: z.string().default(''),
  /**
   * Share of doses carrying at least one damage tag. Null: whatever the independent tag rates give,
   * 1 − Π(1 − rate). Below that, every rate is scaled down by one factor; above it, doses that drew
   * no damage get one tag, drawn in proportion to the rates. `--error-rate` overrides it.
   */
  damagedShare: rate.nullable().default(null),
  /** Share of doses whose person is not in the register. `--absent-rate` overrides it. */
  absentRate: rate.default(0),
  /** Per damage tag: the probability that a dose carries it. */
  rates: z.strictObject(ratesShape).prefault({}),
  /** Share of legacy-encoding and input-method damage applied to some syllables instead of the whole name. */
  partialEncodingShare: rate.default(0.3),
  hardCases: z
    .strictObject({
      /** Probability that a person gets a namesake planted: another person with the same full name and birth year. */
      namesakeRate: z.number().min(0).max(0.5).default(0),
      /** Probability that a child in a household is born with a twin. */
      twinRate: rate.default(0),
    })
    .prefault({}),
  formatting: z
    .strictObject({
      nameUpperCase: rate.default(0),
      nameLowerCase: rate.default(0),
      nameNfd: rate.default(0),
      nameExtraSpaces: rate.default(0),
      nameZeroWidth: rate.default(0),
      idSeparators: rate.default(0),
      /** Where the register has only a birth year: share of doses that show the full date anyway. */
      dobFullDateWhereRegisterHasYear: rate.default(0),
      dobFormats: z
        .strictObject(dobFormatsShape)
        .prefault({})
        .refine((w) => Object.values(w).some((v) => v > 0), 'at least one date format needs a weight above zero'),
      genderSpellings: z
        .array(z.strictObject({ male: z.string().min(1), female: z.string().min(1), weight: z.number().positive().finite() }))
        .min(1)
        .default([{ male: 'Nam', female: 'Nữ', weight: 1 }]),
    })
    .prefault({})
    .refine((f) => f.nameUpperCase + f.nameLowerCase <= 1, { message: 'nameUpperCase + nameLowerCase must not exceed 1', path: ['nameUpperCase'] }),
  output: z
    .strictObject({
      /** Write doses.csv with CRLF line endings (as exported by Excel on Windows). */
      dosesCrlf: z.boolean().default(false),
      /** Start doses.csv with a UTF-8 byte-order mark. */
      dosesBom: z.boolean().default(false),
    })
    .prefault({}),
}).refine((p) => !(p.damagedShare !== null && p.damagedShare > 0) || Object.values(p.rates).some((r) => r > 0), {
  // Checked here too (damage-rates.ts checks any share, --error-rate's included), so that the error names the file.
  message: 'a damagedShare above 0 needs at least one tag rate above 0',
  path: ['damagedShare'],
});

export type Profile = z.infer<typeof ProfileSchema>;
export type ProfileInput = z.input<typeof ProfileSchema>;

/** The directory holding the preset profiles (`datasets/profiles/`), from source or from `dist/`. */
export const PRESET_PROFILES_DIR = new URL('../../datasets/profiles/', import.meta.url);
export const DEFAULT_PROFILE = 'mixed';

/** Validates a parsed JSON value as a profile; `source` names it in errors. */
export function parseProfile(json: unknown, source: string): Profile {
  const result = ProfileSchema.safeParse(json);
  if (!result.success) {
    const issues = result.error.issues.map((i) => ({ path: i.path.map(String).join('.') || '(root)', message: i.message }));
    // Every problem in the message, as settings errors list theirs (the CLI prints the message).
    const list = issues.map((i) => `\n  ${i.path}: ${i.message}`).join('');
    throw new KhopError('PROFILE_INVALID', `profile is not valid (${issues.length} problem${issues.length === 1 ? '' : 's'}):${list}`, { file: source }, issues);
  }
  return result.data;
}

/** Names of the preset profiles shipped in `datasets/profiles/`. */
export function presetProfileNames(dir: URL = PRESET_PROFILES_DIR): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .map((f) => f.slice(0, -'.json'.length))
    .sort();
}

/**
 * Loads a profile by preset name (`mixed`) or by file path (anything with a `/`, `\` or ending
 * in `.json`).
 */
export function loadProfile(spec: string, presetDir: URL = PRESET_PROFILES_DIR): Profile {
  const isPath = /[\\/]/.test(spec) || spec.endsWith('.json');
  let file: string | URL;
  if (isPath) {
    if (!existsSync(spec)) throw new KhopError('FILE_NOT_FOUND', 'profile file not found', { file: spec });
    file = spec;
  } else {
    if (!/^[A-Za-z0-9_-]+$/.test(spec)) throw new KhopError('BAD_ARGUMENT', `--profile: '${spec}' is neither a preset name nor a .json file`);
    file = new URL(`${spec}.json`, presetDir);
    if (!existsSync(file)) {
      throw new KhopError('BAD_ARGUMENT', `--profile: no preset named '${spec}' (presets: ${presetProfileNames(presetDir).join(', ')}; or give a .json file)`);
    }
  }
  // Read as settings and models are: FILE_NOT_FOUND or INVALID_JSON naming the file, never its text.
  const json = readJsonFile(typeof file === 'string' ? file : fileURLToPath(file));
  return parseProfile(json, isPath ? spec : `${spec}.json`);
}
