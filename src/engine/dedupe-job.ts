/**
 * The dedupe job, I/O-agnostic: the pairs of records within one file that are the same entity,
 * and the clusters they make (`khop dedupe`). It reuses the match engine with the file as both
 * sides: the file is read into a left and a right record store (same rows, one set of field
 * dictionaries), the settings' blocking rules find candidate pairs, and each unordered pair is
 * kept once as rows (i, j) with i < j (self-pairs dropped; a pair found as (j, i) by an
 * asymmetric rule is turned round). EM (train-model.ts) estimates the model on those pairs, one
 * session per blocking rule as for a link, with λ as a share of the n(n − 1)/2 distinct pairs,
 * not of n² as a link of two files would count them. Pairs at or above the threshold are kept and
 * clustered (clusters.ts).
 *
 * The settings are those of a link, whose two sides must read the same columns: the same
 * id_column left and right, and every field the same column on both sides. Pairs and clusters
 * name rows by their ID, so a row whose ID an earlier row has is refused (`duplicate_id`).
 */
import { BlockingPlan } from '../blocking/blocking-plan.js';
import { KhopError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import type { Reject } from '../io/rejects.js';
import { compileComparisons } from '../model/comparisons.js';
import { matchProbability, weightForProbability } from '../model/fellegi-sunter.js';
import { createModel, trainingProvenance, type KhopModel } from '../model/model-file.js';
import { Scorer } from '../model/scorer.js';
import { fieldColumn, readsMultilineCells, type DedupeSettings, type Settings } from '../model/settings-schema.js';
import { trainingU, trainModel, type TrainResult } from '../model/train-model.js';
import { centreClusters, connectedComponents, type ScoredPairs } from './clusters.js';
import { checkEnoughRecordsForEm, checkUVaries, collectCandidatePairs, sessionsByRule, type CollectedPairs } from './estimate-model.js';
import { loadSide } from './load-side.js';
import { FieldDictionaries, type RecordStore } from './record-store.js';

export interface DedupeJobInput {
  /** The file, read twice (once per side): a path or a re-readable source, not stdin. */
  input: ByteSource;
  inputName: string;
  settings: Settings;
  model?: KhopModel;
  /** Overrides of the settings' `dedupe` block (e.g. from --threshold, --clustering). */
  dedupe?: Partial<DedupeSettings>;
  onReject?: (reject: Reject) => void;
  onProgress?: (stage: string, done: number, total: number) => void;
}

export interface DedupeJob {
  settings: Settings;
  model: KhopModel;
  training?: TrainResult;
  dedupe: Required<DedupeSettings>;
  store: RecordStore;
  /** Distinct candidate pairs (i < j) the blocking rules found. */
  candidatePairs: number;
  /** The pairs at or above the threshold, in (i, j) order. */
  pairs: ScoredPairs;
  /** Row → row of its cluster's representative (the cluster's lowest row). */
  clusters: Int32Array;
  rows: number;
  rejects: number;
  timingsMs: Record<string, number>;
}

/** The settings' dedupe options with defaults and overrides applied. */
export function dedupeOptions(settings: Settings, overrides: Partial<DedupeSettings> = {}): Required<DedupeSettings> {
  const merged = { threshold: 0.5, clustering: 'connected_components' as const, ...settings.dedupe, ...overrides };
  const centre = merged.centre_threshold ?? merged.threshold;
  if (centre < merged.threshold) throw new KhopError('BAD_ARGUMENT', 'the centre threshold must not be below the pair threshold');
  return { ...merged, centre_threshold: centre };
}

/** Both sides must read the same columns, or "the file against itself" means nothing. */
export function checkOneSided(settings: Settings): void {
  if (settings.left.id_column !== settings.right.id_column) {
    throw new KhopError('SETTINGS_INVALID', 'a dedupe needs the same id_column on the left and the right side');
  }
  // The file is read once per side: two ways of reading it would give two different lists of rows.
  if (readsMultilineCells(settings, 'left') !== readsMultilineCells(settings, 'right')) {
    throw new KhopError('SETTINGS_INVALID', 'a dedupe needs the same multiline_cells on the left and the right side');
  }
  for (const f of settings.fields) {
    if (fieldColumn(f, 'left') !== fieldColumn(f, 'right')) {
      throw new KhopError('SETTINGS_INVALID', 'a dedupe needs every field to read the same column on both sides', { field: f.name });
    }
  }
}

/**
 * The candidate pairs as distinct unordered pairs (i < j), their rule masks OR-ed: in (i, j) order.
 * Pairs are packed as i·n + j, exact in a double for n below 2^26.
 */
export function distinctPairs(all: CollectedPairs, size: number): CollectedPairs {
  const keys = new Float64Array(all.count);
  let k = 0;
  for (let p = 0; p < all.count; p++) {
    const l = all.pairsL[p];
    const r = all.pairsR[p];
    if (l === r) continue;
    keys[k++] = l < r ? l * size + r : r * size + l;
  }
  const idx = Array.from({ length: k }, (_, i) => i);
  // Masks travel with the keys: sort positions, not keys.
  const maskOf = new Uint32Array(k);
  for (let p = 0, q = 0; p < all.count; p++) if (all.pairsL[p] !== all.pairsR[p]) maskOf[q++] = all.masks[p];
  idx.sort((x, y) => keys[x] - keys[y]);
  const pairsL = new Int32Array(k);
  const pairsR = new Int32Array(k);
  const masks = new Uint32Array(k);
  let count = 0;
  let last = -1;
  for (const i of idx) {
    const key = keys[i];
    if (key === last) {
      masks[count - 1] |= maskOf[i];
      continue;
    }
    last = key;
    pairsL[count] = Math.floor(key / size);
    pairsR[count] = key - pairsL[count] * size;
    masks[count++] = maskOf[i];
  }
  return { pairsL: pairsL.subarray(0, count), pairsR: pairsR.subarray(0, count), masks: masks.subarray(0, count), count };
}

export async function runDedupeJob(input: DedupeJobInput): Promise<DedupeJob> {
  const { settings } = input;
  checkOneSided(settings);
  const dedupe = dedupeOptions(settings, input.dedupe);
  if (input.model !== undefined && JSON.stringify(input.model.settings.comparisons) !== JSON.stringify(settings.comparisons)) {
    throw new KhopError('MODEL_INVALID', 'the model was trained with other comparisons than these settings; pass its settings or retrain');
  }
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timingsMs[stage] = Math.round(now - t);
    t = now;
  };

  const dictionaries = FieldDictionaries.forSettings(settings);
  const read = { source: input.input, file: input.inputName, settings, dictionaries };
  const first = await loadSide({ ...read, side: 'left', uniqueIds: true, onReject: input.onReject ?? (() => {}), onProgress: (n) => input.onProgress?.('read', n, 0) });
  const left = first.builder.freeze();
  // The second reading gives the same rows and the same rejects: reported once, from the first.
  const second = await loadSide({ ...read, side: 'right', uniqueIds: true, onReject: () => {} });
  const right = second.builder.freeze();
  dictionaries.freeze();
  if (left.size !== right.size) throw new KhopError('INTERNAL', 'the input changed between its two readings');
  lap('read');

  const plan = BlockingPlan.build(settings.blocking_rules, left, right);
  const pairs = distinctPairs(collectCandidatePairs(plan), left.size);
  lap('index');

  const comparisons = compileComparisons(settings);
  let model = input.model;
  let training: TrainResult | undefined;
  if (model === undefined) {
    // u is estimated from random pairs of records: too few records, or all alike, teach EM nothing.
    checkEnoughRecordsForEm(left, 'the file', input.inputName);
    input.onProgress?.('train', 0, 1);
    const u = trainingU(settings, left, comparisons);
    checkUVaries(comparisons, u, 'the file', input.inputName);
    const sessions = sessionsByRule(settings, pairs).filter((s) => s.count > 0 && s.fixed.length < settings.comparisons.length);
    const n = left.size;
    training = trainModel({ settings, left, right, pairs, comparisons, u, sessions: settings.em.fix_u ? sessions : undefined, totalPairs: Math.max(1, (n * (n - 1)) / 2) });
    model = createModel(settings, training.parameters, trainingProvenance(settings, training, { left: left.size, right: right.size }));
    lap('train');
  }

  const scorer = new Scorer(settings, model.parameters, left, right, { comparisons });
  const weights = new Float64Array(pairs.count);
  scorer.scorePairs(pairs.pairsL, pairs.pairsR, pairs.count, weights, new Uint8Array(pairs.count * settings.comparisons.length));
  let kept = 0;
  for (let p = 0; p < pairs.count; p++) if (matchProbability(weights[p]) >= dedupe.threshold) kept++;
  const scored: ScoredPairs = { a: new Int32Array(kept), b: new Int32Array(kept), weight: new Float64Array(kept), count: kept };
  for (let p = 0, q = 0; p < pairs.count; p++) {
    if (!(matchProbability(weights[p]) >= dedupe.threshold)) continue;
    scored.a[q] = pairs.pairsL[p];
    scored.b[q] = pairs.pairsR[p];
    scored.weight[q++] = weights[p];
  }
  lap('score');

  const clusters =
    dedupe.clustering === 'centre'
      ? centreClusters(left.size, scored, weightForProbability(dedupe.centre_threshold))
      : connectedComponents(left.size, scored);
  lap('cluster');
  return {
    settings,
    model,
    training,
    dedupe,
    store: left,
    candidatePairs: pairs.count,
    pairs: scored,
    clusters,
    rows: first.rows + first.rejects,
    rejects: first.rejects,
    timingsMs,
  };
}
