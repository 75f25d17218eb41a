/**
 * Repairs legacy-font and input-method damage in a cleaned Vietnamese name, on evidence only:
 * UTF-8 read as Windows-1252 (cp1252.ts), TCVN3 and VNI font bytes read as Windows-1252
 * (tcvn3.ts, vni.ts), VIQR and Telex residue (input-method.ts). A valid Unicode name is never
 * changed: "Hoà" is a name and also VNI for "Hồ", "Thò" is a syllable and VNI for "Thị".
 *
 * Fast path (most names; the normalizer needs ~1M names/s): a name whose every token is a valid
 * syllable, marked or plain ASCII, has nothing to repair, since a repair needs a token that is not
 * valid (below). `isTextOfSyllables` decides that in one scan with a minimal automaton over letter
 * classes, without allocating, and the input itself is returned.
 *
 * Slow path, per space-separated token and encoding X (validity judged by syllable.ts):
 *   strong — the token is not a valid syllable and its X decoding is;
 *   weak   — both are valid and differ ("Hoà" → "Hồ" under VNI);
 *   fail   — neither the token nor its decoding is a valid syllable (damage X does not explain).
 * X is applied when at least one token is strong. Strong tokens are decoded; weak ones only when
 * every character of the name is one X's damage can contain, i.e. the name reads as wholly
 * X-damaged. In a mixed name ("Nguyễn ThÞ Hương") the retyped Unicode syllables show that a weak
 * token may just as well be correct, and it is left alone. Telex must in addition leave every token
 * valid, and in a two-word name change both words or use a shape key (aa, aw, dd, w …), so that
 * "Max Nguyen" is not read as "Mã Nguyen". A VIQR '.' or '?' after a single letter is as often an
 * initial ("A.") as a tone: such a token is weak evidence only.
 * When several encodings explain a name, the best has the most strong tokens, then the fewest
 * failures, then the fewest tone marks in its strong decodings (ngang, no mark, is the most
 * frequent tone: VNI "Thö" is "Thư" rather than TCVN3 "Thử"), then explains every character of
 * the name, then changes the most tokens, then comes first in the order below.
 * Up to three rounds, one per kind of damage.
 *
 * Speed of the slow path: everything it learns about a token (its validity, which characters each
 * damage can contain, and its reading under each encoding: kind, decoding, tone marks) depends on
 * the token alone, and damaged tokens repeat across a file ("NguyÔn", "ThÞ", "Nguyeãn"), so it is
 * computed once per distinct token and kept in a bounded per-thread cache (as normalize-name.ts
 * does for clean tokens). A name then costs a scan of its characters, one hash-table probe per
 * token and a few integer comparisons per encoding, with no regex, no String.normalize on NFC
 * input, and no array per candidate encoding: about 1 µs instead of 10-50 µs
 * (benchmarks/repair-mojibake.bench.ts). `setMojibakeTokenCacheLimit(0)` turns the cache off;
 * the tests check that results never depend on it, against the simple implementation kept in
 * test/normalize/repair-mojibake.reference.ts.
 */
import { KhopError } from '../errors.js';
import { canBeCp1252, decodeUtf8AsCp1252, utf8AsCp1252Candidates } from './cp1252.js';
import { decodeTelex, decodeViqr, hasTelexShapeKeys } from './input-method.js';
import { countToneMarks, isTextOfSyllables } from './syllable.js';
import { canBeTcvn3, decodeTcvn3 } from './tcvn3.js';
import type { NameRepair } from './types.js';
import { canBeVni, decodeVni } from './vni.js';

export interface MojibakeRepair {
  /** The repaired text (NFC), or the input itself when nothing was repaired. */
  text: string;
  /** The repairs applied, once each, in the order applied. */
  repairs: readonly NameRepair[];
}

const NO_REPAIRS: readonly NameRepair[] = Object.freeze([]);

/**
 * `isPlausibleSyllable` (syllable.ts) for one NFC token, through the automaton (no allocation).
 * Every token the slow path judges is NFC: the name is composed first and the decoders return NFC.
 */
const isValidToken = (token: string): boolean => token.indexOf(' ') < 0 && isTextOfSyllables(token);

/**
 * True when `s` is surely NFC without calling String.normalize: every code unit is below U+0300 or
 * in Latin Extended Additional (U+1E00-U+1EFF), characters with NFC_Quick_Check = Yes and
 * canonical combining class 0 (UAX #15), so nothing in `s` can compose or reorder. That covers
 * Vietnamese letters and the Windows-1252 range legacy-font damage is made of.
 */
