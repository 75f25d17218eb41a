/**
 * When a dose is settled before its `only_unsettled` blocking rules are asked (rule-schema.ts).
 *
 * A decision reads the best candidate (its weight and levels) and whether a runner-up is close:
 * within `margin` bits and at least at the review weight (link-range.ts). The rules without
 * `only_unsettled` (the "first" rules; in the preset the three ID rules) are asked first and
 * their pairs scored. Every other candidate is a pair the first rules did not find. If each such
 * pair's weight is provably below floor = min(best, max(best − margin, review weight)), no later
 * rule can change the best, its weight or levels, or the closeness of the runner-up, so the later
 * rules are not asked for the dose: the same decision, without their lookups.
 *
 * The bound on a pair the first rules did not find: the prior, plus per comparison the most any
 * of its levels can add (`Scorer.levelBound`; for name and string fields `costlyMaxWeight`, which
 * knows the dose's own values), except that the ID levels the first rules covered for this dose
 * are left out: a pair at such a level would have been theirs. Coverage is derived from the
 * settings, only in these cases (any other rule covers nothing):
 * - `id_exact` of a comparison on field F: an `equal` rule whose one key is F.digits on both sides;
 * - `id_equals_other` (other_field O) on F: an `equal` rule with left key O.digits, right F.digits;
 * - `id_substitution`, `id_transposition`, `id_insertion_deletion` on F: an `id_one_edit` rule on
 *   F.digits;
 * and for a given dose only when the rule saw the dose's whole block (not over its
 * max_block_size), and could see every such pair: the dose's ID is digits only and fits the slot
 * (else its digits key is missing, key-expressions.ts); for id_one_edit, also its length minus one
 * is at least the rule's min_id_length and every left ID of an indexable length is digits only
 * (the index leaves the others out, id-neighbourhood.ts).
 * A dose whose ID comparison's exact level is not covered is never settled: whether its ID is
 * someone's (`LinkOutput.idOwnedByCandidate`) is read off all of its candidates.
 *
 * What the argument rests on, each marked where it lives: a digits key is missing exactly for an
 * ID with a non-digit or longer than the slot (key-expressions.ts, `idDigitKeys`); the one-edit
 * index holds every digits-only left ID of min_id_length … slot characters (id-neighbourhood.ts,
 * `build`, and its default `DEFAULT_MIN_ID_LENGTH`) and finds every ID the ID levels call one edit
 * away (levels-id.ts); every block a rule does not take whole counts in `oversizedRows`
 * (equal-rule.ts, id-one-edit-rule.ts), which the generator turns into the dose's `cut` bits.
 * The plan holds the scorer's stores' columns: it is made per scorer (a thread's, a probe batch's).
 *
 * Measured on the generated 1M × 1M (model given): 71 % of doses settled, 73 % of the name rules'
 * pairs never looked up (benchmarks/RESULTS.md, ninth session).
 */
import { allRuleBits, ruleKeys, type BlockingRule } from '../blocking/rule-schema.js';
import { parseBlockingRules } from '../blocking/blocking-plan.js';
import { indexedMinLength, isDigitId } from '../blocking/id-neighbourhood.js';
import type { Scorer } from '../model/scorer.js';
import type { Settings } from '../model/settings-schema.js';
import { ID_SLOT, type IdColumn } from './column-id.js';

/** How to tell that a first rule saw every pair it covers for a dose. */
interface CoverageCheck {
  rule: number;
  /** The right side's ID column the rule reads (the scorer's right store's). */
  ids: IdColumn;
  /** id_one_edit: the shortest dose ID whose one-edit neighbours are all indexed; equal rules: 1. */
  minLength: number;
}

/** A comparison with levels the first rules may cover. */
interface CoveredComparison {
  /** Per level: what a pair at it can add, and the first rules that cover it (bits). */
  bounds: Float64Array;
  rules: Uint32Array;
}

export interface SettlePlan {
  /** Rules asked for every dose (bit k: rule k), and the `only_unsettled` ones. */
  readonly firstRules: number;
  readonly laterRules: number;
  /** Prior + the most the comparisons that no first rule covers can add, names and strings aside. */
  readonly fixed: number;
  readonly covered: readonly CoveredComparison[];
  readonly checks: readonly CoverageCheck[];
  /** The first rules covering the ID comparison's exact level: one must be complete for the dose. */
  readonly exactRules: number;
}

const ONE_EDIT_KINDS = new Set(['id_substitution', 'id_transposition', 'id_insertion_deletion']);

/**
 * The plan for these settings and model (as `scorer` holds it), or undefined when nothing can be
 * settled: no rule is `only_unsettled`, or the ID comparison's exact level is not covered.
 * `idComparison`/`idExactLevel`: as link-context.ts's `idExactLevel` finds them.
 */
