/**
 * The settings document as data: which columns hold which fields, how each field is compared
 * (comparisons made of ordered levels), how candidate pairs are found (blocking rules), the decision
 * thresholds and the EM options. Validated with zod 4; the TypeScript types are inferred from the
 * schemas, so the document and the code cannot drift apart. Cross-references (a comparison's field
 * exists, level kinds fit the field type, …) are checked in `settings-check.ts`; loading and error
 * reporting are in `load-settings.ts`.
 *
 * The shape follows Splink's settings dictionary (comparisons → comparison levels, evaluated in
 * order, the first that holds wins; a null level first, an else level last), written for
 * Vietnamese names, dates and IDs: https://moj-analytical-services.github.io/splink/ (settings).
 *
 * Decisions recorded here:
 * - Sides: `left` is the reference (the population register), `right` the records to match
 *   (vaccination doses). Term frequencies are taken from the left side.
 * - A field names one column on both sides (`column`) or one per side (`left_column`,
 *   `right_column`); a one-sided field (the register's `old_id`) can be read by a level such as
 *   `id_equals_other` or by a blocking rule, but cannot be a comparison's own field.
 * - Objects are strict (an unknown key, usually a typo such as `tf_adjusment`, is an error), except
 *   blocking rules, which the blocking engine interprets: their known keys are typed, further
 *   parameters pass through untouched.
 * - Thresholds are match probabilities in [0, 1]; `margin` is in match-weight bits.
 */
import { z } from 'zod';

export const FIELD_TYPES = ['name', 'date', 'id', 'gender', 'string', 'exact'] as const;
export type FieldType = (typeof FIELD_TYPES)[number];

/** The comparison keys a name yields (`NormalizedName`), in the store's column order. */
export const NAME_FORMS = ['key', 'folded', 'toneless', 'variant', 'variant_folded'] as const;
export type NameForm = (typeof NAME_FORMS)[number];

/** Keys an `exact` level may name: a name form, or `value` for string/exact/gender fields. */
export const EXACT_KEYS = [...NAME_FORMS, 'value'] as const;
/** Jaro-Winkler runs on bytes, so only the ASCII name forms (and string values) qualify. */
export const JARO_WINKLER_KEYS = ['folded', 'variant_folded', 'value'] as const;

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits or _, starting with a letter');
const probability = z.number().min(0).max(1);
const openProbability = z.number().gt(0).lt(1);
const label = z.string().min(1).optional();
/** A starting value for m in EM; the default is a decreasing geometric sequence (see em.ts). */
const mInitial = openProbability.optional();
/** Term-frequency adjustment on this level; by default on for equality levels when the comparison asks. */
const tf = z.boolean().optional();

export const fieldSchema = z.strictObject({
  name: identifier,
  type: z.enum(FIELD_TYPES),
  column: z.string().min(1).optional(),
  left_column: z.string().min(1).optional(),
  right_column: z.string().min(1).optional(),
});

