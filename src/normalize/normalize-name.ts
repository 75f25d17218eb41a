/**
 * A raw full-name field → the display form and comparison keys every later stage reads
 * (`NormalizedName` in types.ts).
 *
 * Pipeline, in the order repairs are reported: clean the text (invisible characters, spaces, NFC,
 * Ð; legacy-font bytes left in place) → repair legacy-font and input-method damage → clean what
 * the repair left → move each syllable's tone to its canonical vowel (tone-placement.ts) → title
 * case for display → keys: lower case, folded to ASCII, toneless, regional/i-y variants.
 * Tokens are split on spaces: the family name comes first, the given name last (Vietnamese order).
 *
 * Speed: a name is a handful of tokens drawn from a vocabulary of a few thousand syllables, so the
 * forms of each token are computed once (table lookups, no regexes, no String.normalize on clean
 * input) and kept in a bounded per-thread cache; a name then costs a scan of its characters, one
 * hash-table probe per token and one concatenation per field and token. Measured in
 * benchmarks/normalize-names.bench.ts. `setNameTokenCacheLimit(0)` turns the cache off, which the
 * tests use to check that it never changes a result.
 */
import { KhopError } from '../errors.js';
import { cleanText, type CleanOptions } from './clean-text.js';
import { variantOfFoldedToken, variantOfToken } from './name-variants.js';
import { repairMojibake } from './repair-mojibake.js';
import { placeTones } from './tone-placement.js';
import type { NameRepair, NormalizedName } from './types.js';
import { foldName, IS_LETTER, LETTER, LOWER, lowerName, stripTones, TABLE_SIZE, UPPER } from './vietnamese-letters.js';

/** Everything normalizeName derives from one space-free token. */
interface TokenForms {
  readonly display: string;
  readonly key: string;
  readonly folded: string;
  readonly toneless: string;
  readonly variant: string;
  readonly variantFolded: string;
  readonly toneMoved: boolean;
  readonly caseChanged: boolean;
  /** `display` is the token as written. */
  readonly displayIsToken: boolean;
  /** The same forms after a space: joining a name then costs one concatenation per field. */
  readonly after: Readonly<Pick<TokenForms, 'display' | 'key' | 'folded' | 'toneless' | 'variant' | 'variantFolded'>>;
  /** A number no other forms object made by this thread has (see `NameTokenForms`). */
  readonly id: number;
  /**
   * key, folded, toneless, variant and variantFolded as UTF-8 (RFC 3629, a lone surrogate as
   * U+FFFD), one after another: form f is utf8[utf8Ends[f − 1], utf8Ends[f]), utf8Ends[−1] = 0.
   */
  readonly utf8: Uint8Array;
  readonly utf8Ends: Int32Array;
}

let nextTokenId = 0;
const encoder = new TextEncoder();

/**
 * The forms' UTF-8 one after another, with where each ends. Written by hand for text of the Basic
 * Multilingual Plane (1, 2 or 3 bytes per code unit: one array, no TextEncoder call per form,
 * whose fixed cost was most of this function); a surrogate (an astral character, a lone half) takes
 * TextEncoder, which writes a lone one as U+FFFD.
 */
function utf8Of(forms: readonly string[]): { utf8: Uint8Array; utf8Ends: Int32Array } {
  let n = 0;
  for (const f of forms) {
    for (let k = 0; k < f.length; k++) {
      const c = f.charCodeAt(k);
      if (c >= 0xd800 && c <= 0xdfff) return utf8OfByEncoder(forms);
      n += c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
    }
  }
  const utf8 = new Uint8Array(n);
  const utf8Ends = new Int32Array(forms.length);
  let o = 0;
  forms.forEach((f, i) => {
    for (let k = 0; k < f.length; k++) {
      const c = f.charCodeAt(k);
      if (c < 0x80) {
        utf8[o++] = c;
      } else if (c < 0x800) {
        utf8[o++] = 0xc0 | (c >> 6);
        utf8[o++] = 0x80 | (c & 0x3f);
      } else {
        utf8[o++] = 0xe0 | (c >> 12);
        utf8[o++] = 0x80 | ((c >> 6) & 0x3f);
        utf8[o++] = 0x80 | (c & 0x3f);
      }
    }
    utf8Ends[i] = o;
  });
  return { utf8, utf8Ends };
}

