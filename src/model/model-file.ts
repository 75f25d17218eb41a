/**
 * A trained model as a versioned JSON file: the settings it was trained with (so scoring uses the
 * same comparisons and levels), its parameters (λ and each level's m, u and weight), and where it
 * came from (when, which khớp, seed, iterations, convergence, pairs, input sizes).
 *
 *   { "format": "khop-model", "version": 1,
 *     "settings": { …settings document… },
 *     "parameters": { "lambda", "prior_weight",
 *                     "comparisons": [{ "name", "tf_adjustment",
 *                                       "levels": [{ "label", "kind", "m", "u", "weight" }] }] },
 *     "provenance": { "created", "khop_version", "method", "seed", "iterations", "converged",
 *                     "fix_u", "candidate_pairs", "u_sample_pairs", "sessions": [{ "name", "pairs",
 *                     "patterns", "iterations", "converged" }], "rows": { "left", "right" } } }
 *
 * Null levels are written with m = u = 1 and weight 0 (no evidence). Weights are derived
 * (log2 m/u, prior_weight = log2 λ/(1−λ)) and written for the reader; on load they must agree with
 * m, u and λ, so a hand edit of m that forgets the weight is caught rather than half-applied.
 * Term-frequency tables are not stored: they are rebuilt from the register at scoring time
 * (tf-adjustment.ts), since they describe the register, not the training.
 *
 * Loading validates the JSON shape (zod), the embedded settings (as load-settings.ts does, paths
 * prefixed `settings.`) and the agreement of parameters with settings, and reports every problem at
 * once as KhopError 'MODEL_INVALID' with paths (`parameters.comparisons[1].levels[2].m: …`).
 */
import { writeFileSync } from 'node:fs';
import { z } from 'zod';
import { KhopError } from '../errors.js';
import { VERSION } from '../version.js';
import { levelWeight, priorWeight, type ModelParameters } from './fellegi-sunter.js';
import { invalid, readJsonFile, zodIssues } from './load-settings.js';
import { checkSettingsReferences, type SettingsIssue } from './settings-check.js';
import { levelSchema, settingsSchema, type Settings, type SettingsInput } from './settings-schema.js';
import type { TrainResult } from './train-model.js';
import { createdAt } from '../util/created-at.js';
import { writeFailure } from '../io/output-files.js';

const LEVEL_KINDS = levelSchema.options.map((o) => o.shape.kind.value);
const WEIGHT_TOLERANCE = 1e-6;
const SUM_TOLERANCE = 1e-6;

const levelParametersSchema = z.strictObject({
  label: z.string(),
  kind: z.enum(LEVEL_KINDS as [string, ...string[]]),
  m: z.number().gt(0).max(1),
  u: z.number().gt(0).max(1),
  weight: z.number(),
});

const provenanceSchema = z.strictObject({
  created: z.string(),
  khop_version: z.string(),
  method: z.enum(['em', 'labels', 'manual']),
  seed: z.number().int().optional(),
  iterations: z.number().int().min(0).optional(),
  converged: z.boolean().optional(),
  fix_u: z.boolean().optional(),
  candidate_pairs: z.number().int().min(0).optional(),
  u_sample_pairs: z.number().int().min(0).optional(),
  sessions: z
    .array(
      z.strictObject({
        name: z.string(),
        pairs: z.number().int().min(0),
        patterns: z.number().int().min(0),
        iterations: z.number().int().min(0),
        converged: z.boolean(),
      }),
    )
    .optional(),
  rows: z.strictObject({ left: z.number().int().min(0), right: z.number().int().min(0) }).optional(),
});

const modelFileSchema = z.strictObject({
  format: z.literal('khop-model'),
  version: z.literal(1),
  settings: z.unknown(),
  parameters: z.strictObject({
    lambda: z.number().gt(0).lt(1),
    prior_weight: z.number(),
    comparisons: z.array(
      z.strictObject({
        name: z.string(),
        tf_adjustment: z.boolean().optional(),
        levels: z.array(levelParametersSchema).min(1),
      }),
    ),
  }),
  provenance: provenanceSchema,
});

export type Provenance = z.infer<typeof provenanceSchema>;

export interface KhopModel {
  settings: Settings;
  parameters: ModelParameters;
  provenance: Provenance;
}

/** The JSON document of a model (settings written as given, with defaults filled in). */
export function modelToJson(model: KhopModel): object {
  return {
    format: 'khop-model',
    version: 1,
    settings: model.settings,
    parameters: {
      lambda: model.parameters.lambda,
      prior_weight: priorWeight(model.parameters.lambda),
      comparisons: model.parameters.comparisons.map((c, ci) => ({
        name: c.name,
        tf_adjustment: model.settings.comparisons[ci]?.tf_adjustment ?? false,
        levels: c.levels.map((l) => ({ label: l.label, kind: l.kind, m: l.m, u: l.u, weight: levelWeight(l) })),
      })),
    },
    provenance: model.provenance,
  };
}

export function serializeModel(model: KhopModel): string {
  return `${JSON.stringify(modelToJson(model), null, 2)}\n`;
}

export function saveModel(path: string, model: KhopModel): void {
  try {
    writeFileSync(path, serializeModel(model), 'utf8');
  } catch (e) {
    throw writeFailure(e, 'cannot write the model file', path);
  }
}

