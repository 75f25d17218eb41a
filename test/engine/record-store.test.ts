import { Buffer } from 'node:buffer';
import { MessageChannel } from 'node:worker_threads';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Dictionary } from '../../src/engine/column-dictionary.js';
import { writeUtf8 } from '../../src/engine/column-utf8.js';
import { FieldDictionaries, RecordStore, RecordStoreBuilder, type RecordStoreTransferable } from '../../src/engine/record-store.js';
import { scanCsv } from '../../src/io/csv-scanner.js';
import { buildStores, presetSettings, type Row } from '../model/store-fixture.js';
import { errorOf } from '../khop-error.js';

const settings = presetSettings();

const REGISTER: Row[] = [
  { person_id: '079085001234', full_name: 'Nguyễn Thị Hương', dob: '12/03/1985', gender: 'Nữ', province: '079', old_id: '025123456' },
  { person_id: '001190004321', full_name: 'TRẦN VĂN ĐỨC', dob: '1990', gender: 'Nam', province: '001', old_id: '' },
  { person_id: '', full_name: '', dob: '', gender: '', province: '', old_id: '' },
  { person_id: '0790850012345', full_name: 'Hương Nguyễn Thị', dob: '30/02/1985', gender: 'x', province: '079', old_id: '12345' },
];
const DOSES: Row[] = [
  { dose_id: 'd1', citizen_id: '079 085 001 234', full_name: 'Nguyen Thi Huong', dob: '1985-03-12', gender: 'F', province: '079' },
  { dose_id: 'd2', citizen_id: '025123456', full_name: 'NguyÔn ThÞ H\u00ad\u00acng', dob: '03/12/1985', gender: 'M', province: '079' },
];


/** Every value a store holds, as plain arrays, for comparing two stores. */
function snapshot(store: RecordStore): unknown {
  const name = store.name('full_name');
  const date = store.date('dob');
  const id = store.id('citizen_id');
  const fieldNames = store.fieldNames;
  return {
    size: store.size,
    fieldNames,
    forms: name.forms.map((f) => Array.from(f, (c) => (c < 0 ? null : name.dictionary.string(c)))),
    tokens: Array.from({ length: store.size }, (_, i) =>
      Array.from(name.tokens.subarray(name.tokenStart[i], name.tokenStart[i + 1]), (c) => name.dictionary.string(c)),
    ),
    date: [Array.from(date.year), Array.from(date.month), Array.from(date.day), Array.from(date.precision), Array.from(date.flags)],
    id: Array.from({ length: store.size }, (_, i) => [id.digitsOf(i), id.length[i], id.idKind[i]]),
    gender: Array.from(store.gender('gender').gender),
    province: Array.from(store.string('province').codes, (c) => (c < 0 ? null : store.string('province').dictionary.string(c))),
    oldId: store.has('old_id') ? Array.from({ length: store.size }, (_, i) => store.id('old_id').digitsOf(i)) : null,
    raw: Array.from({ length: store.size }, (_, i) => store.raw.columns.map((c) => store.rawValue(i, c))),
  };
}

/** Sends a transferable through a MessagePort, as piscina does to a worker. */
async function viaMessagePort(t: RecordStoreTransferable): Promise<RecordStoreTransferable> {
  const { port1, port2 } = new MessageChannel();
  const received = new Promise<RecordStoreTransferable>((resolve) => port2.once('message', resolve));
  port1.postMessage(t);
  const out = await received;
  port1.close();
  port2.close();
  return out;
}

