/**
 * The columns of a name field: for each record the dictionary codes of the five comparison forms
 * `normalizeName` yields (key, folded, toneless, variant, variantFolded), and the record's tokens
 * in variant-folded form (family first, given last, middle names between) in a token pool.
 *
 * Codes are −1 where the form is empty (a missing name), so `a >= 0 && a === b` is "both present
 * and equal". The folded strings' bytes are the dictionary's byte pool, which Jaro-Winkler reads
 * in place. Tokens are variant-folded because every token level and blocking key wants the most
 * forgiving form (a stricter token comparison is already covered by the exact/variant levels).
 *
 * Size: 5 × 4 bytes of codes + 4 for the token offset + 4 per token (≈ 3.3 tokens per Vietnamese
 * name): about 37 bytes per record, plus the dictionary's share.
 *
 * Building: names repeat (1M generated register persons have 264k distinct raw names, their 1M
 * doses 501k; a national register repeats more), and a record's codes depend only on its raw
 * cell, so the builder remembers each distinct raw cell's codes and replays them when it comes
 * again: no normalizing and no interning for a repeat. The memo lives while the column is built
 * (a raw-string dictionary plus the codes, about 40 bytes per distinct name) and is dropped at
 * freeze. `NameColumnBuilder.memo = false` builds without it, as the tests' oracle.
 */
import { normalizeName } from '../normalize/normalize-name.js';
import type { NormalizedName } from '../normalize/types.js';
import { Dictionary } from './column-dictionary.js';
import type { RawFieldSource } from './column-raw.js';
import { type GrowableArray, GrowableInt32, GrowableUint32, sharedBufferOf, viewOf } from './column-growable.js';

/** Index of each form in `NameColumn.forms`, in the order of `NAME_FORMS` in the settings schema. */
export const FORM_KEY = 0;
export const FORM_FOLDED = 1;
export const FORM_TONELESS = 2;
export const FORM_VARIANT = 3;
export const FORM_VARIANT_FOLDED = 4;
export const NAME_FORM_COUNT = 5;

export interface NameColumnTransferable {
  kind: 'name';
  forms: SharedArrayBuffer[];
  tokenStart: SharedArrayBuffer;
  tokens: SharedArrayBuffer;
}

export class NameColumn {
  readonly kind = 'name';
  constructor(
    /** forms[f][i]: code of form f of record i, −1 when empty. */
    readonly forms: readonly Int32Array[],
    /** Tokens of record i are tokens[tokenStart[i], tokenStart[i + 1]). */
    readonly tokenStart: Uint32Array,
    readonly tokens: Int32Array,
    readonly dictionary: Dictionary,
  ) {}

  get size(): number {
    return this.tokenStart.length - 1;
  }

  get key(): Int32Array {
    return this.forms[FORM_KEY];
  }
  get folded(): Int32Array {
    return this.forms[FORM_FOLDED];
  }
  get toneless(): Int32Array {
    return this.forms[FORM_TONELESS];
  }
  get variant(): Int32Array {
    return this.forms[FORM_VARIANT];
  }
  get variantFolded(): Int32Array {
    return this.forms[FORM_VARIANT_FOLDED];
  }

  tokenCount(i: number): number {
    return this.tokenStart[i + 1] - this.tokenStart[i];
  }

  /** Code of the family name (first token), −1 when the name is empty. */
  family(i: number): number {
    const s = this.tokenStart[i];
    return s < this.tokenStart[i + 1] ? this.tokens[s] : -1;
  }

  /** Code of the given name (last token), −1 when the name has fewer than two tokens. */
  given(i: number): number {
    const e = this.tokenStart[i + 1];
    return e - this.tokenStart[i] >= 2 ? this.tokens[e - 1] : -1;
  }

  toTransferable(): NameColumnTransferable {
    return {
      kind: 'name',
      forms: this.forms.map(sharedBufferOf),
      tokenStart: sharedBufferOf(this.tokenStart),
      tokens: sharedBufferOf(this.tokens),
    };
  }

  static fromTransferable(t: NameColumnTransferable, dictionary: Dictionary): NameColumn {
    return new NameColumn(
      t.forms.map((b) => viewOf(Int32Array, b)),
      viewOf(Uint32Array, t.tokenStart),
      viewOf(Int32Array, t.tokens),
      dictionary,
    );
  }
}

/** String.prototype.isWellFormed (ES2024, in Node 20; this project's lib is ES2023). */
const isWellFormed = (s: string): boolean => (s as unknown as { isWellFormed(): boolean }).isWellFormed();

