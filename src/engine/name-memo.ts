/**
 * Memos keyed by the UTF-8 of names or name tokens:
 * - `RawNameMemo`: raw cell (its UTF-8 bytes) → where the cell's codes were written, an
 *   open-addressing table (linear probing, load ≤ 1/2) with 32-bit FNV-1a hashes (Fowler, Noll,
 *   Vo; http://www.isthe.com/chongo/tech/comp/fnv/);
 * - `TokenCodes`: a token's forms object (by its id from nameTokenForms) → its dictionary code.
 * Both are kept by a name column's builder (column-name.ts) while rows stream in, so that a name
 * seen before is neither normalized nor interned again, and dropped when the column is frozen.
 * - `StoredNameTokens`: a stored name's key token (its bytes in the dictionary) → the token's
 *   comparison forms and display form, for the corrections of linked pairs (corrections-stored.ts),
 *   so that a name is not normalized again from its raw cell; lives as long as its deciding builder.
 */
import { titleCase } from '../normalize/normalize-name.js';
import type { NormalizedName } from '../normalize/types.js';
import { LOWER, lowerName, TABLE_SIZE, UPPER } from '../normalize/vietnamese-letters.js';
import { GrowableInt32, GrowableUint8 } from './column-growable.js';
import type { NameColumn } from './column-name.js';
import { writeUtf8 } from './column-utf8.js';
import { tokensOf, type Token } from './corrections-name.js';
import { fnv1a } from '../util/fnv1a.js';

/** Memo table slot: [hash, key start + 1 (0 = empty), key length, entry start]. */
const SLOT = 4;

/**
 * The codes of each distinct raw cell seen so far (see column-name.ts's header), keyed by the cell's
 * UTF-8 bytes. Its own table rather than a `Dictionary`: a slot holds the hash, where the bytes
 * are and where the codes are, so a lookup reads one slot, the bytes and one entry (three cache
 * lines in tables of megabytes) instead of a dictionary's table, hash, offset and bytes and then
 * three separate code arrays.
 */
export class RawNameMemo {
  // Small at first: the library's batch lookups build a store of a few rows per call.
  private table = new Int32Array(16 * SLOT);
  private mask = 15;
  private count = 0;
  private readonly keys = new GrowableUint8(256);
  /** Entries (layout above), one after another in the order the cells were first seen. */
  readonly entries = new GrowableInt32(256);
  private scratch = new Uint8Array(256);

  /**
   * The entry start of bytes[start, end), or −1 after adding it with its entry starting at
   * `entries.length` (the caller then writes that entry before the next lookup).
   */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    // As an Int32, the way the table stores it.
    const hash = fnv1a(bytes, start, end) | 0;
    const len = end - start;
    const table = this.table;
    const keys = this.keys.array;
    let slot = hash & this.mask;
    for (;; slot = (slot + 1) & this.mask) {
      const at = slot * SLOT;
      const keyStart = table[at + 1];
      if (keyStart === 0) break;
      if (table[at] !== hash || table[at + 2] !== len) continue;
      const from = keyStart - 1;
      let k = 0;
      while (k < len && keys[from + k] === bytes[start + k]) k++;
      if (k === len) return table[at + 3];
    }
    this.keys.reserve(len);
    const keyAt = this.keys.length;
    const out = this.keys.array;
    for (let k = 0; k < len; k++) out[keyAt + k] = bytes[start + k];
    this.keys.advance(len);
    const at = slot * SLOT;
    table[at] = hash;
    table[at + 1] = keyAt + 1;
    table[at + 2] = len;
    table[at + 3] = this.entries.length;
    if (++this.count * 2 > this.mask + 1) this.grow();
    return -1;
  }

  /** `lookup` of a well-formed string's UTF-8. */
  lookupString(s: string): number {
    if (this.scratch.length < s.length * 3) this.scratch = new Uint8Array(s.length * 6);
    return this.lookup(this.scratch, 0, writeUtf8(s, this.scratch, 0));
  }

  private grow(): void {
    const old = this.table;
    const capacity = (this.mask + 1) * 2;
    const table = new Int32Array(capacity * SLOT);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += SLOT) {
      if (old[at + 1] === 0) continue;
      let slot = old[at] & mask;
      while (table[slot * SLOT + 1] !== 0) slot = (slot + 1) & mask;
      for (let k = 0; k < SLOT; k++) table[slot * SLOT + k] = old[at + k];
    }
    this.table = table;
    this.mask = mask;
  }
}

/**
 * Dictionary code of the variant-folded form of each token forms object seen (by its `id`),
 * direct-mapped: a token's code is found without a probe of the field's dictionary of millions
 * of strings. A slot another token took just means interning again; a code never changes once
 * given, so a remembered one is what `intern` would return. Grows from a few slots (a library
 * lookup's store holds a few names) to `MAX` (the token vocabulary is a few thousand syllables).
 */
