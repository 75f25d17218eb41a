/**
 * The file a register index (register-index.ts) is saved to by `khop index`: one binary file that
 * loads without parsing a record again.
 *
 *   bytes 0-7    magic "KHOPIDX" + format version (one byte, FORMAT_VERSION)
 *   bytes 8-11   header length H (uint32 LE)
 *   bytes 12-15  CRC-32 of the header's H bytes (uint32 LE)
 *   H bytes      JSON header: format, version, khop_version, created, settings, settings_key,
 *                size, rows, rejects, `tree` (the index's transferable form with every
 *                SharedArrayBuffer replaced by {"$buf": k} and every number JSON cannot write by
 *                {"$num": "Infinity"}), and buffers[k] = [offset, length, CRC-32]
 *   then         the raw bytes of every buffer, each at an 8-aligned file offset
 *
 * Why the checksums: the columns and indexes are read by offset and code without bounds checks
 * in the hot loops, so a file cut short (a copy interrupted, a full disk) or damaged must be
 * refused when it is loaded, with a typed error, rather than give wrong candidates or a RangeError
 * deep inside a lookup. CRC-32 (ISO-HDLC, zlib's, ITU-T V.42) is computed by zlib at about 1 GB/s,
 * a few tenths of a second on a 1M-person index.
 *
 * Version 1 (the first commit of issue 7) had no checksums; version 2 packed name keys with the
 * dictionary's size as radix, which version 3 replaced by a fixed one (key-expressions.ts), so a
 * version-2 index's keys would not meet the doses' keys computed now; version 4 changed the ID
 * neighbourhood's layout (one cache line per bucket, id-neighbourhood.ts); version 5 changed the
 * key indexes' layout (key-index.ts) and added the names' legacy-repair flags. Their files are refused as
 * another version's, and `isIndexFile` recognises any version so that they are refused as such,
 * not read as a register CSV.
 */
import { closeSync, fstatSync, openSync, readSync, writeSync } from 'node:fs';
import { crc32 } from 'node:zlib';
import { z } from 'zod';
import { KhopError } from '../errors.js';
import { VERSION } from '../version.js';
import { createdAt } from '../util/created-at.js';
import { writeFailure } from '../io/output-files.js';

const FORMAT = 'khop-register-index';
export const FORMAT_VERSION = 5;
/** "KHOPIDX" and the format version byte. */
export const INDEX_MAGIC = Buffer.from(`KHOPIDX${String.fromCharCode(FORMAT_VERSION)}`, 'latin1');
const PREFIX = 16;
const ALIGN = 8;
/** readSync/writeSync move at most 2 GiB per call. */
const IO_CHUNK = 1 << 30;

/** What a file holds besides its buffers. */
export interface IndexFileContent {
  settings: unknown;
  settingsKey: string;
  size: number;
  rows: number;
  rejects: number;
  /** The index's transferable tree (SharedArrayBuffers as they are). */
  tree: unknown;
}

const headerSchema = z.object({
  format: z.literal(FORMAT),
  version: z.literal(FORMAT_VERSION),
  khop_version: z.string(),
  created: z.string(),
  settings: z.unknown(),
  settings_key: z.string(),
  size: z.number().int().min(0),
  rows: z.number().int().min(0),
  rejects: z.number().int().min(0),
  tree: z.unknown(),
  buffers: z.array(z.tuple([z.number().int().min(0), z.number().int().min(0), z.number().int().min(0)])),
});

/** Writes `content` to `path`; returns the file's size. */
export function writeIndexFile(path: string, content: IndexFileContent): number {
  const buffers: SharedArrayBuffer[] = [];
  const seen = new Map<SharedArrayBuffer, number>();
  const tree = replaceBuffers(content.tree, (b) => {
    let k = seen.get(b);
    if (k === undefined) {
      k = buffers.length;
      buffers.push(b);
      seen.set(b, k);
    }
    return k;
  });
  const checks = buffers.map((b) => crc32(new Uint8Array(b)));
  const header = {
    format: FORMAT,
    version: FORMAT_VERSION,
    khop_version: VERSION,
    created: createdAt(),
    settings: content.settings,
    settings_key: content.settingsKey,
    size: content.size,
    rows: content.rows,
    rejects: content.rejects,
    tree,
    buffers: [] as [number, number, number][],
  };
  // Offsets depend on the header's length, which depends on the offsets' digits: lay out until stable.
  let json = Buffer.alloc(0);
  let start = 0;
  for (let guess = 0; ; ) {
    let at = align(guess);
    header.buffers = buffers.map((b, k) => {
      const entry: [number, number, number] = [at, b.byteLength, checks[k]];
      at = align(at + b.byteLength);
      return entry;
    });
    json = Buffer.from(JSON.stringify(header), 'utf8');
    start = PREFIX + json.length;
    if (align(start) <= align(guess)) break;
    guess = start;
  }
  const fd = openFile(path, 'w');
  try {
    const head = Buffer.alloc(align(start));
    INDEX_MAGIC.copy(head, 0);
    head.writeUInt32LE(json.length, 8);
    head.writeUInt32LE(crc32(json), 12);
    json.copy(head, PREFIX);
    writeAll(fd, head, 0);
    buffers.forEach((b, k) => writeAll(fd, new Uint8Array(b), header.buffers[k][0]));
    return buffers.length === 0 ? head.length : header.buffers[buffers.length - 1][0] + buffers[buffers.length - 1].byteLength;
  } catch (e) {
    throw writeFailure(e, 'cannot write the register index', path);
  } finally {
    closeSync(fd);
  }
}

