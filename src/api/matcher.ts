/**
 * `createMatcher`: khớp as a library inside a pipeline or behind a service. The register is
 * indexed once (or loaded from a saved index, register-index.ts) and kept in memory; records are
 * then linked one at a time (`matchOne`, synchronous, for a citizen's lookup at a desk), in
 * batches (`matchMany`) or as a stream (`matchStream`, in input order, with backpressure, batches
 * linked in worker threads when `threads` > 1). Every result is what `khop match` would write for
 * the record in results.csv, from the same code (register-probe.ts), plus the best candidates.
 *
 * What is resolved here, and in which order:
 * - settings: the `settings` option (preset name, file or object), else a saved index's, else
 *   the model's, else the vn-vaccination preset. A saved index must have been built with the
 *   same fields, sides and blocking rules (BAD_ARGUMENT otherwise).
 * - model: the `model` option (file or object), whose comparisons must be the settings'
 *   (MODEL_INVALID); absent, an untrained model (untrained-model.ts; `modelSource: 'untrained'`).
 * - thresholds: the settings', overridden by the `thresholds` option.
 * - threads: the option, but no more than the machine's cores: a worker beyond them links nothing
 *   faster and costs its own copy of the dictionaries' byte pools (overlay-dictionary.ts).
 * Bad options: KhopError 'BAD_ARGUMENT' with every problem's path in `issues`.
 */
import { randomUUID } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { KhopError, isKhopError } from '../errors.js';
import { RegisterIndex, settingsKey, type RegisterIndexTransferable, type RegisterRecord } from '../engine/register-index.js';
import { PROBE_CAPACITY, RegisterProbe } from '../engine/register-probe.js';
import { shareTf, type SharedTf } from '../engine/link-context.js';
import { resultColumns, type FormattedResults } from '../engine/result-rows.js';
import { zodIssues, loadSettings } from '../model/load-settings.js';
import { resolveSettings } from '../model/presets.js';
import { loadModel, modelToJson, parseModel, type KhopModel } from '../model/model-file.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import { RecordReader } from './match-record.js';
import { toMatchResult } from './match-result.js';
import { matcherOptionsSchema, matchStreamOptionsSchema, type MatchRecordLike, type MatcherOptions, type MatchResult, type MatchStreamOptions, type ResolvedMatcherOptions } from './matcher-schema.js';
import { orderedBatches } from './ordered-batches.js';
import { StreamPool } from './stream-pool.js';
import type { ProbeTask } from './stream-worker.js';
import { untrainedModel } from './untrained-model.js';

export interface Matcher {
  readonly settings: Settings;
  readonly model: KhopModel;
  /** 'given' when a model was passed, 'untrained' when it was made from the register (untrained-model.ts). */
  readonly modelSource: 'given' | 'untrained';
  readonly thresholds: ThresholdSettings;
  readonly index: RegisterIndex;
  /** Worker threads of `matchStream`: the `threads` option, at most the machine's cores (1: the calling thread). */
  readonly threads: number;
  /** The results.csv header for these settings (resultColumns). */
  readonly columns: readonly string[];
  /** The columns a record is read for (the right side's ID and field columns); other keys are ignored. */
  readonly recordColumns: readonly string[];
  /** Links one record on the calling thread. Invalid record: KhopError 'RECORD_INVALID' naming the column. */
  matchOne<R extends MatchRecordLike<R>>(record: R): MatchResult;
  /** Links records on the calling thread, in order; `line` of an error is the record's 1-based position. */
  matchMany<R extends MatchRecordLike<R>>(records: Iterable<R>): MatchResult[];
  /** Links a stream of records (async or sync iterable, or an object-mode Readable) in input order. */
  matchStream(source: AsyncIterable<unknown> | Iterable<unknown>, options?: MatchStreamOptions): AsyncGenerator<MatchResult, void, undefined>;
  /** Ends the worker threads; the matcher cannot be used afterwards. */
  close(): Promise<void>;
}

/** Option problems in one line: `path: message; …`, a problem of the whole object by its message alone. */
function issuesText(issues: readonly { path: string; message: string }[]): string {
  return issues.map((i) => (i.path === '' ? i.message : `${i.path}: ${i.message}`)).join('; ');
}

