/**
 * The columnar store of prepared records for one side of a linkage (the register or the doses):
 * each settings field that has a column on this side becomes typed-array columns of normalized
 * values (see column-name/-date/-id/-gender/-string.ts), and the raw cells are kept in a UTF-8
 * pool (column-raw.ts). Comparisons, blocking and EM read only these arrays.
 *
 * Life cycle: a `RecordStoreBuilder` takes rows as they stream in (`add` with a column → value
 * record, `addCells` with an array in header order, or `addRecord` with a CSV scanner's record),
 * normalizing each cell once; `freeze()` copies every column into SharedArrayBuffers of exact
 * size and returns the `RecordStore`.
 * `toTransferable()` is a plain object of SharedArrayBuffers (plus a few numbers and names) that
 * a piscina worker turns back into a store with `fromTransferable`, sharing the memory, not
 * copying it.
 *
 * Dictionaries (column-dictionary.ts) are per field and shared by both sides, so they live
 * outside the store, in `FieldDictionaries`: build the left store, then the right, then
 * `dictionaries.freeze()`; only then can either store be made transferable (the right side's
 * strings go into the same dictionaries, so freezing earlier would cut them off).
 *
 * Memory, measured at 1M register + 1M dose records (generated, vn-vaccination preset;
 * benchmarks/score-pairs.bench.ts): register 145 MiB, doses 135 MiB, dictionaries 36 MiB, about
 * 0.32 GB in all, nothing else kept. Per record: name 36 B (5 codes, token offset, ≈ 3 tokens),
 * date 6 B, each ID 15 B, gender 1 B, province 4 B, raw cells ≈ 80 B of text + 4 B per kept cell.
 */
import { KhopError } from '../errors.js';
import type { CsvRecord } from '../io/csv-scanner.js';
import { fieldColumn, type FieldType, type Settings, type Side } from '../model/settings-schema.js';
import { DateColumn, DateColumnBuilder, type DateColumnTransferable } from './column-date.js';
import { sharedByteLength } from './column-growable.js';
import { Dictionary, type DictionaryTransferable } from './column-dictionary.js';
import { GenderColumn, GenderColumnBuilder, type GenderColumnTransferable } from './column-gender.js';
import { IdColumn, IdColumnBuilder, type IdColumnTransferable } from './column-id.js';
import { NameColumn, NameColumnBuilder, type NameColumnTransferable, type NameLearning } from './column-name.js';
import { RawColumns, RawColumnsBuilder, type RawColumnsTransferable } from './column-raw.js';
import { StringColumn, StringColumnBuilder, type StringColumnTransferable } from './column-string.js';

export type Column = NameColumn | DateColumn | IdColumn | GenderColumn | StringColumn;
type ColumnTransferable =
  | NameColumnTransferable
  | DateColumnTransferable
  | IdColumnTransferable
  | GenderColumnTransferable
  | StringColumnTransferable;

interface ColumnBuilder {
  append(raw: string): void;
  freeze(): Column;
}

function usesDictionary(type: FieldType): boolean {
  return type === 'name' || type === 'string' || type === 'exact';
}

/** One string dictionary per name/string/exact field, shared by both sides. */
export class FieldDictionaries {
  private readonly byField: Map<string, Dictionary>;

  constructor(byField: Map<string, Dictionary>) {
    this.byField = byField;
  }

  static forSettings(settings: Settings, expectedSize = 1024): FieldDictionaries {
    const m = new Map<string, Dictionary>();
    for (const f of settings.fields) if (usesDictionary(f.type)) m.set(f.name, new Dictionary(expectedSize));
    return new FieldDictionaries(m);
  }

  get(field: string): Dictionary {
    const d = this.byField.get(field);
    if (d === undefined) throw new KhopError('INTERNAL', 'no dictionary for this field', { field });
    return d;
  }

  get frozen(): boolean {
    for (const d of this.byField.values()) if (!d.frozen) return false;
    return true;
  }

  /** Frozen copies of every dictionary as it is now (Dictionary.snapshot). */
  snapshot(): FieldDictionaries {
    return new FieldDictionaries(new Map([...this.byField].map(([k, d]) => [k, d.snapshot()])));
  }

  /** Copies every dictionary into shared memory: call once both sides are built. */
  freeze(): void {
    for (const d of this.byField.values()) d.freeze();
  }

  /** Bytes of shared memory held by the frozen dictionaries. */
  get byteLength(): number {
    return this.frozen ? sharedByteLength(this.toTransferable()) : 0;
  }

