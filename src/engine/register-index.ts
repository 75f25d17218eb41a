/**
 * The register, indexed once and kept: its frozen record store (every column, the raw cells and
 * the field dictionaries) and the left side of every blocking rule (key indexes, ID deletion
 * neighbourhoods), built exactly as the match job builds them (BlockingPlan against a right side of
 * no rows), so a dose probed against it (register-probe.ts) meets the same candidates and scores.
 * Term-frequency tables are not kept: they are counts over the register's codes, rebuilt in
 * milliseconds by each scorer (tf-adjustment.ts), as a model file does not keep them either.
 *
 * Saved as one binary file (`khop index`, register-index-file.ts): the transferable forms
 * (`toTransferable()`, plain SharedArrayBuffers plus numbers and names) are what the workers
 * already receive, so a layout change in a column follows automatically; loading reads each buffer
 * straight into its own SharedArrayBuffer (no parsing per record), and the columns are views of
 * that memory, shareable with workers as they are.
 *
 * `settings_key` is a hash of what the index depends on (fields, sides, blocking rules): the
 * comparisons, thresholds and EM options may change without rebuilding it. A file whose tree does
 * not have the shape this version builds (a column or index laid out otherwise) is refused.
 */
import { createHash } from 'node:crypto';
import { BlockingPlan, type BlockingPlanTransferable } from '../blocking/blocking-plan.js';
import { KhopError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import type { Reject } from '../io/rejects.js';
import { parseSettings } from '../model/load-settings.js';
import type { Settings } from '../model/settings-schema.js';
import { sharedByteLength } from './column-growable.js';
import { loadSide } from './load-side.js';
import { isIndexFile, readIndexFile, writeIndexFile } from './register-index-file.js';
import { RecordReader } from '../api/match-record.js';
import { FieldDictionaries, RecordStore, RecordStoreBuilder, type RecordStoreTransferable } from './record-store.js';

export { INDEX_MAGIC } from './register-index-file.js';

export interface RegisterIndexTransferable {
  settings: Settings;
  left: RecordStoreTransferable;
  plan: BlockingPlanTransferable;
  rows: number;
  rejects: number;
}

export type RegisterRecord = Readonly<Record<string, string | undefined>>;

export interface RegisterIndexInput {
  settings: Settings;
  /** The register as CSV bytes (a path, `-`, a stream or chunks), or … */
  registry?: ByteSource;
  /** … as records: column → raw text, the register's columns as in the CSV header. */
  records?: Iterable<RegisterRecord> | AsyncIterable<RegisterRecord>;
  /** The register's name in errors and rejects. */
  registryName?: string;
  onReject?: (reject: Reject) => void;
  onProgress?: (rows: number) => void;
}

/** Hash of the settings an index depends on: fields, the two sides and the blocking rules. */
export function settingsKey(settings: Settings): string {
  const { fields, left } = settings;
  // How the doses' CSV is read (one line a record or not) changes nothing in the register's index.
  const { multiline_cells: _cells, ...right } = settings.right;
  // Which rules are asked only for unsettled records changes no index: an index saved without it serves settings with it.
  const blocking_rules = settings.blocking_rules.map((r) => {
    const { only_unsettled: _, ...rest } = r as Record<string, unknown>;
    return rest;
  });
  return createHash('sha256').update(JSON.stringify({ fields, left, right, blocking_rules })).digest('hex').slice(0, 16);
}

export class RegisterIndex {
  private constructor(
    readonly settings: Settings,
    readonly left: RecordStore,
    readonly plan: BlockingPlan,
    /** Register records read (stored + rejected), and rejected. */
    readonly rows: number,
    readonly rejects: number,
  ) {}

  /** Register persons held. */
  get size(): number {
    return this.left.size;
  }

  get settingsKey(): string {
    return settingsKey(this.settings);
  }

  /** Reads the register and builds every left-side blocking index. */
  static async build(input: RegisterIndexInput): Promise<RegisterIndex> {
    if (typeof input !== 'object' || input === null || input.settings === undefined) {
      throw new KhopError('BAD_ARGUMENT', 'RegisterIndex.build needs { settings, registry } or { settings, records }');
    }
    // Settings typed by hand in plain JavaScript get the checks (and defaults) of a settings file.
    const settings = parseSettings(input.settings);
    const dictionaries = FieldDictionaries.forSettings(settings);
    let builder: RecordStoreBuilder;
    let rows = 0;
    let rejects = 0;
    if (input.registry !== undefined) {
      const side = await loadSide({
        source: input.registry,
        file: input.registryName ?? 'registry',
        settings,
        side: 'left',
        dictionaries,
        onReject: input.onReject ?? (() => {}),
        onProgress: input.onProgress,
      });
      builder = side.builder;
      rows = side.rows + side.rejects;
      rejects = side.rejects;
    } else if (input.records !== undefined) {
      builder = new RecordStoreBuilder(settings, 'left', dictionaries);
      // Each record checked as the matcher checks one (RECORD_INVALID with its position and field):
      // an empty ID, a cell that is no string or number, a cell over the limit.
      const reader = new RecordReader(settings, 'left');
      for await (const record of input.records) {
        builder.add(reader.read(record, ++rows));
        if ((rows & 0xffff) === 0) input.onProgress?.(rows);
      }
    } else {
      throw new KhopError('BAD_ARGUMENT', 'a register index needs the register: a CSV source or records');
    }
    const left = builder.freeze();
    dictionaries.freeze();
    // The right side of no rows: the plan then holds the left indexes only (key radices come from
    // the register's dictionaries, which is what a probe computes its keys against).
    const noDoses = new RecordStoreBuilder(settings, 'right', dictionaries).freeze();
    const plan = BlockingPlan.build(settings.blocking_rules, left, noDoses);
    return new RegisterIndex(settings, left, plan, rows, rejects);
  }

  toTransferable(): RegisterIndexTransferable {
    return { settings: this.settings, left: this.left.toTransferable(), plan: this.plan.toTransferable(), rows: this.rows, rejects: this.rejects };
  }

  static fromTransferable(t: RegisterIndexTransferable): RegisterIndex {
    return new RegisterIndex(t.settings, RecordStore.fromTransferable(t.left), BlockingPlan.fromTransferable(t.plan), t.rows, t.rejects);
  }

  /** Bytes of shared memory held (store, dictionaries, indexes). */
  get byteLength(): number {
    const t = this.toTransferable();
    return sharedByteLength(t.left) + sharedByteLength(t.plan);
  }

  /** Writes the index to `path` (register-index-file.ts); returns the file's size. */
  save(path: string): number {
    const t = this.toTransferable();
    return writeIndexFile(path, { settings: this.settings, settingsKey: this.settingsKey, size: this.size, rows: this.rows, rejects: this.rejects, tree: { left: t.left, plan: t.plan } });
  }

  /** Whether the file at `path` is a saved register index of any format version (by its magic bytes; false when unreadable). */
  static isIndexFile(path: string): boolean {
    return isIndexFile(path);
  }

  /**
   * Reads an index written by `save`. Errors: FILE_NOT_FOUND, FILE_EMPTY, BAD_ARGUMENT (not an
   * index, another format version or layout, truncated, damaged), SETTINGS_INVALID.
   */
  static load(path: string): RegisterIndex {
    const file = readIndexFile(path, (settings) => parseSettings(settings, path), emptyTree);
    const tree = file.tree as { left: RecordStoreTransferable; plan: BlockingPlanTransferable };
    const index = RegisterIndex.fromTransferable({ settings: file.settings, left: tree.left, plan: tree.plan, rows: file.rows, rejects: file.rejects });
    if (index.size !== file.size || index.settingsKey !== file.settingsKey) {
      throw new KhopError('BAD_ARGUMENT', 'the register index does not hold what its header says', { file: path });
    }
    return index;
  }
}

/** Whether `path` is a saved register index (by its magic bytes); false when it cannot be read. */
export function isRegisterIndexFile(path: string): boolean {
  return RegisterIndex.isIndexFile(path);
}

/** The layout of a register of no persons under `settings`: what a loaded file's tree must look like. */
function emptyTree(settings: Settings): { left: RecordStoreTransferable; plan: BlockingPlanTransferable } {
  const dictionaries = FieldDictionaries.forSettings(settings, 1);
  const left = new RecordStoreBuilder(settings, 'left', dictionaries).freeze();
  dictionaries.freeze();
  const plan = BlockingPlan.build(settings.blocking_rules, left, new RecordStoreBuilder(settings, 'right', dictionaries).freeze());
  return { left: left.toTransferable(), plan: plan.toTransferable() };
}
