/**
 * Clusters of records from scored pairs of one file (`khop dedupe`): every record gets the row of
 * its cluster's representative, the lowest row in the cluster, so a record alone is its own
 * cluster and the labels do not depend on the order the pairs arrive in.
 *
 * Two methods:
 * - `connectedComponents`: union-find with path halving and union by lower row (Tarjan 1975):
 *   every pair given joins its two records. Transitive, so a single weak link (A–B strong, B–C
 *   strong, C–D a near miss) chains whole groups together.
 * - `centreClusters`: CENTER clustering (Haveliwala et al. 2000, as evaluated for duplicate
 *   detection by Hassanzadeh, Chiang, Lee & Miller, VLDB 2009): pairs in decreasing weight; the
 *   first time a record is seen it becomes a centre, and a record not yet assigned joins a centre
 *   only through a direct pair with that centre at or above the stricter threshold. No record
 *   joins a cluster through another non-centre member, so chains cannot form.
 */
export interface ScoredPairs {
  /** Row pairs (a[n] < b[n]) and their match weights, n < count. */
  a: Int32Array;
  b: Int32Array;
  weight: Float64Array;
  count: number;
}

/** Root of `x` with path halving. */
function find(parent: Int32Array, x: number): number {
  while (parent[x] !== x) {
    parent[x] = parent[parent[x]];
    x = parent[x];
  }
  return x;
}

/** Row → its cluster's lowest row, joining every pair. */
export function connectedComponents(size: number, pairs: ScoredPairs): Int32Array {
  const parent = new Int32Array(size);
  for (let i = 0; i < size; i++) parent[i] = i;
  for (let n = 0; n < pairs.count; n++) {
    const ra = find(parent, pairs.a[n]);
    const rb = find(parent, pairs.b[n]);
    // The lower row stays the root, so the root is the component's lowest row.
    if (ra < rb) parent[rb] = ra;
    else if (rb < ra) parent[ra] = rb;
  }
  for (let i = 0; i < size; i++) parent[i] = find(parent, i);
  return parent;
}

/** Row → its cluster's lowest row, CENTER clustering over the pairs with weight ≥ `minWeight`. */
export function centreClusters(size: number, pairs: ScoredPairs, minWeight: number): Int32Array {
  const order: number[] = [];
  for (let n = 0; n < pairs.count; n++) if (pairs.weight[n] >= minWeight) order.push(n);
  // Strongest first; equal weights by rows, so the result does not depend on the input order.
  order.sort((x, y) => pairs.weight[y] - pairs.weight[x] || pairs.a[x] - pairs.a[y] || pairs.b[x] - pairs.b[y]);
  const NONE = -1;
  /** centre[r]: the centre of r's cluster (r itself for a centre), NONE while unassigned. */
  const centre = new Int32Array(size).fill(NONE);
  for (const n of order) {
    const a = pairs.a[n];
    const b = pairs.b[n];
    const ca = centre[a];
    const cb = centre[b];
    if (ca === NONE && cb === NONE) {
      centre[a] = a;
      centre[b] = a;
    } else if (ca === NONE && cb === b) {
      centre[a] = b;
    } else if (cb === NONE && ca === a) {
      centre[b] = a;
    }
    // Otherwise both are placed, or the assigned one is not a centre: the pair links nothing.
  }
  const lowest = new Int32Array(size);
  for (let i = 0; i < size; i++) lowest[i] = i;
  for (let i = 0; i < size; i++) {
    const c = centre[i];
    if (c !== NONE && i < lowest[c]) lowest[c] = i;
  }
  const out = new Int32Array(size);
  for (let i = 0; i < size; i++) out[i] = centre[i] === NONE ? i : lowest[centre[i]];
  return out;
}
