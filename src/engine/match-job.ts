/**
 * The match job, I/O-agnostic: read the register and the doses into record stores, estimate a
 * model when none is given, build the blocking indexes, link every dose (on the main thread or in
 * piscina workers over shared memory, ranges of doses per task), and hand back what the results
 * are made of. The CLI (`khop match`) and the library API are thin adapters over it.
 *
 * With more than one thread, one pool of worker threads does training's pair collection and
 * comparisons (train-in-workers.ts), then the linking; the model is the same as on one thread.
 *
 * Stages and their timings go into the summary: read_registry, read_doses, index, train, link,
 * (decide_write is timed by the writer).
 */
import { randomUUID } from 'node:crypto';
import { BlockingPlan, neighbourhoodInputs, prebuildLeft, type PrebuiltLeft } from '../blocking/blocking-plan.js';
import type { BlockingReport } from '../blocking/report.js';
import { mergeBlockingReports } from './blocking-summary.js';
import { KhopError } from '../errors.js';
import { STDIN_PATH, type ByteSource } from '../io/byte-source.js';
import type { Reject } from '../io/rejects.js';
import type { KhopModel } from '../model/model-file.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import type { TrainResult } from '../model/train-model.js';
import type { UEstimate } from '../model/u-sampling.js';
import { checkThresholds } from './decide.js';
import { duplicateIds, type DuplicateIds } from './duplicate-ids.js';
import { estimateModel, registerU, registerUWork, uOfWork } from './estimate-model.js';
import { makeLinkContext, pruneRuleFor, shareLinkContext } from './link-context.js';
import { allocateLinkOutput, linkRange, type LinkOutput } from './link-range.js';
import { adoptStore } from './adopt-store.js';
import { mergeRegisterWork, RegisterWorkShare, SHARED_U_PAIRS_MAX, type RegisterWorkDone, type RegisterWorkOffer, type SharedRegisterWork, type USampleWork } from './register-work.js';
import { loadInWorker } from './load-in-worker.js';
import { loadSide, type LoadedSide } from './load-side.js';
import { FieldDictionaries, type RecordStore } from './record-store.js';
import type { FormattedResults, ResultBuilder } from './result-rows.js';
import { estimateModelInWorkers } from './train-in-workers.js';
import { LinkPool } from './worker-pool.js';

export interface MatchJobInput {
  registry: ByteSource;
  /** The register's name in errors and rejects (e.g. its path). */
  registryName: string;
  doses: ByteSource;
  dosesName: string;
  settings: Settings;
  /** A trained model; estimated by EM from the inputs when absent. */
  model?: KhopModel;
  /** Worker threads for linking; 1 links on the calling thread. */
  threads?: number;
  /** Doses per worker task (default DOSES_PER_TASK); smaller only to test many tasks on little data. */
  dosesPerTask?: number;
  /** Overrides of the settings' thresholds (e.g. from --auto and --review). */
  thresholds?: Partial<ThresholdSettings>;
  onReject?: (reject: Reject) => void;
  onProgress?: (stage: string, done: number, total: number) => void;
  /**
   * For benchmarks with ground truth: right row → true left row (−1 none), given the loaded
   * stores; the blocking report then carries blocking recall.
   */
  truth?: (left: RecordStore, right: RecordStore) => Int32Array;
  /**
   * When given, decisions and corrections are made as each range of doses is linked (in the
   * workers too) and handed over as results.csv text, in input order; the job waits for the
   * returned promise, so a slow writer holds it back. Without it, results are built afterwards
   * from `MatchJob.results`.
   */
  onResults?: (formatted: FormattedResults) => void | Promise<void>;
}

export interface StageTimings {
  [stage: string]: number;
}

export interface MatchJob {
  settings: Settings;
  model: KhopModel;
  /** Present when the model was estimated by this job. */
  training?: TrainResult;
  thresholds: ThresholdSettings;
  left: RecordStore;
  right: RecordStore;
  link: LinkOutput;
  blocking: BlockingReport;
  /** Register IDs held by more than one register row (duplicate-ids.ts); null without an exact-ID rule. */
  duplicateIds: DuplicateIds | null;
  results: ResultBuilder;
  rows: { registry: number; doses: number };
  rejects: { registry: number; doses: number };
  timingsMs: StageTimings;
  threads: number;
}

/** Doses per worker task: large enough (≈ 10+ candidate pairs each) to amortize the ~80 µs a task costs. */
export const DOSES_PER_TASK = 8192;