function isSurelyNfc(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0x300 && (c < 0x1e00 || c > 0x1eff)) return false;
  }
  return true;
}

function isAsciiText(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 0x7f) return false;
  return true;
}

function isPrintableAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x20 || c > 0x7e) return false;
  }
  return true;
}

function isAsciiLetters(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i) | 0x20;
    if (c < 0x61 || c > 0x7a) return false;
  }
  return true;
}

// ---- slow path: the encodings and the evidence rule ----

interface Codec {
  readonly repair: NameRepair;
  /** Legacy fonts change only non-ASCII characters; input-method residue is ASCII only. */
  readonly ascii: boolean;
  /** The token's decoding, or null when the token cannot be this damage. */
  decode(token: string): string | null;
  /**
   * True when every character of the token is one this damage can contain. Judged per token: a
   * space is one every damage can contain, so a name passes when each of its tokens does.
   */
  canProduce(token: string): boolean;
  /** Regroups tokens before judging (UTF-8 sequences split at a space that was a no-break space). */
  joinsSplitSequences?: true;
  /** A token that may be damage but is as likely not: never strong evidence. */
  weakOnly?(token: string): boolean;
  /** A last check on the whole decision. */
  accept?(o: Outcome): boolean;
}

/** A cp1252 character whose byte is a UTF-8 continuation (0x80-0xBF) or the lead Ä (Đ, đ, ă, ĩ). */
const CONTINUATION_OR_D = /[\u0080-\u00bf\u20ac\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u017d\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u017e\u0178Ä]/;

function decodeCp1252Token(token: string): string | null {
  const strict = decodeUtf8AsCp1252(token);
  if (strict !== null) return strict;
  if (!CONTINUATION_OR_D.test(token)) return null;
  // Removed undefined bytes (0x81 0x8D 0x8F 0x90 0x9D): accept a restoration only if exactly one
  // reads as a syllable, preferring the readings whose case is regular ("Ngọc", not "NgỐc").
  const readable = [...new Set(utf8AsCp1252Candidates(token).filter(isValidToken))];
  if (readable.length === 1) return readable[0];
  const regular = readable.filter(hasRegularCase);
  return regular.length === 1 ? regular[0] : null;
}

/** Lower case after the first letter, or all upper case. */
function hasRegularCase(token: string): boolean {
  const rest = token.slice(1);
  return rest === rest.toLowerCase() || token === token.toUpperCase();
}

/** "à" is C3 A0: a token ending in a lead byte or a continuation may have lost a no-break space. */
function mayEndSplitSequence(token: string): boolean {
  const c = token.length === 0 ? 0 : token.charCodeAt(token.length - 1);
  return (c >= 0xc2 && c <= 0xf4) || (c >= 0x80 && c <= 0xbf);
}

const CP1252: Codec = {
  repair: 'utf8_as_cp1252',
  ascii: false,
  decode: decodeCp1252Token,
  canProduce: canBeCp1252,
  joinsSplitSequences: true,
};

const TCVN3: Codec = { repair: 'tcvn3', ascii: false, decode: decodeTcvn3, canProduce: canBeTcvn3 };

const VNI: Codec = { repair: 'vni', ascii: false, decode: decodeVni, canProduce: canBeVni };

const VIQR: Codec = {
  repair: 'viqr',
  ascii: true,
  decode: decodeViqr,
  canProduce: isPrintableAscii,
  weakOnly(token) {
    // "A." is an initial as likely as Ạ; "Thi." is not punctuation in a name.
    const last = token.charCodeAt(token.length - 1);
    return token.length <= 2 && (last === 0x2e || last === 0x3f); // '.' or '?'
  },
};

const TELEX: Codec = {
  repair: 'telex',
  ascii: true,
  decode: decodeTelex,
  canProduce: isAsciiLetters,
  accept(o) {
    // A lone tone key in a two-word name is too little: "Max Nguyen" is not "Mã Nguyen".
    return o.allValid && (o.changed >= 2 || o.shapeKeys || o.nonEmpty >= 3);
  },
};

/**
 * In the order that breaks the last ties: the legacy fonts first, then Telex before VIQR (a lone
 * "dd" for đ is both, and Telex is the input method most people type with).
 */
