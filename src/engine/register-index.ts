/**
 * The register, indexed once and kept: its frozen record store (every column, the raw cells and
 * the field dictionaries) and the left side of every blocking rule (key indexes, ID deletion
 * neighbourhoods), built exactly as the match job builds them (BlockingPlan against a right side of
 * no rows), so a dose probed against it (register-probe.ts) meets the same candidates and scores.
 * Term-frequency tables are not kept: they are counts over the register's codes, rebuilt in
 * milliseconds by each scorer (tf-adjustment.ts), as a model file does not keep them either.
 *
 * Saved as one binary file (`khop index`):
 *   bytes 0-7   magic "KHOPIDX" + format version (1)
 *   bytes 8-11  header length H (uint32 LE)
 *   H bytes     JSON header: format, version, khop_version, created, settings, settings_key,
 *               size, rows, rejects, the store's and plan's transferable forms with every
 *               SharedArrayBuffer replaced by {"$buf": k}, and buffers[k] = [offset, length]
 *   then        the raw bytes of every buffer, each at an 8-aligned file offset
 * The transferable forms (`toTransferable()`, plain SharedArrayBuffers plus numbers and names) are
 * what the workers already receive, so a layout change in a column follows automatically. Loading
 * reads each buffer straight into its own SharedArrayBuffer (one read per buffer, no parsing per
 * record); the columns are then views of that memory, shareable with workers as they are. (One
 * SharedArrayBuffer for the whole file would need offset-taking `fromTransferable`s in every column.)
 *
 * `settings_key` is a hash of what the index depends on (fields, sides, blocking rules): the
 * comparisons, thresholds and EM options may change without rebuilding it. A file whose tree does
 * not have the shape this version builds (a column or index laid out otherwise) is refused.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync, writeSync, fstatSync } from 'node:fs';
import { z } from 'zod';
import { BlockingPlan, type BlockingPlanTransferable } from '../blocking/blocking-plan.js';
import { KhopError } from '../errors.js';
import type { ByteSource } from '../io/byte-source.js';
import type { Reject } from '../io/rejects.js';
import { parseSettings } from '../model/load-settings.js';
import type { Settings } from '../model/settings-schema.js';
import { VERSION } from '../version.js';
import { sharedByteLength } from './column-growable.js';
import { loadSide } from './load-side.js';
import { FieldDictionaries, RecordStore, RecordStoreBuilder, type RecordStoreTransferable } from './record-store.js';

export const INDEX_MAGIC = Buffer.from('KHOPIDX\u0001', 'latin1');
const FORMAT = 'khop-register-index';
const ALIGN = 8;
/** readSync/writeSync move at most 2 GiB per call. */
const IO_CHUNK = 1 << 30;

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

const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(1),
  khop_version: z.string(),
  created: z.string(),
  settings: z.unknown(),
  settings_key: z.string(),
  size: z.number().int().min(0),
  rows: z.number().int().min(0),
  rejects: z.number().int().min(0),
  tree: z.object({ left: z.unknown(), plan: z.unknown() }),
  buffers: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0)])),
});

