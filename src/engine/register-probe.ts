/**
 * New records (doses) linked against a kept register index (register-index.ts), a batch at a
 * time, with the match job's own machinery: the batch becomes a right-side RecordStore (read by
 * the RecordStoreBuilder, or for a single lookup written in place by row-writer.ts, which is
 * tested against it), its blocking keys are computed by the same key expressions and looked up in
 * the register's indexes, and `linkRange` scores the candidates (Scorer) and `ResultBuilder`
 * decides and names the corrections. Nothing of scoring or deciding is re-implemented here; what is new is only how the
 * right side meets a register whose dictionaries were frozen without it:
 *
 * - Strings: each field's dictionary is wrapped in an OverlayDictionary (overlay-dictionary.ts),
 *   one per probe (per thread), and the register's columns are viewed through the overlays, so
 *   both sides share one dictionary as the comparisons require. When a compared string field's
 *   overlay gains or drops strings, the stores are viewed through new forks of the overlays before
 *   the comparisons are compiled again: the string levels keep per-dictionary tables (texts,
 *   numbers, dates) keyed by the dictionary object, which would otherwise be those of its old size
 *   or, after a reset, of strings whose codes were reused.
 * - Keys and rules: the register's compiled rules joined to this probe's right-key arrays, made
 *   once and written in place for every batch (probe-rules.ts).
 * - Stores: the right side lives in two stores made once (probe-store.ts: one of `capacity` rows
 *   for batches, one row for lookups), so the scorer and result builder over each are made once
 *   too, and again only when a store grows or an overlay's pool grows or resets (`bind`).
 *
 * One probe belongs to one thread; a worker makes its own from the index's transferable form.
 */
import { KhopError } from '../errors.js';
import { CsvScanner } from '../io/csv-scanner.js';
import { compileComparisons } from '../model/comparisons.js';
import type { ModelParameters } from '../model/fellegi-sunter.js';
import { Scorer } from '../model/scorer.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import { buildTfAdjustments, type TfLevelAdjustment } from '../model/tf-adjustment.js';
import type { Dictionary } from './column-dictionary.js';
import { NameLearning } from './column-name.js';
import { fieldRoles, type FieldRoles } from './field-roles.js';
import { idExactLevel, pruneRuleFor, tfWithLeftCodes, type SharedTf } from './link-context.js';
import { allocateLinkOutput, LinkScratch, linkRange, type LinkOutput } from './link-range.js';
import { OverlayDictionary } from './overlay-dictionary.js';
import { ProbeRules } from './probe-rules.js';
import { ProbeStore } from './probe-store.js';
import { RowWriter } from './row-writer.js';
import { FieldDictionaries, RecordStore, RecordStoreBuilder } from './record-store.js';
import { settingsKey, type RegisterIndex, type RegisterRecord } from './register-index.js';
import { buildSettlePlan, type SettlePlan } from './settle-plan.js';
import { formatResultRange, ResultBuilder, type FormattedResults, type ResultRow } from './result-rows.js';

/** Right rows a probe links per pass (a larger batch is linked in passes). */
export const PROBE_CAPACITY = 8192;
/**
 * Appended dictionary bytes, or strings, after which the overlays start again: bounded memory in a
 * long stream (an appended string costs its bytes twice, in the pool and in the overlay's table,
 * plus its offset and table slots: at 512k strings the table has 2^21 slots of 16 bytes, so up to
 * ~70 MB per name overlay per thread). Each reset throws away what the probe remembers by code (the
 * names learned, the Jaro-Winkler memo) and recompiles the comparisons, so resets should be rare:
 * a batch of 8,192 doses appends ~10k strings.
 */
const OVERLAY_RESET_BYTES = 16 << 20;
const OVERLAY_RESET_CODES = 1 << 19;
/**
 * Int32s of the names learned (NameLearning, ~10 per distinct raw name, plus its bytes and table
 * slot) after which the probe forgets them: bounded memory in a stream of names the register
 * already holds, which append nothing to the overlays. ~40 MB per name field per thread.
 */
const LEARNED_NAMES_MAX = 1 << 22;

