import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ByteKeyTable, KEY_ABSENT } from '../../src/engine/byte-key-table.js';

describe('ByteKeyTable: a byte-keyed map (vs a Map of the keys as strings)', () => {
  it('finds every inserted key’s value and no other key, through growth and hash collisions', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 12 }), { maxLength: 300 }), (keys) => {
        const table = new ByteKeyTable();
        const reference = new Map<string, number>();
        keys.forEach((key, i) => {
          // Each key sits at an offset inside a larger buffer, as cells do in a scanner's chunk.
          const bytes = Uint8Array.of(7, ...key, 9);
          const found = table.find(bytes, 1, 1 + key.length);
          const name = Buffer.from(key).toString('hex');
          expect(found).toBe(reference.get(name) ?? KEY_ABSENT);
          if (found === KEY_ABSENT) {
            table.insert(bytes, 1, 1 + key.length, i);
            reference.set(name, i);
          }
        });
        expect(table.size).toBe(reference.size);
        for (const [name, value] of reference) {
          const key = Buffer.from(name, 'hex');
          expect(table.find(key, 0, key.length)).toBe(value);
        }
      }),
    );
  });
});