describe('RecordStore', () => {
  it('normalizes each field on the way in', () => {
    const { left, right } = buildStores(settings, REGISTER, DOSES);
    const name = left.name('full_name');
    expect(name.dictionary.string(name.key[1])).toBe('trần văn đức');
    expect(name.dictionary.string(name.folded[1])).toBe('tran van duc');
    expect(name.key[2]).toBe(-1);
    expect(name.family(0)).toBe(name.dictionary.find('nguyen'));
    expect(name.given(0)).toBe(name.dictionary.find('huong'));
    // the same string on both sides is the same code
    expect(right.name('full_name').folded[0]).toBe(name.folded[0]);
    expect(right.name('full_name').key[1]).toBe(name.key[0]);
    expect(Array.from(left.date('dob').precision)).toEqual([2, 1, 0, 2]);
    expect(right.id('citizen_id').digitsOf(0)).toBe('079085001234');
    expect(left.id('old_id').digitsOf(0)).toBe('025123456');
    expect(Array.from(left.gender('gender').gender)).toEqual([1, 0, -1, -1]);
    expect(left.recordId(0)).toBe('079085001234');
    expect(right.recordId(1)).toBe('d2');
    expect(right.rawValue(1, 'full_name')).toBe(DOSES[1].full_name);
  });

  it('has only the fields with a column on its side', () => {
    const { left, right } = buildStores(settings, REGISTER, DOSES);
    expect(left.has('old_id')).toBe(true);
    expect(right.has('old_id')).toBe(false);
    expect(errorOf(() => right.id('old_id')).code).toBe('INTERNAL');
    expect(errorOf(() => left.date('full_name')).code).toBe('INTERNAL');
  });

  it('keeps every frozen column in shared memory', () => {
    const { left } = buildStores(settings, REGISTER, DOSES);
    const name = left.name('full_name');
    for (const a of [...name.forms, name.tokens, name.tokenStart, left.date('dob').year, left.id('citizen_id').digits, left.raw.bytes]) {
      expect(a.buffer).toBeInstanceOf(SharedArrayBuffer);
    }
  });

  it('freeze → transferable → message port → rebuilt store holds identical values', async () => {
    const { left, right } = buildStores(settings, REGISTER, DOSES);
    for (const store of [left, right]) {
      const rebuilt = RecordStore.fromTransferable(await viaMessagePort(store.toTransferable()));
      expect(snapshot(rebuilt)).toEqual(snapshot(store));
    }
  });

  it('rebuilt stores share memory with the original, not a copy', async () => {
    const { left } = buildStores(settings, REGISTER, DOSES);
    const rebuilt = RecordStore.fromTransferable(await viaMessagePort(left.toTransferable()));
    const year = left.date('dob').year;
    const before = year[0];
    year[0] = 2001;
    expect(rebuilt.date('dob').year[0]).toBe(2001);
    year[0] = before;
  });

  it('refuses to share a store before the dictionaries are frozen', () => {
    const dictionaries = FieldDictionaries.forSettings(settings);
    const b = new RecordStoreBuilder(settings, 'left', dictionaries);
    b.add(REGISTER[0]);
    const store = b.freeze();
    expect(errorOf(() => store.toTransferable()).code).toBe('INTERNAL');
    dictionaries.freeze();
    expect(() => store.toTransferable()).not.toThrow();
  });

  it('addCells with a header builds the same store as add', () => {
    const header = ['province', 'old_id', 'gender', 'dob', 'full_name', 'person_id', 'extra'];
    const d1 = FieldDictionaries.forSettings(settings);
    const d2 = FieldDictionaries.forSettings(settings);
    const byRecord = new RecordStoreBuilder(settings, 'left', d1);
    const byCells = new RecordStoreBuilder(settings, 'left', d2, { header });
    for (const r of REGISTER) {
      byRecord.add(r);
      byCells.addCells(header.map((h) => r[h] ?? 'x'));
    }
    const a = byRecord.freeze();
    const b = byCells.freeze();
    d1.freeze();
    d2.freeze();
    expect(snapshot(b)).toEqual(snapshot(a));
  });

  it('addRecord with scanned records builds the same store as addCells with their decoded fields', () => {
    const header = ['province', 'old_id', 'gender', 'dob', 'full_name', 'person_id', 'extra'];
    const quote = (c: string): string => `"${c.replaceAll('"', '""')}"`;
    // Every name twice, once quoted and once not (rows alternate), escaped ones too: the name
    // column's memo finds repeats by their bytes (NameColumnBuilder.appendField).
    const escaped: Row = { ...REGISTER[0], full_name: 'Lê "Bé" Hoa, con', person_id: '"079"' };
    const rows = [...REGISTER, escaped, ...REGISTER, escaped, escaped];
    const csv = rows.map((r, i) => header.map((h) => (i % 2 === 0 ? quote(r[h] ?? 'x') : (r[h] ?? 'x').replaceAll('"', '').replaceAll(',', ' '))).join(',')).join('\n');
    const d1 = FieldDictionaries.forSettings(settings);
    const d2 = FieldDictionaries.forSettings(settings);
    const byCells = new RecordStoreBuilder(settings, 'left', d1, { header });
    const byRecord = new RecordStoreBuilder(settings, 'left', d2, { header });
    scanCsv(csv, (r) => {
      byCells.addCells(Array.from({ length: r.fieldCount }, (_, i) => r.field(i)));
      byRecord.addRecord(r);
    });
    const a = byCells.freeze();
    const b = byRecord.freeze();
    d1.freeze();
    d2.freeze();
    expect(b.size).toBe(rows.length);
    expect(snapshot(b)).toEqual(snapshot(a));
    expect(Buffer.from(b.raw.bytes)).toEqual(Buffer.from(a.raw.bytes));
  });

  it.each([
    ['a record without the header\'s field count', 'd1,1,An,1990,Nam\n'],
    ['a record with an error', 'd1,1,A"n,1990,Nam,001\n'],
  ])('addRecord refuses %s', (_name, text) => {
    const b = new RecordStoreBuilder(settings, 'right', FieldDictionaries.forSettings(settings), { header: ['dose_id', 'citizen_id', 'full_name', 'dob', 'gender', 'province'] });
    let records = 0;
    scanCsv(text, (r) => {
      records++;
      expect(errorOf(() => b.addRecord(r)).code).toBe('INTERNAL');
    });
    expect([records, b.size]).toEqual([1, 0]);
  });

  it('reads the first of duplicate header columns, as CsvHeader and the CSV rows do', () => {
    const header = ['dose_id', 'citizen_id', 'full_name', 'dob', 'gender', 'province', 'full_name'];
    const b = new RecordStoreBuilder(settings, 'right', FieldDictionaries.forSettings(settings), { header });
    b.addCells(['d1', '', 'Lê Văn An', '1990', 'Nam', '001', 'Trần Thị Bình']);
    expect(b.freeze().rawValue(0, 'full_name')).toBe('Lê Văn An');
  });

  it('keeps extra raw columns when asked', () => {
    const d = FieldDictionaries.forSettings(settings);
    const b = new RecordStoreBuilder(settings, 'right', d, { rawColumns: ['dose_id', 'vaccine'] });
    b.add({ ...DOSES[0], vaccine: 'AstraZeneca' });
    expect(b.freeze().rawValue(0, 'vaccine')).toBe('AstraZeneca');
  });

  it('reports a column the settings need but the header lacks', () => {
    const e = errorOf(() => new RecordStoreBuilder(settings, 'right', FieldDictionaries.forSettings(settings), { header: ['dose_id', 'full_name'] }));
    expect(e.code).toBe('COLUMN_MISSING');
    expect(e.where.field).toBeDefined();
  });

  it('cannot take rows after it is frozen', () => {
    const b = new RecordStoreBuilder(settings, 'right', FieldDictionaries.forSettings(settings));
    b.freeze();
    expect(errorOf(() => b.add(DOSES[0])).code).toBe('INTERNAL');
  });

  it('keeps raw cells exactly, whatever the text', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.string({ unit: 'grapheme' }), fc.string()), { minLength: 1, maxLength: 20 }), (cells) => {
        const d = FieldDictionaries.forSettings(settings);
        const b = new RecordStoreBuilder(settings, 'right', d, { rawColumns: ['dose_id', 'full_name'] });
        for (const [id, name] of cells) b.add({ dose_id: id, full_name: name });
        const s = b.freeze();
        cells.forEach(([id, name], i) => {
          expect(s.rawValue(i, 'dose_id')).toBe(id);
          expect(s.rawValue(i, 'full_name')).toBe(name);
        });
      }),
      { numRuns: 50 },
    );
  });
});