export interface ProbeOptions {
  parameters: ModelParameters;
  thresholds: ThresholdSettings;
  /**
   * Candidates to report per record, best first. 0: none, and then the candidates that cannot
   * change a decision are not scored in full (the match job's pruning, link-range.ts), with the
   * same results.
   */
  topK: number;
  /** Right rows per pass (default PROBE_CAPACITY). */
  capacity?: number;
  /**
   * Settings to score with, when not the index's own: comparisons, thresholds and EM options may
   * differ, what the index was built from (fields, sides, blocking rules) may not.
   */
  settings?: Settings;
  /** Appended dictionary bytes after which the overlays start again (default 16 MiB; or 512k strings). */
  overlayResetBytes?: number;
  /** Size (NameLearning.size) past which a name field's learned names are forgotten (default LEARNED_NAMES_MAX). */
  learnedNamesMax?: number;
  /**
   * Term-frequency tables made by another probe of the same index and settings (`shareTf(probe.tf)`,
   * shared memory): a worker's probe then does not count the register's codes again.
   */
  tf?: readonly SharedTf[];
}

export interface ProbeCandidate {
  /** Register row. */
  row: number;
  weight: number;
}

export interface ProbedRecord {
  result: ResultRow;
  /** The best `topK` candidates, by weight, ties to the lower register row. */
  candidates: ProbeCandidate[];
}

interface Bound {
  scorer: Scorer;
  results: ResultBuilder;
  /** When the settings have `only_unsettled` rules (settle-plan.ts). */
  settle: SettlePlan | undefined;
  storeGeneration: number;
  overlayGenerations: number[];
}

export class RegisterProbe {
  private readonly settings: Settings;
  /** The overlays (the current forks), by field, and the fields whose string levels read them. */
  private overlays: Map<string, OverlayDictionary>;
  private readonly valueFields: string[];
  /** Generation and size of each value field's overlay when the current forks were made. */
  private forkedAt: number[];
  private dictionaries: FieldDictionaries;
  /** The register's store, its dictionaries seen through the overlays. */
  private left: RecordStore;
  private readonly roles: FieldRoles;
  /** The term-frequency adjustments (tables in shared memory, see ProbeOptions.tf). */
  readonly tf: readonly TfLevelAdjustment[];
  private readonly rules: ProbeRules;
  private readonly scratch = new LinkScratch();
  private readonly idLevel: { idComparison: number; idExactLevel: number };
  /** The right store of batches, and the one-row store of single lookups (written by `writer`). */
  private readonly right: ProbeStore;
  private readonly single: ProbeStore;
  private readonly writer: RowWriter;
  private readonly bound = new Map<ProbeStore, Bound>();
  /** Per name field, the raw names learned since the overlays last started again (column-name.ts). */
  private nameLearning = new Map<string, NameLearning>();
  readonly capacity: number;

  constructor(
    readonly index: RegisterIndex,
    private readonly options: ProbeOptions,
  ) {
    this.settings = options.settings ?? index.settings;
    if (settingsKey(this.settings) !== index.settingsKey) {
      throw new KhopError('BAD_ARGUMENT', 'these settings differ from the register index’s in fields, sides or blocking rules: rebuild the index with them');
    }
    this.capacity = options.capacity ?? PROBE_CAPACITY;
    const base = index.left.dictionaries;
    this.overlays = new Map();
    this.valueFields = [];
    const compared = new Set(this.settings.comparisons.map((c) => c.field));
    for (const f of this.settings.fields) {
      if (f.type !== 'name' && f.type !== 'string' && f.type !== 'exact') continue;
      this.overlays.set(f.name, new OverlayDictionary(base.get(f.name)));
      if (f.type !== 'name' && compared.has(f.name)) this.valueFields.push(f.name);
    }
    this.forkedAt = this.valueStamp();
    this.dictionaries = new FieldDictionaries(new Map<string, Dictionary>(this.overlays));
    this.left = RecordStore.fromTransferable(index.left.toTransferable(), this.dictionaries);
    this.roles = fieldRoles(this.settings);
    const comparisons = compileComparisons(this.settings);
    this.tf = options.tf === undefined ? buildTfAdjustments(comparisons, this.settings.comparisons, this.left) : tfWithLeftCodes(options.tf, comparisons, this.left);
    this.right = new ProbeStore(this.settings, this.dictionaries, this.capacity);
    this.single = new ProbeStore(this.settings, this.dictionaries, 1);
    this.writer = new RowWriter(this.settings);
    // Binding checks the model against the settings, once, before any record is read.
    this.idLevel = idExactLevel(this.bind(this.single).scorer);
    this.rules = new ProbeRules(this.settings, index, this.capacity);
  }

