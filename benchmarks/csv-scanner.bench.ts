/**
 * Throughput of CSV reading: khớp's byte scanner against csv-parse (sync).
 * Run: `npx tsx benchmarks/csv-scanner.bench.ts` (not part of `npm test`).
 *
 * Input: ROWS dose records shaped like the data contract's doses file
 * (`dose_id,citizen_id,full_name,dob,gender,province`, /work/shared/DESIGN.md), Vietnamese names
 * in NFC with the family-name shares of the design notes, mixed date styles, ~2% quoted cells
 * (a comma or quote inside a name). Seeded, so every run sees the same bytes. The input is fed in
 * 1 MiB chunks, as readCsv reads files, so carrying records across chunks is part of the cost.
 * rows/s = ROWS / time of one pass, from the mean and from the best pass (the machine is shared:
 * the best pass is the less noisy figure).
 */
import { Buffer } from 'node:buffer';
import { Bench } from 'tinybench';
import { parse as csvParseSync } from 'csv-parse/sync';
import { CsvScanner, type CsvRecord } from '../src/io/csv-scanner.js';
import { parseCsvSync, readCsv } from '../src/io/csv-reader.js';
import { rng } from './seeded-random.js';

const ROWS = 200_000;
const CHUNK = 1 << 20;


const FAMILY: [string, number][] = [
  ['Nguyễn', 34], ['Trần', 11], ['Lê', 9], ['Phạm', 7], ['Hoàng', 3], ['Huỳnh', 2], ['Phan', 4.5],
  ['Vũ', 2], ['Võ', 2], ['Đặng', 2], ['Bùi', 2], ['Đỗ', 1.5], ['Hồ', 1.5], ['Ngô', 1.3], ['Dương', 1], ['Lý', 0.5],
];
const MIDDLE_M = ['Văn', 'Đức', 'Minh', 'Quốc', 'Hữu', 'Thành', 'Công', 'Ngọc'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mỹ', 'Phương'];
const GIVEN_M = ['Hùng', 'Dũng', 'Tuấn', 'Phúc', 'Phước', 'Long', 'Quý', 'Khoa', 'Thắng', 'Hoà', 'Thủy'];
const GIVEN_F = ['Hương', 'Hường', 'Hồng', 'Lan', 'Mai', 'Thuỷ', 'Trang', 'Linh', 'Ngọc Anh', 'Vy', 'Khoẻ'];

function pickWeighted(r: () => number): string {
  const total = FAMILY.reduce((s, [, w]) => s + w, 0);
  let x = r() * total;
  for (const [name, w] of FAMILY) if ((x -= w) < 0) return name;
  return FAMILY[0][0];
}

function makeDoses(n: number): Buffer {
  const r = rng(42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const lines = ['dose_id,citizen_id,full_name,dob,gender,province'];
  for (let i = 0; i < n; i++) {
    const female = r() < 0.5;
    const year = 1940 + Math.floor(r() * 70);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const province = String(1 + Math.floor(r() * 96)).padStart(3, '0');
    const g = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
    const id = `${province}${g}${String(year % 100).padStart(2, '0')}${String(Math.floor(r() * 1e6)).padStart(6, '0')}`;
    let name = `${pickWeighted(r)} ${pick(female ? MIDDLE_F : MIDDLE_M)} ${pick(female ? GIVEN_F : GIVEN_M)}`;
    if (r() < 0.01) name = `"${name}, con"`; // a comma inside a name: quoted
    else if (r() < 0.01) name = `"${name} ""Bé"""`; // a nickname in quotes
    const dd = String(day).padStart(2, '0');
    const mm = String(month).padStart(2, '0');
    const dob = [`${dd}/${mm}/${year}`, `${day}/${month}/${year}`, `${year}-${mm}-${dd}`, `${year}`][Math.floor(r() * 4)];
    const gender = female ? pick(['Nữ', 'Nu', 'F']) : pick(['Nam', 'M']);
    lines.push(`D${String(i).padStart(9, '0')},${id},${name},${dob},${gender},${province}`);
  }
  return Buffer.from(lines.join('\n') + '\n', 'utf8');
}

const data = makeDoses(ROWS);
const chunks: Buffer[] = [];
for (let i = 0; i < data.length; i += CHUNK) chunks.push(data.subarray(i, Math.min(i + CHUNK, data.length)));
const text = data.toString('utf8');

let sink = 0;
function scanChunks(onRecord: (r: CsvRecord) => void): void {
  const scanner = new CsvScanner(onRecord);
  for (const c of chunks) scanner.push(c);
  scanner.end();
}

async function* asyncChunks(): AsyncGenerator<Uint8Array> {
  for (const c of chunks) yield c;
}

const bench = new Bench({ time: 3000, iterations: 5 });
bench
  .add('CsvScanner: record boundaries only', () => {
    scanChunks((r) => {
      sink += r.fieldCount;
    });
  })
  .add('CsvScanner: every field decoded to a string', () => {
    scanChunks((r) => {
      for (let i = 0; i < r.fieldCount; i++) sink += r.field(i).length;
    });
  })
  .add('parseCsvSync: CsvRow objects with header checks', () => {
    sink += parseCsvSync(data, { file: 'doses.csv', required: ['dose_id', 'full_name'] }).rows.length;
  })
  .add('readCsv: async iteration over 1 MiB chunks', async () => {
    for await (const row of readCsv(asyncChunks(), { file: 'doses.csv' })) sink += row.values.length;
  })
  .add('csv-parse sync (relax_column_count, bom)', () => {
    sink += (csvParseSync(text, { relax_column_count: true, bom: true }) as string[][]).length;
  });

await bench.run();

console.log(`input: ${ROWS} rows, ${(data.length / 1e6).toFixed(1)} MB, node ${process.version}`);
for (const task of bench.tasks) {
  const res = task.result;
  if (res.state !== 'completed') {
    console.log(`${task.name}: ${res.state}${res.state === 'errored' ? ` ${res.error.message}` : ''}`);
    continue;
  }
  const mean = res.latency.mean;
  const best = res.latency.min;
  const rate = (ms: number): string => `${(((ROWS + 1) / ms) * 1000 / 1e6).toFixed(2)}`;
  console.log(
    `${task.name.padEnd(48)} mean ${rate(mean).padStart(5)} M rows/s (${(data.length / 1e3 / mean).toFixed(0).padStart(3)} MB/s), ` +
      `best ${rate(best).padStart(5)} M rows/s  [mean ${mean.toFixed(1)} ms, min ${best.toFixed(1)} ms, rme ${res.latency.rme.toFixed(1)}%]`,
  );
}
if (sink === 42) console.log('');