describe('Dictionary', () => {
  it('gives equal codes exactly to equal strings, before and after freezing', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 300 }), (strings) => {
        const d = new Dictionary(4); // small, so the table and pool grow during the test
        const codes = strings.map((s) => d.intern(s));
        strings.forEach((s, k) => {
          expect(d.string(codes[k])).toBe(s);
          strings.forEach((t, m) => expect(codes[k] === codes[m]).toBe(s === t));
        });
        expect(d.size).toBe(new Set(strings).size);
        d.freeze();
        strings.forEach((s, k) => {
          expect(d.find(s)).toBe(codes[k]);
          expect(d.intern(s)).toBe(codes[k]);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('finds nothing for a string it never saw, and refuses new strings once frozen', () => {
    const d = new Dictionary();
    d.intern('nguyen');
    expect(d.find('tran')).toBe(-1);
    d.freeze();
    expect(d.find('tran')).toBe(-1);
    expect(errorOf(() => d.intern('tran')).code).toBe('INTERNAL');
  });

  it('survives the trip to a worker: strings and lookups on the shared copy', async () => {
    const d = new Dictionary();
    const words = ['nguyễn', 'trần', 'lê', 'phạm', 'hoàng', 'huỳnh', ''];
    const codes = words.map((w) => d.intern(w));
    d.freeze();
    const { port1, port2 } = new MessageChannel();
    const received = new Promise<Parameters<typeof Dictionary.fromTransferable>[0]>((resolve) => port2.once('message', resolve));
    port1.postMessage(d.toTransferable());
    const copy = Dictionary.fromTransferable(await received);
    port1.close();
    port2.close();
    words.forEach((w, k) => {
      expect(copy.string(codes[k])).toBe(w);
      expect(copy.find(w)).toBe(codes[k]);
    });
  });
});

describe('writeUtf8', () => {
  it('writes exactly the bytes TextEncoder does, for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.nat(8), (s, at) => {
        const target = new Uint8Array(at + s.length * 3);
        const n = writeUtf8(s, target, at);
        expect(Array.from(target.subarray(at, at + n))).toEqual(Array.from(new TextEncoder().encode(s)));
      }),
    );
  });
});
