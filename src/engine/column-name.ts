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
 * Beside them, one byte per record: 1 when the normalizer repaired a legacy encoding or
 * input-method residue in the raw cell (`hasLegacyRepair`, normalize-name.ts), which no form
 * shows but the `legacy_encoding` correction needs (corrections-stored.ts reads it instead of
 * normalizing the dose's raw cell again). Every builder records it (register index files carry
 * it since format 5); a column made without it (by hand, as some tests do) has `legacy` null, and
 * deciding then derives the flag from the raw cell.
 *
 * Size: 5 × 4 bytes of codes + 4 for the token offset + 4 per token (≈ 3.3 tokens per Vietnamese
 * name) + 1 for the flag: about 38 bytes per record, plus the dictionary's share.
 *
 * Building: names repeat (1M generated register persons have 264k distinct raw names, their 1M
 * doses 501k; a national register repeats more), and a record's codes depend only on its raw
 * cell, so the builder remembers each distinct raw cell's codes and replays them when it comes
 * again: no normalizing and no interning for a repeat. The memo lives while the column is built
 * (a hash table of the raw cells' UTF-8 plus the codes, about 80 bytes per distinct name) and is
 * dropped at freeze. A new name is not normalized into joined strings either: its forms are
 * written as UTF-8 straight from its tokens' forms (`nameTokenForms`, which normalizeName joins)
 * and interned as bytes, and each token's code is remembered by the token (`TokenCodes`; both memos
 * are in name-memo.ts). Its key is interned first: every other form and token of a name is a
 * function of its key (normalize-name.ts derives each token's forms from the token's key), so a
 * new cell whose key this builder learned before (another spelling of case, spaces, NFD, tone
 * placement or legacy bytes: a fifth of new dose names at 1M) replays that name's codes, with
 * only its own legacy flag; a table by key code (4 bytes per dictionary code, dropped at freeze)
 * finds them. What a builder learns (`NameLearning`) may outlive it: a reader of many small
 * batches over one dictionary (register-probe.ts) passes the same one to each batch's builder.
 * `NameColumnBuilder.memo = false` builds without either, from `normalizeName`'s strings, as the
 * tests' oracle: the codes, tokens and dictionary come out identical.
 */
import { hasLegacyRepair, nameTokenForms, type NameTokenFlags, type NameTokenForms, normalizeName } from '../normalize/normalize-name.js';
import type { NormalizedName } from '../normalize/types.js';
import { Dictionary } from './column-dictionary.js';
import type { RawFieldSource } from './column-raw.js';
import { type GrowableArray, GrowableInt32, GrowableUint32, GrowableUint8, sharedBufferOf, viewOf } from './column-growable.js';
import { RawNameMemo, TokenCodes } from './name-memo.js';
import { isWellFormed } from './record-check.js';

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
  /** Absent from index files written before the flag existed. */
  legacy?: SharedArrayBuffer;
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
    /** legacy[i]: 1 when record i's name had a legacy repair (see the header); null when not recorded. */
    readonly legacy: Uint8Array | null = null,
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
      ...(this.legacy === null ? {} : { legacy: sharedBufferOf(this.legacy) }),
    };
  }

  static fromTransferable(t: NameColumnTransferable, dictionary: Dictionary): NameColumn {
    return new NameColumn(
      t.forms.map((b) => viewOf(Int32Array, b)),
      viewOf(Uint32Array, t.tokenStart),
      viewOf(Int32Array, t.tokens),
      dictionary,
      t.legacy === undefined ? null : viewOf(Uint8Array, t.legacy),
    );
  }
}

/** Memo entry: the five form codes, the legacy flag, the token count, then the tokens. */
const ENTRY_LEGACY = NAME_FORM_COUNT;
const ENTRY_COUNT = NAME_FORM_COUNT + 1;
const ENTRY_TOKENS = NAME_FORM_COUNT + 2;

/** Writes form f of the tokens joined by spaces at b[at…]; returns where it ends. */
function joinForm(tokens: readonly NameTokenForms[], count: number, f: number, b: Uint8Array, at: number): number {
  let o = at;
  for (let t = 0; t < count; t++) {
    if (t > 0) b[o++] = 0x20;
    const token = tokens[t];
    const src = token.utf8;
    const ends = token.utf8Ends;
    for (let k = f === 0 ? 0 : ends[f - 1], end = ends[f]; k < end; k++) b[o++] = src[k];
  }
  return o;
}

function sameBytes(b: Uint8Array, aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  if (aEnd - aStart !== bEnd - bStart) return false;
  for (let k = 0; k < aEnd - aStart; k++) if (b[aStart + k] !== b[bStart + k]) return false;
  return true;
}

/**
 * What a name column's builder learns of the raw cells it reads, in dictionary codes: each distinct
 * cell's codes (the memo), the first cell learned with each key, each token's code. Valid as long
 * as those codes mean the same strings: a builder makes its own by default; a caller that builds
 * many small stores over one dictionary can keep one across them (`RecordStoreBuilderOptions`),
 * and must drop it when the dictionary forgets strings (OverlayDictionary.reset).
 */
