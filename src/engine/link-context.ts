/**
 * Everything a thread needs to link a range of doses, and its shareable form: the two record
 * stores, the blocking plan and the model all live in SharedArrayBuffers, so a worker rebuilds
 * its context from references, copying nothing.
 */
import { BlockingPlan, type BlockingPlanTransferable } from '../blocking/blocking-plan.js';
import { compileComparisons } from '../model/comparisons.js';
import type { ModelParameters } from '../model/fellegi-sunter.js';
import { Scorer } from '../model/scorer.js';
import type { Settings } from '../model/settings-schema.js';
import { FieldDictionaries, RecordStore, type RecordStoreTransferable } from './record-store.js';
import { LinkScratch, type LinkContext } from './link-range.js';

export interface LinkContextTransferable {
  settings: Settings;
  parameters: ModelParameters;
  left: RecordStoreTransferable;
  right: RecordStoreTransferable;
  plan: BlockingPlanTransferable;
  truth?: Int32Array;
}

export function shareLinkContext(settings: Settings, parameters: ModelParameters, left: RecordStore, right: RecordStore, plan: BlockingPlan): LinkContextTransferable {
  return { settings, parameters, left: left.toTransferable(), right: right.toTransferable(), plan: plan.toTransferable() };
}

/** The ID comparison's index and its exact level (−1, −1 when the settings have none). */
export function idExactLevel(scorer: Scorer): { idComparison: number; idExactLevel: number } {
  for (let c = 0; c < scorer.comparisons.length; c++) {
    const level = scorer.comparisons[c].kinds.indexOf('id_exact');
    if (level >= 0) return { idComparison: c, idExactLevel: level };
  }
  return { idComparison: -1, idExactLevel: -1 };
}

export function makeLinkContext(settings: Settings, parameters: ModelParameters, left: RecordStore, right: RecordStore, plan: BlockingPlan): LinkContext {
  const scorer = new Scorer(settings, parameters, left, right, { comparisons: compileComparisons(settings) });
  return { generator: plan.generator(), scorer, scratch: new LinkScratch(), ...idExactLevel(scorer) };
}

export function linkContextFromTransferable(t: LinkContextTransferable): LinkContext {
  const dictionaries = FieldDictionaries.fromTransferable(t.left.dictionaries);
  const left = RecordStore.fromTransferable(t.left, dictionaries);
  const right = RecordStore.fromTransferable(t.right, dictionaries);
  return { ...makeLinkContext(t.settings, t.parameters, left, right, BlockingPlan.fromTransferable(t.plan)), truth: t.truth };
}
