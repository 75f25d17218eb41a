/**
 * Adopting a record store that was loaded with dictionaries of its own (in a worker, while the
 * other side loaded on the main thread) into the job's shared field dictionaries: each of its
 * dictionaries is merged into the shared one (`Dictionary.codesOf`, new strings added in the
 * store's own first-seen order) and its code columns are rewritten in place through that map.
 *
 * Why the result is the store a sequential load would have built: the worker's dictionary lists
 * the side's strings in the order they first appeared in its input, and merging adds the new ones
 * in that order after everything the other side interned, which is exactly the order sequential
 * interning (register first, then doses) gives them. Codes, and so every key, tie and output
 * downstream, are the same.
 */
import { Dictionary } from './column-dictionary.js';
import { viewOf } from './column-growable.js';
import { FieldDictionaries, RecordStore, type RecordStoreTransferable } from './record-store.js';

function remap(codes: Int32Array, map: Int32Array): void {
  for (let k = 0; k < codes.length; k++) {
    const c = codes[k];
    if (c >= 0) codes[k] = map[c];
  }
}

/** The store of `t` over `into` (not yet frozen), its code columns rewritten to `into`'s codes. */
export function adoptStore(t: RecordStoreTransferable, into: FieldDictionaries): RecordStore {
  for (const f of t.fields) {
    const column = f.column;
    if (column.kind !== 'name' && column.kind !== 'string') continue;
    const map = into.get(f.name).codesOf(Dictionary.fromTransferable(t.dictionaries[f.name]));
    if (column.kind === 'name') {
      for (const form of column.forms) remap(viewOf(Int32Array, form), map);
      remap(viewOf(Int32Array, column.tokens), map);
    } else {
      remap(viewOf(Int32Array, column.codes), map);
    }
  }
  return RecordStore.fromTransferable({ ...t, dictionaries: {} }, into);
}