export class NameLearning {
  readonly memo = new RawNameMemo();
  readonly tokenCodes = new TokenCodes();
  /** Key code → the memo entry of the first name learned with that key, −1 none (grown as codes come). */
  readonly entryOfKey = new GrowableInt32();

  /** Int32s held by the memo's entries, a measure of its size (a distinct name takes about ten). */
  get size(): number {
    return this.memo.entries.length;
  }
}

export class NameColumnBuilder {
  /** Replay the codes of a raw cell seen before (the default); false: normalize every cell. */
  static memo = true;

  private readonly forms: GrowableArray<Int32Array>[];
  private readonly tokenStart = new GrowableUint32();
  private readonly tokens = new GrowableInt32();
  private readonly legacy = new GrowableUint8();
  private memo: RawNameMemo | null;
  private readonly tokenCodes: TokenCodes;
  private readonly pieces: NameTokenForms[] = [];
  private readonly flags: NameTokenFlags = { legacy: false };
  /** Key code → the memo entry of the first name learned with that key, −1 none (NameLearning). */
  private entryOfKey: GrowableInt32;
  private scratch = new Uint8Array(256);

  /** `learning`: what earlier builders over the same dictionary learned, to go on from (see NameLearning). */
  constructor(
    private readonly dictionary: Dictionary,
    learning?: NameLearning,
  ) {
    const learned = learning ?? new NameLearning();
    this.memo = NameColumnBuilder.memo ? learned.memo : null;
    this.tokenCodes = learned.tokenCodes;
    this.entryOfKey = learned.entryOfKey;
    this.forms = Array.from({ length: NAME_FORM_COUNT }, () => new GrowableInt32());
    this.tokenStart.push(0);
  }

  append(raw: string): void {
    const memo = this.memo;
    // The memo keys are UTF-8, where every lone surrogate reads as U+FFFD: such a string would
    // share a key with another string, so it is normalized on its own.
    if (memo === null || !isWellFormed(raw)) {
      this.appendNormalized(normalizeName(raw));
      return;
    }
    const entry = memo.lookupString(raw);
    if (entry >= 0) this.replay(memo, entry);
    else this.learn(memo, raw);
  }

  /**
   * Appends field `i` of a CSV record (a scanner's record, read before its chunk goes): a name
   * seen before is found by its bytes, so only a new one is decoded. A record's bytes are valid
   * UTF-8 (the scanner rejects any other), which is exactly what `lookupString` writes for the
   * decoded string, so both ways give a cell the same memo entry.
   */
  appendField(source: RawFieldSource & { field(i: number): string }, i: number): void {
    const memo = this.memo;
    if (memo === null || source.fieldEscaped(i)) {
      this.append(source.field(i));
      return;
    }
    const entry = memo.lookup(source.bytes, source.fieldStart(i), source.fieldEnd(i));
    if (entry >= 0) this.replay(memo, entry);
    else this.learn(memo, source.field(i));
  }

  /** Normalizes a raw cell just added to the memo and writes its entry. */
  private learn(memo: RawNameMemo, raw: string): void {
    const firstToken = this.tokens.length;
    this.appendForms(memo, raw);
    const row = this.tokenStart.length - 2;
    const count = this.tokens.length - firstToken;
    const entries = memo.entries;
    entries.reserve(ENTRY_TOKENS + count);
    const out = entries.array;
    const at = entries.length;
    for (let f = 0; f < NAME_FORM_COUNT; f++) out[at + f] = this.forms[f].array[row];
    out[at + ENTRY_LEGACY] = this.legacy.array[row];
    out[at + ENTRY_COUNT] = count;
    const tokens = this.tokens.array;
    for (let t = 0; t < count; t++) out[at + ENTRY_TOKENS + t] = tokens[firstToken + t];
    entries.advance(ENTRY_TOKENS + count);
  }

  private replay(memo: RawNameMemo, entry: number): void {
    this.legacy.push(memo.entries.array[entry + ENTRY_LEGACY]);
    this.replayCodes(memo, entry);
  }

  /** The forms and tokens of memo entry `entry` (not its legacy flag), as a new row. */
  private replayCodes(memo: RawNameMemo, entry: number): void {
    const codes = memo.entries.array;
    for (let f = 0; f < NAME_FORM_COUNT; f++) this.forms[f].push(codes[entry + f]);
    const count = codes[entry + ENTRY_COUNT];
    const tokens = this.tokens;
    tokens.reserve(count);
    const out = tokens.array;
    const at = tokens.length;
    for (let t = 0; t < count; t++) out[at + t] = codes[entry + ENTRY_TOKENS + t];
    tokens.advance(count);
    this.tokenStart.push(at + count);
  }

