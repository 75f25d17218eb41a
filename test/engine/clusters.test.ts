/**
 * Clusters from scored pairs (clusters.ts): connected components join through any chain, the
 * centre method never chains through a non-centre member, and labels are each cluster's lowest row.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centreClusters, connectedComponents, type ScoredPairs } from '../../src/engine/clusters.js';

function pairs(list: readonly [number, number, number][]): ScoredPairs {
  return {
    a: Int32Array.from(list, (p) => p[0]),
    b: Int32Array.from(list, (p) => p[1]),
    weight: Float64Array.from(list, (p) => p[2]),
    count: list.length,
  };
}

describe('connectedComponents', () => {
  it.each<[string, number, [number, number, number][], number[]]>([
    ['no pairs: every record alone', 3, [], [0, 1, 2]],
    ['a chain joins all', 4, [[2, 3, 9], [0, 1, 9], [1, 2, 1]], [0, 0, 0, 0]],
    ['two groups', 5, [[1, 3, 5], [2, 4, 5]], [0, 1, 2, 1, 2]],
  ])('%s', (_, size, list, expected) => {
    expect([...connectedComponents(size, pairs(list))]).toEqual(expected);
  });

  it('labels are the lowest row, and two rows share a label exactly when a path joins them', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(11), fc.nat(11)), { maxLength: 20 }), (raw) => {
        const list = raw.filter(([a, b]) => a < b).map(([a, b]): [number, number, number] => [a, b, 1]);
        const label = connectedComponents(12, pairs(list));
        // Reference: repeated relaxation to the minimum over neighbours.
        const ref = Array.from({ length: 12 }, (_, i) => i);
        for (let changed = true; changed; ) {
          changed = false;
          for (const [a, b] of list) {
            const m = Math.min(ref[a], ref[b]);
            if (ref[a] !== m || ref[b] !== m) {
              ref[a] = ref[b] = m;
              changed = true;
            }
          }
        }
        expect([...label]).toEqual(ref);
      }),
    );
  });
});

describe('centreClusters', () => {
  it.each<[string, number, [number, number, number][], number, number[]]>([
    ['a weak chain link is not followed', 4, [[0, 1, 10], [1, 2, 8], [2, 3, 10]], 5, [0, 0, 2, 2]],
    ['links below the centre weight are ignored', 3, [[0, 1, 2]], 5, [0, 1, 2]],
    ['members join the centre, not each other', 4, [[0, 1, 9], [0, 2, 8], [2, 3, 7]], 5, [0, 0, 0, 3]],
  ])('%s', (_, size, list, minWeight, expected) => {
    expect([...centreClusters(size, pairs(list), minWeight)]).toEqual(expected);
  });

  it('never puts together two records that connected components keep apart, and ignores input order', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(9), fc.nat(9), fc.integer({ min: 1, max: 20 })), { maxLength: 25 }),
        (raw) => {
          const list = raw.filter(([a, b]) => a < b);
          const cc = connectedComponents(10, pairs(list));
          const ce = centreClusters(10, pairs(list), 5);
          const reversed = centreClusters(10, pairs([...list].reverse()), 5);
          for (let i = 0; i < 10; i++) {
            for (let j = 0; j < 10; j++) if (ce[i] === ce[j]) expect(cc[i]).toBe(cc[j]);
            expect(ce[i]).toBeLessThanOrEqual(i);
          }
          // Equal weights between different pairs make the order matter only through the tie rule.
          expect([...reversed]).toEqual([...ce]);
        },
      ),
    );
  });
});