  /** Links `records` (right-side columns → raw text), in order. */
  link(records: readonly RegisterRecord[]): ProbedRecord[] {
    const out: ProbedRecord[] = [];
    for (let from = 0; from < records.length; from += this.capacity) {
      this.linkPass(from === 0 && records.length <= this.capacity ? records : records.slice(from, Math.min(records.length, from + this.capacity)), out);
    }
    return out;
  }

  /**
   * Links CSV rows and formats their results.csv rows as the match job writes them (same bytes):
   * `bytes` holds at most `capacity` records of a file whose header is `header`, each followed by
   * CR LF (csv-batches.ts says why), every one well-formed with the header's width and not blank
   * (the caller's table parser has checked them and handled the others). The records go from the
   * scanner's bytes into the store (RecordStoreBuilder.addRecord), as the match job reads its
   * inputs, and no result object is made: for `khop match` on a saved index, whose workers this
   * keeps busy where objects made the main thread the bottleneck.
   */
  linkCsv(header: readonly string[], bytes: Uint8Array): FormattedResults {
    this.resetFullOverlays();
    const builder = this.batchBuilder(header);
    // The bytes are rows cut from a file after its header: a U+FEFF at their start is data.
    const scanner = new CsvScanner(
      (record) => {
        if (record.error !== null || record.fieldCount !== header.length) throw new KhopError('INTERNAL', 'linkCsv takes only well-formed rows of the header’s width');
        builder.addRecord(record);
      },
      { skipBom: false },
    );
    const batch = this.learning(() => {
      scanner.push(bytes);
      scanner.end();
      return builder.freeze();
    });
    const n = batch.size;
    if (n > this.capacity) throw new KhopError('INTERNAL', `linkCsv takes at most ${this.capacity} rows`);
    const into = n === 1 ? this.single : this.right;
    into.load(batch);
    const { link, results } = this.linkLoaded(into, batch, n);
    return formatResultRange(results, link);
  }

  private linkPass(records: readonly RegisterRecord[], out: ProbedRecord[]): void {
    this.resetFullOverlays();
    const n = records.length;
    // One record (a lookup) is written in place; a batch is read by the record store's own builder.
    let into = this.single;
    let keysOf = this.single.store;
    if (n !== 1 || !this.writer.write(records[0], this.single.store)) {
      keysOf = this.readBatch(records);
      into = n === 1 ? this.single : this.right;
      into.load(keysOf);
    }
    const { link, results } = this.linkLoaded(into, keysOf, n);
    const buf = this.scratch.candidates;
    const weights = this.scratch.weights;
    for (let r = 0; r < n; r++) {
      out.push({ result: results.build(link, r), candidates: topCandidates(buf.lefts, weights, buf.start(r), buf.end(r), this.options.topK) });
    }
  }

  /**
   * Bounded memory in a long stream: the overlays start again once full (bind() then recompiles the
   * comparisons), and the names learned go with them, whose codes they would no longer mean.
   */
  private resetFullOverlays(): void {
    const resetBytes = this.options.overlayResetBytes ?? OVERLAY_RESET_BYTES;
    const overlays = [...this.overlays.values()];
    if (overlays.some((o) => o.appendedBytes > resetBytes || o.appendedCodes > OVERLAY_RESET_CODES)) {
      for (const o of overlays) o.reset();
      this.nameLearning = new Map();
    }
    const max = this.options.learnedNamesMax ?? LEARNED_NAMES_MAX;
    for (const [field, learned] of this.nameLearning) if (learned.size > max) this.nameLearning.delete(field);
    for (const f of this.settings.fields) {
      if (f.type === 'name' && !this.nameLearning.has(f.name)) this.nameLearning.set(f.name, new NameLearning());
    }
  }