/** The codes of each distinct raw cell seen so far, by its code in `raws` (see the file header). */
class RawNameMemo {
  // Small at first: the library's batch lookups build a store of a few rows per call.
  readonly raws = new Dictionary(16);
  /** Raw code r's five form codes: forms[5r, 5r + 5). */
  readonly forms = new GrowableInt32();
  /** Raw code r's tokens: tokens[tokenStart[r], tokenStart[r + 1]). */
  readonly tokenStart = new GrowableUint32();
  readonly tokens = new GrowableInt32();

  constructor() {
    this.tokenStart.push(0);
  }
}

export class NameColumnBuilder {
  /** Replay the codes of a raw cell seen before (the default); false: normalize every cell. */
  static memo = true;

  private readonly forms: GrowableArray<Int32Array>[];
  private readonly tokenStart = new GrowableUint32();
  private readonly tokens = new GrowableInt32();
  private memo: RawNameMemo | null = NameColumnBuilder.memo ? new RawNameMemo() : null;

  constructor(private readonly dictionary: Dictionary) {
    this.forms = Array.from({ length: NAME_FORM_COUNT }, () => new GrowableInt32());
    this.tokenStart.push(0);
  }

  append(raw: string): void {
    const memo = this.memo;
    // The memo's dictionary stores UTF-8, where every lone surrogate reads as U+FFFD: such a
    // string would share a raw code with another string, so it is normalized on its own.
    if (memo === null || !isWellFormed(raw)) {
      this.appendNormalized(normalizeName(raw));
      return;
    }
    const known = memo.raws.size;
    const r = memo.raws.intern(raw);
    if (r < known) this.replay(memo, r);
    else this.learn(memo, raw);
  }

  /**
   * Appends field `i` of a CSV record (a scanner's record, read before its chunk goes): a name
   * seen before is found by its bytes, so only a new one is decoded. A record's bytes are valid
   * UTF-8 (the scanner rejects any other), which is exactly what `intern` writes for the decoded
   * string, so both ways give a cell the same memo entry.
   */
  appendField(source: RawFieldSource & { field(i: number): string }, i: number): void {
    const memo = this.memo;
    if (memo === null || source.fieldEscaped(i)) {
      this.append(source.field(i));
      return;
    }
    const known = memo.raws.size;
    const r = memo.raws.internBytes(source.bytes, source.fieldStart(i), source.fieldEnd(i));
    if (r < known) this.replay(memo, r);
    else this.learn(memo, source.field(i));
  }

  /** Normalizes a raw cell just added to the memo (the last code) and keeps its codes there. */
  private learn(memo: RawNameMemo, raw: string): void {
    const firstToken = this.tokens.length;
    this.appendNormalized(normalizeName(raw));
    const row = this.tokenStart.length - 2;
    for (const f of this.forms) memo.forms.push(f.array[row]);
    const tokens = this.tokens.array;
    for (let t = firstToken; t < this.tokens.length; t++) memo.tokens.push(tokens[t]);
    memo.tokenStart.push(memo.tokens.length);
  }

  private replay(memo: RawNameMemo, r: number): void {
    const codes = memo.forms.array;
    for (let f = 0; f < NAME_FORM_COUNT; f++) this.forms[f].push(codes[r * NAME_FORM_COUNT + f]);
    const starts = memo.tokenStart.array;
    const tokens = memo.tokens.array;
    for (let t = starts[r], end = starts[r + 1]; t < end; t++) this.tokens.push(tokens[t]);
    this.tokenStart.push(this.tokens.length);
  }

  appendNormalized(n: NormalizedName): void {
    const d = this.dictionary;
    const code = (s: string): number => (s === '' ? -1 : d.intern(s));
    if (n.key === '') {
      for (const f of this.forms) f.push(-1);
    } else {
      // Forms often coincide (no tone marks, no variants): a string compare is cheaper than a lookup.
      const key = code(n.key);
      const folded = n.folded === n.key ? key : code(n.folded);
      this.forms[FORM_KEY].push(key);
      this.forms[FORM_FOLDED].push(folded);
      this.forms[FORM_TONELESS].push(n.toneless === n.key ? key : n.toneless === n.folded ? folded : code(n.toneless));
      this.forms[FORM_VARIANT].push(n.variant === n.key ? key : code(n.variant));
      this.forms[FORM_VARIANT_FOLDED].push(n.variantFolded === n.folded ? folded : code(n.variantFolded));
      const vf = n.variantFolded;
      let start = 0;
      for (let k = 0; k <= vf.length; k++) {
        if (k === vf.length || vf.charCodeAt(k) === 0x20) {
          if (k > start) this.tokens.push(d.intern(vf.slice(start, k)));
          start = k + 1;
        }
      }
    }
    this.tokenStart.push(this.tokens.length);
  }

  freeze(): NameColumn {
    this.memo = null;
    return new NameColumn(
      this.forms.map((f) => f.toShared()),
      this.tokenStart.toShared(),
      this.tokens.toShared(),
      this.dictionary,
    );
  }
}