export async function createMatcher(options: MatcherOptions): Promise<Matcher> {
  const parsed = matcherOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issues = zodIssues(parsed.error);
    throw new KhopError('BAD_ARGUMENT', `createMatcher: ${issuesText(issues)}`, {}, issues);
  }
  const o = parsed.data;
  const model = o.model === undefined ? undefined : readModel(o.model);
  const saved = typeof o.registry === 'string' && RegisterIndex.isIndexFile(o.registry) ? RegisterIndex.load(o.registry) : o.registry instanceof RegisterIndex ? o.registry : undefined;
  const settings = o.settings !== undefined ? readSettings(o.settings) : (saved?.settings ?? model?.settings ?? resolveSettings(undefined));
  const index = saved ?? (await buildIndex(o.registry, settings, o.onReject));
  if (index.settingsKey !== settingsKey(settings)) {
    throw new KhopError('BAD_ARGUMENT', 'the settings differ from the register index’s in fields, sides or blocking rules: rebuild the index with them');
  }
  if (model !== undefined && JSON.stringify(model.settings.comparisons) !== JSON.stringify(settings.comparisons)) {
    throw new KhopError('MODEL_INVALID', 'the model was trained with other comparisons than these settings; pass its settings or retrain', typeof o.model === 'string' ? { file: o.model } : {});
  }
  // A key given as undefined keeps the settings' value (a spread would put undefined in its place).
  const overrides = Object.fromEntries(Object.entries(o.thresholds ?? {}).filter(([, v]) => v !== undefined));
  // Without settings of its own, the thresholds are the model's (a model.json that khop match
  // estimated holds the ones that run decided with), also when the settings come from a saved index.
  const base = o.settings === undefined && model !== undefined ? model.settings.thresholds : settings.thresholds;
  const thresholds = { ...base, ...overrides };
  if (!(thresholds.review <= thresholds.auto_accept)) {
    throw new KhopError('BAD_ARGUMENT', 'the review threshold must not be above the auto-accept threshold');
  }
  return new KhopMatcher(o, settings, index, model ?? untrainedModel(settings, index.left), model === undefined ? 'untrained' : 'given', thresholds);
}

class KhopMatcher implements Matcher {
  readonly columns: readonly string[];
  readonly threads: number;
  private readonly probe: RegisterProbe;
  private readonly reader: RecordReader;
  private readonly id = randomUUID();
  private pool: StreamPool | null = null;
  private shared: RegisterIndexTransferable | null = null;
  private sharedTf: SharedTf[] | null = null;
  private closed = false;

  constructor(
    private readonly options: ResolvedMatcherOptions,
    readonly settings: Settings,
    readonly index: RegisterIndex,
    readonly model: KhopModel,
    readonly modelSource: 'given' | 'untrained',
    readonly thresholds: ThresholdSettings,
  ) {
    this.columns = resultColumns(settings.left, settings.right);
    this.threads = Math.min(options.threads, availableParallelism());
    this.reader = new RecordReader(settings, 'right');
    this.probe = new RegisterProbe(index, { settings, parameters: model.parameters, thresholds, topK: options.topK, capacity: options.batchSize });
  }

  get recordColumns(): readonly string[] {
    return this.reader.columns;
  }

  matchOne<R extends MatchRecordLike<R>>(record: R): MatchResult {
    this.assertOpen();
    const cells = this.reader.read(record);
    return toMatchResult(this.probe.link([cells])[0], this.index.left);
  }

  matchMany<R extends MatchRecordLike<R>>(records: Iterable<R>): MatchResult[] {
    this.assertOpen();
    if (typeof records !== 'object' || records === null || !(Symbol.iterator in records)) {
      throw new KhopError('BAD_ARGUMENT', 'matchMany reads an iterable of records (an array); matchStream reads async ones');
    }
    const cells: RegisterRecord[] = [];
    let position = 0;
    for (const r of records) cells.push(this.reader.read(r, ++position));
    return this.probe.link(cells).map((p) => toMatchResult(p, this.index.left));
  }

  matchStream(source: AsyncIterable<unknown> | Iterable<unknown>, options: MatchStreamOptions = {}): AsyncGenerator<MatchResult, void, undefined> {
    this.assertOpen();
    const parsed = matchStreamOptionsSchema.safeParse(options);
    if (!parsed.success) {
      const issues = zodIssues(parsed.error);
      throw new KhopError('BAD_ARGUMENT', `matchStream: ${issuesText(issues)}`, {}, issues);
    }
    if (typeof source !== 'object' || source === null || !(Symbol.asyncIterator in source || Symbol.iterator in source)) {
      throw new KhopError('BAD_ARGUMENT', 'matchStream reads an iterable, an async iterable or an object-mode Readable of records');
    }
    const threads = this.threads;
    const { onInvalid } = parsed.data;
    const batchSize = parsed.data.batchSize ?? this.options.batchSize;
    const maxInFlight = parsed.data.maxBatchesInFlight ?? (threads > 1 ? 2 * threads : 1);
    const read = (item: unknown, position: number): RegisterRecord | undefined => {
      if (onInvalid === undefined) return this.reader.read(item, position);
      try {
        return this.reader.read(item, position);
      } catch (e) {
        if (!isKhopError(e)) throw e;
        onInvalid(e, position);
        return undefined;
      }
    };
    const run = threads > 1 ? (batch: RegisterRecord[]) => this.runInPool(batch) : async (batch: RegisterRecord[]) => this.matchBatch(batch);
    // Results already linked are not handed out once close() has been called: the stream fails.
    const check = (): void => {
      if (this.closed) throw new KhopError('BAD_ARGUMENT', 'the matcher was closed while records were being linked');
    };
    return orderedBatches(source, { batchSize, maxInFlight, read, run, check });
  }

