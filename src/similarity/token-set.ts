/**
 * Comparing names as sets of words, for the damage that character metrics miss: the family name
 * moved to the end ("Hương Nguyễn Thị"), a middle name dropped ("Nguyễn Hương"), one word
 * misspelt. Tokens are compared as given: pass folded or key tokens from the normalizer.
 *
 * tokenSetSimilarity(A, B) pairs each token of the smaller list with a different token of the
 * larger list, ignoring order, so that the sum of the pairs' Jaro-Winkler scores is largest
 * (an assignment problem), and divides that sum by
 *   - |smaller| (default): the Szymkiewicz–Simpson overlap coefficient with fuzzy token equality. It is
 *     1 when every token of the shorter name appears in the longer one, so a dropped middle name
 *     costs nothing; check `tokenRelation` or the token counts to tell that case apart, or
 *   - |larger|: a fuzzy intersection over the larger list, which charges each missing token.
 * Two empty lists score 1 (as two empty strings do in Jaro-Winkler); one empty list scores 0.
 * The pairing is exact (dynamic programme over subsets of the larger list) up to 12 tokens; above
 * that (never a real name) it pairs greedily, best pair first, which can fall below the optimum.
 *
 * tokenRelation / isReordered / isProperTokenSubset compare tokens exactly, as multisets.
 *
 * The idea of order-insensitive token comparison for names is Monge & Elkan (1996), "The field
 * matching problem: algorithms and applications", KDD-96; RapidFuzz's token_set_ratio is a
 * cousin on whole strings. Jaro-Winkler per token: see `jaro-winkler.ts`.
 */
import { jaroWinkler } from './jaro-winkler.js';

/** Above this many tokens on the larger side the pairing is greedy instead of exact. */
export const EXACT_PAIRING_MAX_TOKENS = 12;

export type TokenDenominator = 'smaller' | 'larger';

/**
 * 'equal': same tokens in the same order. 'reordered': same tokens (as a multiset), another order.
 * 'a_within_b' / 'b_within_a': that side's tokens all appear in the other, which has more
 * (a missing middle name), in any order. 'other': none of these.
 */
export type TokenRelation = 'equal' | 'reordered' | 'a_within_b' | 'b_within_a' | 'other';

let weights = new Float64Array(EXACT_PAIRING_MAX_TOKENS * EXACT_PAIRING_MAX_TOKENS);
const bestByMask = new Float64Array(1 << EXACT_PAIRING_MAX_TOKENS);
let used = new Uint8Array(32);
let usedSmall = new Uint8Array(32);

export function tokenSetSimilarity(
  aTokens: readonly string[],
  bTokens: readonly string[],
  denominator: TokenDenominator = 'smaller',
): number {
  const small = aTokens.length <= bTokens.length ? aTokens : bTokens;
  const large = aTokens.length <= bTokens.length ? bTokens : aTokens;
  if (large.length === 0) return 1;
  if (small.length === 0) return 0;
  const sum = bestPairingSum(small, large);
  return sum / (denominator === 'smaller' ? small.length : large.length);
}

function bestPairingSum(small: readonly string[], large: readonly string[]): number {
  const s = small.length;
  const n = large.length;
  if (weights.length < s * n) weights = new Float64Array(s * n * 2);
  for (let i = 0; i < s; i++) {
    for (let j = 0; j < n; j++) weights[i * n + j] = jaroWinkler(small[i], large[j]);
  }
  return n <= EXACT_PAIRING_MAX_TOKENS ? exactPairing(s, n) : greedyPairing(s, n);
}

/**
 * bestByMask[mask] = best sum pairing small tokens 0 … popcount(mask)−1 with the large tokens in
 * mask; −1 marks masks not reached yet (sums are never negative).
 */
function exactPairing(s: number, n: number): number {
  const states = 1 << n;
  bestByMask.fill(-1, 0, states);
  bestByMask[0] = 0;
  let best = 0;
  for (let mask = 0; mask < states; mask++) {
    const here = bestByMask[mask];
    if (here < 0) continue;
    const i = popcount(mask);
    if (i === s) {
      if (here > best) best = here;
      continue;
    }
    for (let j = 0; j < n; j++) {
      const bit = 1 << j;
      if ((mask & bit) !== 0) continue;
      const next = here + weights[i * n + j];
      if (next > bestByMask[mask | bit]) bestByMask[mask | bit] = next;
    }
  }
  return best;
}

function greedyPairing(s: number, n: number): number {
  if (used.length < n) used = new Uint8Array(n * 2);
  if (usedSmall.length < s) usedSmall = new Uint8Array(s * 2);
  used.fill(0, 0, n);
  usedSmall.fill(0, 0, s);
  let sum = 0;
  for (let round = 0; round < s; round++) {
    let bestI = -1;
    let bestJ = -1;
    let bestW = -1;
    for (let i = 0; i < s; i++) {
      if (usedSmall[i] === 1) continue;
      for (let j = 0; j < n; j++) {
        if (used[j] === 0 && weights[i * n + j] > bestW) {
          bestW = weights[i * n + j];
          bestI = i;
          bestJ = j;
        }
      }
    }
    usedSmall[bestI] = 1;
    used[bestJ] = 1;
    sum += bestW;
  }
  return sum;
}

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** Every token of `sub` matched to a distinct equal token of `sup` (multiset containment). */
function containsAll(sup: readonly string[], sub: readonly string[]): boolean {
  if (used.length < sup.length) used = new Uint8Array(sup.length * 2);
  used.fill(0, 0, sup.length);
  for (const token of sub) {
    let j = 0;
    while (j < sup.length && (used[j] === 1 || sup[j] !== token)) j++;
    if (j === sup.length) return false;
    used[j] = 1;
  }
  return true;
}

export function tokenRelation(aTokens: readonly string[], bTokens: readonly string[]): TokenRelation {
  const la = aTokens.length;
  const lb = bTokens.length;
  if (la === lb) {
    let k = 0;
    while (k < la && aTokens[k] === bTokens[k]) k++;
    if (k === la) return 'equal';
    return containsAll(bTokens, aTokens) ? 'reordered' : 'other';
  }
  if (la < lb) return containsAll(bTokens, aTokens) ? 'a_within_b' : 'other';
  return containsAll(aTokens, bTokens) ? 'b_within_a' : 'other';
}

/** Same tokens (as a multiset) in a different order: "Hương Nguyễn Thị" vs "Nguyễn Thị Hương". */
export function isReordered(aTokens: readonly string[], bTokens: readonly string[]): boolean {
  return tokenRelation(aTokens, bTokens) === 'reordered';
}

/** `sub` has fewer tokens and each appears in `sup`, in any order: "Nguyễn Hương" in "Nguyễn Thị Hương". */
export function isProperTokenSubset(sub: readonly string[], sup: readonly string[]): boolean {
  return sub.length < sup.length && containsAll(sup, sub);
}