export const levelSchema = z.discriminatedUnion('kind', [
  /** Either side missing: no evidence either way (m = u = 1, weight 0). */
  z.strictObject({ kind: z.literal('null'), label }),
  /** Equal on a key: a name form, or `value` (gender, string, exact fields). */
  z.strictObject({ kind: z.literal('exact'), key: z.enum(EXACT_KEYS).optional(), label, m_initial: mInitial, tf }),
  /** Equal once the five tone marks are removed (vowel letters kept): a wrong or missing tone. */
  z.strictObject({ kind: z.literal('tone_only'), label, m_initial: mInitial, tf }),
  /** Folded forms equal: differ only in diacritics (typed without them, or a vowel mark lost). */
  z.strictObject({ kind: z.literal('folded_equal'), label, m_initial: mInitial, tf }),
  /** Equal after unifying regional variants (Hoàng=Huỳnh, Vũ=Võ) and i/y spellings. */
  z.strictObject({
    kind: z.literal('variant_equal'),
    key: z.enum(['variant', 'variant_folded']).optional(),
    label,
    m_initial: mInitial,
    tf,
  }),
  /** Same tokens in another order, or (allow_missing_middle) same family and given, middle names dropped. */
  z.strictObject({
    kind: z.literal('token_set'),
    allow_missing_middle: z.boolean().optional(),
    label,
    m_initial: mInitial,
  }),
  /** Jaro-Winkler similarity of the key at or above the threshold. */
  z.strictObject({
    kind: z.literal('jaro_winkler'),
    key: z.enum(JARO_WINKLER_KEYS).optional(),
    threshold: z.number().gt(0).max(1),
    label,
    m_initial: mInitial,
  }),
  /** String fields: OSA (restricted Damerau-Levenshtein) distance of the values at most max_distance. */
  z.strictObject({
    kind: z.literal('damerau_levenshtein'),
    max_distance: z.number().int().min(1).max(16),
    label,
    m_initial: mInitial,
  }),
  /** String fields: the first `length` characters equal (e.g. a postcode's area). */
  z.strictObject({ kind: z.literal('prefix'), length: z.number().int().min(1).max(64), label, m_initial: mInitial }),
  /** String fields: both values numbers at most `tolerance` apart (a share of the larger when `relative`). */
  z.strictObject({
    kind: z.literal('number_within'),
    tolerance: z.number().min(0),
    relative: z.boolean().optional(),
    label,
    m_initial: mInitial,
  }),
  /** String fields: both values dates in `format` (YYYY, MM, DD, literal characters) at most `days` apart. */
  z.strictObject({
    kind: z.literal('date_within'),
    format: z.string().regex(/^(?=.*YYYY)(?=.*MM)(?=.*DD).{8,32}$/, 'must contain YYYY, MM and DD, e.g. YYYYMMDD or DD/MM/YYYY'),
    days: z.number().int().min(0),
    label,
    m_initial: mInitial,
  }),
  /** Both full dates, all three components equal. */
  z.strictObject({ kind: z.literal('date_exact'), label, m_initial: mInitial }),
  /** Same year, at least one side known only to the year. */
  z.strictObject({ kind: z.literal('date_year_only_match'), label, m_initial: mInitial }),
  /** Both full dates, same year, day and month exchanged (and different). */
  z.strictObject({ kind: z.literal('date_day_month_swapped'), label, m_initial: mInitial }),
  /** Both full dates, same day and month, years one apart. */
  z.strictObject({ kind: z.literal('date_year_off_by_one'), label, m_initial: mInitial }),
  /** Both full dates, exactly one of day, month, year different. */
  z.strictObject({ kind: z.literal('date_one_component'), label, m_initial: mInitial }),
  /** Same ID digits. */
  z.strictObject({ kind: z.literal('id_exact'), label, m_initial: mInitial }),
  /** The right side's ID equals another ID field of the left record (the register's old_id). */
  z.strictObject({ kind: z.literal('id_equals_other'), other_field: identifier, label, m_initial: mInitial }),
  /** Same length, one digit different. */
  z.strictObject({ kind: z.literal('id_substitution'), label, m_initial: mInitial }),
  /** Two adjacent digits swapped. */
  z.strictObject({ kind: z.literal('id_transposition'), label, m_initial: mInitial }),
  /** One digit dropped or added. */
  z.strictObject({ kind: z.literal('id_insertion_deletion'), label, m_initial: mInitial }),
  /** Everything else. */
  z.strictObject({ kind: z.literal('else'), label, m_initial: mInitial }),
]);

export const comparisonSchema = z.strictObject({
  name: identifier,
  field: identifier,
  /** At most 32 levels: level indices are stored as bytes, and more levels than that means a mistake. */
  levels: z.array(levelSchema).min(2).max(32),
  /** Splink-style term-frequency adjustment of equality levels, from the left side's frequencies. */
  tf_adjustment: z.boolean().default(false),
  /** Scales the adjustment (Splink's tf_adjustment_weight): 0 = off, 1 = full. */
  tf_adjustment_weight: probability.default(1),
  /** Frequencies below this are raised to it (Splink's tf_minimum_u_value); 0 = no floor. */
  tf_minimum_u: probability.default(0),
});

/** `field.key`, e.g. `citizen_id.digits`, `dob.year`, `full_name.family_variant_folded`. */
export const keyExpressionSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must be field.key, e.g. dob.year');

export const blockingRuleSchema = z.looseObject({
  name: identifier,
  /** How the blocking engine uses the keys: `equal` (all keys equal) by default; e.g. `id_one_edit`. */
  kind: identifier.default('equal'),
  /** The same key expressions on both sides … */
  keys: z.array(keyExpressionSchema).min(1).optional(),
  /** … or one list per side, position by position. */
  left_keys: z.array(keyExpressionSchema).min(1).optional(),
  right_keys: z.array(keyExpressionSchema).min(1).optional(),
  /** Blocks larger than this are skipped (they prove little and cost much). */
  max_block_size: z.number().int().min(1).optional(),
});