/** Hash of the settings an index depends on: fields, the two sides and the blocking rules. */
export function settingsKey(settings: Settings): string {
  const { fields, left, right, blocking_rules } = settings;
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
    const { settings } = input;
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
      for await (const record of input.records) {
        builder.add(record);
        if ((++rows & 0xffff) === 0) input.onProgress?.(rows);
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

  /** Writes the index to `path` (see the header for the layout); returns the file's size. */
  save(path: string): number {
    const t = this.toTransferable();
    const buffers: SharedArrayBuffer[] = [];
    const seen = new Map<SharedArrayBuffer, number>();
    const tree = replaceBuffers({ left: t.left, plan: t.plan }, (b) => {
      let k = seen.get(b);
      if (k === undefined) {
        k = buffers.length;
        buffers.push(b);
        seen.set(b, k);
      }
      return k;
    });
    const header = {
      format: FORMAT,
      version: 1,
      khop_version: VERSION,
      created: new Date().toISOString(),
      settings: this.settings,
      settings_key: this.settingsKey,
      size: this.size,
      rows: this.rows,
      rejects: this.rejects,
      tree,
      buffers: [] as [number, number][],
    };
    // Offsets depend on the header's length, which depends on the offsets' digits: lay out until stable.
    let json = '';
    let start = 0;
    for (let guess = 0; ; ) {
      let at = align(guess);
      header.buffers = buffers.map((b) => {
        const entry: [number, number] = [at, b.byteLength];
        at = align(at + b.byteLength);
        return entry;
      });
      json = JSON.stringify(header);
      start = 12 + Buffer.byteLength(json);
      if (align(start) <= align(guess)) break;
      guess = start;
    }
    const fd = openFile(path, 'w');
    try {
      const head = Buffer.alloc(align(start));
      INDEX_MAGIC.copy(head, 0);
      head.writeUInt32LE(Buffer.byteLength(json), 8);
      head.write(json, 12, 'utf8');
      writeAll(fd, head, 0);
      buffers.forEach((b, k) => writeAll(fd, new Uint8Array(b), header.buffers[k][0]));
      return buffers.length === 0 ? head.length : header.buffers[buffers.length - 1][0] + buffers[buffers.length - 1].byteLength;
    } finally {
      closeSync(fd);
    }
  }

  /** Whether the file at `path` starts with the index's magic bytes (false when unreadable). */
  static isIndexFile(path: string): boolean {
    let fd: number;
    try {
      fd = openSync(path, 'r');
    } catch {
      return false;
    }
    try {
      const magic = Buffer.alloc(INDEX_MAGIC.length);
      return readSync(fd, magic, 0, magic.length, 0) === magic.length && magic.equals(INDEX_MAGIC);
    } finally {
      closeSync(fd);
    }
  }

  /** Reads an index written by `save`. Errors: FILE_NOT_FOUND, FILE_EMPTY, BAD_ARGUMENT (not an index, truncated, other version). */
  static load(path: string): RegisterIndex {
    const fd = openFile(path, 'r');
    try {
      const fileSize = fstatSync(fd).size;
      if (fileSize === 0) throw new KhopError('FILE_EMPTY', 'the register index is empty', { file: path });
      const prefix = Buffer.alloc(12);
      if (readSync(fd, prefix, 0, 12, 0) < 12 || !prefix.subarray(0, 8).equals(INDEX_MAGIC)) {
        throw new KhopError('BAD_ARGUMENT', 'not a khop register index (made by `khop index`), or another format version', { file: path });
      }
      const length = prefix.readUInt32LE(8);
      if (12 + length > fileSize) throw new KhopError('BAD_ARGUMENT', 'the register index is truncated', { file: path });
      const json = Buffer.alloc(length);
      readSync(fd, json, 0, length, 12);
      let doc: unknown;
      try {
        doc = JSON.parse(json.toString('utf8'));
      } catch {
        throw new KhopError('BAD_ARGUMENT', 'the register index header is not valid JSON', { file: path });
      }
      const parsed = headerSchema.safeParse(doc);
      if (!parsed.success) throw new KhopError('BAD_ARGUMENT', 'the register index header is not one this version reads', { file: path });
      const h = parsed.data;
      const settings = parseSettings(h.settings, path);
      const buffers = h.buffers.map(([offset, size]) => {
        if (offset + size > fileSize) throw new KhopError('BAD_ARGUMENT', 'the register index is truncated', { file: path });
        const b = new SharedArrayBuffer(size);
        readAll(fd, new Uint8Array(b), offset);
        return b;
      });
      // A file written by a version of khớp whose stores or indexes were laid out otherwise.
      if (shapeOf(h.tree) !== shapeOf(replaceBuffers(emptyTree(settings), () => 0))) {
        throw new KhopError('BAD_ARGUMENT', 'the register index was made by another version of khop (its layout differs): rebuild it with `khop index`', { file: path });
      }
      const tree = restoreBuffers(h.tree, buffers) as { left: RecordStoreTransferable; plan: BlockingPlanTransferable };
      const index = RegisterIndex.fromTransferable({ settings, left: tree.left, plan: tree.plan, rows: h.rows, rejects: h.rejects });
      if (index.size !== h.size) throw new KhopError('BAD_ARGUMENT', 'the register index does not hold the persons its header counts', { file: path });
      return index;
    } finally {
      closeSync(fd);
    }
  }
}

/** Whether `path` is a saved register index (by its magic bytes); false when it cannot be read. */
export function isRegisterIndexFile(path: string): boolean {
  return RegisterIndex.isIndexFile(path);
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}

function openFile(path: string, flags: 'r' | 'w'): number {
  try {
    return openSync(path, flags);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new KhopError('FILE_NOT_FOUND', flags === 'r' ? 'no such file' : 'its folder does not exist', { file: path });
    throw new KhopError('BAD_ARGUMENT', `cannot ${flags === 'r' ? 'read' : 'write'} (${code ?? 'error'})`, { file: path });
  }
}

function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  for (let done = 0; done < bytes.length; ) {
    done += writeSync(fd, bytes, done, Math.min(IO_CHUNK, bytes.length - done), position + done);
  }
}