  toTransferable(): Record<string, DictionaryTransferable> {
    const out: Record<string, DictionaryTransferable> = {};
    for (const [name, d] of this.byField) out[name] = d.toTransferable();
    return out;
  }

  static fromTransferable(t: Record<string, DictionaryTransferable>): FieldDictionaries {
    return new FieldDictionaries(new Map(Object.entries(t).map(([k, v]) => [k, Dictionary.fromTransferable(v)])));
  }
}

export interface RecordStoreTransferable {
  side: Side;
  size: number;
  idColumn: string;
  fields: { name: string; type: FieldType; column: ColumnTransferable }[];
  raw: RawColumnsTransferable;
  dictionaries: Record<string, DictionaryTransferable>;
}

export class RecordStore {
  private readonly columns: Map<string, { type: FieldType; column: Column }>;

  constructor(
    readonly side: Side,
    readonly size: number,
    readonly idColumn: string,
    columns: Map<string, { type: FieldType; column: Column }>,
    readonly raw: RawColumns,
    readonly dictionaries: FieldDictionaries,
  ) {
    this.columns = columns;
  }

  /** Names of the fields this side has. */
  get fieldNames(): string[] {
    return [...this.columns.keys()];
  }

  has(field: string): boolean {
    return this.columns.has(field);
  }

  fieldType(field: string): FieldType {
    return this.entry(field).type;
  }

  column(field: string): Column {
    return this.entry(field).column;
  }

  name(field: string): NameColumn {
    return this.typed(field, 'name') as NameColumn;
  }
  date(field: string): DateColumn {
    return this.typed(field, 'date') as DateColumn;
  }
  id(field: string): IdColumn {
    return this.typed(field, 'id') as IdColumn;
  }
  gender(field: string): GenderColumn {
    return this.typed(field, 'gender') as GenderColumn;
  }
  /** A `string` or `exact` field. */
  string(field: string): StringColumn {
    return this.typed(field, 'string') as StringColumn;
  }

  /** Bytes of shared memory held by this side's columns and raw cells (dictionaries not included). */
  get byteLength(): number {
    let n = sharedByteLength(this.raw.toTransferable());
    for (const e of this.columns.values()) n += sharedByteLength(e.column.toTransferable());
    return n;
  }

  /**
   * This store's columns over other dictionaries holding the same codes (e.g. a snapshot of its
   * own, FieldDictionaries.snapshot): nothing is copied.
   */
  withDictionaries(dictionaries: FieldDictionaries): RecordStore {
    const columns = new Map<string, { type: FieldType; column: Column }>();
    for (const [name, e] of this.columns) {
      const c = e.column;
      const column =
        c.kind === 'name'
          ? new NameColumn(c.forms, c.tokenStart, c.tokens, dictionaries.get(name), c.legacy)
          : c.kind === 'string'
            ? new StringColumn(c.codes, dictionaries.get(name))
            : c;
      columns.set(name, { type: e.type, column });
    }
    return new RecordStore(this.side, this.size, this.idColumn, columns, this.raw, dictionaries);
  }

  /** The raw text of a kept input column in row `row`. */
  rawValue(row: number, column: string): string {
    return this.raw.get(row, column);
  }

  /** The record's identifier as written (person_id / dose_id), when the id column was kept. */
  recordId(row: number): string {
    return this.raw.get(row, this.idColumn);
  }

  private entry(field: string): { type: FieldType; column: Column } {
    const e = this.columns.get(field);
    if (e === undefined) throw new KhopError('INTERNAL', `the ${this.side} side has no such field`, { field });
    return e;
  }

  private typed(field: string, kind: Column['kind']): Column {
    const c = this.entry(field).column;
    if (c.kind !== kind) throw new KhopError('INTERNAL', `field is ${c.kind}, not ${kind}`, { field });
    return c;
  }

  toTransferable(): RecordStoreTransferable {
    if (!this.dictionaries.frozen) {
      throw new KhopError('INTERNAL', 'freeze the field dictionaries (after both sides are built) before sharing a store');
    }
    return {
      side: this.side,
      size: this.size,
      idColumn: this.idColumn,
      fields: [...this.columns].map(([name, e]) => ({ name, type: e.type, column: e.column.toTransferable() })),
      raw: this.raw.toTransferable(),
      dictionaries: this.dictionaries.toTransferable(),
    };
  }

