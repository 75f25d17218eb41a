/**
 * Building the date, gender and ID columns of one side from its scanned CSV records, in CPU time:
 * each cell decoded and parsed (`append(record.field(i))`) against read from the record's bytes
 * (`appendField(record, i)`: the repeated dates and genders replayed from a memo, the common ID
 * cells copied). The records are scanned once per pass and each pass builds all three columns
 * either way, alternating, so both see the same machine load; the scan's own cost is measured
 * alone and left out. The columns built both ways are checked equal once.
 * Run: `npx tsx benchmarks/read-columns.bench.ts FILE.csv [PASSES]` (e.g. /tmp/d1m/doses.csv);
 * not part of `npm test`. Columns: dob, gender, and citizen_id (doses) or person_id and old_id
 * (the register), whichever the header has.
 */
import { readFileSync } from 'node:fs';
import { DateColumnBuilder } from '../src/engine/column-date.js';
import { GenderColumnBuilder } from '../src/engine/column-gender.js';
import { IdColumnBuilder } from '../src/engine/column-id.js';
import { CsvScanner, type CsvRecord } from '../src/io/csv-scanner.js';

const file = process.argv[2];
if (file === undefined) throw new Error('usage: read-columns.bench.ts FILE.csv [PASSES]');
const PASSES = Number(process.argv[3] ?? 5);
const bytes = readFileSync(file);

interface Builders {
  date: DateColumnBuilder;
  gender: GenderColumnBuilder;
  ids: IdColumnBuilder[];
}

/** Scans the file, calling `each` on every record after the header (column indexes from it). */
function scan(each: ((r: CsvRecord, cols: Cols) => void) | null): void {
  let cols: Cols | null = null;
  const scanner = new CsvScanner((r) => {
    if (cols === null) {
      const names = Array.from({ length: r.fieldCount }, (_, i) => r.field(i));
      const at = (n: string): number => names.indexOf(n);
      cols = { dob: at('dob'), gender: at('gender'), ids: ['citizen_id', 'person_id', 'old_id'].map(at).filter((i) => i >= 0) };
      return;
    }
    if (each !== null && r.error === null) each(r, cols);
  });
  for (let at = 0; at < bytes.length; at += 1 << 16) scanner.push(bytes.subarray(at, Math.min(bytes.length, at + (1 << 16))));
  scanner.end();
}

interface Cols {
  dob: number;
  gender: number;
  ids: number[];
}

function cpu(run: () => void): number {
  const c0 = process.cpuUsage();
  run();
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / 1000;
}

function build(fromBytes: boolean): Builders {
  const b: Builders = { date: new DateColumnBuilder(), gender: new GenderColumnBuilder(), ids: [new IdColumnBuilder(), new IdColumnBuilder()] };
  scan((r, c) => {
    if (fromBytes) {
      b.date.appendField(r, c.dob);
      b.gender.appendField(r, c.gender);
      for (let k = 0; k < c.ids.length; k++) b.ids[k].appendField(r, c.ids[k]);
    } else {
      b.date.append(r.field(c.dob));
      b.gender.append(r.field(c.gender));
      for (let k = 0; k < c.ids.length; k++) b.ids[k].append(r.field(c.ids[k]));
    }
  });
  return b;
}

function same(a: Builders, b: Builders): boolean {
  const bytesOf = (x: { toTransferable(): object }): Buffer[] =>
    Object.values(x.toTransferable()).flatMap((v) => (v instanceof SharedArrayBuffer ? [Buffer.from(new Uint8Array(v))] : []));
  const pairs: [{ toTransferable(): object }, { toTransferable(): object }][] = [
    [a.date.freeze(), b.date.freeze()],
    [a.gender.freeze(), b.gender.freeze()],
    [a.ids[0].freeze(), b.ids[0].freeze()],
    [a.ids[1].freeze(), b.ids[1].freeze()],
  ];
  return pairs.every(([x, y]) => {
    const bx = bytesOf(x);
    const by = bytesOf(y);
    return bx.length === by.length && bx.every((buf, k) => buf.equals(by[k]));
  });
}

console.log(`${file}: columns built from bytes equal those from strings: ${same(build(false), build(true))}`);
const scanOnly: number[] = [];
const strings: number[] = [];
const fromBytes: number[] = [];
for (let p = 0; p < PASSES; p++) {
  scanOnly.push(cpu(() => scan(() => {})));
  strings.push(cpu(() => build(false)) - scanOnly[p]);
  fromBytes.push(cpu(() => build(true)) - scanOnly[p]);
}
const median = (xs: number[]): number => [...xs].sort((x, y) => x - y)[xs.length >> 1];
const fmt = (xs: number[]): string => `median ${median(xs).toFixed(0)} ms  (${xs.map((x) => x.toFixed(0)).join(' ')})`;
console.log(`scan alone           ${fmt(scanOnly)}`);
console.log(`columns from strings ${fmt(strings)}`);
console.log(`columns from bytes   ${fmt(fromBytes)}`);