export class TokenCodes {
  private static readonly MAX = 1 << 15;
  private ids = new Int32Array(256).fill(-1);
  private codes = new Int32Array(256);
  private stored = 0;

  /** The remembered code of forms `id`, or −1. */
  get(id: number): number {
    const slot = id & (this.ids.length - 1);
    return this.ids[slot] === id ? this.codes[slot] : -1;
  }

  set(id: number, code: number): void {
    if (++this.stored * 2 > this.ids.length && this.ids.length < TokenCodes.MAX) {
      // Emptied as it grows: what is dropped is only looked up again.
      this.ids = new Int32Array(this.ids.length * 4).fill(-1);
      this.codes = new Int32Array(this.ids.length);
      this.stored = 1;
    }
    const slot = id & (this.ids.length - 1);
    this.ids[slot] = id;
    this.codes[slot] = code;
  }
}

/** Entry of a key token whose bytes cannot vouch for its forms (see `StoredNameTokens`). */
const UNSURE = -1;
/** Entry of a key token seen only in names that could not be cut into tokens (empty tokens). */
const UNLEARNED = -2;
/** Names whose tokens `StoredNameTokens` keeps at a time (a few MB). */
const NAME_CACHE_SLOTS = 1 << 16;
const REPLACEMENT = '\ufffd';

/**
 * The tokens (`tokensOf`, corrections-name.ts) and display form of names stored in a name column
 * (column-name.ts), read from the dictionary instead of normalizing the raw cell again.
 *
 * Why this is exact. The column holds the codes of `normalizeName(raw)`'s five forms, and the
 * dictionary holds each code's string as UTF-8. normalize-name.ts derives every form of a token
 * from its key alone (computeForms: folded = foldName(key), toneless = stripTones(key), variant =
 * variantOfToken(key), variantFolded = variantOfFoldedToken(folded)) and joins the tokens' forms
 * with one space, and no form of a token holds a space, so a name's `Token`s are a function of
 * its key's tokens: one entry per distinct key token, learned from the first name that has it
 * (its five forms decoded and cut by `tokensOf`). The display form is `titleCase` of the key,
 * token by token: display = titleCase(placeTones(token)) and key = lowerName(display), and
 * titleCase(lowerName(x)) = x for any x titleCase returns, but for a few characters whose lower
 * case is shared or has no way back (ẞ and ß both give ß, ϴ and θ give θ): titleCase and
 * lowerName map each code unit alone, titleCase by whether a run of letters has begun, so
 * `unsafeKeyUnits` finds them by trying every code unit of the letter tables in both states, and
 * a key token holding one is UNSURE (test/engine/name-memo.test.ts checks every code unit).
 *
 * UTF-8 loses one thing: a lone surrogate is written as U+FFFD. A token whose decoded forms hold
 * U+FFFD is UNSURE too, and a name with an UNSURE token gets null, as does a key with an empty token
 * (two spaces in a row, which the normalizer never writes): the caller then normalizes the raw
 * cell as before. (CSV input is valid UTF-8 and has no lone surrogate.)
 *
 * Memory: the vocabulary of key tokens (a few thousand syllables, more with typos), about 200
 * bytes each, and the tokens of the last NAME_CACHE_SLOTS names by key code (a person's name is
 * read twice for a correction, for its tokens and its display form; 60 % of the names' reads at
 * 300k are of a name read before), about 4 MB.
 */
export class StoredNameTokens {
  /** Key token UTF-8 → entry holding its index in `tokens`, UNSURE or UNLEARNED. */
  private readonly index = new RawNameMemo();
  private readonly tokens: Token[] = [];
  /** Key token → display token; the keys are the very strings of `tokens`, whose hashes V8 keeps. */
  private readonly displays = new Map<string, string>();
  /** The entries of the last name walked (`walk`). */
  private found = new Int32Array(16);
  /** Direct-mapped by key code: the tokens of the last name with a code in each slot. */
  private readonly cachedCode = new Int32Array(NAME_CACHE_SLOTS).fill(-1);
  private readonly cachedTokens = new Array<Token[] | null>(NAME_CACHE_SLOTS).fill(null);

  /** Row `row`'s tokens (its key not empty), or null when its bytes cannot vouch for them. */
  tokensOf(c: NameColumn, row: number): readonly Token[] | null {
    const code = c.key[row];
    const slot = code & (NAME_CACHE_SLOTS - 1);
    if (this.cachedCode[slot] === code) return this.cachedTokens[slot];
    const count = this.walk(c, row);
    let out: Token[] | null = null;
    if (count >= 0) {
      out = new Array<Token>(count);
      for (let t = 0; t < count; t++) out[t] = this.tokens[this.found[t]];
    }
    this.cachedCode[slot] = code;
    this.cachedTokens[slot] = out;
    return out;
  }