/** `utf8Of` by TextEncoder, for text with surrogates (the nameTokenForms tests check utf8Of against TextEncoder). */
function utf8OfByEncoder(forms: readonly string[]): { utf8: Uint8Array; utf8Ends: Int32Array } {
  const parts = forms.map((f) => encoder.encode(f));
  const utf8Ends = new Int32Array(parts.length);
  let n = 0;
  for (let f = 0; f < parts.length; f++) utf8Ends[f] = n += parts[f].length;
  const utf8 = new Uint8Array(n);
  for (let f = 0; f < parts.length; f++) utf8.set(parts[f], f === 0 ? 0 : utf8Ends[f - 1]);
  return { utf8, utf8Ends };
}

/**
 * Upper case for the first letter of each run of letters, lower case for the rest: "NGUYỄN" →
 * "Nguyễn", and a token joined by a hyphen or apostrophe (H'hen, thủy-tiên) capitalises each part.
 * Returns `s` itself when it is already in that form.
 */
export function titleCase(s: string): string {
  const n = s.length;
  let out: string | null = null;
  let prevLetter = false;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i);
    const cls = c < TABLE_SIZE ? IS_LETTER[c] : 0;
    let to = c;
    if (cls === LETTER) {
      to = prevLetter ? LOWER[c] : UPPER[c];
      prevLetter = true;
    } else if (cls === 0) {
      prevLetter = false;
    }
    if (out !== null) out += String.fromCharCode(to);
    else if (to !== c) out = s.slice(0, i) + String.fromCharCode(to);
  }
  return out ?? s;
}

function computeForms(token: string): TokenForms {
  const placed = placeTones(token);
  const display = titleCase(placed);
  const key = lowerName(display);
  const folded = foldName(key);
  const toneless = stripTones(key);
  const variant = variantOfToken(key);
  const variantFolded = variantOfFoldedToken(folded);
  return {
    id: nextTokenId++,
    ...utf8Of([key, folded, toneless, variant, variantFolded]),
    display,
    key,
    folded,
    toneless,
    variant,
    variantFolded,
    toneMoved: placed !== token,
    caseChanged: display !== placed,
    displayIsToken: display === token,
    after: {
      display: ' ' + display,
      key: ' ' + key,
      folded: ' ' + folded,
      toneless: ' ' + toneless,
      variant: ' ' + variant,
      variantFolded: ' ' + variantFolded,
    },
  };
}

/**
 * Token → forms, keyed by the token's characters inside the name, so a lookup needs neither a
 * substring nor the engine's string hashing: an FNV-1a hash computed while scanning for the
 * space, then open addressing with linear probing. When `limit` tokens are stored the table is
 * emptied and refilled, which keeps memory fixed on adversarial input.
 */
class TokenCache {
  private capacity = 0;
  private mask = 0;
  private size = 0;
  private limit = 0;
  private hashes = new Int32Array(0);
  private tokens: (string | undefined)[] = [];
  private forms: (TokenForms | undefined)[] = [];

  constructor(limit: number) {
    this.reset(limit);
  }

  reset(limit: number): void {
    this.limit = limit;
    this.capacity = limit === 0 ? 0 : 1 << Math.ceil(Math.log2(limit * 2 + 1));
    this.mask = this.capacity - 1;
    this.size = 0;
    this.hashes = new Int32Array(this.capacity);
    this.tokens = new Array<string | undefined>(this.capacity).fill(undefined);
    this.forms = new Array<TokenForms | undefined>(this.capacity).fill(undefined);
  }