  /**
   * Runs a batch's read. A read that throws may leave a name's memo key without its entry (the key
   * goes in first), so the names learned are then forgotten rather than trusted.
   */
  private learning<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      this.nameLearning = new Map();
      throw e;
    }
  }

  /** A builder of a batch's store, going on from the names earlier batches taught. */
  private batchBuilder(header?: readonly string[]): RecordStoreBuilder {
    return new RecordStoreBuilder(this.settings, 'right', this.dictionaries, { nameLearning: this.nameLearning, ...(header === undefined ? {} : { header }) });
  }

  /** Links rows [0, n) of `into`, whose keys are computed from `keysOf` (the same rows). */
  private linkLoaded(into: ProbeStore, keysOf: RecordStore, n: number): { link: LinkOutput; results: ResultBuilder } {
    this.rules.fillKeys(keysOf, n);
    const { scorer, results } = this.bind(into);
    const link = allocateLinkOutput(0, n, scorer.comparisonCount);
    // Pruned scoring leaves the skipped candidates without a weight: only when none is reported.
    const prune = this.options.topK === 0 ? pruneRuleFor(this.options.thresholds) : undefined;
    const settle = prune === undefined ? undefined : this.bound.get(into)!.settle;
    linkRange({ generator: this.rules.generator, scorer, scratch: this.scratch, ...this.idLevel, prune, settle }, link);
    return { link, results };
  }

  /** The reference way to read records: the match job's RecordStoreBuilder (row-writer.ts is tested against it). */
  private readBatch(records: readonly RegisterRecord[]): RecordStore {
    const builder = this.batchBuilder();
    return this.learning(() => {
      for (const r of records) builder.add(r);
      return builder.freeze();
    });
  }

  /**
   * The scorer and result builder over the probe's right store, made again (with freshly compiled
   * comparisons, whose Jaro-Winkler memo is keyed by code) only when the store was replaced, an
   * overlay's pool was grown or reset, or a compared string field got new values.
   */
  private bind(store: ProbeStore): Bound {
    const stamp = this.valueStamp();
    if (stamp.some((v, k) => v !== this.forkedAt[k])) this.refork(stamp);
    const overlays = [...this.overlays.values()];
    const b = this.bound.get(store);
    if (b !== undefined && b.storeGeneration === store.generation && overlays.every((o, k) => o.generation === b.overlayGenerations[k])) return b;
    const scorer = new Scorer(this.settings, this.options.parameters, this.left, store.store, { comparisons: compileComparisons(this.settings), tf: this.tf });
    const results = new ResultBuilder({ left: this.left, right: store.store, scorer, roles: this.roles, thresholds: this.options.thresholds });
    const id = idExactLevel(scorer);
    const settle = buildSettlePlan(this.settings, scorer, id.idComparison, id.idExactLevel);
    const bound = { scorer, results, settle, storeGeneration: store.generation, overlayGenerations: overlays.map((o) => o.generation) };
    this.bound.set(store, bound);
    return bound;
  }

  /** Generation and size of each compared string field's overlay, as one list. */
  private valueStamp(): number[] {
    return this.valueFields.flatMap((f) => [this.overlays.get(f)!.generation, this.overlays.get(f)!.size]);
  }

  /** Views the register and both right stores through new forks of the value fields' overlays, and forgets every binding. */
  private refork(stamp: number[]): void {
    for (const f of this.valueFields) this.overlays.set(f, this.overlays.get(f)!.fork());
    this.dictionaries = new FieldDictionaries(new Map<string, Dictionary>(this.overlays));
    this.left = RecordStore.fromTransferable(this.index.left.toTransferable(), this.dictionaries);
    this.right.useDictionaries(this.dictionaries);
    this.single.useDictionaries(this.dictionaries);
    this.bound.clear();
    this.forkedAt = stamp;
  }
}

/** The k heaviest of pairs [p0, p1), best first; ties keep the lower register row (pairs come in ascending row). */
function topCandidates(lefts: Int32Array, weights: Float64Array, p0: number, p1: number, k: number): ProbeCandidate[] {
  const top: ProbeCandidate[] = [];
  if (k === 0) return top;
  for (let p = p0; p < p1; p++) {
    const w = weights[p];
    if (top.length === k) {
      if (!(w > top[k - 1].weight)) continue;
      top.pop();
    }
    let at = top.length;
    while (at > 0 && w > top[at - 1].weight) at--;
    top.splice(at, 0, { row: lefts[p], weight: w });
  }
  return top;
}