  /** Row `row`'s `normalizeName(raw).display` (its key not empty), or null as `tokensOf`. */
  display(c: NameColumn, row: number): string | null {
    // Usually just after tokensOf(c, row), whose answer is still cached.
    const tokens = this.tokensOf(c, row);
    if (tokens === null) return null;
    const displays = this.displays;
    let out = displays.get(tokens[0].key)!;
    for (let t = 1; t < tokens.length; t++) out += ' ' + displays.get(tokens[t].key)!;
    return out;
  }

  /** The key tokens of row `row` into `found` (token indexes); their count, or −1 when one is UNSURE. */
  private walk(c: NameColumn, row: number): number {
    const dictionary = c.dictionary;
    const bytes = dictionary.bytes;
    const offsets = dictionary.offsets;
    const code = c.key[row];
    const end = offsets[code + 1];
    const entries = this.index.entries;
    let decoded: Token[] | null = null;
    let count = 0;
    for (let s = offsets[code], k = s; k <= end; k++) {
      if (k < end && bytes[k] !== 0x20) continue;
      let e = this.index.lookup(bytes, s, k);
      if (e < 0) {
        e = entries.length;
        entries.push(UNLEARNED);
      }
      let t = entries.array[e];
      if (t === UNLEARNED) {
        // A new key token: learned from this name's forms, unless they cannot be cut into tokens.
        decoded ??= decodeTokens(c, row);
        if (decoded === null) return -1;
        t = entries.array[e] = this.add(decoded[count]);
      }
      if (t === UNSURE) return -1;
      if (count === this.found.length) {
        const grown = new Int32Array(count * 2);
        grown.set(this.found);
        this.found = grown;
      }
      this.found[count++] = t;
      s = k + 1;
    }
    return count;
  }

  private add(token: Token): number {
    const { key, folded, toneless, variant, variantFolded } = token;
    if ([key, folded, toneless, variant, variantFolded].some((f) => f.includes(REPLACEMENT))) return UNSURE;
    const unsafe = unsafeKeyUnits();
    for (let i = 0; i < key.length; i++) {
      const c = key.charCodeAt(i);
      if (c < TABLE_SIZE && unsafe[c] === 1) return UNSURE;
    }
    this.tokens.push(token);
    this.displays.set(key, titleCase(key));
    return this.tokens.length - 1;
  }
}

/**
 * Row `row`'s tokens from its five forms decoded, as `tokensOf(normalizeName(raw))` cuts them;
 * null when the key has an empty token (never from the normalizer, whose tokens are split on
 * single spaces), where family, middle and given would not match the key's split.
 */
function decodeTokens(c: NameColumn, row: number): Token[] | null {
  const d = c.dictionary;
  const key = d.string(c.key[row]);
  const parts = key.split(' ');
  if (parts.includes('')) return null;
  const n: NormalizedName = {
    display: '',
    key,
    folded: d.string(c.folded[row]),
    toneless: d.string(c.toneless[row]),
    variant: d.string(c.variant[row]),
    variantFolded: d.string(c.variantFolded[row]),
    family: parts.length === 1 ? '' : parts[0],
    middle: parts.slice(1, -1),
    given: parts[parts.length - 1],
    repairs: [],
  };
  return tokensOf(n);
}

let unsafe: Uint8Array | null = null;

/**
 * unsafe[k] = 1 for a key code unit k at which titleCase(lowerName(x)) may differ from x, x a
 * result of titleCase: k is the lower case of a character titleCase wrote (at a run's start or
 * inside one) that titleCase does not write back from k, or of another class than the character
 * it came from (the letter after it then shows the change). A code unit that is its own upper and
 * lower case (every one from TABLE_SIZE up among them) is left as it is by both functions, so
 * only the cased ones are tried. Made once per thread, on first use.
 */
export function unsafeKeyUnits(): Uint8Array {
  if (unsafe !== null) return unsafe;
  const out = new Uint8Array(TABLE_SIZE);
  for (let c = 0; c < TABLE_SIZE; c++) {
    if (LOWER[c] === c && UPPER[c] === c) continue;
    for (const before of ['', 'a']) {
      const written = titleCase(before + String.fromCharCode(c) + 'a');
      const key = lowerName(written);
      if (titleCase(key) !== written) out[key.charCodeAt(before.length)] = 1;
    }
  }
  return (unsafe = out);
}

