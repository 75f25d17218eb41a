/**
 * The settings schema (zod 4) of one blocking rule: what the blocking engine accepts in
 * `blocking_rules`. Rules are OR-ed: a pair is a candidate when any rule finds it.
 *
 * Kinds:
 * - `equal`: the right record's key equals the left record's key, where the key is the tuple of
 *   the listed key expressions (`dob.year`, `full_name.family_variant_folded`, …; catalogue in
 *   key-expressions.ts). `keys` reads the same expressions on both sides; `left_keys` and
 *   `right_keys` read different ones, position by position (dose `citizen_id` = register `old_id`).
 * - `id_one_edit`: the right ID is at most one typing error (substitution, adjacent
 *   transposition, digit dropped or added) from the left ID. One key, an ID field's `digits`.
 *
 * Giant blocks (`max_block_size`, `refine`): a common name with a common birth year is shared by
 * hundreds of register persons, and plain name + year blocking gave 70M pairs on 1M × 1M. When a
 * right record's block holds more than `max_block_size` left records, the rule does not take the
 * whole block: for each `refine` key it takes the records of the block that also agree on that
 * key (the refined sub-blocks are OR-ed; one still over the cap is skipped). Refine keys should
 * be ones a true pair rarely disagrees on all at once, e.g. `dob.day_month_unordered` (survives a
 * day/month swap) and `province.value`; a middle name is a weak one (Văn and Thị fill blocks).
 * Without `refine`, an oversized block is skipped. Either way the candidate report counts the
 * affected right records. Measured (benchmarks/blocking.bench.ts, synthetic 1M × 1M): the four
 * name rules capped at 30 with those two refine keys, plus the ID rules, give 17M pairs and 99.8 %
 * blocking recall, where year + family + given alone, uncapped, gives 104M.
 *
 * This schema is strict (a misspelt option is an error). It imports only zod, so the settings
 * schema can import it without a cycle.
 */
import { z } from 'zod';

export const BLOCKING_RULE_KINDS = ['equal', 'id_one_edit'] as const;
export type BlockingRuleKind = (typeof BLOCKING_RULE_KINDS)[number];

/** A pair's rule bitmask is a Uint32, so at most 32 rules. */
export const MAX_BLOCKING_RULES = 32;

/** The bits of rules 0 … count − 1 (bit k: rule k), as an int32 (all 32: −1). */
export function allRuleBits(count: number): number {
  return count >= 32 ? -1 : (1 << count) - 1;
}
const MAX_KEYS = 8;

const identifier = z
  .string()
  .regex(/^[a-z][a-z0-9_]*$/, 'must be lower-case letters, digits or _, starting with a letter');

/** `field.key`, e.g. `citizen_id.digits`, `dob.year`, `full_name.family_variant_folded`. */
export const blockingKeyExpressionSchema = z
  .string()
  .regex(/^[a-z][a-z0-9_]*\.[a-z][a-z0-9_]*$/, 'must be field.key, e.g. dob.year');

const keyList = z.array(blockingKeyExpressionSchema).min(1).max(MAX_KEYS);

export const blockingRuleSchema = z
  .strictObject({
    name: identifier,
    kind: z.enum(BLOCKING_RULE_KINDS).default('equal'),
    description: z.string().optional(),
    /** The same key expressions on both sides … */
    keys: keyList.optional(),
    /** … or one list per side, position by position. */
    left_keys: keyList.optional(),
    right_keys: keyList.optional(),
    /** A right record whose block holds more left records than this gets the refined sub-blocks instead. */
    max_block_size: z.number().int().min(1).optional(),
    /** Keys (same expression on both sides) that split an oversized block; OR-ed. `equal` rules only. */
    refine: z.array(blockingKeyExpressionSchema).min(1).max(MAX_KEYS).optional(),
    /**
     * `id_one_edit` only, default true: a 12-digit right ID starting with "00" is also looked up
     * without its first 0. parse-id restores the leading zero of an 11-digit ID (one stored as a
     * number), which makes a dropped digit look like two edits; the unpadded form is one edit.
     */
    match_unpadded: z.boolean().optional(),
    /** `id_one_edit` only: left IDs shorter than this are not indexed (default 8). */
    min_id_length: z.number().int().min(1).max(255).optional(),
    /**
     * Ask this rule only for the right records that the rules without it leave unsettled: those
     * whose best candidate so far could still be beaten, or closely followed, by a pair the other
     * rules cannot have found (engine/settle-plan.ts). The decisions stay the same; the rule's
     * lookups are skipped for the rest. Default false.
     */
    only_unsettled: z.boolean().optional(),
  })
  .superRefine((r, ctx) => {
    const both = r.keys !== undefined;
    const sided = r.left_keys !== undefined || r.right_keys !== undefined;
    if (both === sided) {
      ctx.addIssue({ code: 'custom', message: 'needs keys, or left_keys and right_keys', path: [] });
      return;
    }
    if (sided && (r.left_keys === undefined || r.right_keys === undefined)) {
      ctx.addIssue({ code: 'custom', message: 'left_keys and right_keys go together', path: [] });
      return;
    }
    const width = (r.keys ?? r.left_keys)!.length;
    if (sided && r.right_keys!.length !== width) {
      ctx.addIssue({ code: 'custom', message: 'must have as many keys as left_keys', path: ['right_keys'] });
    }
    if (r.kind === 'id_one_edit') {
      if (width !== 1) ctx.addIssue({ code: 'custom', message: 'an id_one_edit rule reads exactly one key', path: [both ? 'keys' : 'left_keys'] });
      if (r.refine !== undefined) ctx.addIssue({ code: 'custom', message: 'refine applies to equal rules only', path: ['refine'] });
    } else {
      if (r.match_unpadded !== undefined) ctx.addIssue({ code: 'custom', message: 'applies to id_one_edit rules only', path: ['match_unpadded'] });
      if (r.min_id_length !== undefined) ctx.addIssue({ code: 'custom', message: 'applies to id_one_edit rules only', path: ['min_id_length'] });
    }
    if (r.refine !== undefined && r.max_block_size === undefined) {
      ctx.addIssue({ code: 'custom', message: 'refine needs max_block_size', path: ['refine'] });
    }
  });

export const blockingRulesSchema = z
  .array(blockingRuleSchema)
  .max(MAX_BLOCKING_RULES)
  .superRefine((rules, ctx) => {
    const seen = new Set<string>();
    rules.forEach((r, i) => {
      if (seen.has(r.name)) ctx.addIssue({ code: 'custom', message: `duplicate blocking rule name "${r.name}"`, path: [i, 'name'] });
      seen.add(r.name);
    });
  });

export type BlockingRule = z.infer<typeof blockingRuleSchema>;
export type BlockingRuleInput = z.input<typeof blockingRuleSchema>;

/** The key expressions a rule reads on one side. */
export function ruleKeys(rule: BlockingRule, side: 'left' | 'right'): readonly string[] {
  return rule.keys ?? (side === 'left' ? rule.left_keys! : rule.right_keys!);
}