export const thresholdsSchema = z.strictObject({
  /** Match probability at or above which a pair is accepted (`verified` / `corrected`). */
  auto_accept: probability,
  /** Match probability at or above which a pair goes to review. */
  review: probability,
  /** Two candidates closer than this many bits go to review even above `auto_accept`. */
  margin: z.number().min(0).optional(),
});

export const emSchema = z.strictObject({
  /** An iteration costs one pass over the distinct comparison patterns (hundreds), so many are cheap. */
  max_iterations: z.number().int().min(1).default(100),
  /** Converged when no m (nor u, nor λ, when estimated) moves more than this in an iteration. */
  tolerance: z.number().gt(0).default(1e-4),
  /** Random register pairs compared to estimate u. */
  u_sample_pairs: z.number().int().min(1).default(1_000_000),
  /**
   * A set of training pairs larger than this is read every k-th pair (k = ⌈size / this⌉), its
   * pattern counts scaled by k: EM needs the shares of patterns, not every pair.
   */
  max_training_pairs: z.number().int().min(1000).default(2_000_000),
  seed: z.number().int().default(1),
  /**
   * Keep u from random sampling fixed and estimate m per training session (Splink's approach,
   * train-model.ts); false estimates m, u and λ together on the candidate pairs.
   */
  fix_u: z.boolean().default(true),
  /** No m or u goes below this: a level never seen in training must not get an infinite weight. */
  min_probability: z.number().gt(0).lt(0.01).default(1e-6),
  /** λ at the start of each EM session (the share of matches among a session's pairs). */
  initial_lambda: openProbability.default(0.1),
});

/**
 * `khop dedupe` (dedupe-job.ts, clusters.ts): the pairs of one file at or above `threshold` are
 * written and linked into clusters. `connected_components` joins every linked pair (one weak link
 * can chain two groups); `centre` keeps a cluster to the records that link to its centre at or
 * above `centre_threshold` (default: `threshold`), see clusters.ts.
 */
export const dedupeSchema = z.strictObject({
  threshold: probability.default(0.5),
  clustering: z.enum(['connected_components', 'centre']).default('connected_components'),
  centre_threshold: probability.optional(),
});

export const sideSchema = z.strictObject({
  id_column: z.string().min(1),
  /** What the side is, for reports (`register`, `doses`). */
  label: z.string().min(1).optional(),
  /**
   * Whether this side's CSV cells may hold line breaks (a quoted cell spanning lines, as RFC 4180
   * allows). Absent or false: a record is one line, and a quote still open at the end of its line
   * is a stray `"` that rejects that line alone (io/csv-scanner.ts `multilineCells`).
   */
  multiline_cells: z.boolean().optional(),
});

export const settingsSchema = z.strictObject({
  version: z.literal(1),
  preset: z.string().min(1).optional(),
  description: z.string().optional(),
  left: sideSchema,
  right: sideSchema,
  fields: z.array(fieldSchema).min(1),
  comparisons: z.array(comparisonSchema).min(1),
  blocking_rules: z.array(blockingRuleSchema).default([]),
  thresholds: thresholdsSchema,
  em: emSchema.prefault({}),
  /** Options of `khop dedupe`; absent, its defaults. */
  dedupe: dedupeSchema.optional(),
  /**
   * λ, the match probability of a pair before its fields are seen: of two random records (one per
   * side) with em.fix_u, of a candidate pair without. Set, it is used as is; absent, it is estimated.
   */
  prior: openProbability.optional(),
});

export type Settings = z.infer<typeof settingsSchema>;
/** What a user writes: defaults not yet filled in. */
export type SettingsInput = z.input<typeof settingsSchema>;
export type FieldSettings = z.infer<typeof fieldSchema>;
export type LevelSettings = z.infer<typeof levelSchema>;
export type LevelKind = LevelSettings['kind'];
export type ComparisonSettings = z.infer<typeof comparisonSchema>;
export type BlockingRuleSettings = z.infer<typeof blockingRuleSchema>;
export type ThresholdSettings = z.infer<typeof thresholdsSchema>;
export type EmSettings = z.infer<typeof emSchema>;
export type DedupeSettings = z.infer<typeof dedupeSchema>;
export type Side = 'left' | 'right';

/** The column a field reads on one side, or undefined when the field is absent there. */
export function fieldColumn(field: FieldSettings, side: Side): string | undefined {
  return (side === 'left' ? field.left_column : field.right_column) ?? field.column;
}

/** Whether a side's CSV is read with cells that may hold line breaks (its `multiline_cells`). */
export function readsMultilineCells(settings: Settings, side: Side): boolean {
  return settings[side].multiline_cells === true;
}
