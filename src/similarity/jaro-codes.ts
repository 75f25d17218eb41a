/**
 * Jaro similarity on runs of UTF-16 code units (or bytes), for the comparison hot loop: a caller
 * points into a pooled buffer of folded names (start, length) and nothing is allocated per call.
 *
 * Definition (Jaro 1989, as talisman's `metrics/jaro.js` computes it, which is the oracle here):
 *   window  r = max(⌊maxLen / 2⌋ − 1, 0)
 *   matches m: walk the shorter string (the first one when lengths are equal); each code unit takes
 *              the leftmost unmatched equal code unit of the longer string within distance r.
 *   transpositions t = ⌊(matched units of the shorter, in order, that differ from the matched units
 *              of the longer, in order) / 2⌋  — half, rounded down.
 *   jaro = (m/|a| + m/|b| + (m − t)/m) / 3, 0 when m = 0; two empty strings score 1 (talisman's
 *   `a === b` fast path), one empty string scores 0.
 *
 * Method: bit-parallel flagging with a pattern-match vector (one bitmask per code unit value, bit j
 * set where the longer string has that unit at position j), as in RapidFuzz's
 * `rapidfuzz/distance/Jaro_impl.hpp` (`flag_similar_characters_word`, `count_transpositions_word`;
 * M. Bachmann, MIT), in the line of Baeza-Yates & Gonnet (1992) and Hyyrö (2003).
 * `candidates & -candidates` isolates the leftmost free match in the window in O(1), so flagging
 * is O(|shorter|) instead of O(|shorter| · window). As RapidFuzz does, the common prefix is
 * counted first: its units always match themselves (each is the leftmost free equal unit in its
 * window) and cause no transposition, so only the rest goes through the bit-parallel step, with
 * the window of the full lengths. JavaScript bitwise operators are 32-bit, so the rest of the
 * longer string gets one word up to 32 units, two words up to 64, and the plain scan above.
 *
 * The kernel reads the caller's arrays in place; Uint8Array and Uint16Array callers in one process
 * make its element loads polymorphic, which measured no slower than copying into one scratch type.
 * Module-level state (the pattern-match tables, the plain scan's flags): one call at a time per
 * thread, and each worker loads its own module instance.
 *
 * The score is computed as (m/|shorter| + m/|longer| + (m − t)/m) / 3: IEEE addition of two terms
 * commutes, so this is bit for bit talisman's (m/|a| + m/|b| + …) / 3.
 */

/** A run of code units: UTF-16 (any string) or bytes (folded ASCII names). */
export type CodeUnits = Uint8Array | Uint16Array;

/** Bits 0–31 of the pattern-match vector, indexed by code unit; all zero between calls. */
const PM_LO = new Int32Array(65536);
/** Bits 32–63, used when the rest of the longer string has 33 to 64 units. */
const PM_HI = new Int32Array(65536);

/** The plain scan's match flags, grown on demand, never shrunk. */
let flagsShorter = new Uint8Array(128);
let flagsLonger = new Uint8Array(128);
/** Matched pairs that differ, left here by the flagging step beside the match count it returns. */
let unpairedOut = 0;

/** Jaro similarity of a[aStart, aStart+aLen) and b[bStart, bStart+bLen), talisman's definition. */
export function jaroCodes(a: CodeUnits, aStart: number, aLen: number, b: CodeUnits, bStart: number, bLen: number): number {
  if (aLen === 0) return bLen === 0 ? 1 : 0;
  if (bLen === 0) return 0;
  // talisman walks the shorter string against the longer, the first argument when lengths tie.
  if (aLen > bLen) return jaroOrdered(b, bStart, bLen, a, aStart, aLen);
  return jaroOrdered(a, aStart, aLen, b, bStart, bLen);
}

function jaroOrdered(s: CodeUnits, sStart: number, sLen: number, l: CodeUnits, lStart: number, lLen: number): number {
  const range = Math.max((lLen >> 1) - 1, 0);
  let prefix = 0;
  while (prefix < sLen && s[sStart + prefix] === l[lStart + prefix]) prefix++;
  if (prefix === sLen) return score(sLen, 0, sLen, lLen);

  const restS = sLen - prefix;
  const restL = lLen - prefix;
  let m: number;
  if (restL <= 32) m = flagOneWord(s, sStart + prefix, restS, l, lStart + prefix, restL, range);
  else if (restL <= 64) m = flagTwoWords(s, sStart + prefix, restS, l, lStart + prefix, restL, range);
  else m = flagPlain(s, sStart + prefix, restS, l, lStart + prefix, restL, range);
  return score(prefix + m, unpairedOut >> 1, sLen, lLen);
}

function score(m: number, halfTranspositions: number, sLen: number, lLen: number): number {
  if (m === 0) return 0;
  return (m / sLen + m / lLen + (m - halfTranspositions) / m) / 3;
}

/**
 * The flagging steps match s[sStart, sStart+sLen) against l[lStart, lStart+lLen) (the rests after
 * the common prefix) with the window `range` of the full lengths, return the number of matches
 * and leave the number of differing matched pairs in `unpairedOut`.
 */
