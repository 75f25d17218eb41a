/**
 * The blocking rules of a settings document compiled against the two record stores: every left
 * index built, every right key array computed, once, on the main thread. Workers receive the plan
 * with `toTransferable()` (shared memory only: nothing is copied), rebuild it with
 * `fromTransferable`, and each makes its own `CandidateGenerator` for the right-row ranges it is
 * given.
 *
 * Rules are validated with the blocking rule schema (rule-schema.ts) here as well, so options the
 * settings schema passes through untouched (`refine`, `match_unpadded`) are still checked; key
 * expressions are checked against the fields each side actually has (key-expressions.ts).
 */
import { KhopError } from '../errors.js';
import type { RecordStore } from '../engine/record-store.js';
import { invalid, zodIssues } from '../model/load-settings.js';
import type { CandidateRule, CandidateRuleTransferable } from './candidate-rule.js';
import { CandidateGenerator } from './candidates.js';
import { EqualRule, type EqualRuleLeft } from './equal-rule.js';
import { IdNeighbourhood, type DigitSlots } from './id-neighbourhood.js';
import { IdOneEditRule } from './id-one-edit-rule.js';
import { combineKeyArrays, type KeyArray } from './key-combine.js';
import { digitSlots, keyColumn, type KeyColumn } from './key-expressions.js';
import { blockingRulesSchema, ruleKeys, type BlockingRule } from './rule-schema.js';

export interface BlockingPlanTransferable {
  leftSize: number;
  rightSize: number;
  rules: CandidateRuleTransferable[];
}

/** Validates `blocking_rules` (the array from the settings); throws SETTINGS_INVALID listing every problem. */
export function parseBlockingRules(rules: unknown): BlockingRule[] {
  const parsed = blockingRulesSchema.safeParse(rules);
  if (!parsed.success) throw invalid('SETTINGS_INVALID', 'blocking rules', zodIssues(parsed.error, 'blocking_rules'));
  return parsed.data;
}

/**
 * Key columns of one side, computed once per expression: rules share refine keys such as
 * `dob.day_month_unordered`, and the arrays live as long as the plan.
 */
class KeyColumns {
  private readonly cache = new Map<string, KeyColumn>();
  constructor(readonly store: RecordStore) {}

  get(expression: string, path: string): KeyColumn {
    let c = this.cache.get(expression);
    if (c === undefined) {
      c = keyColumn(this.store, expression, path);
      this.cache.set(expression, c);
    }
    return c;
  }

  /** Drops the cached columns (8 bytes a row each): the indexes built from them keep what they need. */
  release(): void {
    this.cache.clear();
  }
}

/** The per-record key of one side for a list of expressions (combined when several). */
function sideKeys(side: KeyColumns, expressions: readonly string[], path: string): { keys: KeyArray; domains: string[] } {
  const columns = expressions.map((e, k) => side.get(e, `${path}[${k}]`));
  const keys = columns.length === 1 ? columns[0].keys : combineKeyArrays(columns.map((c) => c.keys), columns.map((c) => c.radix));
  return { keys, domains: columns.map((c) => c.domain) };
}

function checkDomains(left: string[], right: string[], path: string): void {
  for (let k = 0; k < left.length; k++) {
    if (left[k] !== right[k]) {
      throw new KhopError('SETTINGS_INVALID', 'left and right keys at this position are not comparable (different kinds of key)', {
        path: `${path}[${k}]`,
      });
    }
  }
}

/**
 * The parts of a plan that read only the left side (the register): every rule's left index (the
 * ID-neighbourhood indexes of `id_one_edit` rules, the key indexes of `equal` rules with their
 * refine indexes), by rule position, over `left`'s own codes. Key radices do not depend on the
 * dictionaries' sizes (key-expressions.ts), so these are the indexes `build` would make once the
 * right side has been read too. The match job builds them while the doses are still being read
 * (the main thread would otherwise wait for them) and hands them to `build`.
 */
export interface PrebuiltLeft {
  readonly left: RecordStore;
  readonly neighbourhoods: ReadonlyMap<number, IdNeighbourhood>;
  readonly equal: ReadonlyMap<number, EqualRuleLeft>;
  /** The left key columns computed for them, which `build` reuses. */
  readonly keys: KeyColumns;
}

export function prebuildLeft(
  rules: unknown,
  left: RecordStore,
  /**
   * The ID-neighbourhood indexes when they were built elsewhere (from `neighbourhoodInputs`, e.g.
   * by another thread); 'none' leaves them out, for `BlockingPlan.build` to make.
   */
  given?: ReadonlyMap<number, IdNeighbourhood> | 'none',
): PrebuiltLeft {
  const neighbourhoods = new Map<number, IdNeighbourhood>();
  const equal = new Map<number, EqualRuleLeft>();
  const keys = new KeyColumns(left);
  parseBlockingRules(rules).forEach((rule, k) => {
    const path = `blocking_rules[${k}]`;
    const leftPath = rule.keys !== undefined ? `${path}.keys` : `${path}.left_keys`;
    const leftExprs = ruleKeys(rule, 'left');
    if (rule.kind === 'id_one_edit') {
      if (given === 'none') return;
      const built = given?.get(k) ?? IdNeighbourhood.build(digitSlots(left, leftExprs[0], `${leftPath}[0]`), { minLength: rule.min_id_length });
      neighbourhoods.set(k, built);
      return;
    }
    const refine = (rule.refine ?? []).map((expr, r) => keys.get(expr, `${path}.refine[${r}]`).keys);
    equal.set(k, EqualRule.buildLeft(rule.name, sideKeys(keys, leftExprs, leftPath).keys, rule.max_block_size, refine));
  });
  return { left, neighbourhoods, equal, keys };
}