const CODECS: readonly Codec[] = [CP1252, TCVN3, VNI, TELEX, VIQR];
const CP1252_INDEX = CODECS.indexOf(CP1252);

// ---- what a token says under each encoding, computed once per distinct token ----

/** Kinds of evidence (file header); NONE: not this damage, or its decoding is the token itself. */
const NONE = 0;
const FAIL = 1;
const WEAK = 2;
const STRONG = 3;

interface Reading {
  readonly kind: number;
  /** The decoding, for WEAK and STRONG. */
  readonly decoded: string;
  /** Tone marks in the decoding of a STRONG token (the only ones that count). */
  readonly tones: number;
  /** A STRONG token holding Telex shape keys. */
  readonly shapeKeys: boolean;
}

// Not frozen: a frozen object has its own hidden class, and one shape keeps the readers monomorphic.
const NO_READING: Reading = { kind: NONE, decoded: '', tones: 0, shapeKeys: false };
const FAIL_READING: Reading = { kind: FAIL, decoded: '', tones: 0, shapeKeys: false };

interface TokenFacts {
  readonly token: string;
  /** `isSurelyNfc(token)`: a name of such tokens needs no String.normalize. */
  readonly surelyNfc: boolean;
  readonly valid: boolean;
  /** Bit k: `CODECS[k].canProduce(token)`. */
  readonly producible: number;
  /** By codec index. */
  readonly readings: readonly Reading[];
  /** Bit k: the token is strong evidence of `CODECS[k]`; a name without any cannot be `CODECS[k]`. */
  readonly strongFor: number;
  /** Not a UTF-8-as-cp1252 token, but may be the first half of one split at a no-break space. */
  readonly splitLead: boolean;
}

function readingOf(codec: Codec, token: string, valid: boolean, d: string | null): Reading {
  if (d === null || d === token) return NO_READING;
  if (!isValidToken(d)) return valid ? NO_READING : FAIL_READING; // a valid token is just correct text
  if (valid || codec.weakOnly?.(token) === true) return { kind: WEAK, decoded: d, tones: 0, shapeKeys: false };
  return { kind: STRONG, decoded: d, tones: countToneMarks(d), shapeKeys: hasTelexShapeKeys(token) };
}

function readToken(token: string): TokenFacts {
  const valid = isValidToken(token);
  const ascii = isAsciiText(token);
  const readings: Reading[] = [];
  let producible = 0;
  let splitLead = false;
  let strongFor = 0;
  for (let k = 0; k < CODECS.length; k++) {
    const codec = CODECS[k];
    if (codec.canProduce(token)) producible |= 1 << k;
    if (token === '' || ascii !== codec.ascii) {
      readings.push(NO_READING); // nothing this damage could have made
      continue;
    }
    const d = codec.decode(token);
    if (k === CP1252_INDEX) splitLead = d === null && mayEndSplitSequence(token);
    const r = readingOf(codec, token, valid, d);
    if (r.kind === STRONG) strongFor |= 1 << k;
    readings.push(r);
  }
  return { token, surelyNfc: isSurelyNfc(token), valid, producible, readings, strongFor, splitLead };
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

function hashOf(s: string): number {
  let h = FNV_OFFSET;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), FNV_PRIME);
  return h;
}