function flagOneWord(s: CodeUnits, sStart: number, sLen: number, l: CodeUnits, lStart: number, lLen: number, range: number): number {
  for (let j = 0; j < lLen; j++) PM_LO[l[lStart + j]] |= 1 << j;

  let flagL = 0; // matched positions of the longer string
  let flagS = 0; // matched positions of the shorter string (sLen ≤ lLen ≤ 32)
  // Window bits [i − range, i + range]: it grows at the top until i reaches range, then slides.
  // Bits pushed past 31 stand for positions ≥ lLen, which hold no pattern bits anyway.
  let window = range >= 31 ? -1 : (1 << (range + 1)) - 1;
  for (let i = 0; i < sLen; i++) {
    const candidates = PM_LO[s[sStart + i]] & window & ~flagL;
    if (candidates !== 0) {
      flagL |= candidates & -candidates;
      flagS |= 1 << i;
    }
    window = i < range ? (window << 1) | 1 : window << 1;
  }

  // Pair the matched units of both strings in order and count the pairs that differ.
  let m = 0;
  let unpaired = 0;
  while (flagS !== 0) {
    const i = 31 - Math.clz32(flagS & -flagS);
    const j = 31 - Math.clz32(flagL & -flagL);
    if (s[sStart + i] !== l[lStart + j]) unpaired++;
    flagS &= flagS - 1;
    flagL &= flagL - 1;
    m++;
  }

  for (let j = 0; j < lLen; j++) PM_LO[l[lStart + j]] = 0;
  unpairedOut = unpaired;
  return m;
}

/** Bits [lo, hi) of a 32-bit word, for any integers lo, hi (clamped to 0…32). */
function bitRange(lo: number, hi: number): number {
  const from = lo < 0 ? 0 : lo;
  const to = hi > 32 ? 32 : hi;
  if (from >= to) return 0;
  return (to === 32 ? -1 : (1 << to) - 1) & (-1 << from);
}

function flagTwoWords(s: CodeUnits, sStart: number, sLen: number, l: CodeUnits, lStart: number, lLen: number, range: number): number {
  for (let j = 0; j < 32; j++) PM_LO[l[lStart + j]] |= 1 << j;
  for (let j = 32; j < lLen; j++) PM_HI[l[lStart + j]] |= 1 << (j - 32);

  let flagL0 = 0;
  let flagL1 = 0;
  let flagS0 = 0;
  let flagS1 = 0;
  for (let i = 0; i < sLen; i++) {
    const code = s[sStart + i];
    const lo = i - range;
    const hi = i + range + 1;
    const c0 = PM_LO[code] & bitRange(lo, hi) & ~flagL0;
    let found = true;
    if (c0 !== 0) {
      flagL0 |= c0 & -c0;
    } else {
      const c1 = PM_HI[code] & bitRange(lo - 32, hi - 32) & ~flagL1;
      if (c1 !== 0) flagL1 |= c1 & -c1;
      else found = false;
    }
    if (found) {
      if (i < 32) flagS0 |= 1 << i;
      else flagS1 |= 1 << (i - 32);
    }
  }

  let m = 0;
  let unpaired = 0;
  while (flagS0 !== 0 || flagS1 !== 0) {
    let i: number;
    if (flagS0 !== 0) {
      i = 31 - Math.clz32(flagS0 & -flagS0);
      flagS0 &= flagS0 - 1;
    } else {
      i = 63 - Math.clz32(flagS1 & -flagS1);
      flagS1 &= flagS1 - 1;
    }
    let j: number;
    if (flagL0 !== 0) {
      j = 31 - Math.clz32(flagL0 & -flagL0);
      flagL0 &= flagL0 - 1;
    } else {
      j = 63 - Math.clz32(flagL1 & -flagL1);
      flagL1 &= flagL1 - 1;
    }
    if (s[sStart + i] !== l[lStart + j]) unpaired++;
    m++;
  }

  for (let j = 0; j < 32; j++) PM_LO[l[lStart + j]] = 0;
  for (let j = 32; j < lLen; j++) PM_HI[l[lStart + j]] = 0;
  unpairedOut = unpaired;
  return m;
}

/** The textbook scan, for a rest longer than the bit-parallel words hold. */
function flagPlain(s: CodeUnits, sStart: number, sLen: number, l: CodeUnits, lStart: number, lLen: number, range: number): number {
  if (flagsLonger.length < lLen) {
    flagsShorter = new Uint8Array(lLen * 2);
    flagsLonger = new Uint8Array(lLen * 2);
  }
  let m = 0;
  for (let i = 0; i < sLen; i++) {
    const code = s[sStart + i];
    const end = Math.min(i + range + 1, lLen);
    for (let j = Math.max(i - range, 0); j < end; j++) {
      if (flagsLonger[j] === 0 && l[lStart + j] === code) {
        flagsLonger[j] = 1;
        flagsShorter[i] = 1;
        m++;
        break;
      }
    }
  }

  let unpaired = 0;
  let j = 0;
  for (let i = 0; i < sLen; i++) {
    if (flagsShorter[i] === 0) continue;
    while (flagsLonger[j] === 0) j++;
    if (s[sStart + i] !== l[lStart + j]) unpaired++;
    j++;
  }

  flagsShorter.fill(0, 0, sLen);
  flagsLonger.fill(0, 0, lLen);
  unpairedOut = unpaired;
  return m;
}