  /**
   * Rebuilds a store over the same shared memory. Pass `dictionaries` to share one set between
   * the two sides rebuilt in a worker; otherwise they are rebuilt from the transferable.
   */
  static fromTransferable(t: RecordStoreTransferable, dictionaries?: FieldDictionaries): RecordStore {
    const dicts = dictionaries ?? FieldDictionaries.fromTransferable(t.dictionaries);
    const columns = new Map<string, { type: FieldType; column: Column }>();
    for (const f of t.fields) {
      const c = f.column;
      let column: Column;
      switch (c.kind) {
        case 'name':
          column = NameColumn.fromTransferable(c, dicts.get(f.name));
          break;
        case 'date':
          column = DateColumn.fromTransferable(c);
          break;
        case 'id':
          column = IdColumn.fromTransferable(c);
          break;
        case 'gender':
          column = GenderColumn.fromTransferable(c);
          break;
        case 'string':
          column = StringColumn.fromTransferable(c, dicts.get(f.name));
          break;
      }
      columns.set(f.name, { type: f.type, column });
    }
    return new RecordStore(t.side, t.size, t.idColumn, columns, RawColumns.fromTransferable(t.raw), dicts);
  }
}

export interface RecordStoreBuilderOptions {
  /**
   * Input columns whose raw text is kept. Default: the side's id column, then every field column
   * on this side. Pass the whole header to carry extra columns through to the output.
   */
  rawColumns?: readonly string[];
  /** The input header, required by `addCells`; every needed column must be in it. */
  header?: readonly string[];
  /** Per name field, what earlier builders over the same dictionaries learned (column-name.ts NameLearning). */
  nameLearning?: ReadonlyMap<string, NameLearning>;
}

/** A field builder that takes the decoded cell, or one that reads the cell's bytes itself (by class). */
const FROM_BYTES_NONE = 0;
const FROM_BYTES_NAME = 1;
const FROM_BYTES_STRING = 2;
const FROM_BYTES_DATE = 3;
const FROM_BYTES_ID = 4;
const FROM_BYTES_GENDER = 5;

function fromBytesKind(builder: ColumnBuilder): number {
  if (builder instanceof NameColumnBuilder) return FROM_BYTES_NAME;
  if (builder instanceof StringColumnBuilder) return FROM_BYTES_STRING;
  if (builder instanceof DateColumnBuilder) return FROM_BYTES_DATE;
  if (builder instanceof IdColumnBuilder) return FROM_BYTES_ID;
  if (builder instanceof GenderColumnBuilder) return FROM_BYTES_GENDER;
  return FROM_BYTES_NONE;
}

export class RecordStoreBuilder {
  private readonly fields: { name: string; type: FieldType; sourceColumn: string; builder: ColumnBuilder }[] = [];
  private raw: RawColumnsBuilder;
  private readonly idColumn: string;
  private readonly fieldCellIndex: number[] = [];
  private readonly rawCellIndex: number[] = [];
  /** How field k's builder reads a scanned record's cell (the FROM_BYTES_ constants). */
  private readonly fromBytes: number[] = [];
  private readonly rawScratch: string[];
  private readonly hasHeader: boolean;
  /** The header's length, or −1 without a header. */
  private readonly headerLength: number;
  private count = 0;
  private done = false;

  constructor(
    settings: Settings,
    readonly side: Side,
    private readonly dictionaries: FieldDictionaries,
    options: RecordStoreBuilderOptions = {},
  ) {
    this.idColumn = settings[side].id_column;
    for (const f of settings.fields) {
      const sourceColumn = fieldColumn(f, side);
      if (sourceColumn === undefined) continue;
      const builder = this.columnBuilder(f.name, f.type, options.nameLearning?.get(f.name));
      this.fields.push({ name: f.name, type: f.type, sourceColumn, builder });
      this.fromBytes.push(fromBytesKind(builder));
    }
    const rawColumns = options.rawColumns ?? [...new Set([this.idColumn, ...this.fields.map((f) => f.sourceColumn)])];
    this.raw = new RawColumnsBuilder(rawColumns);
    this.rawScratch = new Array<string>(rawColumns.length).fill('');
    this.hasHeader = options.header !== undefined;
    this.headerLength = options.header?.length ?? -1;
    if (options.header !== undefined) {
      // The first of duplicate column names, as CsvHeader.indexOf and the rows' `get` read them.
      const at = new Map<string, number>();
      options.header.forEach((h, k) => {
        if (!at.has(h)) at.set(h, k);
      });
      const indexOf = (column: string): number => {
        const k = at.get(column);
        if (k === undefined) throw new KhopError('COLUMN_MISSING', `the ${side} input has no column named in the settings`, { field: column });
        return k;
      };
      for (const f of this.fields) this.fieldCellIndex.push(indexOf(f.sourceColumn));
      for (const c of rawColumns) this.rawCellIndex.push(indexOf(c));
    }
  }

