/**
 * Why a dose's full name differs from its register person's: the `full_name` reasons of
 * correction-reasons.ts, from the two `NormalizedName`s (src/normalize/types.ts).
 *
 * Formatting is not an error: when the keys are equal (case, NFC/NFD, tone placement hoà/hòa,
 * spaces, zero-width characters, Ð for Đ already undone by the normalizer) there is nothing to
 * correct, unless the normalizer had to repair a legacy encoding or input-method residue (TCVN3,
 * VNI, UTF-8 read as Windows-1252, Telex, VIQR): then the dose's text is unreadable as written,
 * and `legacy_encoding` is reported even when the repaired name is right.
 *
 * Otherwise the names are compared token by token (DESIGN.md: family name, middle names, given
 * name). Each dose token is paired with at most one person token so that, in this order of
 * priority, (1) the most tokens are paired, (2) the pairs are as close as possible, (3) the pairs
 * keep the person's order as far as possible (fewest inversions). Two tokens can be paired when
 * they are equal, equal once marks are folded, regional/spelling variants of each other, or one
 * slip apart on the folded forms: Jaro-Winkler ≥ TYPO_MIN_SIMILARITY, or an optimal-string-alignment
 * distance of 1 (Damerau 1964), which catches the slips JW misses on the short syllables of
 * Vietnamese names (Lê/Ld scores 0.67). The pairing is exact: a dynamic programme over (dose
 * token, set of person tokens used), Monge & Elkan's (1996) token matching with an optimal
 * assignment instead of a greedy one.
 *
 * Then, each applying independently (a dose can carry several kinds of damage):
 * - a dose name without any mark paired with a marked person token, or a dose token without marks
 *   paired with a marked person token of the same letters or a variant of it → diacritics_missing
 *   (a whole name typed without diacritics, or only some syllables: both are the same fix); a
 *   token paired only as a slip does not count, since a slip can hit its one marked letter;
 * - equal folded, same letters but another or no tone (Nguyên/Nguyễn, Thùy/Thủy) → tone_mark;
 * - equal folded, the dose's marks a part of the person's (Hưong/Hương, Dức/Đức) → diacritics_missing;
 *   a mark the person's token does not have (Văn/Vân) → typo;
 * - a regional or i/y spelling variant in any position (Huỳnh/Hoàng, Võ/Vũ, Phước/Phúc, Quí/Quý)
 *   → surname_variant, the contract's name for every variant the normalizer unifies;
 * - paired only as a slip → typo;
 * - person tokens left unpaired → middle_name_missing, dose tokens left unpaired → middle_name_extra
 *   (the middle name is what people drop, add or replace: Nguyễn Đức Phú for Nguyễn Thế Phú is
 *   both, not a typo; a dropped given name gets the same reason, the closest in the vocabulary);
 * - pairs out of the person's order → name_order (the family name moved to the end).
 * A dose name that is empty (or nothing but invisible characters) → name_missing. A person
 * without a name yields nothing: there is no value to suggest.
 * Reasons are returned once each, in NAME_REASONS order.
 */
import { KhopError } from '../errors.js';
import { hasLegacyRepair } from '../normalize/normalize-name.js';
import type { NameRepair, NormalizedName } from '../normalize/types.js';
import { TABLE_SIZE, toneOf, VOWEL_INFO, VOWEL_MODIFIER, vowelIndexOf } from '../normalize/vietnamese-letters.js';
import { jaroWinkler } from '../similarity/jaro-winkler.js';
import { NAME_REASONS, type NameReason } from './correction-reasons.js';

/**
 * Folded tokens at least this close by Jaro-Winkler are one token mistyped. The preset's lower
 * name level uses the same 0.80 (presets/vn-vaccination.json): below it a token is another name.
 */
export const TYPO_MIN_SIMILARITY = 0.8;

/** The pairing is exact up to this many person tokens (2^12 sets); longer "names" are garbage. */
export const MAX_ALIGNED_TOKENS = 12;


