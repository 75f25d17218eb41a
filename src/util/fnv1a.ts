/**
 * 32-bit FNV-1a (Fowler, Noll, Vo; http://www.isthe.com/chongo/tech/comp/fnv/) of a byte range,
 * as an unsigned number. Shared by the field dictionaries and the byte-keyed memo tables
 * (engine/byte-key-table.ts), which hash the same UTF-8 bytes.
 */
export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

export function fnv1a(bytes: Uint8Array, start: number, end: number): number {
  let h = FNV_OFFSET;
  for (let k = start; k < end; k++) h = Math.imul(h ^ bytes[k], FNV_PRIME);
  return h >>> 0;
}