function readAll(fd: number, into: Uint8Array, position: number): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, Math.min(IO_CHUNK, into.length - done), position + done);
    if (n === 0) throw new KhopError('BAD_ARGUMENT', 'the register index is truncated');
    done += n;
  }
}

/** The layout of a register of no persons under `settings`: what a loaded file's tree must look like. */
function emptyTree(settings: Settings): { left: RecordStoreTransferable; plan: BlockingPlanTransferable } {
  const dictionaries = FieldDictionaries.forSettings(settings, 1);
  const left = new RecordStoreBuilder(settings, 'left', dictionaries).freeze();
  dictionaries.freeze();
  const plan = BlockingPlan.build(settings.blocking_rules, left, new RecordStoreBuilder(settings, 'right', dictionaries).freeze());
  return { left: left.toTransferable(), plan: plan.toTransferable() };
}

/** The shape of a saved tree: its keys, array lengths and kinds of leaves, not their values. */
function shapeOf(tree: unknown): string {
  return JSON.stringify(tree, (_, v: unknown) => {
    if (typeof v === 'object' && v !== null && typeof (v as { $buf?: unknown }).$buf === 'number') return 'buffer';
    // undefined as JSON writes it: the key is left out.
    return typeof v === 'object' && v !== null ? v : v === undefined ? undefined : typeof v;
  });
}

/**
 * A copy of `value` with every SharedArrayBuffer replaced by {$buf: k}, and every number JSON
 * cannot write (a rule's max_block_size of Infinity) by {$num: "Infinity"}.
 */
function replaceBuffers(value: unknown, id: (b: SharedArrayBuffer) => number): unknown {
  if (value instanceof SharedArrayBuffer) return { $buf: id(value) };
  if (typeof value === 'number' && !Number.isFinite(value)) return { $num: String(value) };
  if (Array.isArray(value)) return value.map((v) => replaceBuffers(v, id));
  if (typeof value === 'object' && value !== null) {
    if (ArrayBuffer.isView(value) || value instanceof ArrayBuffer) throw new KhopError('INTERNAL', 'a transferable holds memory that is not shared');
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceBuffers(v, id)]));
  }
  return value;
}

function restoreBuffers(value: unknown, buffers: readonly SharedArrayBuffer[]): unknown {
  if (Array.isArray(value)) return value.map((v) => restoreBuffers(v, buffers));
  if (typeof value === 'object' && value !== null) {
    const num = (value as { $num?: unknown }).$num;
    if (num === 'Infinity' || num === '-Infinity' || num === 'NaN') return Number(num);
    const k = (value as { $buf?: unknown }).$buf;
    if (typeof k === 'number') {
      const b = buffers[k];
      if (b === undefined) throw new KhopError('BAD_ARGUMENT', 'the register index refers to a buffer it does not hold');
      return b;
    }
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, restoreBuffers(v, buffers)]));
  }
  return value;
}