/** A provenance block for a model made now. */
export function provenanceNow(fields: Omit<Provenance, 'created' | 'khop_version'>): Provenance {
  return { created: createdAt(), khop_version: VERSION, ...fields };
}

/** The provenance of a model trained by `trainModel`. */
export function trainingProvenance(settings: Settings, result: TrainResult, rows: { left: number; right: number }): Provenance {
  return provenanceNow({
    method: 'em',
    seed: settings.em.seed,
    iterations: result.iterations,
    converged: result.converged,
    fix_u: settings.em.fix_u,
    candidate_pairs: result.candidatePairs,
    u_sample_pairs: result.uSamplePairs,
    sessions: result.sessions,
    rows,
  });
}

/** Validates a parsed model document; throws MODEL_INVALID listing every problem. */
export function parseModel(doc: unknown, file?: string): KhopModel {
  const parsed = modelFileSchema.safeParse(doc);
  const issues: SettingsIssue[] = parsed.success ? [] : zodIssues(parsed.error);
  const part = (key: 'settings' | 'parameters'): unknown => (typeof doc === 'object' && doc !== null ? (doc as Record<string, unknown>)[key] : undefined);
  const settingsDoc = part('settings');
  const settings = settingsSchema.safeParse(settingsDoc);
  if (!settings.success) issues.push(...zodIssues(settings.error, 'settings'));
  issues.push(...checkSettingsReferences(settingsDoc).map((i) => ({ path: `settings.${i.path}`, message: i.message })));
  const parameters = modelFileSchema.shape.parameters.safeParse(part('parameters'));
  if (parameters.success && settings.success) issues.push(...checkParameters(parameters.data, settings.data));
  if (issues.length > 0 || !parsed.success || !settings.success) throw invalid('MODEL_INVALID', 'model', issues, file);
  const p = parsed.data.parameters;
  return {
    settings: settings.data,
    parameters: {
      lambda: p.lambda,
      comparisons: p.comparisons.map((c) => ({
        name: c.name,
        levels: c.levels.map((l) => ({ label: l.label, kind: l.kind as Settings['comparisons'][number]['levels'][number]['kind'], m: l.m, u: l.u })),
      })),
    },
    provenance: parsed.data.provenance,
  };
}

export function loadModel(path: string): KhopModel {
  return parseModel(readJsonFile(path), path);
}

type ParsedParameters = z.infer<typeof modelFileSchema>['parameters'];

function checkParameters(p: ParsedParameters, settings: Settings): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  const close = (a: number, b: number): boolean => Math.abs(a - b) <= WEIGHT_TOLERANCE * Math.max(1, Math.abs(b));
  if (!close(p.prior_weight, priorWeight(p.lambda))) {
    issues.push({ path: 'parameters.prior_weight', message: `must be log2(lambda / (1 - lambda)) = ${priorWeight(p.lambda)}` });
  }
  if (p.comparisons.length !== settings.comparisons.length) {
    issues.push({ path: 'parameters.comparisons', message: `has ${p.comparisons.length} comparisons, the settings ${settings.comparisons.length}` });
  }
  p.comparisons.forEach((c, ci) => {
    const at = `parameters.comparisons[${ci}]`;
    const s = settings.comparisons[ci];
    if (s === undefined) return;
    if (c.name !== s.name) issues.push({ path: `${at}.name`, message: `must be "${s.name}", as in the settings` });
    if (c.levels.length !== s.levels.length) {
      issues.push({ path: `${at}.levels`, message: `has ${c.levels.length} levels, the settings ${s.levels.length}` });
      return;
    }
    let sum = 0;
    let sumU = 0;
    c.levels.forEach((l, li) => {
      const lat = `${at}.levels[${li}]`;
      if (l.kind !== s.levels[li].kind) issues.push({ path: `${lat}.kind`, message: `must be "${s.levels[li].kind}", as in the settings` });
      if (l.kind === 'null') {
        if (l.m !== 1 || l.u !== 1) issues.push({ path: lat, message: 'a null level has m = u = 1 (no evidence)' });
        return;
      }
      sum += l.m;
      sumU += l.u;
      const w = Math.log2(l.m / l.u);
      if (!close(l.weight, w)) issues.push({ path: `${lat}.weight`, message: `must be log2(m / u) = ${w}` });
    });
    if (Math.abs(sum - 1) > SUM_TOLERANCE) issues.push({ path: `${at}.levels`, message: `m of the non-null levels must sum to 1 (sum ${sum})` });
    if (Math.abs(sumU - 1) > SUM_TOLERANCE) issues.push({ path: `${at}.levels`, message: `u of the non-null levels must sum to 1 (sum ${sumU})` });
  });
  return issues;
}

/** Settings as a user writes them are accepted too (defaults filled by the schema). */
export function createModel(settings: Settings | SettingsInput, parameters: ModelParameters, provenance: Provenance): KhopModel {
  const parsed = settingsSchema.safeParse(settings);
  if (!parsed.success) throw new KhopError('SETTINGS_INVALID', 'invalid settings for the model', {}, zodIssues(parsed.error));
  return { settings: parsed.data, parameters, provenance };
}
