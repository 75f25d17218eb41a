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
 * query. Lookups of known strings go to the base's own hash table; only unseen strings touch the
 * overlay's small map.
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
 */
import { KhopError } from '../errors.js';
import { Dictionary } from './column-dictionary.js';
import { writeUtf8 } from './column-utf8.js';

/** Appended bytes and codes of room made at first, before anything is appended. */
const INITIAL_BYTES = 2 << 20;
const INITIAL_CODES = 1 << 16;

export class OverlayDictionary extends Dictionary {
  private readonly baseSize: number;
  private readonly baseBytes: number;
  private joined: Uint8Array;
  private offs: Uint32Array;
  private codeCount: number;
  private readonly added = new Map<string, number>();
  private version = 0;

  constructor(readonly base: Dictionary) {
    super(0);
    if (!base.frozen) throw new KhopError('INTERNAL', 'an overlay needs a frozen base dictionary');
    this.baseSize = base.size;
    const baseOffsets = base.offsets;
    this.baseBytes = baseOffsets[this.baseSize];
    this.joined = new Uint8Array(this.baseBytes + INITIAL_BYTES);
    this.joined.set(base.bytes.subarray(0, this.baseBytes));
    this.offs = new Uint32Array(this.baseSize + 1 + INITIAL_CODES);
    this.offs.set(baseOffsets.subarray(0, this.baseSize + 1));
    this.codeCount = this.baseSize;
  }

  override get size(): number {
    return this.codeCount;
  }

  /** Always readable: the comparisons require a frozen dictionary, and appends never move a code. */
  override get frozen(): boolean {
    return true;
  }

  /** Base pool then appended strings; replaced (grown) by an append, so read it after interning. */
  override get bytes(): Uint8Array {
    return this.joined;
  }

  override get offsets(): Uint32Array {
    return this.offs;
  }

  /** Codes below this are the register's. */
  get registerSize(): number {
    return this.baseSize;
  }

  /**
   * Changes when the pool or offsets array is replaced (grown) or the appended strings are
   * dropped: whatever holds `bytes` or `offsets`, or remembers values by code, must then rebind.
   */
  get generation(): number {
    return this.version;
  }

  /** Strings appended since the last reset. */
  get appendedCodes(): number {
    return this.codeCount - this.baseSize;
  }

  /** Bytes appended since the last reset. */
  get appendedBytes(): number {
    return this.offs[this.codeCount] - this.baseBytes;
  }

  override intern(s: string): number {
    const known = this.base.find(s);
    if (known >= 0) return known;
    const seen = this.added.get(s);
    if (seen !== undefined) return seen;
    const at = this.offs[this.codeCount];
    this.ensure(at + s.length * 3, this.codeCount + 2);
    const end = at + writeUtf8(s, this.joined, at);
    const code = this.codeCount++;
    this.offs[this.codeCount] = end;
    this.added.set(s, code);
    return code;
  }

  override internBytes(bytes: Uint8Array, start: number, end: number): number {
    return this.intern(Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('utf8'));
  }

  override find(s: string): number {
    const known = this.base.find(s);
    return known >= 0 ? known : (this.added.get(s) ?? -1);
  }

  override string(code: number): string {
    if (code < this.baseSize) return this.base.string(code);
    if (code >= this.codeCount) throw new KhopError('INTERNAL', `dictionary code ${code} out of range`);
    const start = this.offs[code];
    return Buffer.from(this.joined.buffer, this.joined.byteOffset + start, this.offs[code + 1] - start).toString('utf8');
  }

  /** Forgets every appended string. */
  reset(): void {
    this.version++;
    this.codeCount = this.baseSize;
    this.added.clear();
  }

  override freeze(): void {}

  override toTransferable(): never {
    throw new KhopError('INTERNAL', 'an overlay dictionary belongs to one thread; share its base instead');
  }

  private ensure(bytes: number, entries: number): void {
    if (bytes > this.joined.length || entries > this.offs.length) this.version++;
    if (bytes > this.joined.length) {
      const next = new Uint8Array(Math.max(bytes, this.baseBytes + 2 * (this.joined.length - this.baseBytes)));
      next.set(this.joined.subarray(0, this.offs[this.codeCount]));
      this.joined = next;
    }
    if (entries > this.offs.length) {
      const next = new Uint32Array(Math.max(entries, this.baseSize + 1 + 2 * (this.offs.length - this.baseSize - 1)));
      next.set(this.offs.subarray(0, this.codeCount + 1));
      this.offs = next;
    }
  }
}
