/**
 * Append-only typed arrays for building columns while rows stream in, and the copy into
 * SharedArrayBuffer-backed arrays of exact length when a column is frozen.
 *
 * Why copy at freeze instead of building in shared memory: a builder doubles its capacity as it
 * grows, so up to half of it is slack; copying once into an exact-size SharedArrayBuffer keeps
 * the frozen store (which lives for the whole match job and is read by every worker) tight, and the
 * builder's buffer is garbage as soon as the copy is made. Columns are copied one at a time, so the
 * transient peak is one column, not the whole store.
 */
import { KhopError } from '../errors.js';

export type TypedArray =
  | Int8Array
  | Uint8Array
  | Int16Array
  | Uint16Array
  | Int32Array
  | Uint32Array
  | Float32Array
  | Float64Array;

export interface TypedArrayConstructor<T extends TypedArray> {
  new (length: number): T;
  new (buffer: ArrayBufferLike, byteOffset?: number, length?: number): T;
  readonly BYTES_PER_ELEMENT: number;
}

export interface GrowableArray<T extends TypedArray> {
  readonly length: number;
  /** The live backing array: valid up to `length`, replaced when the array grows. */
  readonly array: T;
  /** Makes room for `extra` more elements without changing `length`. */
  reserve(extra: number): void;
  push(value: number): void;
  /** Declares `count` elements written directly into `array` (after `reserve`) as used. */
  advance(count: number): void;
  /** The used part, copied into a SharedArrayBuffer of exact size. */
  toShared(): T;
}

/**
 * The shared part of the growable arrays. `push` and `reserve` are defined again in each subclass
 * below, with the same bodies, on purpose: one `push` for all element types sees six typed-array
 * kinds at its store and goes megamorphic (measured at 12% of store-building time, and a shared
 * `reserve` at 4% of a dose file's read); one per subclass keeps its own monomorphic type feedback. (A class factory would not do: V8 shares feedback between closures
 * made from one function literal.)
 */
abstract class Growable<T extends TypedArray> implements GrowableArray<T> {
  protected data: T;
  protected used = 0;

  constructor(
    private readonly ctor: TypedArrayConstructor<T>,
    initialCapacity: number,
  ) {
    this.data = new ctor(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.used;
  }

  get array(): T {
    return this.data;
  }

  abstract reserve(extra: number): void;

  /** The slow part of `reserve`: a new backing array holding at least `needed` elements. */
  protected grow(needed: number): void {
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.used) as never);
    this.data = next;
  }

  abstract push(value: number): void;

  advance(count: number): void {
    this.used += count;
  }

  toShared(): T {
    return copyToShared(this.ctor, this.data, this.used);
  }
}

export class GrowableInt8 extends Growable<Int8Array> {
  constructor(initialCapacity = 1024) {
    super(Int8Array, initialCapacity);
  }
  reserve(extra: number): void {
    if (this.used + extra > this.data.length) this.grow(this.used + extra);
  }
  push(value: number): void {
    if (this.used === this.data.length) this.grow(this.used + 1);
    this.data[this.used++] = value;
  }
}

export class GrowableUint8 extends Growable<Uint8Array> {
  constructor(initialCapacity = 1024) {
    super(Uint8Array, initialCapacity);
  }
  reserve(extra: number): void {
    if (this.used + extra > this.data.length) this.grow(this.used + extra);
  }
  push(value: number): void {
    if (this.used === this.data.length) this.grow(this.used + 1);
    this.data[this.used++] = value;
  }
}

export class GrowableInt16 extends Growable<Int16Array> {
  constructor(initialCapacity = 1024) {
    super(Int16Array, initialCapacity);
  }
  reserve(extra: number): void {
    if (this.used + extra > this.data.length) this.grow(this.used + extra);
  }
  push(value: number): void {
    if (this.used === this.data.length) this.grow(this.used + 1);
    this.data[this.used++] = value;
  }
}

export class GrowableInt32 extends Growable<Int32Array> {
  constructor(initialCapacity = 1024) {
    super(Int32Array, initialCapacity);
  }
  reserve(extra: number): void {
    if (this.used + extra > this.data.length) this.grow(this.used + extra);
  }
  push(value: number): void {
    if (this.used === this.data.length) this.grow(this.used + 1);
    this.data[this.used++] = value;
  }
}

