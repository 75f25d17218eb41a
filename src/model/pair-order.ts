/**
 * An order for scoring a batch of candidate pairs that is kind to memory: by left row, roughly.
 *
 * Why: the match job hands the scorer a batch of pairs dose by dose, so the right rows of a batch
 * are a small contiguous range (they stay in cache) while the left rows, register people found by
 * blocking, are scattered over a register of a million rows: each pair then misses the cache in
 * every left column it reads (name forms, tokens, date, ID, the folded name's bytes), about twenty
 * misses. Visiting the pairs by left row turns those into a forward sweep the hardware prefetches.
 * The order need not be exact: one counting-sort pass on the top 12 bits of the left row puts each
 * pair within leftSize / 4096 rows of its place (a few hundred rows, a few kilobytes of each
 * column), which is as good for the cache and costs one pass over the batch.
 */

const BUCKET_BITS = 12;
const BUCKETS = 1 << BUCKET_BITS;
const counts = new Int32Array(BUCKETS + 1);

/**
 * order[0, count) = the indices 0 … count−1 sorted by pairsL[index] >> shift (stable), where the
 * shift leaves 12 significant bits of a row below `leftSize`.
 */
export function localityOrder(pairsL: Int32Array, count: number, leftSize: number, order: Int32Array): void {
  let shift = 0;
  while (leftSize - 1 >> shift >= BUCKETS) shift++;
  counts.fill(0);
  for (let n = 0; n < count; n++) counts[(pairsL[n] >> shift) + 1]++;
  for (let b = 1; b <= BUCKETS; b++) counts[b] += counts[b - 1];
  for (let n = 0; n < count; n++) order[counts[pairsL[n] >> shift]++] = n;
}
