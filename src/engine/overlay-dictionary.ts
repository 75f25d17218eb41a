/**
 * A frozen field dictionary (column-dictionary.ts) with room for strings it has never seen: the
 * register's codes stay exactly as they are (0 … base.size − 1), and a query's unseen strings get
 * new codes appended after them. This is what lets a saved register index answer records that were
 * not there when its dictionaries were frozen.
 *
 * Why a copy of the base byte pool: the comparisons read both sides' strings from ONE byte pool
 * by code (`bytes[offsets[c], offsets[c + 1])`, the Jaro-Winkler levels) and insist that both
 * sides' columns use the same dictionary (compiled-comparison.ts, assertSameDictionary). So the
 * overlay holds the base's bytes and offsets followed by its own, in one pool, and the register's
 * columns are viewed through the overlay too (a second RecordStore over the same shared columns).
 * The copy is made once per thread that probes the register (tens of MB at 1M persons), never per
 * query. Lookups go by UTF-8 bytes to the base's own hash table, and only unseen strings touch the
 * overlay's own byte-keyed table (no JS string is made per lookup: a reader's cells arrive as bytes).
 *
 * What holds for unseen strings: a new code is never equal to a register code (so no equality
 * level and no blocking key made of dictionary codes can match it: blocking masks such keys, see
 * register-probe.ts), but its bytes are there for Jaro-Winkler and for keys computed from text
 * (initials, folded name parts), and its folded or variant forms, when seen in the register, get
 * the register's codes, so "Nguyen Van Hung" typed without marks still finds "Nguyễn Văn Hùng".
 *
 * Bounded memory: `reset()` drops every appended string (codes are reused afterwards). Anything
 * that remembers results by code (the Jaro-Winkler memo of a compiled comparison) must be thrown
 * away at the same time; the probe recompiles its comparisons when it resets.
 *
 * `fork()`: another dictionary object over the same appended strings (one shared state). Some
 * readers remember values per code keyed by the dictionary object itself (levels-string.ts keeps
 * each dictionary's texts, numbers and dates in a WeakMap, computed once for the size it had
 * then), which an overlay that grows or is reset would leave stale; a fresh object is what makes
 * them compute again, without copying the base pool again.
 */
import { KhopError } from '../errors.js';
import { Dictionary } from './column-dictionary.js';
import { ByteKeyTable, KEY_ABSENT } from './byte-key-table.js';
import { writeUtf8 } from './column-utf8.js';

/** UTF-8 of a string looked up or interned by text. */
let scratch = new Uint8Array(256);

/** Appended bytes and codes of room made at first, before anything is appended. */
const INITIAL_BYTES = 2 << 20;
const INITIAL_CODES = 1 << 16;

/** What every fork of one overlay shares: the joined pool and offsets, and the appended strings. */
interface OverlayState {
  joined: Uint8Array;
  offs: Uint32Array;
  codeCount: number;
  /** Appended strings by their UTF-8 → code: no JS string per string (a batch of doses brings thousands). */
  added: ByteKeyTable;
  version: number;
}

export class OverlayDictionary extends Dictionary {
  private readonly baseSize: number;
  private readonly baseBytes: number;
  private readonly state: OverlayState;

  constructor(
    readonly base: Dictionary,
    shared?: OverlayState,
  ) {
    super(0);
    if (!base.frozen) throw new KhopError('INTERNAL', 'an overlay needs a frozen base dictionary');
    this.baseSize = base.size;
    const baseOffsets = base.offsets;
    this.baseBytes = baseOffsets[this.baseSize];
    if (shared !== undefined) {
      this.state = shared;
      return;
    }
    const joined = new Uint8Array(this.baseBytes + INITIAL_BYTES);
    joined.set(base.bytes.subarray(0, this.baseBytes));
    const offs = new Uint32Array(this.baseSize + 1 + INITIAL_CODES);
    offs.set(baseOffsets.subarray(0, this.baseSize + 1));
    this.state = { joined, offs, codeCount: this.baseSize, added: new ByteKeyTable(), version: 0 };
  }

