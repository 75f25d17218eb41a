import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { ShuffleWindow } from '../../src/generate/shuffle-window.js';
import { Sfc32 } from '../../src/generate/prng.js';

function shuffle(items: number[], capacity: number, seed: number): number[] {
  const w = new ShuffleWindow<number>(capacity);
  const rng = new Sfc32(seed);
  const out: number[] = [];
  for (const x of items) {
    const y = w.push(x, rng);
    if (y !== undefined) out.push(y);
    expect(w.size).toBeLessThanOrEqual(capacity);
  }
  out.push(...w.drain(rng));
  return out;
}

describe('ShuffleWindow', () => {
  it('emits every item exactly once', () => {
    fc.assert(
      fc.property(fc.array(fc.integer(), { maxLength: 300 }), fc.integer({ min: 1, max: 64 }), fc.integer({ min: 0, max: 1000 }), (items, capacity, seed) => {
        expect(shuffle(items, capacity, seed).sort((a, b) => a - b)).toEqual([...items].sort((a, b) => a - b));
      }),
    );
  });

  it('changes the order when the window holds more than one item', () => {
    const items = Array.from({ length: 1000 }, (_, i) => i);
    expect(shuffle(items, 64, 1)).not.toEqual(items);
    expect(shuffle(items, 1, 1)).toEqual(items);
  });

  it('moves an item at most about a window span away on average', () => {
    const n = 20_000;
    const items = Array.from({ length: n }, (_, i) => i);
    const out = shuffle(items, 100, 2);
    let sum = 0;
    out.forEach((x, i) => (sum += Math.abs(x - i)));
    expect(sum / n).toBeGreaterThan(20);
    expect(sum / n).toBeLessThan(300);
  });
});
