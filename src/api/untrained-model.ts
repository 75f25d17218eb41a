/**
 * The model a matcher uses when it is given none: there are no doses to run EM on, only the
 * register, so this is a rough model, and `matcher.modelSource` says 'untrained'. Train one
 * (`khop train`, or `khop match` writes model.json) and pass it for real decisions.
 *
 * - u: from random register pairs, exactly as training does with `em.fix_u` (u-sampling.ts,
 *   `em.u_sample_pairs` pairs, `em.seed`): two random persons are non-matches, so how often they
 *   agree at each level is u.
 * - m: the settings' starting values (train-model.ts `initialM`: each level's `m_initial`, else
 *   4^−k in level order), i.e. what EM would start from, not what it would end at.
 * - λ: the settings' `prior` when set, else 1 / register size: each record is taken to belong
 *   to one register person (or to none), so a random (record, person) pair matches with
 *   probability about 1 / N.
 * Provenance: method 'manual', with the u sample size and the register size.
 */
import type { RecordStore } from '../engine/record-store.js';
import { compileComparisons } from '../model/comparisons.js';
import { createModel, provenanceNow, type KhopModel } from '../model/model-file.js';
import type { Settings } from '../model/settings-schema.js';
import { initialM, toModelParameters } from '../model/train-model.js';
import { estimateU } from '../model/u-sampling.js';
import { KhopError } from '../errors.js';

export function untrainedModel(settings: Settings, register: RecordStore): KhopModel {
  // u comes from random pairs of register persons: fewer than two have none to draw.
  if (register.size < 2) throw new KhopError('BAD_ARGUMENT', `the register holds ${register.size} person${register.size === 1 ? '' : 's'}: a model cannot be made from it without doses; pass a model`);
  const comparisons = compileComparisons(settings);
  const minProbability = settings.em.min_probability;
  const { u, sampled } = estimateU(comparisons, register, { pairs: settings.em.u_sample_pairs, seed: settings.em.seed, minProbability });
  const lambda = settings.prior ?? Math.min(0.5, 1 / register.size);
  const m = settings.comparisons.map((c) => initialM(c, minProbability));
  const parameters = toModelParameters(comparisons, { lambda, m, u });
  return createModel(settings, parameters, provenanceNow({ method: 'manual', seed: settings.em.seed, u_sample_pairs: sampled, rows: { left: register.size, right: 0 } }));
}
