/**
 * Everything a thread needs to link a range of doses, and its shareable form: the two record
 * stores, the blocking plan and the model all live in SharedArrayBuffers, so a worker rebuilds
 * its context from references, copying nothing.
 */
import { KhopError } from '../errors.js';
import { BlockingPlan, type BlockingPlanTransferable } from '../blocking/blocking-plan.js';
import { compileComparisons, type CompiledComparison } from '../model/comparisons.js';
import { weightReachingProbability, type ModelParameters } from '../model/fellegi-sunter.js';
import { Scorer } from '../model/scorer.js';
import type { TfLevelAdjustment } from '../model/tf-adjustment.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import { fieldRoles } from './field-roles.js';
import { ResultBuilder } from './result-rows.js';
import { FieldDictionaries, RecordStore, type RecordStoreTransferable } from './record-store.js';
import { LinkScratch, type LinkContext, type PruneRule } from './link-range.js';
import { buildSettlePlan } from './settle-plan.js';

/** The stores and blocking plan of a job as its worker tasks (linking, training) receive them. */
export interface SharedJobTransferable {
  settings: Settings;
  left: RecordStoreTransferable;
  right: RecordStoreTransferable;
  plan: BlockingPlanTransferable;
}

export function shareJob(settings: Settings, left: RecordStore, right: RecordStore, plan: BlockingPlan): SharedJobTransferable {
  return { settings, left: left.toTransferable(), right: right.toTransferable(), plan: plan.toTransferable() };
}

/** The stores (over one set of dictionaries) and the plan, over the shared memory. */
export function jobFromTransferable(t: SharedJobTransferable): { left: RecordStore; right: RecordStore; plan: BlockingPlan } {
  const dictionaries = FieldDictionaries.fromTransferable(t.left.dictionaries);
  return {
    left: RecordStore.fromTransferable(t.left, dictionaries),
    right: RecordStore.fromTransferable(t.right, dictionaries),
    plan: BlockingPlan.fromTransferable(t.plan),
  };
}

export interface LinkContextTransferable extends SharedJobTransferable {
  parameters: ModelParameters;
  truth?: Int32Array;
  /** When given, workers also decide and format each range's results with these thresholds. */
  thresholds?: ThresholdSettings;
  /** When given, workers skip the candidates that cannot change a decision (link-range.ts). */
  prune?: PruneRule;
  /**
   * The term-frequency tables of the sharing thread's scorer (their tables are in shared memory):
   * a worker then does not count the register's codes again (~0.2 s per worker at 1M persons).
   * Each level's codes are the left store's, which the worker finds in its own copy of the store.
   */
  tf?: SharedTf[];
}

/** A `TfLevelAdjustment` without its codes, which are a column of the left store. */
export type SharedTf = Omit<TfLevelAdjustment, 'codes'>;

/**
 * The pruning that keeps every decision under these thresholds (link-range.ts explains it). The
 * review weight is the one decide.ts's probability test really sets (`weightReachingProbability`):
 * log2(r / (1 − r)) overshoots it near r = 1, and a runner-up the decision counts as close could
 * then go unscored.
 */
export function pruneRuleFor(thresholds: ThresholdSettings): PruneRule {
  return { margin: thresholds.margin ?? 0, reviewWeight: weightReachingProbability(thresholds.review) };
}

/** `scorer`: a scorer of this job whose term-frequency tables the workers may use as they are. */
export function shareLinkContext(settings: Settings, parameters: ModelParameters, left: RecordStore, right: RecordStore, plan: BlockingPlan, scorer?: Scorer): LinkContextTransferable {
  const tf = scorer === undefined ? undefined : shareTf(scorer.tf);
  return { ...shareJob(settings, left, right, plan), parameters, ...(tf === undefined ? {} : { tf }) };
}

/** The ID comparison's index and its exact level (−1, −1 when the settings have none). */
export function idExactLevel(scorer: Scorer): { idComparison: number; idExactLevel: number } {
  for (let c = 0; c < scorer.comparisons.length; c++) {
    const level = scorer.comparisons[c].kinds.indexOf('id_exact');
    if (level >= 0) return { idComparison: c, idExactLevel: level };
  }
  return { idComparison: -1, idExactLevel: -1 };
}

/** Shared term-frequency tables applied to the same levels' codes in this thread's view of the left store. */
export function tfWithLeftCodes(tf: readonly SharedTf[], comparisons: readonly CompiledComparison[], left: RecordStore): TfLevelAdjustment[] {
  return tf.map((t) => {
    const codes = comparisons[t.comparison]?.tfCodes(left, t.level);
    if (codes === null || codes === undefined) throw new KhopError('INTERNAL', 'a shared term-frequency table has no level to apply to');
    return { ...t, codes };
  });
}

/** The tables of `tf` without their codes, to hand to another thread (their tables are shared memory). */
export function shareTf(tf: readonly TfLevelAdjustment[]): SharedTf[] {
  return tf.map(({ comparison, level, table, max }) => ({ comparison, level, table, max }));
}

export function makeLinkContext(
  settings: Settings,
  parameters: ModelParameters,
  left: RecordStore,
  right: RecordStore,
  plan: BlockingPlan,
  thresholds?: ThresholdSettings,
  tf?: readonly SharedTf[],
): LinkContext {
  const comparisons = compileComparisons(settings);
  const tfHere = tf === undefined ? undefined : tfWithLeftCodes(tf, comparisons, left);
  const scorer = new Scorer(settings, parameters, left, right, { comparisons, ...(tfHere === undefined ? {} : { tf: tfHere }) });
  const results = thresholds === undefined ? undefined : new ResultBuilder({ left, right, scorer, roles: fieldRoles(settings), thresholds });
  const id = idExactLevel(scorer);
  const settle = buildSettlePlan(settings, scorer, id.idComparison, id.idExactLevel);
  return { generator: plan.generator(), scorer, scratch: new LinkScratch(), ...id, results, settle };
}

export function linkContextFromTransferable(t: LinkContextTransferable): LinkContext {
  const { left, right, plan } = jobFromTransferable(t);
  return { ...makeLinkContext(t.settings, t.parameters, left, right, plan, t.thresholds, t.tf), truth: t.truth, prune: t.prune };
}
