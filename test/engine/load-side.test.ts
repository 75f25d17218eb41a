/**
 * loadSide (load-side.ts) reads records straight from the scanner into the store. Its oracle is
 * the string-row path it replaced, kept here: readCsv rows → RecordStoreBuilder.addCells. Both
 * must give the same store bytes, rejects (order, lines, text), counts and progress calls.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FieldDictionaries, RecordStoreBuilder } from '../../src/engine/record-store.js';
import { loadSide, requiredColumns, type LoadSideInput } from '../../src/engine/load-side.js';
import { readCsv } from '../../src/io/csv-reader.js';
import type { Reject } from '../../src/io/rejects.js';
import type { Side } from '../../src/model/settings-schema.js';
import { presetSettings } from '../model/store-fixture.js';

const settings = presetSettings();
const defaultSettings = settings;
/** The preset with doses whose quoted cells may span lines. */
const multilineSettings = { ...settings, right: { ...settings.right, multiline_cells: true } };

async function* chunked(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/** The read as it was before loadSide took scanner records: decoded rows into addCells. */
async function referenceLoad(input: LoadSideInput): Promise<{ builder: RecordStoreBuilder; rows: number; rejects: number; blankLines: number }> {
  const reader = readCsv(input.source, {
    file: input.file,
    required: requiredColumns(input.settings, input.side),
    onReject: input.onReject,
    signal: input.signal,
    multilineCells: input.settings[input.side].multiline_cells === true,
  });
  const header = await reader.header();
  const builder = new RecordStoreBuilder(input.settings, input.side, input.dictionaries, { header: header.names });
  let rows = 0;
  for await (const row of reader) {
    builder.addCells(row.values);
    if ((++rows & 0xffff) === 0) input.onProgress?.(rows);
  }
  return { builder, ...reader.stats };
}

/** Everything a load gives, with every shared buffer of the frozen store as bytes. */
async function outcome(load: typeof loadSide, bytes: Uint8Array, side: Side, chunk: number, settings = defaultSettings): Promise<unknown> {
  const rejects: Reject[] = [];
  const progress: number[] = [];
  const dictionaries = FieldDictionaries.forSettings(settings);
  const r = await load({ source: chunked(bytes, chunk), file: 'x.csv', settings, side, dictionaries, onReject: (j) => rejects.push(j), onProgress: (n) => progress.push(n) });
  const store = r.builder.freeze();
  dictionaries.freeze();
  // Digests, not the bytes: deep equality over large buffers is slow in the test runner.
  const buffers: string[] = [];
  const walk = (v: unknown): void => {
    if (v instanceof SharedArrayBuffer) buffers.push(createHash('sha256').update(new Uint8Array(v)).digest('hex'));
    else if (Array.isArray(v)) v.forEach(walk);
    else if (v !== null && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(store.toTransferable());
  return { rows: r.rows, rejects: r.rejects, blankLines: r.blankLines, rejected: rejects, progress, buffers };
}

const DOSES = Buffer.concat([
  Buffer.from('\uFEFFdose_id,citizen_id,full_name,dob,gender,province\r\n'),
  Buffer.from('D1,079085001234,Nguyễn Thị Hương,12/03/1985,Nữ,079\r\n'),
  Buffer.from('"D""2""",,"Lê ""Bé""\r\nHoa, con",1990,Nam,001\r\n'),
  Buffer.from('\r\n'),
  Buffer.from('D3,1,too,many,cells,here,x\r\n'),
  Buffer.from('D4,1,Tr"an,1990,Nam,001\r\n'),
  Buffer.concat([Buffer.from('D5,1,Ng'), Buffer.from([0xc3, 0x28]), Buffer.from('uyen,1990,Nam,001\r\n')]),
  Buffer.from('D6,,😀 \uFEFFĐỗ\rHoà,2000-01-02,F,096\n'),
  Buffer.from('D7,"unclosed,1990,Nam,001\n'),
  Buffer.from('D8,001190004321,TRẦN VĂN ĐỨC,1990,nam,001'),
]);

describe('loadSide: the same store, rejects and counts as decoded rows through addCells', () => {
  it.each([1, 7, 64, 1 << 20])('on a damaged doses file read in %i-byte chunks', async (chunk) => {
    const expected = await outcome(referenceLoad, DOSES, 'right', chunk);
    // D2's quoted name spans two lines: each line is a reject of its own (cells hold no line breaks).
    expect(expected).toMatchObject({ rows: 3, rejects: 6, blankLines: 1 });
    expect(await outcome(loadSide, DOSES, 'right', chunk)).toEqual(expected);
  });

  it.each([1, 64])('on the same file with multiline_cells, read in %i-byte chunks: D2 is one row', async (chunk) => {
    const expected = await outcome(referenceLoad, DOSES, 'right', chunk, multilineSettings);
    expect(expected).toMatchObject({ rows: 4, rejects: 4, blankLines: 1 });
    expect(await outcome(loadSide, DOSES, 'right', chunk, multilineSettings)).toEqual(expected);
  });

  it('on a register long enough for progress calls', async () => {
    const lines = ['person_id,full_name,dob,gender,province,old_id'];
    for (let i = 0; i < 70_000; i++) lines.push(`${String(i).padStart(12, '0')},${i % 3 === 0 ? '"Võ, Thị ""Na"""' : 'Lê Văn An'},${(i % 28) + 1}/01/1990,${i % 2 ? 'Nam' : 'Nữ'},0${i % 90},${i % 5 ? '' : i}`);
    const bytes = Buffer.from(lines.join('\n'));
    const expected = await outcome(referenceLoad, bytes, 'left', 1 << 16);
    expect(expected).toMatchObject({ rows: 70_000, progress: [65_536] });
    expect(await outcome(loadSide, bytes, 'left', 1 << 16)).toEqual(expected);
  });
});

describe('loadSide: header errors and stopping', () => {
  const load = (text: string, signal?: AbortSignal) =>
    loadSide({ source: chunked(Buffer.from(text), 5), file: 'x.csv', settings, side: 'right', dictionaries: FieldDictionaries.forSettings(settings), onReject: () => {}, signal });

  it.each<[string, string, string]>([
    ['an empty file', '\uFEFF\r\n', 'FILE_EMPTY'],
    ['a header without the settings columns', 'dose_id,full_name\nD1,An\n', 'COLUMN_MISSING'],
  ])('%s → %s', async (_name, text, code) => {
    await expect(load(text)).rejects.toMatchObject({ code, where: { file: 'x.csv' } });
  });

  it('a header-only file gives an empty store', async () => {
    const r = await load('dose_id,citizen_id,full_name,dob,gender,province');
    expect([r.rows, r.rejects, r.builder.freeze().size]).toEqual([0, 0, 0]);
  });

  it('an aborted signal stops the read with its reason', async () => {
    const controller = new AbortController();
    controller.abort(new Error('stopped'));
    await expect(load('dose_id,citizen_id,full_name,dob,gender,province\nD1,1,An,1990,Nam,001\n', controller.signal)).rejects.toThrow('stopped');
  });
});