const BIT: Readonly<Record<NameReason, number>> = Object.fromEntries(NAME_REASONS.map((r, i) => [r, 1 << i])) as Record<NameReason, number>;

/** The comparison forms of one token, cut from the token-aligned strings of a NormalizedName. */
export interface Token {
  // Read-only: deciding shares one cached Token among every pair with that token (stored-name-tokens.ts).
  readonly key: string;
  readonly folded: string;
  readonly toneless: string;
  readonly variant: string;
  readonly variantFolded: string;
}

/**
 * The tokens of a non-empty name. The key's tokens are already split (family, middle, given); the
 * other forms are cut token by token where they differ from the key (or, for the variant-folded
 * and toneless forms, from the folded one) and shared where they do not, with no array per form.
 * `tokensOfReference` (split on spaces) is its oracle.
 */
export function tokensOf(n: NormalizedName): Token[] {
  const count = n.family === '' ? 1 : n.middle.length + 2;
  const out = new Array<Token>(count);
  const foldedIsKey = n.folded === n.key;
  const tonelessIsKey = n.toneless === n.key;
  const tonelessIsFolded = !tonelessIsKey && n.toneless === n.folded;
  const variantIsKey = n.variant === n.key;
  const variantFoldedIsFolded = n.variantFolded === n.folded;
  let f = 0;
  let t = 0;
  let v = 0;
  let vf = 0;
  for (let i = 0; i < count; i++) {
    const key = count === 1 ? n.given : i === 0 ? n.family : i === count - 1 ? n.given : n.middle[i - 1];
    let folded = key;
    if (!foldedIsKey) {
      const end = tokenEnd(n.folded, f);
      folded = n.folded.slice(f, end);
      f = end + 1;
    }
    let toneless = tonelessIsKey ? key : folded;
    if (!tonelessIsKey && !tonelessIsFolded) {
      const end = tokenEnd(n.toneless, t);
      toneless = n.toneless.slice(t, end);
      t = end + 1;
    }
    let variant = key;
    if (!variantIsKey) {
      const end = tokenEnd(n.variant, v);
      variant = n.variant.slice(v, end);
      v = end + 1;
    }
    let variantFolded = folded;
    if (!variantFoldedIsFolded) {
      const end = tokenEnd(n.variantFolded, vf);
      variantFolded = n.variantFolded.slice(vf, end);
      vf = end + 1;
    }
    out[i] = { key, folded, toneless, variant, variantFolded };
  }
  return out;
}

/** Where the token of `s` starting at `from` ends: the next space, or the end. */
function tokenEnd(s: string, from: number): number {
  const end = s.indexOf(' ', from);
  return end < 0 ? s.length : end;
}

/** `tokensOf` the plain way, every form split on spaces: its test oracle. */
export function tokensOfReference(n: NormalizedName): Token[] {
  const key = n.family === '' ? [n.given] : [n.family, ...n.middle, n.given];
  const folded = n.folded.split(' ');
  const toneless = n.toneless.split(' ');
  const variant = n.variant.split(' ');
  const variantFolded = n.variantFolded.split(' ');
  return key.map((k, i) => ({ key: k, folded: folded[i], toneless: toneless[i], variant: variant[i], variantFolded: variantFolded[i] }));
}

/** How far apart two tokens are for the pairing: 0 equal … 4 a distant slip, Infinity unpairable. */
export function pairCost(d: Token, p: Token): number {
  if (d.key === p.key) return 0;
  if (d.folded === p.folded) return 1;
  if (d.variant === p.variant || d.variantFolded === p.variantFolded) return 2;
  const jw = jaroWinkler(d.folded, p.folded);
  if (jw >= TYPO_MIN_SIMILARITY) return 3 + (1 - jw);
  return withinOneEdit(d.folded, p.folded) ? 3 + (1 - jw) : Infinity;
}

/**
 * `osaDistance(a, b) <= 1` in one pass, without the dynamic programme: after the common prefix,
 * equal lengths leave one substitution (the rest equal) or one swap of the next two units; lengths
 * one apart leave one unit of the longer string to skip (the rest equal).
 */
