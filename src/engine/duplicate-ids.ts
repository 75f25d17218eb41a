/**
 * Register IDs held by more than one register row. A national register should hold each
 * personal ID once; when it does not, a dose carrying such an ID has two or more persons with its
 * exact ID, and when they tie (a person entered twice) it goes to review as two close candidates.
 * The count tells the user why, without naming anyone (summary.json, the CLI's stderr).
 *
 * It is read off the exact-ID blocking rule's key index, which is built anyway: the `equal` rule
 * whose one key is `F.digits` on both sides, F the ID field both files have (field-roles.ts).
 * So an ID is as that rule sees it: its digits after parse-id (a restored leading zero included),
 * empty IDs not counted. Settings without such a rule get no count (null), not a guess.
 */
import { EqualRule } from '../blocking/equal-rule.js';
import { parseBlockingRules, type BlockingPlan } from '../blocking/blocking-plan.js';
import { ruleKeys } from '../blocking/rule-schema.js';
import type { Settings } from '../model/settings-schema.js';
import { fieldRoles } from './field-roles.js';

export interface DuplicateIds {
  /** The exact-ID blocking rule whose index was read. */
  rule: string;
  /** IDs held by two register rows or more. */
  ids: number;
  /** The register rows holding them. */
  rows: number;
}

/** The rule's position among `settings.blocking_rules`, or −1 when there is no exact-ID rule. */
export function exactIdRule(settings: Settings): number {
  const id = fieldRoles(settings).id;
  if (id === undefined) return -1;
  const key = `${id.field}.digits`;
  return parseBlockingRules(settings.blocking_rules).findIndex((rule) => {
    if (rule.kind !== 'equal') return false;
    const left = ruleKeys(rule, 'left');
    const right = ruleKeys(rule, 'right');
    return left.length === 1 && right.length === 1 && left[0] === key && right[0] === key;
  });
}

/** Duplicate register IDs as `plan`'s exact-ID rule indexed them; null without such a rule. */
export function duplicateIds(settings: Settings, plan: BlockingPlan): DuplicateIds | null {
  const at = exactIdRule(settings);
  const rule = at < 0 ? undefined : plan.rules[at];
  if (!(rule instanceof EqualRule)) return null;
  const { keys, rows } = rule.index.sharedKeys();
  return { rule: rule.name, ids: keys, rows };
}

/** One line for a person reading the run's log: counts only, never an ID. Null when there are none. */
export function duplicateIdsNote(d: DuplicateIds | null | undefined): string | null {
  if (d === null || d === undefined || d.ids === 0) return null;
  const ids = d.ids === 1 ? '1 register ID is' : `${d.ids} register IDs are`;
  return (
    `${ids} held by more than one register row (${d.rows} rows, per blocking rule ${d.rule}): ` +
    'a dose with such an ID is decided among those rows, and goes to review when they tie'
  );
}