/** What one `id_one_edit` rule's left index is built from: `IdNeighbourhood.build(ids, { minLength })`. */
export interface NeighbourhoodInput {
  /** The rule's position in the settings' blocking_rules. */
  rule: number;
  ids: DigitSlots;
  minLength?: number;
}

/**
 * The inputs of every ID-neighbourhood index of `rules` over `left` (shared memory: another
 * thread can build them, see load-worker.ts). Throws SETTINGS_INVALID as `prebuildLeft` would.
 */
export function neighbourhoodInputs(rules: unknown, left: RecordStore): NeighbourhoodInput[] {
  const out: NeighbourhoodInput[] = [];
  parseBlockingRules(rules).forEach((rule, k) => {
    if (rule.kind !== 'id_one_edit') return;
    const leftPath = rule.keys !== undefined ? `blocking_rules[${k}].keys` : `blocking_rules[${k}].left_keys`;
    out.push({ rule: k, ids: digitSlots(left, ruleKeys(rule, 'left')[0], `${leftPath}[0]`), minLength: rule.min_id_length });
  });
  return out;
}

function compileRule(rule: BlockingRule, at: number, left: KeyColumns, right: KeyColumns, prebuilt?: PrebuiltLeft): CandidateRule {
  const path = `blocking_rules[${at}]`;
  const leftExprs = ruleKeys(rule, 'left');
  const rightExprs = ruleKeys(rule, 'right');
  const leftPath = rule.keys !== undefined ? `${path}.keys` : `${path}.left_keys`;
  const rightPath = rule.keys !== undefined ? `${path}.keys` : `${path}.right_keys`;
  if (rule.kind === 'id_one_edit') {
    return IdOneEditRule.build({
      name: rule.name,
      leftIds: digitSlots(left.store, leftExprs[0], `${leftPath}[0]`),
      rightIds: digitSlots(right.store, rightExprs[0], `${rightPath}[0]`),
      maxBlockSize: rule.max_block_size,
      matchUnpadded: rule.match_unpadded,
      minIdLength: rule.min_id_length,
      neighbourhood: prebuilt?.neighbourhoods.get(at),
    });
  }
  const r = sideKeys(right, rightExprs, rightPath);
  // The domains of the left keys come from the expressions, whatever the data.
  const leftDomains = leftExprs.map((e, k) => left.get(e, `${leftPath}[${k}]`).domain);
  checkDomains(leftDomains, r.domains, rightPath);
  const refinePaths = (rule.refine ?? []).map((expr, k) => [expr, `${path}.refine[${k}]`] as const);
  const equalLeft =
    prebuilt?.equal.get(at) ??
    EqualRule.buildLeft(rule.name, sideKeys(left, leftExprs, leftPath).keys, rule.max_block_size, refinePaths.map(([e, p]) => left.get(e, p).keys));
  return EqualRule.complete(equalLeft, r.keys, refinePaths.map(([e, p]) => right.get(e, p).keys));
}

export class BlockingPlan {
  constructor(
    readonly rules: readonly CandidateRule[],
    readonly leftSize: number,
    readonly rightSize: number,
  ) {}

  /**
   * Compiles `rules` (the settings' `blocking_rules`, raw or parsed) against the two stores.
   * The field dictionaries must be frozen: codes and radices must not change afterwards.
   * `prebuilt`: the left indexes from `prebuildLeft` over the same left store and rules.
   */
  static build(rules: unknown, left: RecordStore, right: RecordStore, prebuilt?: PrebuiltLeft): BlockingPlan {
    if (left.side !== 'left' || right.side !== 'right') throw new KhopError('INTERNAL', 'blocking needs the left store, then the right');
    if (!left.dictionaries.frozen) throw new KhopError('INTERNAL', 'freeze the field dictionaries (both sides built) before blocking');
    const parsed = parseBlockingRules(rules);
    if (prebuilt !== undefined && prebuilt.left !== left) throw new KhopError('INTERNAL', 'prebuilt indexes of another left store');
    const leftKeys = prebuilt?.keys ?? new KeyColumns(left);
    const rightKeys = new KeyColumns(right);
    const plan = new BlockingPlan(
      parsed.map((r, k) => compileRule(r, k, leftKeys, rightKeys, prebuilt)),
      left.size,
      right.size,
    );
    // The caller may keep `prebuilt` through the linking: its key columns are no longer needed.
    leftKeys.release();
    return plan;
  }

  get ruleNames(): string[] {
    return this.rules.map((r) => r.name);
  }

  /** A generator for this thread (it owns a 4-byte-per-left-row scratch array). */
  generator(): CandidateGenerator {
    return new CandidateGenerator(this.rules, this.leftSize);
  }

  toTransferable(): BlockingPlanTransferable {
    return { leftSize: this.leftSize, rightSize: this.rightSize, rules: this.rules.map((r) => r.toTransferable()) };
  }

  static fromTransferable(t: BlockingPlanTransferable): BlockingPlan {
    const rules = t.rules.map((r): CandidateRule => (r.kind === 'equal' ? EqualRule.fromTransferable(r) : IdOneEditRule.fromTransferable(r)));
    return new BlockingPlan(rules, t.leftSize, t.rightSize);
  }
}
