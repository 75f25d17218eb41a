/**
 * ByteChunks: the bytes appended, in order, whatever the chunk size and however appends fall
 * across chunk boundaries; `length` counts them and `toShared` lays them out in shared memory.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteChunks } from '../../src/engine/column-growable.js';
import { isKhopError } from '../../src/errors.js';

describe('ByteChunks', () => {
  it('gives back the concatenation of what was appended, for any chunk sizes', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.integer({ min: 0, max: 3 }), fc.array(fc.uint8Array({ maxLength: 20 }), { maxLength: 20 }), (size, doublings, parts) => {
        const pool = new ByteChunks(size, size << doublings);
        for (const p of parts) pool.append(p, 0, p.length);
        const expected = Buffer.concat(parts);
        expect(pool.length).toBe(expected.length);
        const out = pool.toShared();
        expect(out.buffer).toBeInstanceOf(SharedArrayBuffer);
        expect(Buffer.from(out)).toEqual(expected);
      }),
    );
  });

  it('writes straight into `chunk` at `used`, after the bytes of the full chunks', () => {
    const pool = new ByteChunks(4, 8);
    pool.append(Uint8Array.of(1, 2, 3, 4, 5), 0, 5);
    expect([pool.length, pool.used, pool.chunk.length]).toEqual([5, 1, 8]);
    pool.chunk[pool.used++] = 6;
    expect([...pool.toShared()]).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it.each([[0, 8], [-1, 8], [1.5, 8], [8, 4]])('rejects chunk sizes %p, %p with INTERNAL', (first, max) => {
    try {
      new ByteChunks(first, max);
      expect.unreachable();
    } catch (e) {
      expect(isKhopError(e) && e.code).toBe('INTERNAL');
    }
  });
});