  /** Another object over the same strings: appends and resets through either are seen by both. */
  fork(): OverlayDictionary {
    return new OverlayDictionary(this.base, this.state);
  }

  override get size(): number {
    return this.state.codeCount;
  }

  /** Always readable: the comparisons require a frozen dictionary, and appends never move a code. */
  override get frozen(): boolean {
    return true;
  }

  /** Base pool then appended strings; replaced (grown) by an append, so read it after interning. */
  override get bytes(): Uint8Array {
    return this.state.joined;
  }

  override get offsets(): Uint32Array {
    return this.state.offs;
  }

  /**
   * Changes when the pool or offsets array is replaced (grown) or the appended strings are
   * dropped: whatever holds `bytes` or `offsets`, or remembers values by code, must then rebind.
   */
  get generation(): number {
    return this.state.version;
  }

  /** Strings appended since the last reset. */
  get appendedCodes(): number {
    return this.state.codeCount - this.baseSize;
  }

  /** Bytes appended since the last reset. */
  get appendedBytes(): number {
    return this.state.offs[this.state.codeCount] - this.baseBytes;
  }

  override intern(s: string): number {
    const n = this.utf8(s);
    return this.internBytes(scratch, 0, n);
  }

  override internBytes(bytes: Uint8Array, start: number, end: number): number {
    const known = this.base.findBytes(bytes, start, end);
    if (known >= 0) return known;
    const st = this.state;
    const seen = st.added.find(bytes, start, end);
    if (seen !== KEY_ABSENT) return seen;
    const len = end - start;
    this.ensure(st.offs[st.codeCount] + len, st.codeCount + 2);
    const at = st.offs[st.codeCount];
    st.joined.set(bytes.subarray(start, end), at);
    const code = st.codeCount++;
    st.offs[st.codeCount] = at + len;
    st.added.insert(bytes, start, end, code);
    return code;
  }

  override find(s: string): number {
    const n = this.utf8(s);
    const known = this.base.findBytes(scratch, 0, n);
    if (known >= 0) return known;
    const seen = this.state.added.find(scratch, 0, n);
    return seen === KEY_ABSENT ? -1 : seen;
  }

  /** Writes `s` as UTF-8 into `scratch`; returns its length. */
  private utf8(s: string): number {
    if (scratch.length < s.length * 3) scratch = new Uint8Array(s.length * 6);
    return writeUtf8(s, scratch, 0);
  }

  override string(code: number): string {
    if (code < this.baseSize) return this.base.string(code);
    const { codeCount, joined, offs } = this.state;
    if (code >= codeCount) throw new KhopError('INTERNAL', `dictionary code ${code} out of range`);
    return Buffer.from(joined.buffer, joined.byteOffset + offs[code], offs[code + 1] - offs[code]).toString('utf8');
  }

  /** Forgets every appended string. */
  reset(): void {
    this.state.version++;
    this.state.codeCount = this.baseSize;
    this.state.added = new ByteKeyTable();
  }

  override freeze(): void {}

  /** A snapshot would copy only the base class's empty state, not the register's strings nor the appended ones. */
  override snapshot(): never {
    throw new KhopError('INTERNAL', 'an overlay dictionary has no snapshot; snapshot its base instead');
  }

  override toTransferable(): never {
    throw new KhopError('INTERNAL', 'an overlay dictionary belongs to one thread; share its base instead');
  }

  private ensure(bytes: number, entries: number): void {
    const st = this.state;
    if (bytes > st.joined.length || entries > st.offs.length) st.version++;
    if (bytes > st.joined.length) {
      const next = new Uint8Array(Math.max(bytes, this.baseBytes + 2 * (st.joined.length - this.baseBytes)));
      next.set(st.joined.subarray(0, st.offs[st.codeCount]));
      st.joined = next;
    }
    if (entries > st.offs.length) {
      const next = new Uint32Array(Math.max(entries, this.baseSize + 1 + 2 * (st.offs.length - this.baseSize - 1)));
      next.set(st.offs.subarray(0, st.codeCount + 1));
      st.offs = next;
    }
  }
}