export function withinOneEdit(a: string, b: string): boolean {
  const la = a.length;
  const lb = b.length;
  if (la < lb) return lb - la === 1 && skipsOne(b, a);
  if (la > lb) return la - lb === 1 && skipsOne(a, b);
  let i = 0;
  while (i < la && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i >= la - 1) return true;
  if (sameFrom(a, b, i + 1)) return true;
  return a.charCodeAt(i) === b.charCodeAt(i + 1) && a.charCodeAt(i + 1) === b.charCodeAt(i) && sameFrom(a, b, i + 2);
}

/** a[k…] = b[k…] (equal lengths). */
function sameFrom(a: string, b: string, k: number): boolean {
  for (let j = k; j < a.length; j++) if (a.charCodeAt(j) !== b.charCodeAt(j)) return false;
  return true;
}

/** `longer` is `shorter` with one unit inserted (longer.length = shorter.length + 1). */
function skipsOne(longer: string, shorter: string): boolean {
  let i = 0;
  while (i < shorter.length && longer.charCodeAt(i) === shorter.charCodeAt(i)) i++;
  for (let j = i; j < shorter.length; j++) if (longer.charCodeAt(j + 1) !== shorter.charCodeAt(j)) return false;
  return true;
}

/**
 * Every mark of `dose` is also on the same letter of `person` (both lower case, NFC, equal when
 * folded): the dose lost marks and gained none. Tone and vowel modifier are checked apart, so a
 * dose ú for ứ (horn lost, tone kept) counts as lost marks.
 */
export function marksWithin(dose: string, person: string): boolean {
  if (dose.length !== person.length) return false;
  for (let i = 0; i < dose.length; i++) {
    const c = dose.charCodeAt(i);
    const q = person.charCodeAt(i);
    if (c === q) continue;
    if (c === 0x64 && q === 0x111) continue; // d for đ
    if (c >= TABLE_SIZE || q >= TABLE_SIZE) return false;
    const vc = VOWEL_INFO[c];
    const vq = VOWEL_INFO[q];
    if (vc === 0 && c >= 0x80) return false; // a non-vowel mark on the dose (đ where the person has d)
    if (vq === 0) return false;
    const toneC = vc === 0 ? 0 : toneOf(vc);
    const modC = vc === 0 ? 0 : VOWEL_MODIFIER[vowelIndexOf(vc)];
    if (toneC !== 0 && toneC !== toneOf(vq)) return false;
    if (modC !== 0 && modC !== VOWEL_MODIFIER[vowelIndexOf(vq)]) return false;
  }
  return true;
}

/** Reasons (as bits) for one pair of tokens. */
function pairReasons(d: Token, p: Token): number {
  if (d.key === p.key) return 0;
  const lostAllMarks = d.key === d.folded && p.key !== p.folded ? BIT.diacritics_missing : 0;
  if (d.folded === p.folded) {
    if (lostAllMarks !== 0) return lostAllMarks;
    if (d.toneless === p.toneless) return BIT.tone_mark;
    return marksWithin(d.key, p.key) ? BIT.diacritics_missing : BIT.typo;
  }
  if (d.variant === p.variant || d.variantFolded === p.variantFolded) return lostAllMarks | BIT.surname_variant;
  // A slip can itself remove the token's only marked letter (Lê → Ld): no evidence of marks lost.
  return BIT.typo;
}

// Scratch for the pairing, grown on demand: one call at a time per thread.
let pairsAt = new Int32Array(0);
let costAt = new Float64Array(0);
let inversionsAt = new Int32Array(0);
let choiceAt = new Int8Array(0);
let costs = new Float64Array(0);

function popcount(x: number): number {
  let c = 0;
  for (let v = x; v !== 0; v &= v - 1) c++;
  return c;
}

