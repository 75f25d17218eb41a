/**
 * Blocking: which (register, dose) pairs are worth scoring. Rules are data (rule-schema.ts),
 * compiled against the record stores into shared-memory indexes (blocking-plan.ts); candidate
 * generation runs on ranges of right rows in any thread (candidates.ts); report.ts measures what
 * each rule contributes and the recall of the whole.
 */
export { BlockingPlan, parseBlockingRules, type BlockingPlanTransferable } from './blocking-plan.js';
export { CandidateBuffer, CandidateGenerator } from './candidates.js';
export { RuleCounters, type CandidateRule, type CandidateRuleTransferable } from './candidate-rule.js';
export { EqualRule, type EqualRuleInput } from './equal-rule.js';
export { IdOneEditRule, type IdOneEditRuleInput } from './id-one-edit-rule.js';
export { IdNeighbourhood, type DigitSlots, type IdNeighbourhoodOptions } from './id-neighbourhood.js';
export { KeyIndex, type KeyIndexTransferable } from './key-index.js';
export { combineKeyArrays, hashKeyPair, isMissingKey, KeyHasher, KEY_SPACE, packsExactly, type KeyArray } from './key-combine.js';
export { digitSlots, keyColumn, KEYS_BY_FIELD_TYPE, type KeyColumn } from './key-expressions.js';
export { BlockingTally, type BlockingReport, type RuleReport } from './report.js';
export {
  BLOCKING_RULE_KINDS,
  blockingKeyExpressionSchema,
  blockingRuleSchema,
  blockingRulesSchema,
  MAX_BLOCKING_RULES,
  type BlockingRule,
  type BlockingRuleInput,
} from './rule-schema.js';
export { RowBuffer } from './row-buffer.js';