export function buildSettlePlan(settings: Settings, scorer: Scorer, idComparison: number, idExactLevel: number): SettlePlan | undefined {
  const rules = parseBlockingRules(settings.blocking_rules);
  let laterRules = 0;
  rules.forEach((r, k) => {
    if (r.only_unsettled === true) laterRules |= 1 << k;
  });
  if (laterRules === 0) return undefined;
  const firstRules = allRuleBits(rules.length) & ~laterRules;

  const covering = new Set<number>();
  const coverageOf = (c: number, level: number): number => {
    const field = scorer.comparisons[c].field;
    let bits = 0;
    rules.forEach((r, k) => {
      if (((firstRules >>> k) & 1) === 0 || !covers(r, field, settings.comparisons[c].levels[level])) return;
      bits |= 1 << k;
      covering.add(k);
    });
    return bits;
  };
  let fixed = scorer.prior;
  const covered: CoveredComparison[] = [];
  let exactRules = 0;
  for (const c of scorer.cheap) {
    const n = scorer.comparisons[c].levelCount;
    const bounds = new Float64Array(n);
    const bits = new Uint32Array(n);
    let any = false;
    for (let level = 0; level < n; level++) {
      bounds[level] = scorer.levelBound(c, level);
      bits[level] = coverageOf(c, level);
      if (bits[level] !== 0) any = true;
    }
    if (c === idComparison) exactRules = bits[idExactLevel];
    if (any) covered.push({ bounds, rules: bits });
    else fixed += Math.max(...bounds);
  }
  if (idComparison >= 0 && exactRules === 0) return undefined;

  const left = scorer.left;
  const right = scorer.right;
  const checks = [...covering].map((k): CoverageCheck => {
    const r = rules[k];
    const field = ruleKeys(r, 'right')[0].split('.')[0];
    if (r.kind !== 'id_one_edit') return { rule: k, ids: right.id(field), minLength: 1 };
    const minIndexed = indexedMinLength({ minLength: r.min_id_length });
    // A left ID the index skipped (a non-digit) may be one edit from any dose: then nothing is covered.
    const minLength = allDigitsWhereIndexed(left.id(ruleKeys(r, 'left')[0].split('.')[0]), minIndexed) ? minIndexed + 1 : Infinity;
    return { rule: k, ids: right.id(field), minLength };
  });
  return { firstRules, laterRules, fixed, covered, checks, exactRules };
}

/** Whether first rule `r` finds every pair at this level of a comparison on `field` (see the header). */
function covers(r: BlockingRule, field: string, level: { kind: string; other_field?: string }): boolean {
  const left = ruleKeys(r, 'left');
  const right = ruleKeys(r, 'right');
  if (left.length !== 1 || right[0] !== `${field}.digits`) return false;
  switch (r.kind) {
    case 'id_one_edit':
      return ONE_EDIT_KINDS.has(level.kind) && left[0] === `${field}.digits`;
    case 'equal':
      if (level.kind === 'id_exact') return left[0] === `${field}.digits`;
      if (level.kind === 'id_equals_other') return left[0] === `${level.other_field}.digits`;
      return false;
    default:
      return false;
  }
}

/** Per left ID column (frozen, so kept): the longest ID within the slot that has a non-digit, 0 when none. */
const longestNonDigit = new WeakMap<IdColumn, number>();

/** Every ID of `ids` with an indexable length (minLength … slot) is made of digits only. */
function allDigitsWhereIndexed(ids: IdColumn, minLength: number): boolean {
  let longest = longestNonDigit.get(ids);
  if (longest === undefined) {
    longest = 0;
    const { digits, length } = ids;
    for (let i = 0; i < length.length; i++) {
      const n = length[i];
      if (n > longest && n <= ID_SLOT && !isDigitId(digits, i * ID_SLOT, n)) longest = n;
    }
    longestNonDigit.set(ids, longest);
  }
  return longest < minLength;
}

/**
 * The most a pair of dose `j` that the first rules did not find can weigh; +Infinity when the
 * dose cannot be settled. `cut`: the first rules that found the dose's block over their cap;
 * `costlyMax`: the scorer's `costlyMaxWeight(j)`.
 */
export function unfoundBound(plan: SettlePlan, j: number, cut: number, costlyMax: number): number {
  let complete = 0;
  for (const check of plan.checks) {
    if (((cut >>> check.rule) & 1) === 1) continue;
    const { digits, length } = check.ids;
    const n = length[j];
    if (n >= check.minLength && n <= ID_SLOT && isDigitId(digits, j * ID_SLOT, n)) complete |= 1 << check.rule;
  }
  if (plan.exactRules !== 0 && (complete & plan.exactRules) === 0) return Infinity;
  let bound = plan.fixed + costlyMax;
  for (const { bounds, rules } of plan.covered) {
    let best = -Infinity;
    for (let level = 0; level < bounds.length; level++) if ((rules[level] & complete) === 0 && bounds[level] > best) best = bounds[level];
    bound += best;
  }
  return bound;
}