/** Is (pairs, cost, inversions) better than the state at `s`? Lexicographic, as in the header. */
function better(pairs: number, cost: number, inversions: number, s: number): boolean {
  if (pairs !== pairsAt[s]) return pairs > pairsAt[s];
  if (cost !== costAt[s]) return cost < costAt[s];
  return inversions < inversionsAt[s];
}

/** A pairing of dose tokens with person tokens, and what it scores. */
export interface Alignment {
  /** match[i]: the person token paired with dose token i, or -1. */
  match: Int8Array;
  pairs: number;
  /** Sum of `pairCost` over the pairs. */
  cost: number;
  /** Pairs whose person tokens are in the opposite order to their dose tokens. */
  inversions: number;
}

/** The best pairing (see the file header); at most MAX_ALIGNED_TOKENS person tokens. */
export function align(dose: readonly Token[], person: readonly Token[]): Alignment {
  const match = new Int8Array(dose.length);
  const best = pairInto(dose, person, match); // may grow the scratch arrays: read them after
  return { match, pairs: pairsAt[best], cost: costAt[best], inversions: inversionsAt[best] };
}

/** `align` into `match` (at least dose.length long); returns the final state, whose score is at pairsAt/costAt/inversionsAt. */
function pairInto(dose: readonly Token[], person: readonly Token[], match: Int8Array): number {
  const nd = dose.length;
  const np = person.length;
  if (np > MAX_ALIGNED_TOKENS) throw new KhopError('BAD_ARGUMENT', `names of more than ${MAX_ALIGNED_TOKENS} words are not paired`);
  const masks = 1 << np;
  const states = (nd + 1) * masks;
  if (pairsAt.length < states) {
    pairsAt = new Int32Array(states);
    costAt = new Float64Array(states);
    inversionsAt = new Int32Array(states);
    choiceAt = new Int8Array(states);
  }
  if (costs.length < nd * np) costs = new Float64Array(nd * np);
  for (let i = 0; i < nd; i++) for (let j = 0; j < np; j++) costs[i * np + j] = pairCost(dose[i], person[j]);

  pairsAt.fill(-1, 0, states); // -1: state not reached
  pairsAt[0] = 0;
  costAt[0] = 0;
  inversionsAt[0] = 0;
  for (let i = 0; i < nd; i++) {
    for (let mask = 0; mask < masks; mask++) {
      const s = i * masks + mask;
      const pairs = pairsAt[s];
      if (pairs < 0) continue;
      const cost = costAt[s];
      const inv = inversionsAt[s];
      const skip = s + masks;
      if (pairsAt[skip] < 0 || better(pairs, cost, inv, skip)) {
        pairsAt[skip] = pairs;
        costAt[skip] = cost;
        inversionsAt[skip] = inv;
        choiceAt[skip] = -1;
      }
      for (let j = 0; j < np; j++) {
        const bit = 1 << j;
        const c = costs[i * np + j];
        if ((mask & bit) !== 0 || c === Infinity) continue;
        const next = (i + 1) * masks + (mask | bit);
        // Dose tokens are placed in order, so every person token already used after j is one inversion.
        const nextInv = inv + popcount(mask >>> (j + 1));
        if (pairsAt[next] < 0 || better(pairs + 1, cost + c, nextInv, next)) {
          pairsAt[next] = pairs + 1;
          costAt[next] = cost + c;
          inversionsAt[next] = nextInv;
          choiceAt[next] = j;
        }
      }
    }
  }

  let best = nd * masks;
  for (let mask = 1; mask < masks; mask++) {
    const s = nd * masks + mask;
    if (pairsAt[s] >= 0 && (pairsAt[best] < 0 || better(pairsAt[s], costAt[s], inversionsAt[s], best))) best = s;
  }
  let mask = best - nd * masks;
  for (let i = nd; i > 0; i--) {
    const j = choiceAt[i * masks + mask];
    match[i - 1] = j;
    if (j >= 0) mask ^= 1 << j;
  }
  return best;
}

