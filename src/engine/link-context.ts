/**
 * Everything a thread needs to link a range of doses, and its shareable form: the two record
 * stores, the blocking plan and the model all live in SharedArrayBuffers, so a worker rebuilds
 * its context from references, copying nothing.
 */
import { BlockingPlan, type BlockingPlanTransferable } from '../blocking/blocking-plan.js';
import { compileComparisons } from '../model/comparisons.js';
import { weightForProbability, type ModelParameters } from '../model/fellegi-sunter.js';
import { Scorer } from '../model/scorer.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import { fieldRoles } from './field-roles.js';
import { ResultBuilder } from './result-rows.js';
import { FieldDictionaries, RecordStore, type RecordStoreTransferable } from './record-store.js';
import { LinkScratch, type LinkContext, type PruneRule } from './link-range.js';

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
}

/** The pruning that keeps every decision under these thresholds (link-range.ts explains it). */
export function pruneRuleFor(thresholds: ThresholdSettings): PruneRule {
  return { margin: thresholds.margin ?? 0, reviewWeight: weightForProbability(thresholds.review) };
}

export function shareLinkContext(settings: Settings, parameters: ModelParameters, left: RecordStore, right: RecordStore, plan: BlockingPlan): LinkContextTransferable {
  return { ...shareJob(settings, left, right, plan), parameters };
}

/** The ID comparison's index and its exact level (−1, −1 when the settings have none). */
export function idExactLevel(scorer: Scorer): { idComparison: number; idExactLevel: number } {
  for (let c = 0; c < scorer.comparisons.length; c++) {
    const level = scorer.comparisons[c].kinds.indexOf('id_exact');
    if (level >= 0) return { idComparison: c, idExactLevel: level };
  }
  return { idComparison: -1, idExactLevel: -1 };
}

export function makeLinkContext(
  settings: Settings,
  parameters: ModelParameters,
  left: RecordStore,
  right: RecordStore,
  plan: BlockingPlan,
  thresholds?: ThresholdSettings,
): LinkContext {
  const scorer = new Scorer(settings, parameters, left, right, { comparisons: compileComparisons(settings) });
  const results = thresholds === undefined ? undefined : new ResultBuilder({ left, right, scorer, roles: fieldRoles(settings), thresholds });
  return { generator: plan.generator(), scorer, scratch: new LinkScratch(), ...idExactLevel(scorer), results };
}

export function linkContextFromTransferable(t: LinkContextTransferable): LinkContext {
  const { left, right, plan } = jobFromTransferable(t);
  return { ...makeLinkContext(t.settings, t.parameters, left, right, plan, t.thresholds), truth: t.truth, prune: t.prune };
}