/** Whether the file at `path` starts with the magic "KHOPIDX" of any format version (false when unreadable). */
export function isIndexFile(path: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return false;
  }
  try {
    const magic = Buffer.alloc(7);
    return readSync(fd, magic, 0, 7, 0) === 7 && magic.equals(INDEX_MAGIC.subarray(0, 7));
  } catch {
    // Not readable as a file (a directory: EISDIR): not an index; the CSV reader names the problem.
    return false;
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads a file written by `writeIndexFile`. `expectedShape(settings)` is the tree this version
 * builds for those settings (shapes compared, not values), checked before any buffer is read.
 * Errors: FILE_NOT_FOUND, FILE_EMPTY, BAD_ARGUMENT (not an index, another version, truncated or
 * damaged), each with the file and never a byte of its content.
 */
export function readIndexFile<S>(path: string, parseSettings: (settings: unknown) => S, expectedShape: (settings: S) => unknown): IndexFileContent & { settings: S } {
  const refuse = (message: string): KhopError => new KhopError('BAD_ARGUMENT', message, { file: path });
  const fd = openFile(path, 'r');
  try {
    const stat = fstatSync(fd);
    if (stat.isDirectory()) throw refuse('a folder, not a register index');
    const fileSize = stat.size;
    if (fileSize === 0) throw new KhopError('FILE_EMPTY', 'the register index is empty', { file: path });
    const prefix = Buffer.alloc(PREFIX);
    const got = readSync(fd, prefix, 0, PREFIX, 0);
    if (got < 8 || !prefix.subarray(0, 7).equals(INDEX_MAGIC.subarray(0, 7))) throw refuse('not a khop register index (made by `khop index`)');
    if (prefix[7] !== FORMAT_VERSION) throw refuse(`the register index is of format version ${prefix[7]}, this version of khop reads ${FORMAT_VERSION}: rebuild it with \`khop index\``);
    if (got < PREFIX) throw refuse('the register index is truncated');
    const length = prefix.readUInt32LE(8);
    if (PREFIX + length > fileSize) throw refuse('the register index is truncated');
    const json = Buffer.alloc(length);
    readAll(fd, json, PREFIX, path);
    if (crc32(json) !== prefix.readUInt32LE(12)) throw refuse('the register index header is damaged (checksum)');
    let doc: unknown;
    try {
      doc = JSON.parse(json.toString('utf8'));
    } catch {
      throw refuse('the register index header is not valid JSON');
    }
    const parsed = headerSchema.safeParse(doc);
    if (!parsed.success) throw refuse('the register index header is not one this version reads');
    const h = parsed.data;
    const settings = parseSettings(h.settings);
    // A file written by a version of khớp whose stores or indexes were laid out otherwise.
    if (shapeOf(h.tree) !== shapeOf(replaceBuffers(expectedShape(settings), () => 0))) {
      throw refuse('the register index was made by another version of khop (its layout differs): rebuild it with `khop index`');
    }
    const buffers = h.buffers.map(([offset, size, check]) => {
      if (offset + size > fileSize) throw refuse('the register index is truncated');
      const b = new SharedArrayBuffer(size);
      const bytes = new Uint8Array(b);
      readAll(fd, bytes, offset, path);
      if (crc32(bytes) !== check) throw refuse('the register index is damaged (checksum)');
      return b;
    });
    // writeIndexFile ends the file with its last buffer (or its header): more is damage.
    const last = h.buffers[h.buffers.length - 1];
    if (fileSize > (last === undefined ? align(PREFIX + length) : last[0] + last[1])) throw refuse('the register index has bytes after its end (damaged)');
    const tree = restoreBuffers(h.tree, buffers, refuse);
    return { settings, settingsKey: h.settings_key, size: h.size, rows: h.rows, rejects: h.rejects, tree };
  } finally {
    closeSync(fd);
  }
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

function readAll(fd: number, into: Uint8Array, position: number, path: string): void {
  for (let done = 0; done < into.length; ) {
    const n = readSync(fd, into, done, Math.min(IO_CHUNK, into.length - done), position + done);
    if (n === 0) throw new KhopError('BAD_ARGUMENT', 'the register index is truncated', { file: path });
    done += n;
  }
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

function restoreBuffers(value: unknown, buffers: readonly SharedArrayBuffer[], refuse: (message: string) => KhopError): unknown {
  if (Array.isArray(value)) return value.map((v) => restoreBuffers(v, buffers, refuse));
  if (typeof value === 'object' && value !== null) {
    const num = (value as { $num?: unknown }).$num;
    if (num === 'Infinity' || num === '-Infinity' || num === 'NaN') return Number(num);
    const k = (value as { $buf?: unknown }).$buf;
    if (typeof k === 'number') {
      const b = buffers[k];
      if (b === undefined) throw refuse('the register index refers to a buffer it does not hold');
      return b;
    }
    return Object.fromEntries(Object.entries(value).map(([key, v]) => [key, restoreBuffers(v, buffers, refuse)]));
  }
  return value;
}