/**
 * Is pairing each dose token with the person token in the same place the best pairing, without
 * the search? Yes when the tokens are equal once folded, place by place, and the person's folded
 * tokens are all different (66 % of the pairs whose keys differ, in the test set: marks lost or
 * changed). Then every token is paired, each pair in place costs 0 or 1 (pairCost), and any other
 * pair (i, j ≠ i) costs at least 2: equal keys or equal folded forms would make person tokens i
 * and j equal once folded. So the pairing in place has the most pairs and the strictly lowest
 * cost, with no inversion.
 */
function pairsInPlace(d: readonly Token[], p: readonly Token[]): boolean {
  const n = d.length;
  if (n !== p.length) return false;
  for (let i = 0; i < n; i++) {
    const f = p[i].folded;
    if (d[i].folded !== f) return false;
    for (let j = 0; j < i; j++) if (p[j].folded === f) return false;
  }
  return true;
}

let matchScratch = new Int8Array(16);

function reasonsOf(bits: number): NameReason[] {
  const out: NameReason[] = [];
  for (let i = 0; i < NAME_REASONS.length; i++) if ((bits & (1 << i)) !== 0) out.push(NAME_REASONS[i]);
  return out;
}

/** The `full_name` reasons for a dose name against its person's; see the file header. */
export function nameReasons(dose: NormalizedName, person: NormalizedName): NameReason[] {
  if (person.key === '') return [];
  if (dose.key === '') return ['name_missing'];
  const legacy = hasLegacyRepair(dose);
  if (dose.key === person.key) return legacy ? ['legacy_encoding'] : [];
  return differentNameReasons(dose.key === dose.folded, tokensOf(dose), legacy, tokensOf(person));
}

/** `nameReasons` of two non-empty names whose keys differ, from `differentNameBits`'s arguments. */
export function differentNameReasons(unmarked: boolean, d: readonly Token[], legacy: boolean, p: readonly Token[]): NameReason[] {
  return reasonsOf(differentNameBits(unmarked, d, legacy, p));
}

/**
 * `nameReasons` for two non-empty names whose keys differ, as bits (bit i: NAME_REASONS[i]), from
 * their tokens (`tokensOf`), whether the dose's name has no mark at all (`unmarked`: its key equals
 * its folded form) and whether the dose's normalizer repaired a legacy encoding (`hasLegacyRepair`). Tokens equal in place once folded are paired in place without the search
 * (`pairsInPlace`); `inPlace` false always searches, the tests' reference.
 */
export function differentNameBits(unmarked: boolean, d: readonly Token[], legacy: boolean, p: readonly Token[], inPlace = true): number {
  if (p.length > MAX_ALIGNED_TOKENS) return (legacy ? BIT.legacy_encoding : 0) | BIT.typo;
  // A whole name without marks was typed without diacritics, whatever else happened to its tokens,
  // provided a marked person token is there to show it (not only one the dose dropped).
  let bits = legacy ? BIT.legacy_encoding : 0;
  if (inPlace && pairsInPlace(d, p)) {
    for (let i = 0; i < d.length; i++) {
      const pt = p[i];
      bits |= pairReasons(d[i], pt);
      if (unmarked && pt.key !== pt.folded) bits |= BIT.diacritics_missing;
    }
    return bits;
  }
  if (matchScratch.length < d.length) matchScratch = new Int8Array(d.length);
  const match = matchScratch;
  const best = pairInto(d, p, match); // may grow the scratch arrays: read them after
  const inversions = inversionsAt[best];
  let paired = 0;
  for (let i = 0; i < d.length; i++) {
    if (match[i] < 0) continue;
    paired++;
    const pt = p[match[i]];
    bits |= pairReasons(d[i], pt);
    if (unmarked && pt.key !== pt.folded) bits |= BIT.diacritics_missing;
  }
  if (p.length > paired) bits |= BIT.middle_name_missing;
  if (d.length > paired) bits |= BIT.middle_name_extra;
  // Keys differ here, so some pair differs, a token is unpaired or the order changed: bits has a
  // reason besides legacy_encoding (the tests check every key difference gets one).
  if (inversions > 0) bits |= BIT.name_order;
  return bits;
}