export async function runMatchJob(input: MatchJobInput): Promise<MatchJob> {
  const { settings } = input;
  const threads = input.threads ?? 1;
  if (!Number.isInteger(threads) || threads < 1) throw new KhopError('BAD_ARGUMENT', 'threads must be a whole number ≥ 1');
  if (input.model !== undefined && JSON.stringify(input.model.settings.comparisons) !== JSON.stringify(settings.comparisons)) {
    throw new KhopError('MODEL_INVALID', 'the model was trained with other comparisons than these settings; pass its settings or retrain');
  }
  const thresholds = { ...settings.thresholds, ...input.thresholds };
  checkThresholds(thresholds);
  const timingsMs: StageTimings = {};
  let t = performance.now();
  const lap = (stage: string): void => {
    const now = performance.now();
    timingsMs[stage] = Math.round(now - t);
    t = now;
  };
  // Training and linking share one pool of worker threads when there are several threads.
  const jobId = randomUUID();
  let pool: LinkPool | undefined;
  const poolOf = (): LinkPool => (pool ??= new LinkPool(threads));
  try {
    // Work on the register alone, done while a worker may still be reading the doses.
    let prebuilt: PrebuiltLeft | undefined;
    let u: UEstimate | undefined;
    const wantsU = (register: RecordStore): boolean => input.model === undefined && register.size >= 2;
    // The ID-neighbourhood indexes and u's comparisons, offered to the doses' worker (register-work.ts).
    const registerWork = (register: RecordStore): RegisterWorkOffer => ({
      neighbourhoods: neighbourhoodInputs(settings.blocking_rules, register),
      u: wantsU(register) && settings.em.u_sample_pairs <= SHARED_U_PAIRS_MAX ? registerUWork(settings, register) : undefined,
    });
    let uWork: USampleWork | undefined;
    const onRegisterRead = (register: RecordStore, offered: RegisterWorkOffer | undefined): void => {
      try {
        prebuilt = prebuildLeft(settings.blocking_rules, register, offered !== undefined ? 'none' : undefined);
      } catch {
        // BlockingPlan.build below reports the problem, with every other one in the rules.
      }
      uWork = offered?.u;
      if (uWork === undefined && wantsU(register)) u = registerU(settings, register);
    };
    const loaded = await loadStores({ ...input, onRegisterRead, registerWork }, lap);
    const { left, right, rows, rejects } = loaded;
    if (loaded.registerWork !== undefined) {
      if (prebuilt !== undefined) prebuilt = { ...prebuilt, neighbourhoods: loaded.registerWork.neighbourhoods };
      if (uWork !== undefined && loaded.registerWork.uCounts !== undefined) u = uOfWork(settings, uWork, loaded.registerWork.uCounts);
    }
    // The u sample's register holds copies of the dictionaries, no longer needed.
    uWork = undefined;

    // The threads start while this one builds the indexes, and train before they link.
    if (input.model === undefined && threads > 1) poolOf();
    const plan = BlockingPlan.build(settings.blocking_rules, left, right, prebuilt);
    lap('index');

    let model = input.model;
    let training: TrainResult | undefined;
    if (model === undefined) {
      input.onProgress?.('train', 0, 1);
      const estimated =
        threads > 1
          ? await estimateModelInWorkers(poolOf(), jobId, settings, left, right, plan, u)
          : estimateModel(settings, left, right, plan, { u });
      // The model says the thresholds this run decides with (--auto, --review included), so that
      // its model.json decides, explains and reports as this run did.
      model = { ...estimated.model, settings: { ...estimated.model.settings, thresholds } };
      training = estimated.result;
      lap('train');
    }

    const truth = input.truth?.(left, right);
    const perTask = input.dosesPerTask ?? DOSES_PER_TASK;
    const link = allocateLinkOutput(0, right.size, settings.comparisons.length);
    const reports: BlockingReport[] = [];
    const formatIn = input.onResults === undefined ? undefined : thresholds;
    const emit = new OrderedEmitter(input.onResults);
    // One scorer on this thread: it links when there are no workers, and it makes the results.
    const main = makeLinkContext(settings, model.parameters, left, right, plan, thresholds);
    const results = main.results!;
    const prune = pruneRuleFor(thresholds);
    if (threads === 1 || right.size <= perTask) {
      const ctx = { ...main, results: formatIn === undefined ? undefined : results, truth, prune };
      for (let start = 0; start < right.size; start += perTask) {
        const count = Math.min(perTask, right.size - start);
        const part = allocateLinkOutput(start, count, settings.comparisons.length);
        linkRange(ctx, part);
        copyInto(link, part, reports);
        await emit.add(part);
        input.onProgress?.('link', start + count, right.size);
      }
    } else {
      const shared = { ...shareLinkContext(settings, model.parameters, left, right, plan, main.scorer), truth: shareTruth(truth), thresholds: formatIn, prune };
      await linkInWorkers(poolOf(), jobId, shared, right.size, perTask, link, reports, emit, input.onProgress);
    }
    lap(formatIn === undefined ? 'link' : 'link_decide');

    return {
      settings,
      model,
      training,
      thresholds,
      left,
      right,
      link,
      blocking: mergeBlockingReports(reports.length > 0 ? reports : [emptyReport(plan)]),
      duplicateIds: duplicateIds(settings, plan),
      results,
      rows,
      rejects,
      timingsMs,
      threads,
    };
  } finally {
    await pool?.close();
  }
}