function sameChars(token: string, text: string, start: number): boolean {
  for (let k = 0; k < token.length; k++) if (token.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/**
 * Token → facts, keyed by the token's characters inside the name, so a lookup needs neither a
 * substring nor the engine's string hashing: an FNV-1a hash computed while scanning for the
 * space, then open addressing with linear probing (as the token cache of normalize-name.ts).
 * Emptied when `limit` tokens are stored, which keeps memory fixed on adversarial input.
 */
class TokenCache {
  private limit = 0;
  private mask = 0;
  private size = 0;
  private hashes = new Int32Array(0);
  private entries: (TokenFacts | undefined)[] = [];

  constructor(limit: number) {
    this.reset(limit);
  }

  reset(limit: number): void {
    const capacity = limit === 0 ? 0 : 1 << Math.ceil(Math.log2(limit * 2 + 1));
    this.limit = limit;
    this.mask = capacity - 1;
    this.size = 0;
    this.hashes = new Int32Array(capacity);
    this.entries = new Array<TokenFacts | undefined>(capacity).fill(undefined);
  }

  /** The facts of text[start, end), whose hash is `hash`, computing and storing them on a miss. */
  lookup(text: string, start: number, end: number, hash: number): TokenFacts {
    if (this.limit === 0) return readToken(text.slice(start, end));
    const len = end - start;
    let i = hash & this.mask;
    for (;;) {
      const f = this.entries[i];
      if (f === undefined) break;
      if (this.hashes[i] === hash && f.token.length === len && sameChars(f.token, text, start)) return f;
      i = (i + 1) & this.mask;
    }
    const facts = readToken(start === 0 && end === text.length ? text : text.slice(start, end));
    if (this.size >= this.limit) {
      this.reset(this.limit);
      i = hash & this.mask;
    }
    this.hashes[i] = hash;
    this.entries[i] = facts;
    this.size++;
    return facts;
  }
}

const DEFAULT_TOKEN_CACHE_LIMIT = 50_000;
const tokenCache = new TokenCache(DEFAULT_TOKEN_CACHE_LIMIT);

const factsOf = (token: string): TokenFacts => tokenCache.lookup(token, 0, token.length, hashOf(token));

/** The facts of each space-separated token of `text` (the tokens of `text.split(' ')`). */
function tokenFacts(text: string): TokenFacts[] {
  const out: TokenFacts[] = [];
  let start = 0;
  let h = FNV_OFFSET;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0x20) {
      out.push(tokenCache.lookup(text, start, i, h));
      start = i + 1;
      h = FNV_OFFSET;
    } else {
      h = Math.imul(h ^ c, FNV_PRIME);
    }
  }
  out.push(tokenCache.lookup(text, start, text.length, h));
  return out;
}

/**
 * Bounds the per-thread cache of token readings (default 50,000 distinct tokens: a few MB when
 * full) and empties it. 0 disables it. Results never depend on the cache.
 */
export function setMojibakeTokenCacheLimit(limit: number = DEFAULT_TOKEN_CACHE_LIMIT): void {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new KhopError('BAD_ARGUMENT', 'the mojibake token cache limit must be a non-negative integer');
  }
  tokenCache.reset(limit);
}

// ---- judging a name ----

interface Outcome {
  codec: number;
  strong: number;
  fail: number;
  /** Every character of the name is one this damage can contain. */
  whole: boolean;
  /** Weak tokens are decoded too. */
  useWeak: boolean;
  /** Tokens changed (strong, and weak when applied). */
  changed: number;
  /** Tone marks in the decodings of the strong tokens. */
  tones: number;
  /** Some strong token holds Telex shape keys. */
  shapeKeys: boolean;
  /** Every token is empty or valid once decoded. */
  allValid: boolean;
  /** Non-empty tokens once decoded. */
  nonEmpty: number;
  /** The tokens judged (for UTF-8 damage, after `joinSplitSequences`). */
  segs: readonly TokenFacts[];
}

/** True when `a` is the better explanation of the name (see the file header). */
function better(a: Outcome, b: Outcome): boolean {
  if (a.strong !== b.strong) return a.strong > b.strong;
  if (a.fail !== b.fail) return a.fail < b.fail;
  if (a.tones !== b.tones) return a.tones < b.tones;
  if (a.whole !== b.whole) return a.whole;
  return a.changed > b.changed;
}

const CP1252_BIT = 1 << CP1252_INDEX;

/**
 * The tokens with UTF-8 sequences split at a lost no-break space joined again ("HoÃ ng"), or the
 * array itself when no token may be the first half of one.
 */
function joinSplitSequences(tokens: readonly TokenFacts[]): readonly TokenFacts[] {
  let first = 0;
  while (first < tokens.length - 1 && !tokens[first].splitLead) first++;
  if (first >= tokens.length - 1) return tokens;
  const segs = tokens.slice(0, first);
  for (let i = first; i < tokens.length; i++) {
    // A character no Windows-1252 reader produces leaves nothing to decode (decodeCp1252Token
    // maps every character to a byte first): such a pair is not joined, nor its reading computed.
    if (i + 1 < tokens.length && tokens[i].splitLead && (tokens[i].producible & tokens[i + 1].producible & CP1252_BIT) !== 0) {
      const joined = factsOf(tokens[i].token + '\u00a0' + tokens[i + 1].token);
      if (joined.readings[CP1252_INDEX].kind >= WEAK) {
        segs.push(joined);
        i++;
        continue;
      }
    }
    segs.push(tokens[i]);
  }
  return segs;
}

