/**
 * From a profile's per-tag rates and a target share of damaged doses to the probabilities the
 * generator draws with, and the tag rates a data set should show.
 *
 * Each tag T is drawn independently with probability k·r_T, so a dose is clean with probability
 * P0(k) = Π(1 − k·r_T) and damaged with 1 − P0(k). For a target share D:
 *  - D ≤ 1 − P0(1): k ∈ [0, 1] solves 1 − P0(k) = D (bisection; P0 is monotone in k), no top-up;
 *  - D > 1 − P0(1): k = 1, and a dose that drew nothing gets one tag with probability
 *    t = (D − (1 − P0)) / P0, the tag drawn in proportion to the rates.
 * The expected share of doses carrying T is then k·r_T + P0·t·r_T / Σr.
 */
import { KhopError } from '../errors.js';
import { DAMAGE_TAGS, TAG_COUNT } from './tags.js';
import type { Profile } from './profile.js';

export interface DamageRates {
  /** Per tag (index of DAMAGE_TAGS): the independent draw probability k·r_T. */
  draw: Float64Array;
  /** Probability that a dose which drew no tag gets one anyway. */
  topUp: number;
  /** Per tag: the expected share of doses carrying it. */
  expected: Float64Array;
  /** The share of damaged doses aimed at. */
  damagedShare: number;
  /** The scale applied to every profile rate. */
  scale: number;
}

function cleanShare(rates: ArrayLike<number>, k: number): number {
  let p = 1;
  for (let i = 0; i < rates.length; i++) p *= 1 - Math.min(1, k * rates[i]);
  return p;
}

/** The damaged share the independent rates give by themselves: 1 − Π(1 − r_T). */
export function naturalDamagedShare(profile: Profile): number {
  return 1 - cleanShare(profileRates(profile), 1);
}

export function profileRates(profile: Profile): Float64Array {
  const r = new Float64Array(TAG_COUNT);
  DAMAGE_TAGS.forEach((t, i) => (r[i] = profile.rates[t]));
  return r;
}

/** @param damagedShare the target share in [0, 1]; undefined: the profile's, else the natural one */
export function resolveDamageRates(profile: Profile, damagedShare?: number): DamageRates {
  const base = profileRates(profile);
  const natural = 1 - cleanShare(base, 1);
  const target = damagedShare ?? profile.damagedShare ?? natural;
  if (!(target >= 0 && target <= 1)) throw new KhopError('BAD_ARGUMENT', 'the share of damaged doses must be between 0 and 1');
  let sum = 0;
  for (let i = 0; i < TAG_COUNT; i++) sum += base[i];
  if (target > 0 && sum === 0) throw new KhopError('PROFILE_INVALID', 'a share of damaged doses above 0 needs at least one tag rate above 0');

  let k = 1;
  let topUp = 0;
  if (target <= natural) {
    let lo = 0;
    let hi = 1;
    for (let it = 0; it < 60; it++) {
      const mid = (lo + hi) / 2;
      if (1 - cleanShare(base, mid) < target) lo = mid;
      else hi = mid;
    }
    k = target === natural ? 1 : (lo + hi) / 2;
  } else {
    const p0 = 1 - natural;
    topUp = (target - natural) / p0;
  }

  const draw = new Float64Array(TAG_COUNT);
  for (let i = 0; i < TAG_COUNT; i++) draw[i] = Math.min(1, k * base[i]);
  const p0 = cleanShare(draw, 1);
  let drawSum = 0;
  for (let i = 0; i < TAG_COUNT; i++) drawSum += draw[i];
  const expected = new Float64Array(TAG_COUNT);
  for (let i = 0; i < TAG_COUNT; i++) expected[i] = draw[i] + (drawSum > 0 ? (p0 * topUp * draw[i]) / drawSum : 0);
  return { draw, topUp, expected, damagedShare: target, scale: k };
}