export interface LoadedStores {
  left: RecordStore;
  right: RecordStore;
  /** The register work offered to the doses' worker, done by both threads (`registerWork`). */
  registerWork?: SharedRegisterWork;
  /** Records read per input (stored + rejected) and rejected. */
  rows: { registry: number; doses: number };
  rejects: { registry: number; doses: number };
}

/**
 * Reads the register and the doses into frozen stores sharing one set of field dictionaries.
 * When the doses are a file (a path), a worker reads them while this thread reads the register,
 * and their store is then adopted into the register's dictionaries (adopt-store.ts: the same codes
 * as reading one after the other); otherwise (a stream, stdin) they are read after the register.
 * Stage timings: read_registry is the register's own read; read_doses is the time after it until
 * the doses are in too (their read overlaps the register's when a worker reads them), which
 * includes `onRegisterRead`'s work and the register work shared with the worker (the match job
 * builds the register's blocking indexes there and, when it will train, compares the register
 * pairs of the u estimate; the ID-neighbourhood indexes and u's batches go to whichever thread is
 * free, see register-work.ts).
 */
export async function loadStores(
  input: Pick<MatchJobInput, 'registry' | 'registryName' | 'doses' | 'dosesName' | 'settings' | 'onReject' | 'onProgress'> & {
    /** Read the doses in a worker when they are a file (default true). */
    parallel?: boolean;
    /**
     * Called with the register's store as soon as it is read, while a worker may still be reading
     * the doses: work on the register alone can go there. `offered`: the work offered to that
     * worker (see `registerWork`), which this call should then leave out.
     */
    onRegisterRead?: (left: RecordStore, offered: RegisterWorkOffer | undefined) => void;
    /**
     * Work on the register to share with the doses' worker (register-work.ts): after
     * `onRegisterRead` this thread and the worker, once its read is done, take its jobs until none
     * is left; the result comes back as `registerWork`. Only when the doses are read in a worker.
     */
    registerWork?: (left: RecordStore) => RegisterWorkOffer;
  },
  lap: (stage: string) => void = () => {},
): Promise<LoadedStores> {
  const { settings } = input;
  const onReject = input.onReject ?? (() => {});
  const dictionaries = FieldDictionaries.forSettings(settings);
  const abort = new AbortController();
  const parallel = input.parallel !== false && typeof input.doses === 'string' && input.doses !== STDIN_PATH;
  const share = parallel && input.registerWork !== undefined ? new RegisterWorkShare() : undefined;
  const inWorker = parallel
    ? loadInWorker(
        { path: input.doses as string, file: input.dosesName, settings, side: 'right', registerWork: share?.task },
        (n) => input.onProgress?.('read_doses', n, 0),
        abort.signal,
      )
    : undefined;
  // If the doses cannot be read, the register's read stops too and their error is the one raised.
  const registerAbort = new AbortController();
  inWorker?.catch(() => registerAbort.abort());
  const readRegister = async (): Promise<{ reg: LoadedSide; left: RecordStore; mine?: RegisterWorkDone }> => {
    const reg = await loadSide({
      source: input.registry,
      file: input.registryName,
      settings,
      side: 'left',
      dictionaries,
      onReject,
      onProgress: (n) => input.onProgress?.('read_registry', n, 0),
      signal: registerAbort.signal,
    });
    const left = reg.builder.freeze();
    lap('read_registry');
    let offered: RegisterWorkOffer | undefined;
    if (share !== undefined) {
      try {
        offered = input.registerWork!(left);
        share.offer(offered);
      } catch {
        // Rules that cannot be built here are reported by BlockingPlan.build, with every other problem.
        offered = undefined;
      }
    }
    input.onRegisterRead?.(left, offered);
    return { reg, left, mine: offered === undefined ? undefined : share!.runHere() };
  };
  let reg: LoadedSide;
  let left: RecordStore;
  let mine: RegisterWorkDone | undefined;
  try {
    ({ reg, left, mine } = await readRegister());
  } catch (e) {
    if (registerAbort.signal.aborted) await inWorker; // rejects with the doses' own error
    // Without the register the doses are of no use: stop their read instead of waiting for it.
    abort.abort();
    throw e;
  }
  let right: RecordStore;
  let doses: { rows: number; rejects: number };
  let registerWork: SharedRegisterWork | undefined;
  if (inWorker !== undefined) {
    const loaded = await inWorker.finally(() => share?.close());
    for (const r of loaded.rejectList) onReject(r);
    if (mine !== undefined) registerWork = mergeRegisterWork([mine, loaded.registerWork]);
    right = adoptStore(loaded.store, dictionaries);
    doses = { rows: loaded.rows, rejects: loaded.rejects };
  } else {
    const dos = await loadSide({
      source: input.doses,
      file: input.dosesName,
      settings,
      side: 'right',
      dictionaries,
      onReject,
      onProgress: (n) => input.onProgress?.('read_doses', n, 0),
    });
    right = dos.builder.freeze();
    doses = { rows: dos.rows, rejects: dos.rejects };
  }
  dictionaries.freeze();
  lap('read_doses');
  return {
    left,
    right,
    registerWork,
    rows: { registry: reg.rows + reg.rejects, doses: doses.rows + doses.rejects },
    rejects: { registry: reg.rejects, doses: doses.rejects },
  };
}

