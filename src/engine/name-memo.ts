/**
 * Memos keyed by the UTF-8 of names or name tokens:
 * - `RawNameMemo`: raw cell (its UTF-8 bytes) → where the cell's codes were written, in a
 *   byte-keyed hash table (byte-key-table.ts);
 * - `TokenCodes`: a token's forms object (by its id from nameTokenForms) → its dictionary code.
 * Both are kept by a name column's builder (column-name.ts) while rows stream in, so that a name
 * seen before is neither normalized nor interned again, and dropped when the column is frozen
 * (or kept for the next builder over the same dictionary: column-name.ts NameLearning).
 * (Deciding's memo of stored names' tokens, keyed by token bytes too, is stored-name-tokens.ts.)
 */
import { ByteKeyTable, KEY_ABSENT } from './byte-key-table.js';
import { GrowableInt32 } from './column-growable.js';
import { writeUtf8 } from './column-utf8.js';

/**
 * The codes of each distinct raw cell seen so far (see column-name.ts's header), keyed by the cell's
 * UTF-8 bytes. Its own table rather than a `Dictionary`: a slot holds the hash, where the bytes
 * are and where the codes are (the entry start, its value), so a lookup reads one slot, the bytes and one entry (three cache
 * lines in tables of megabytes) instead of a dictionary's table, hash, offset and bytes and then
 * three separate code arrays.
 */
export class RawNameMemo {
  private readonly table = new ByteKeyTable();
  /** Entries (layout above), one after another in the order the cells were first seen. */
  readonly entries = new GrowableInt32(256);
  private scratch = new Uint8Array(256);

  /**
   * The entry start of bytes[start, end), or −1 after adding it with its entry starting at
   * `entries.length` (the caller then writes that entry before the next lookup).
   */
  lookup(bytes: Uint8Array, start: number, end: number): number {
    const entry = this.table.find(bytes, start, end);
    if (entry !== KEY_ABSENT) return entry;
    this.table.insert(bytes, start, end, this.entries.length);
    return -1;
  }

  /** `lookup` of a well-formed string's UTF-8. */
  lookupString(s: string): number {
    if (this.scratch.length < s.length * 3) this.scratch = new Uint8Array(s.length * 6);
    return this.lookup(this.scratch, 0, writeUtf8(s, this.scratch, 0));
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