  appendNormalized(n: NormalizedName): void {
    const d = this.dictionary;
    this.legacy.push(hasLegacyRepair(n) ? 1 : 0);
    if (n.key === '') {
      for (let f = 0; f < NAME_FORM_COUNT; f++) this.forms[f].push(-1);
    } else {
      // Forms often coincide (no tone marks, no variants): a string compare is cheaper than a lookup.
      const key = d.intern(n.key);
      const folded = n.folded === n.key ? key : d.intern(n.folded);
      this.forms[FORM_KEY].push(key);
      this.forms[FORM_FOLDED].push(folded);
      this.forms[FORM_TONELESS].push(n.toneless === n.key ? key : n.toneless === n.folded ? folded : d.intern(n.toneless));
      this.forms[FORM_VARIANT].push(n.variant === n.key ? key : d.intern(n.variant));
      this.forms[FORM_VARIANT_FOLDED].push(n.variantFolded === n.folded ? folded : d.intern(n.variantFolded));
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

  /**
   * What `appendNormalized(normalizeName(raw))` appends, without building the joined strings:
   * each form is written as UTF-8 from its tokens' forms (normalizeName joins exactly those, with
   * one space) and interned as bytes, in the same order, so new strings get the same codes; two
   * forms are the same string exactly when their bytes are equal, for the dictionary too (it keys
   * by UTF-8). A token's code is remembered by its forms object's id (`TokenCodes`): the
   * normalizer's token cache hands the same object out again for each occurrence.
   */
  private appendForms(memo: RawNameMemo, raw: string): void {
    const count = nameTokenForms(raw, this.pieces, this.flags);
    this.legacy.push(this.flags.legacy ? 1 : 0);
    const pieces = this.pieces;
    let bytes = 0;
    for (let t = 0; t < count; t++) bytes += pieces[t].utf8.length;
    const room = bytes + count * NAME_FORM_COUNT;
    if (this.scratch.length < room) this.scratch = new Uint8Array(room * 2);
    const b = this.scratch;
    const keyEnd = joinForm(pieces, count, FORM_KEY, b, 0);
    if (keyEnd === 0) {
      for (let f = 0; f < NAME_FORM_COUNT; f++) this.forms[f].push(-1);
      this.tokenStart.push(this.tokens.length);
      return;
    }
    const d = this.dictionary;
    const key = d.internBytes(b, 0, keyEnd);
    // Every form and token is a function of the key (see the header): a key learned before
    // gives its codes again, with nothing else joined nor interned (the memo-less build would
    // only find those strings again).
    const byKey = this.entryOfKey;
    if (key < byKey.length && byKey.array[key] >= 0) {
      this.replayCodes(memo, byKey.array[key]);
      return;
    }
    while (byKey.length <= key) byKey.push(-1);
    // learn() writes this name's entry next, where the memo said it goes.
    byKey.array[key] = memo.entries.length;
    const foldedEnd = joinForm(pieces, count, FORM_FOLDED, b, keyEnd);
    const tonelessEnd = joinForm(pieces, count, FORM_TONELESS, b, foldedEnd);
    const variantEnd = joinForm(pieces, count, FORM_VARIANT, b, tonelessEnd);
    const vfEnd = joinForm(pieces, count, FORM_VARIANT_FOLDED, b, variantEnd);
    const folded = sameBytes(b, 0, keyEnd, keyEnd, foldedEnd) ? key : d.internBytes(b, keyEnd, foldedEnd);
    const toneless = sameBytes(b, 0, keyEnd, foldedEnd, tonelessEnd)
      ? key
      : sameBytes(b, keyEnd, foldedEnd, foldedEnd, tonelessEnd)
        ? folded
        : d.internBytes(b, foldedEnd, tonelessEnd);
    const variant = sameBytes(b, 0, keyEnd, tonelessEnd, variantEnd) ? key : d.internBytes(b, tonelessEnd, variantEnd);
    const variantFolded = sameBytes(b, keyEnd, foldedEnd, variantEnd, vfEnd) ? folded : d.internBytes(b, variantEnd, vfEnd);
    this.forms[FORM_KEY].push(key);
    this.forms[FORM_FOLDED].push(folded);
    this.forms[FORM_TONELESS].push(toneless);
    this.forms[FORM_VARIANT].push(variant);
    this.forms[FORM_VARIANT_FOLDED].push(variantFolded);
    // Tokens: the variant-folded form split on spaces, empty pieces skipped, as appendNormalized.
    let at = variantEnd;
    for (let t = 0; t < count; t++) {
      const p = pieces[t];
      const end = at + p.utf8Ends[FORM_VARIANT_FOLDED] - p.utf8Ends[FORM_VARIANT];
      if (end > at && p.variantFolded.indexOf(' ') < 0) {
        let code = this.tokenCodes.get(p.id);
        if (code < 0) {
          code = d.internBytes(b, at, end);
          this.tokenCodes.set(p.id, code);
        }
        this.tokens.push(code);
      } else {
        for (let s = at, k = at; k <= end; k++) {
          if (k === end || b[k] === 0x20) {
            if (k > s) this.tokens.push(d.internBytes(b, s, k));
            s = k + 1;
          }
        }
      }
      at = end + 1;
    }
    this.tokenStart.push(this.tokens.length);
  }

  freeze(): NameColumn {
    this.memo = null;
    this.entryOfKey = new GrowableInt32(16);
    return new NameColumn(
      this.forms.map((f) => f.toShared()),
      this.tokenStart.toShared(),
      this.tokens.toShared(),
      this.dictionary,
      this.legacy.toShared(),
    );
  }
}