function evaluate(k: number, tokens: readonly TokenFacts[]): Outcome | null {
  const codec = CODECS[k];
  const segs = codec.joinsSplitSequences ? joinSplitSequences(tokens) : tokens;
  const bit = 1 << k;
  let strong = 0;
  let fail = 0;
  let tones = 0;
  let whole = true;
  let anyWeak = false;
  let shapeKeys = false;
  for (let i = 0; i < segs.length; i++) {
    const f = segs[i];
    if ((f.producible & bit) === 0) whole = false;
    const r = f.readings[k];
    if (r.kind === STRONG) {
      strong++;
      tones += r.tones;
      if (r.shapeKeys) shapeKeys = true;
    } else if (r.kind === FAIL) fail++;
    else if (r.kind === WEAK) anyWeak = true;
  }
  if (strong === 0) return null;
  const useWeak = whole && anyWeak;
  let changed = strong;
  let allValid = true;
  let nonEmpty = 0;
  for (let i = 0; i < segs.length; i++) {
    const f = segs[i];
    const kind = f.readings[k].kind;
    if (kind === STRONG) nonEmpty++; // a decoding is a valid syllable, never empty
    else if (kind === WEAK && useWeak) {
      changed++;
      nonEmpty++;
    } else if (f.token !== '') {
      nonEmpty++;
      if (!f.valid) allValid = false;
    }
  }
  const o: Outcome = { codec: k, strong, fail, whole, useWeak, changed, tones, shapeKeys, allValid, nonEmpty, segs };
  return codec.accept && !codec.accept(o) ? null : o;
}

/** The tokens of the name once `o`'s decodings are applied. */
function decodedTokens(o: Outcome): TokenFacts[] {
  return o.segs.map((f) => {
    const r = f.readings[o.codec];
    return r.kind === STRONG || (r.kind === WEAK && o.useWeak) ? factsOf(r.decoded) : f;
  });
}

function allTokensValid(tokens: readonly TokenFacts[]): boolean {
  for (const f of tokens) if (f.token !== '' && !f.valid) return false;
  return true;
}

/** The codecs `evaluate` may find strong evidence of: a strong token, or tokens to join. */
function candidateCodecs(tokens: readonly TokenFacts[]): number {
  let mask = 0;
  for (const f of tokens) mask |= f.strongFor | (f.splitLead ? 1 << CP1252_INDEX : 0);
  return mask;
}

function allSurelyNfc(tokens: readonly TokenFacts[]): boolean {
  for (const f of tokens) if (!f.surelyNfc) return false;
  return true;
}

function repairSlow(text: string): MojibakeRepair {
  let tokens: readonly TokenFacts[] = tokenFacts(text);
  if (!allSurelyNfc(tokens)) {
    const nfc = text.normalize('NFC');
    if (nfc !== text) {
      if (isTextOfSyllables(nfc)) return { text, repairs: NO_REPAIRS };
      tokens = tokenFacts(nfc);
    }
  }
  const repairs: NameRepair[] = [];
  for (let round = 0; round < 3 && !allTokensValid(tokens); round++) {
    let best: Outcome | null = null;
    const candidates = candidateCodecs(tokens);
    for (let k = 0; k < CODECS.length; k++) {
      if ((candidates & (1 << k)) === 0 || repairs.includes(CODECS[k].repair)) continue;
      const o = evaluate(k, tokens);
      if (o !== null && (best === null || better(o, best))) best = o;
    }
    if (best === null) break;
    tokens = decodedTokens(best);
    repairs.push(CODECS[best.codec].repair);
  }
  if (repairs.length === 0) return { text, repairs: NO_REPAIRS };
  let out = tokens[0].token;
  for (let i = 1; i < tokens.length; i++) out += ' ' + tokens[i].token;
  return { text: allSurelyNfc(tokens) ? out : out.normalize('NFC'), repairs };
}

/**
 * Repairs legacy-font (TCVN3, VNI, UTF-8 read as Windows-1252) and input-method (Telex, VIQR)
 * damage in a cleaned name, on evidence only; returns the input itself when it finds none.
 */
export function repairMojibake(text: string): MojibakeRepair {
  return isTextOfSyllables(text) ? { text, repairs: NO_REPAIRS } : repairSlow(text);
}