  /** The forms of text[start, end), whose hash is `hash`, computing and storing them on a miss. */
  lookup(text: string, start: number, end: number, hash: number): TokenForms {
    if (this.limit === 0) return computeForms(text.slice(start, end));
    const len = end - start;
    let i = hash & this.mask;
    for (;;) {
      const t = this.tokens[i];
      if (t === undefined) break;
      if (this.hashes[i] === hash && t.length === len && sameChars(t, text, start)) return this.forms[i] as TokenForms;
      i = (i + 1) & this.mask;
    }
    const token = start === 0 && end === text.length ? text : text.slice(start, end);
    const forms = computeForms(token);
    if (this.size >= this.limit) {
      this.reset(this.limit);
      i = hash & this.mask;
    }
    this.hashes[i] = hash;
    this.tokens[i] = token;
    this.forms[i] = forms;
    this.size++;
    return forms;
  }
}

function sameChars(token: string, text: string, start: number): boolean {
  for (let k = 0; k < token.length; k++) if (token.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

const DEFAULT_CACHE_LIMIT = 1 << 15;
const cache = new TokenCache(DEFAULT_CACHE_LIMIT);

/**
 * Bounds the per-thread token cache (default 32,768 distinct tokens: about 16 MB when full) and
 * empties it. 0 disables it.
 */
export function setNameTokenCacheLimit(limit: number = DEFAULT_CACHE_LIMIT): void {
  if (!Number.isInteger(limit) || limit < 0) {
    throw new KhopError('BAD_ARGUMENT', 'the name token cache limit must be a non-negative integer');
  }
  cache.reset(limit);
}

function addRepair(repairs: NameRepair[], repair: NameRepair): void {
  if (!repairs.includes(repair)) repairs.push(repair);
}

const KEEP_LEGACY: CleanOptions = { keepLegacyBytes: true };
const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** Whether the last `repairedText` call's repairMojibake step repaired anything. */
let legacyRepaired = false;

/** Cleans and repairs a raw name (the first steps in the file header), noting repairs when asked. */
function repairedText(raw: string, repairs: NameRepair[] | null): string {
  const first = cleanText(raw, KEEP_LEGACY);
  const repaired = repairMojibake(first.text);
  legacyRepaired = repaired.repairs.length > 0;
  let text = repaired.text;
  if (repairs !== null) {
    for (const r of first.repairs) repairs.push(r);
    for (const r of repaired.repairs) addRepair(repairs, r);
  }
  if (first.deferred || text !== first.text) {
    const second = cleanText(text);
    text = second.text;
    // Composition after a repair is part of that repair, not a sign of decomposed input.
    if (repairs !== null) for (const r of second.repairs) if (r !== 'nfd') addRepair(repairs, r);
  }
  return text;
}

/**
 * The comparison forms of one token of a name (see `nameTokenForms`), with their UTF-8 for a
 * byte-keyed dictionary, and an `id` by which a caller can remember what it derived from them
 * (a code in its dictionary): equal ids are the same object, so the same forms.
 */
export type NameTokenForms = Readonly<Pick<TokenForms, 'key' | 'folded' | 'toneless' | 'variant' | 'variantFolded' | 'id' | 'utf8' | 'utf8Ends'>>;

/** Repairs of legacy-font or input-method damage: the `legacy_encoding` correction (engine/corrections-name.ts). */
const LEGACY_REPAIRS: ReadonlySet<NameRepair> = new Set<NameRepair>(['tcvn3', 'vni', 'utf8_as_cp1252', 'telex', 'viqr']);

/** The normalizer repaired a legacy encoding or input-method residue: the name is unreadable as written. */
export function hasLegacyRepair(n: NormalizedName): boolean {
  for (const r of n.repairs) if (LEGACY_REPAIRS.has(r)) return true;
  return false;
}

/**
 * `hasLegacyRepair(normalizeName(raw))` without building the name's forms: those repairs are made
 * by the normalizer's first two steps alone (clean keeping legacy bytes, then repairMojibake), so
 * only they are run. For a dose whose key is known to equal its person's, where the forms are not
 * needed (engine/corrections-stored.ts).
 */
export function rawHasLegacyRepair(raw: string): boolean {
  for (const r of repairMojibake(cleanText(raw, KEEP_LEGACY).text).repairs) if (LEGACY_REPAIRS.has(r)) return true;
  return false;
}

/** What `nameTokenForms` can report besides the forms. */
export interface NameTokenFlags {
  /**
   * The legacy-font or input-method repair (repair-mojibake.ts: utf8_as_cp1252, tcvn3, vni, telex,
   * viqr) changed the name: exactly when `normalizeName(raw).repairs` holds one of those.
   */
  legacy: boolean;
}

/**
 * The forms of each token of a raw name, in order, into `out` from index 0; returns the count.
 * Each of `normalizeName`'s key, folded, toneless, variant and variantFolded is exactly that form
 * of these tokens joined by one space. For a caller that encodes the forms itself
 * (engine/column-name.ts writes them as UTF-8 for its dictionary) and so needs neither the joined
 * strings nor the display and repairs. A token's object is the same while the token cache keeps it.
 * `flags`, when given, is set for this name (see `NameTokenFlags`).
 */
export function nameTokenForms(raw: string, out: NameTokenForms[], flags?: NameTokenFlags): number {
  const text = repairedText(raw, null);
  if (flags !== undefined) flags.legacy = legacyRepaired;
  const n = text.length;
  let count = 0;
  let start = 0;
  while (start < n) {
    let hash = FNV_OFFSET;
    let end = start;
    for (let c = text.charCodeAt(end); end < n && c !== 0x20; c = text.charCodeAt(++end)) hash = Math.imul(hash ^ c, FNV_PRIME);
    out[count++] = cache.lookup(text, start, end, hash);
    start = end + 1;
  }
  return count;
}

/** Cleans, repairs and splits a raw full name; see the file header for the steps. */
export function normalizeName(raw: string): NormalizedName {
  const repairs: NameRepair[] = [];
  const text = repairedText(raw, repairs);

  // Fields that usually equal another one (display = the cleaned text, variant = key,
  // variantFolded = folded) are only built when some token makes them differ.
  let display = '';
  let key = '';
  let folded = '';
  let toneless = '';
  let variant = '';
  let variantFolded = '';
  let displayIsText = true;
  let variantIsKey = true;
  let variantFoldedIsFolded = true;
  let toneMoved = false;
  let caseChanged = false;
  let family = '';
  let given = '';
  const middle: string[] = [];
  let count = 0;
  const n = text.length;
  let start = 0;
  while (start < n) {
    let hash = FNV_OFFSET;
    let end = start;
    for (let c = text.charCodeAt(end); end < n && c !== 0x20; c = text.charCodeAt(++end)) hash = Math.imul(hash ^ c, FNV_PRIME);
    const f = cache.lookup(text, start, end, hash);
    if (count === 0) {
      display = f.display;
      key = f.key;
      folded = f.folded;
      toneless = f.toneless;
      variant = f.variant;
      variantFolded = f.variantFolded;
      given = f.key;
    } else {
      const after = f.after;
      if (!displayIsText) display += after.display;
      key += after.key;
      folded += after.folded;
      toneless += after.toneless;
      if (!variantIsKey) variant += after.variant;
      if (!variantFoldedIsFolded) variantFolded += after.variantFolded;
      if (count === 1) family = given;
      else middle.push(given);
      given = f.key;
    }
    if (displayIsText && !f.displayIsToken) {
      displayIsText = false;
      display = text.slice(0, start) + f.display;
    }
    if (variantIsKey && f.variant !== f.key) {
      variantIsKey = false;
      variant = key.slice(0, key.length - f.key.length) + f.variant;
    }
    if (variantFoldedIsFolded && f.variantFolded !== f.folded) {
      variantFoldedIsFolded = false;
      variantFolded = folded.slice(0, folded.length - f.folded.length) + f.variantFolded;
    }
    toneMoved ||= f.toneMoved;
    caseChanged ||= f.caseChanged;
    count++;
    start = end + 1;
  }
  if (displayIsText) display = text;
  if (variantIsKey) variant = key;
  if (variantFoldedIsFolded) variantFolded = folded;
  if (toneMoved) addRepair(repairs, 'tone_style');
  if (caseChanged) addRepair(repairs, 'case');
  return { display, key, folded, toneless, variant, variantFolded, family, middle, given, repairs };
}
