/**
 * Blocking keys as numbers, and several keys combined into one.
 *
 * A key is a non-negative integer below 2^53 (exact in a double): a dictionary code, a year, a
 * 12-digit ID read as a number, or a 53-bit hash. "Missing" is NaN or any negative value (−1 in
 * Int32 code arrays), tested with `!(k >= 0)`, which catches both.
 *
 * Combining: when every part has a known bound (its radix: a year is below 2^15, a dictionary
 * code below 2^31) and the product of the radices is at most 2^53, the parts are packed in mixed radix,
 * which is exact (two different tuples never get the same key). Otherwise the parts are hashed to
 * 53 bits with two 32-bit MurmurHash3 lanes (Appleby, MurmurHash3: body step and fmix32
 * finalizer, https://github.com/aappleby/smhasher). A hash collision merges two blocks: it only
 * adds candidate pairs, which the scoring then rejects, and never loses one. At 1M distinct
 * combinations the expected number of colliding pairs is about n²/2^54 ≈ 6·10⁻⁵.
 *
 * Both sides of a rule must combine their parts with the same radices, so radices come from the
 * key expression (and the shared dictionary), never from the data of one side.
 */
import { fmix32 } from '../util/fmix32.js';
import { KhopError } from '../errors.js';

export type KeyArray = Float64Array | Int32Array;

/** 2^53: the largest radix product that packs exactly, and the radix of an unbounded (hashed) key. */
export const KEY_SPACE = 2 ** 53;
const TWO_32 = 2 ** 32;

export function isMissingKey(k: number): boolean {
  return !(k >= 0);
}

/** A Float64Array of `n` NaN (missing) keys in shared memory. */
export function sharedKeyArray(n: number): Float64Array {
  const a = new Float64Array(new SharedArrayBuffer(n * 8));
  a.fill(NaN);
  return a;
}

function mixWord(h: number, v: number): number {
  v = Math.imul(v, 0xcc9e2d51);
  v = (v << 15) | (v >>> 17);
  v = Math.imul(v, 0x1b873593);
  h ^= v;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}


/** 32-bit hash of one key (for hash-table slots). */
export function hashKey32(k: number): number {
  return fmix32(mixWord(mixWord(0x2f6b1d3a, k >>> 0), (k / TWO_32) >>> 0));
}

/**
 * Streaming 53-bit hash over a sequence of keys (each < 2^53). Reused, never allocated per row:
 * `reset()`, `add(k)` for each part, then `value()`.
 */
export class KeyHasher {
  private a = 0;
  private b = 0;
  private n = 0;

  reset(): this {
    this.a = 0x9747b28c;
    this.b = 0x5bd1e995;
    this.n = 0;
    return this;
  }

  add(k: number): this {
    const lo = k >>> 0;
    const hi = (k / TWO_32) >>> 0;
    this.a = mixWord(mixWord(this.a, lo), hi);
    // The second lane sees the words in the other order, so the lanes do not move together.
    this.b = mixWord(mixWord(this.b, hi ^ 0x7f4a7c15), lo);
    this.n++;
    return this;
  }

  value(): number {
    const a = fmix32(this.a ^ this.n);
    const b = fmix32(this.b ^ Math.imul(this.n, 0x27d4eb2f));
    return (b & 0x1fffff) * TWO_32 + a;
  }
}

const pairHasher = new KeyHasher();

/** The 53-bit hash of the pair (a, b): how a refine key is joined to its rule's key. */
export function hashKeyPair(a: number, b: number): number {
  return pairHasher.reset().add(a).add(b).value();
}

/** Whether parts with these radices pack exactly into one key. */
export function packsExactly(radices: readonly number[]): boolean {
  let product = 1;
  for (const r of radices) {
    if (!(r >= 1) || !Number.isInteger(r)) throw new KhopError('INTERNAL', 'a key radix must be a positive integer');
    product *= r;
    if (product > KEY_SPACE) return false;
  }
  return true;
}

/**
 * Combines per-record key arrays position by position into one Float64Array (shared memory):
 * missing when any part is missing, mixed-radix packing when `packsExactly(radices)`, else the
 * 53-bit hash of the parts. A single part is copied as is.
 */
export function combineKeyArrays(parts: readonly KeyArray[], radices: readonly number[]): Float64Array {
  if (parts.length === 0 || parts.length !== radices.length) {
    throw new KhopError('INTERNAL', 'combineKeyArrays needs one radix per part and at least one part');
  }
  const n = parts[0].length;
  for (const p of parts) if (p.length !== n) throw new KhopError('INTERNAL', 'key arrays of different lengths');
  const out = sharedKeyArray(n);
  const exact = packsExactly(radices);
  const hasher = new KeyHasher();
  for (let i = 0; i < n; i++) {
    let key = 0;
    let missing = false;
    if (!exact) hasher.reset();
    for (let p = 0; p < parts.length; p++) {
      const v = parts[p][i];
      if (!(v >= 0)) {
        missing = true;
        break;
      }
      if (exact) {
        if (v >= radices[p]) throw new KhopError('INTERNAL', 'a key part is not below its radix', { path: `part ${p}` });
        key = key * radices[p] + v;
      } else {
        hasher.add(v);
      }
    }
    if (!missing) out[i] = exact ? key : hasher.value();
  }
  return out;
}

/** `keys` itself when it already fills a SharedArrayBuffer, else a shared copy (so it can go to a worker). */
export function sharedKeys(keys: KeyArray): KeyArray {
  if (keys.buffer instanceof SharedArrayBuffer && keys.byteOffset === 0 && keys.byteLength === keys.buffer.byteLength) return keys;
  const out = keys instanceof Float64Array ? new Float64Array(new SharedArrayBuffer(keys.length * 8)) : new Int32Array(new SharedArrayBuffer(keys.length * 4));
  out.set(keys);
  return out;
}

export function keyArrayType(keys: KeyArray): 'float64' | 'int32' {
  return keys instanceof Float64Array ? 'float64' : 'int32';
}

export function keyArrayOf(buffer: SharedArrayBuffer, type: 'float64' | 'int32'): KeyArray {
  return type === 'float64' ? new Float64Array(buffer) : new Int32Array(buffer);
}
