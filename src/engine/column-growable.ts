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

export class GrowableArray<T extends TypedArray> {
  private data: T;
  private used = 0;

  constructor(
    private readonly ctor: TypedArrayConstructor<T>,
    initialCapacity = 1024,
  ) {
    this.data = new ctor(Math.max(16, initialCapacity));
  }

  get length(): number {
    return this.used;
  }

  /** The live backing array: valid up to `length`, replaced when the array grows. */
  get array(): T {
    return this.data;
  }

  /** Makes room for `extra` more elements without changing `length`. */
  reserve(extra: number): void {
    const needed = this.used + extra;
    if (needed <= this.data.length) return;
    let capacity = this.data.length * 2;
    while (capacity < needed) capacity *= 2;
    const next = new this.ctor(capacity);
    next.set(this.data.subarray(0, this.used) as never);
    this.data = next;
  }

  push(value: number): void {
    if (this.used === this.data.length) this.reserve(1);
    this.data[this.used++] = value;
  }

  /** Declares `count` elements written directly into `array` (after `reserve`) as used. */
  advance(count: number): void {
    this.used += count;
  }

  get(index: number): number {
    return this.data[index];
  }

  set(index: number, value: number): void {
    this.data[index] = value;
  }

  /** The used part, copied into a SharedArrayBuffer of exact size. */
  toShared(): T {
    return copyToShared(this.ctor, this.data, this.used);
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
