import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { AliasTable, drawByScan } from '../../src/generate/alias-table.js';
import { Sfc32 } from '../../src/generate/prng.js';
import { KhopError } from '../../src/errors.js';

const weights = fc.array(fc.oneof(fc.constant(0), fc.double({ min: 0.001, max: 1000, noNaN: true })), { minLength: 1, maxLength: 40 }).filter((w) => w.some((x) => x > 0));

describe('AliasTable', () => {
  it('gives every index exactly its share of the weights', () => {
    fc.assert(
      fc.property(weights, (w) => {
        const table = new AliasTable(w);
        const total = w.reduce((a, b) => a + b, 0);
        w.forEach((x, i) => expect(table.probabilityOf(i)).toBeCloseTo(x / total, 9));
      }),
    );
  });

  it('draws with the same frequencies as a cumulative scan (the simple oracle), within 4 sigma', () => {
    const w = [38.4, 11, 9.5, 7.1, 0.5, 0, 3];
    const total = w.reduce((a, b) => a + b, 0);
    const table = new AliasTable(w);
    const g1 = new Sfc32(3, 'alias');
    const g2 = new Sfc32(3, 'scan');
    const draws = 100_000;
    const a = new Array<number>(w.length).fill(0);
    const b = new Array<number>(w.length).fill(0);
    for (let i = 0; i < draws; i++) {
      a[table.draw(g1)]++;
      b[drawByScan(w, g2.float())]++;
    }
    w.forEach((x, i) => {
      const p = x / total;
      const sd = Math.sqrt(draws * p * (1 - p));
      expect(Math.abs(a[i] - draws * p)).toBeLessThanOrEqual(4 * sd);
      expect(Math.abs(b[i] - draws * p)).toBeLessThanOrEqual(4 * sd);
    });
    expect(a[5]).toBe(0);
  });

  it.each([[[]], [[0, 0]], [[1, -1]], [[1, Number.NaN]]])('rejects weights %j', (w) => {
    expect(() => new AliasTable(w)).toThrow(KhopError);
  });
});