  async close(): Promise<void> {
    this.closed = true;
    const pool = this.pool;
    this.pool = null;
    if (pool !== null) await pool.close();
  }

  private matchBatch(batch: RegisterRecord[]): MatchResult[] {
    this.assertOpen();
    return this.probe.link(batch).map((p) => toMatchResult(p, this.index.left));
  }

  /** See `csvBatchLinker`. */
  async linkCsvBatch(header: readonly string[], bytes: Uint8Array): Promise<FormattedResults> {
    this.assertOpen();
    if (this.threads === 1) return this.probe.linkCsv(header, bytes);
    return this.inPool((pool, task) => pool.runCsv({ ...task, header, bytes }));
  }

  get batchSize(): number {
    return this.options.batchSize;
  }

  private runInPool(records: RegisterRecord[]): Promise<MatchResult[]> {
    return this.inPool((pool, task) => pool.run({ ...task, records }));
  }

  private async inPool<T>(run: (pool: StreamPool, task: ProbeTask) => Promise<T>): Promise<T> {
    this.assertOpen();
    this.pool ??= new StreamPool(this.threads);
    const task: ProbeTask = {
      matcherId: this.id,
      index: (this.shared ??= this.index.toTransferable()),
      settings: this.settings,
      parameters: this.model.parameters,
      thresholds: this.thresholds,
      topK: this.options.topK,
      // At least the probe's default: a record stream's own batches may be larger than the matcher's
      // batch size (matchStream's batchSize option), and fewer passes link them faster.
      capacity: Math.max(this.options.batchSize, PROBE_CAPACITY),
      tf: (this.sharedTf ??= shareTf(this.probe.tf)),
    };
    try {
      return await run(this.pool, task);
    } catch (e) {
      // A batch in flight when close() ended the workers, or a worker's failure: an error cloned
      // across threads has lost its KhopError code, so it is given one here.
      if (this.closed) throw new KhopError('BAD_ARGUMENT', 'the matcher was closed while records were being linked');
      if (isKhopError(e)) throw e;
      throw new KhopError('INTERNAL', `a matcher worker failed: ${e instanceof Error ? e.message : String(e)}`);
    }
  }

  private assertOpen(): void {
    if (this.closed) throw new KhopError('BAD_ARGUMENT', 'this matcher is closed');
  }
}

/**
 * For `khop match` on a saved index (cli/match-on-index.ts), not part of the package's API: links
 * CSV rows given as bytes (RegisterProbe.linkCsv: at most `batchSize` rows, each followed by CR LF
 * as cli/csv-batches.ts cuts them, all well-formed with the header's width) and answers with
 * their results.csv rows as bytes, in the workers when the matcher has threads. Record and result
 * objects are never made.
 */
export interface CsvBatchLinker {
  readonly batchSize: number;
  readonly threads: number;
  linkCsvBatch(header: readonly string[], bytes: Uint8Array): Promise<FormattedResults>;
}

export function csvBatchLinker(matcher: Matcher): CsvBatchLinker {
  if (!(matcher instanceof KhopMatcher)) throw new KhopError('INTERNAL', 'not a matcher made by createMatcher');
  return matcher;
}

function readSettings(spec: string | Record<string, unknown>): Settings {
  return typeof spec === 'string' ? resolveSettings(spec) : loadSettings(spec);
}

/** A model file, a model document, or a model object (`loadModel`'s value), validated the same way. */
function readModel(spec: string | KhopModel | Readonly<Record<string, unknown>>): KhopModel {
  if (typeof spec === 'string') return loadModel(spec);
  if ('format' in spec) return parseModel(spec);
  let doc: object;
  try {
    doc = modelToJson(spec as unknown as KhopModel);
  } catch {
    throw new KhopError('MODEL_INVALID', 'the model is neither a model file document nor a model (settings, parameters, provenance)');
  }
  return parseModel(doc);
}

async function buildIndex(registry: ResolvedMatcherOptions['registry'], settings: Settings, onReject: ResolvedMatcherOptions['onReject']): Promise<RegisterIndex> {
  if (typeof registry === 'string') return RegisterIndex.build({ settings, registry, registryName: registry, ...(onReject === undefined ? {} : { onReject }) });
  if (registry instanceof RegisterIndex) return registry;
  // RegisterIndex.build checks each record (RecordReader) and names its position.
  return RegisterIndex.build({ settings, records: registry as Iterable<RegisterRecord> | AsyncIterable<RegisterRecord> });
}