export class GrowableUint32 extends Growable<Uint32Array> {
  constructor(initialCapacity = 1024) {
    super(Uint32Array, initialCapacity);
  }
  reserve(extra: number): void {
    if (this.used + extra > this.data.length) this.grow(this.used + extra);
  }
  push(value: number): void {
    if (this.used === this.data.length) this.grow(this.used + 1);
    this.data[this.used++] = value;
  }
}

/** `source[0, length)` copied into a new SharedArrayBuffer-backed array of the same type. */
export function copyToShared<T extends TypedArray>(ctor: TypedArrayConstructor<T>, source: T, length: number): T {
  const out = new ctor(new SharedArrayBuffer(length * ctor.BYTES_PER_ELEMENT));
  out.set(source.subarray(0, length) as never);
  return out;
}

/** A typed array over the whole of `buffer`: how a transferable column becomes an array again. */
export function viewOf<T extends TypedArray>(ctor: TypedArrayConstructor<T>, buffer: SharedArrayBuffer): T {
  return new ctor(buffer, 0, buffer.byteLength / ctor.BYTES_PER_ELEMENT);
}

/** The SharedArrayBuffer under a frozen column (frozen columns always own their whole buffer). */
export function sharedBufferOf(array: TypedArray): SharedArrayBuffer {
  const buffer = array.buffer;
  if (!(buffer instanceof SharedArrayBuffer)) throw new KhopError('INTERNAL', 'a frozen column is not in shared memory');
  return buffer;
}

/** Total bytes of the SharedArrayBuffers reachable in a transferable object (for memory reports). */
export function sharedByteLength(value: unknown): number {
  if (value instanceof SharedArrayBuffer) return value.byteLength;
  if (Array.isArray(value)) return value.reduce((n: number, v) => n + sharedByteLength(v), 0);
  if (typeof value === 'object' && value !== null) return Object.values(value).reduce((n: number, v) => n + sharedByteLength(v), 0);
  return 0;
}

/**
 * An append-only byte pool kept in chunks, for the largest column built while rows stream in (the
 * raw cells: 55 MB for 1M doses). A doubling array copies everything it holds at each doubling,
 * allocates twice what it ends with, and holds the old and the new array at once; here nothing is
 * copied until `toShared`, which copies once, as a doubling array's `toShared` does too (measured
 * at 1M doses: 48 MB less peak RSS for the read, and ~30 ms less CPU).
 *
 * Chunks start small (a store of a few rows, as the library's lookups build, must not cost a
 * megabyte) and double up to `maxChunk`. Every chunk but the last is full, so the bytes of a value
 * that does not fit in the current chunk's rest continue in the next one (`append`), and
 * `toShared` lays the chunks end to end.
 */
export class ByteChunks {
  private readonly full: Uint8Array[] = [];
  private fullBytes = 0;
  /** The chunk being filled: bytes [0, used) are taken. */
  chunk: Uint8Array;
  used = 0;

  constructor(
    firstChunk = 64 << 10,
    private readonly maxChunk = 1 << 20,
  ) {
    if (!Number.isInteger(firstChunk) || firstChunk < 1 || !Number.isInteger(maxChunk) || maxChunk < firstChunk) {
      throw new KhopError('INTERNAL', 'byte chunks need positive integer sizes, the first no larger than the largest');
    }
    this.chunk = new Uint8Array(firstChunk);
  }

  /** Bytes in the pool. */
  get length(): number {
    return this.fullBytes + this.used;
  }

  /** Appends bytes[start, end), into as many chunks as it takes. */
  append(bytes: Uint8Array, start: number, end: number): void {
    let from = start;
    while (from < end) {
      if (this.used === this.chunk.length) this.nextChunk();
      const n = Math.min(end - from, this.chunk.length - this.used);
      this.chunk.set(bytes.subarray(from, from + n), this.used);
      this.used += n;
      from += n;
    }
  }

  private nextChunk(): void {
    this.full.push(this.chunk);
    this.fullBytes += this.chunk.length;
    this.chunk = new Uint8Array(Math.min(this.maxChunk, this.chunk.length * 2));
    this.used = 0;
  }

  /** The pool, copied into a SharedArrayBuffer of exact size. */
  toShared(): Uint8Array {
    const out = new Uint8Array(new SharedArrayBuffer(this.length));
    let at = 0;
    for (const c of this.full) {
      out.set(c, at);
      at += c.length;
    }
    out.set(this.chunk.subarray(0, this.used), at);
    return out;
  }
}
