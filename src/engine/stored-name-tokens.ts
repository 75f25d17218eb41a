/**
 * A stored name's key token (its UTF-8 in the field dictionary) → the token's comparison forms and
 * display form, for the corrections of linked pairs (corrections-stored.ts), so that a name is not
 * normalized again from its raw cell; lives as long as its deciding builder. Keyed by the token's
 * bytes in a `RawNameMemo` (name-memo.ts).
 */
import { titleCase } from '../normalize/normalize-name.js';
import type { NormalizedName } from '../normalize/types.js';
import { LOWER, lowerName, TABLE_SIZE, UPPER } from '../normalize/vietnamese-letters.js';
import type { NameColumn } from './column-name.js';
import { tokensOf, type Token } from './corrections-name.js';
import { RawNameMemo } from './name-memo.js';

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

