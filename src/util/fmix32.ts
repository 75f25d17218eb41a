/**
 * MurmurHash3's finalizer fmix32 (Austin Appleby, public domain): a bijective avalanche of a
 * 32-bit word. Shared by the blocking key hashes and the data generator's stream seeding.
 */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
