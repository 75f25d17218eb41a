/**
 * The right-side record store of a register probe (register-probe.ts), made once and rewritten in
 * place for every batch, so the scorer and result builder bound to it are made once too: a
 * Scorer's construction reads tables as long as the register's dictionaries (milliseconds at 1M
 * persons), which a lookup of one record cannot pay each time.
 *
 * A batch is first read into a store of its own by the ordinary RecordStoreBuilder (so
 * normalization is exactly the match job's); its column buffers are then copied into the prefix of
 * this store's buffers, buffer by buffer, found generically through the columns' transferable
 * forms. That relies on one property of every column layout: a batch of n rows is the first n rows'
 * worth of each buffer (per-row slots, CSR offsets and pools, all in row order), so rows below n
 * read exactly what the batch store would give, and rows past n are never read (the candidate
 * generator, scorer and result builder see rows [0, n) only). When a batch's buffer is larger
 * than this store's (more tokens or raw text than room for), the store is replaced by a larger
 * one and `generation` changes: whatever was bound to the old one must be rebound.
 */
import { KhopError } from '../errors.js';
import type { Settings } from '../model/settings-schema.js';
import { FieldDictionaries, RecordStore, RecordStoreBuilder, type RecordStoreTransferable } from './record-store.js';

export class ProbeStore {
  private current: RecordStore;
  private version = 0;

  constructor(
    private readonly settings: Settings,
    private dictionaries: FieldDictionaries,
    readonly capacity: number,
  ) {
    const empty = new RecordStoreBuilder(settings, 'right', dictionaries);
    for (let k = 0; k < capacity; k++) empty.add({});
    // Variable-length buffers (tokens, raw text) are empty for empty rows: start them at 64 bytes per row, 4 KiB at least.
    this.current = this.allocate(layoutOf(empty.freeze()), (bytes) => (bytes === 0 ? Math.max(4096, 64 * capacity) : bytes));
  }

  /** The store (capacity rows; rows below the last batch's size hold that batch). */
  get store(): RecordStore {
    return this.current;
  }

  /** Changes whenever `store` is replaced by a larger one. */
  get generation(): number {
    return this.version;
  }

  /** Copies `batch` (a right store over the same dictionaries, at most `capacity` rows) into rows [0, batch.size). */
  load(batch: RecordStore): void {
    if (batch.size > this.capacity) throw new KhopError('INTERNAL', 'a probe batch is larger than its store');
    const from = buffersOf(layoutOf(batch));
    let to = buffersOf(layoutOf(this.current));
    if (from.length !== to.length) throw new KhopError('INTERNAL', 'a probe batch and its store have different layouts');
    if (from.some((b, k) => b.byteLength > to[k].byteLength)) {
      const sizes = from.map((b, k) => Math.max(to[k].byteLength, 2 * b.byteLength));
      let k = 0;
      this.current = this.allocate(layoutOf(this.current), () => sizes[k++]);
      this.version++;
      to = buffersOf(layoutOf(this.current));
    }
    from.forEach((b, k) => new Uint8Array(to[k]).set(new Uint8Array(b)));
  }

  /** Views the same buffers through other dictionaries (new forks of the overlays: register-probe.ts). */
  useDictionaries(dictionaries: FieldDictionaries): void {
    this.dictionaries = dictionaries;
    this.current = RecordStore.fromTransferable(layoutOf(this.current), dictionaries);
  }

  /** A store laid out as `layout`, each buffer new, of `size(its byte length)` bytes rounded to 8. */
  private allocate(layout: RecordStoreTransferable, size: (bytes: number) => number): RecordStore {
    const fresh = mapBuffers(layout, (b) => new SharedArrayBuffer(Math.ceil(size(b.byteLength) / 8) * 8)) as RecordStoreTransferable;
    return RecordStore.fromTransferable({ ...fresh, size: this.capacity, dictionaries: {} }, this.dictionaries);
  }
}

/** Every buffer of a store's columns and raw cells, in a fixed order (the same for two stores of one settings). */
export function storeBuffers(store: RecordStore): SharedArrayBuffer[] {
  return buffersOf(layoutOf(store));
}

/** A store's transferable form without its dictionaries (an overlay dictionary is not shareable). */
function layoutOf(store: RecordStore): RecordStoreTransferable {
  return {
    side: store.side,
    size: store.size,
    idColumn: store.idColumn,
    fields: store.fieldNames.map((name) => ({ name, type: store.fieldType(name), column: store.column(name).toTransferable() })),
    raw: store.raw.toTransferable(),
    dictionaries: {},
  };
}

/** Every SharedArrayBuffer of a transferable, in a fixed walk order. */
function buffersOf(value: unknown, out: SharedArrayBuffer[] = []): SharedArrayBuffer[] {
  if (value instanceof SharedArrayBuffer) out.push(value);
  else if (Array.isArray(value)) for (const v of value) buffersOf(v, out);
  else if (typeof value === 'object' && value !== null) for (const v of Object.values(value)) buffersOf(v, out);
  return out;
}

function mapBuffers(value: unknown, f: (b: SharedArrayBuffer) => SharedArrayBuffer): unknown {
  if (value instanceof SharedArrayBuffer) return f(value);
  if (Array.isArray(value)) return value.map((v) => mapBuffers(v, f));
  if (typeof value === 'object' && value !== null) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, mapBuffers(v, f)]));
  return value;
}