  private columnBuilder(field: string, type: FieldType, nameLearning: NameLearning | undefined): ColumnBuilder {
    switch (type) {
      case 'name':
        return new NameColumnBuilder(this.dictionaries.get(field), nameLearning);
      case 'date':
        return new DateColumnBuilder();
      case 'id':
        return new IdColumnBuilder();
      case 'gender':
        return new GenderColumnBuilder();
      case 'string':
      case 'exact':
        return new StringColumnBuilder(this.dictionaries.get(field), type);
    }
  }

  get size(): number {
    return this.count;
  }

  /** Adds one row given as column → raw text (absent columns read as empty). Returns its index. */
  add(values: Readonly<Record<string, string | undefined>>): number {
    this.assertOpen();
    for (const f of this.fields) f.builder.append(values[f.sourceColumn] ?? '');
    const cols = this.raw.columns;
    for (let k = 0; k < cols.length; k++) this.rawScratch[k] = values[cols[k]] ?? '';
    this.raw.append(this.rawScratch);
    return this.count++;
  }

  /** Adds one row given as cells in header order (needs `header` in the options). */
  addCells(cells: readonly string[]): number {
    this.assertOpen();
    if (!this.hasHeader) {
      throw new KhopError('INTERNAL', 'addCells needs the header in the builder options');
    }
    for (let k = 0; k < this.fields.length; k++) this.fields[k].builder.append(cells[this.fieldCellIndex[k]] ?? '');
    for (let k = 0; k < this.rawCellIndex.length; k++) this.rawScratch[k] = cells[this.rawCellIndex[k]] ?? '';
    this.raw.append(this.rawScratch);
    return this.count++;
  }

  /**
   * Adds one row given as a scanned record in header order (needs `header`; io/csv-records.ts):
   * the same store as `addCells` with the record's decoded fields, but only the cells a field
   * parses are decoded, and raw cells are copied as bytes. The record must be well-formed (so
   * valid UTF-8: column-raw.ts appendFields) and have the header's field count.
   */
  addRecord(record: CsvRecord): number {
    this.assertOpen();
    if (record.error !== null || record.fieldCount !== this.headerLength) {
      throw new KhopError('INTERNAL', 'addRecord needs a well-formed record with the header\'s field count');
    }
    for (let k = 0; k < this.fields.length; k++) {
      const builder = this.fields[k].builder;
      const i = this.fieldCellIndex[k];
      // A flag, not `instanceof`: the builders are of five classes, and instanceof on such a
      // megamorphic value measured at a third of this loop. One call site per class keeps each
      // call monomorphic.
      const kind = this.fromBytes[k];
      if (kind === FROM_BYTES_NAME) (builder as NameColumnBuilder).appendField(record, i);
      else if (kind === FROM_BYTES_STRING) (builder as StringColumnBuilder).appendField(record, i);
      else if (kind === FROM_BYTES_DATE) (builder as DateColumnBuilder).appendField(record, i);
      else if (kind === FROM_BYTES_ID) (builder as IdColumnBuilder).appendField(record, i);
      else if (kind === FROM_BYTES_GENDER) (builder as GenderColumnBuilder).appendField(record, i);
      else builder.append(record.field(i));
    }
    this.raw.appendFields(record, this.rawCellIndex);
    return this.count++;
  }

  /** Copies every column into shared memory; the builder cannot be used afterwards. */
  freeze(): RecordStore {
    this.assertOpen();
    this.done = true;
    const columns = new Map<string, { type: FieldType; column: Column }>();
    for (const f of this.fields) columns.set(f.name, { type: f.type, column: f.builder.freeze() });
    const store = new RecordStore(this.side, this.count, this.idColumn, columns, this.raw.freeze(), this.dictionaries);
    // Let the growable arrays go (up to twice the frozen size) even while the builder is referenced.
    this.fields.length = 0;
    this.raw = new RawColumnsBuilder([]);
    return store;
  }

  private assertOpen(): void {
    if (this.done) throw new KhopError('INTERNAL', 'this record store builder is already frozen');
  }
}