async function linkInWorkers(
  pool: LinkPool,
  jobId: string,
  context: ReturnType<typeof shareLinkContext>,
  size: number,
  perTask: number,
  link: LinkOutput,
  reports: BlockingReport[],
  emit: OrderedEmitter,
  onProgress?: (stage: string, done: number, total: number) => void,
): Promise<void> {
  let done = 0;
  const tasks: Promise<void>[] = [];
  for (let start = 0; start < size; start += perTask) {
    const count = Math.min(perTask, size - start);
    tasks.push(
      pool.run({ jobId, context, start, count }).then((part) => {
        copyInto(link, part, reports);
        return emit.add(part);
      }).then(() => {
        done += count;
        onProgress?.('link', done, size);
      }),
    );
  }
  await Promise.all(tasks);
}

/**
 * Hands formatted ranges to the caller in input order, whatever order the workers finish in:
 * a finished range waits until every range before it has been handed over.
 */
class OrderedEmitter {
  private next = 0;
  private readonly waiting = new Map<number, LinkOutput>();
  private chain: Promise<void> = Promise.resolve();

  constructor(private readonly sink?: (formatted: FormattedResults) => void | Promise<void>) {}

  add(part: LinkOutput): Promise<void> {
    const sink = this.sink;
    if (sink === undefined || part.results === undefined) return Promise.resolve();
    this.waiting.set(part.start, part);
    let ready = this.waiting.get(this.next);
    while (ready !== undefined) {
      const formatted = ready.results!;
      this.waiting.delete(this.next);
      this.next += ready.count;
      this.chain = this.chain.then(() => sink(formatted));
      ready = this.waiting.get(this.next);
    }
    return this.chain;
  }
}

/** Truth for the workers, in shared memory. */
function shareTruth(truth: Int32Array | undefined): Int32Array | undefined {
  if (truth === undefined) return undefined;
  const shared = new Int32Array(new SharedArrayBuffer(truth.byteLength));
  shared.set(truth);
  return shared;
}

function emptyReport(plan: BlockingPlan): BlockingReport {
  return { leftSize: plan.leftSize, rightRows: 0, pairs: 0, reductionRatio: 0, rightRowsWithoutCandidates: 0, settledRows: 0, maxCandidatesPerRow: 0, meanCandidatesPerRow: 0, rules: plan.ruleNames.map((name) => ({ name, pairs: 0, uniquePairs: 0, oversizedRows: 0, droppedRows: 0, oversizedSubBlocks: 0 })) };
}

function copyInto(all: LinkOutput, part: LinkOutput, reports: BlockingReport[]): void {
  if (part.blocking !== undefined) reports.push(part.blocking);
  const at = part.start - all.start;
  all.best.set(part.best, at);
  all.bestWeight.set(part.bestWeight, at);
  all.second.set(part.second, at);
  all.secondWeight.set(part.secondWeight, at);
  all.candidates.set(part.candidates, at);
  all.idOwnedByCandidate.set(part.idOwnedByCandidate, at);
  const C = part.levels.length / Math.max(part.count, 1);
  all.levels.set(part.levels, at * C);
}
