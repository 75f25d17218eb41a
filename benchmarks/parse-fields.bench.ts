/**
 * Throughput of the field parsers: dates of birth, ID numbers, gender.
 * Run: `npx tsx benchmarks/parse-fields.bench.ts` (not part of `npm test`).
 *
 * Each task parses a fixed batch of BATCH realistic cells (seeded, so every run sees the same
 * mix); items/s = BATCH / mean batch time. The date mix follows the accepted forms with a share
 * of damage (impossible dates, month 13, garbage); the ID mix is mostly clean 12-digit CCCDs with
 * separators, lost leading zeros, CMNDs, empties and typos, as in the dose records.
 */
import { Bench } from 'tinybench';
import { formatDob, DOB_STYLES, parseDob, parseDobReference } from '../src/normalize/parse-dob.js';
import { parseGender } from '../src/normalize/parse-gender.js';
import { parseId } from '../src/normalize/parse-id.js';
import { PROVINCES } from '../src/normalize/provinces.js';
import { rng } from './seeded-random.js';
import { printBatchRates } from './batch-report.js';

const BATCH = 10_000;


function makeDates(n: number): string[] {
  const r = rng(1);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const year = 1930 + Math.floor(r() * 90);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const u = r();
    if (u < 0.03) out.push(`${30 + Math.floor(r() * 2)}/02/${year}`);
    else if (u < 0.05) out.push(`${day}/${13 + Math.floor(r() * 10)}/${year}`);
    else if (u < 0.06) out.push(['', 'n/a', '12/05/90', 'không rõ'][Math.floor(r() * 4)]);
    else out.push(formatDob({ year, month, day, precision: 'day' }, DOB_STYLES[Math.floor(r() * DOB_STYLES.length)]));
  }
  return out;
}

function makeIds(n: number): string[] {
  const r = rng(2);
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const p = PROVINCES[Math.floor(r() * PROVINCES.length)].code;
    const year = 1930 + Math.floor(r() * 90);
    const g = (year >= 2000 ? 2 : 0) + (r() < 0.5 ? 0 : 1);
    const serial = String(Math.floor(r() * 1e6)).padStart(6, '0');
    const id = `${p}${g}${String(year % 100).padStart(2, '0')}${serial}`;
    const u = r();
    if (u < 0.8) out.push(id);
    else if (u < 0.88) out.push(`${id.slice(0, 3)} ${id.slice(3, 6)} ${id.slice(6, 9)} ${id.slice(9)}`);
    else if (u < 0.93) out.push(String(Number(id)));
    else if (u < 0.96) out.push(id.slice(0, 9));
    else if (u < 0.98) out.push('');
    else out.push(`${id.slice(0, 11)}O`);
  }
  return out;
}

const dates = makeDates(BATCH);
const ids = makeIds(BATCH);
const genders = Array.from({ length: BATCH }, (_, i) => ['Nam', 'Nữ', 'nam', 'NỮ', 'M', 'F', 'Nu', ' nữ ', 'Female', ''][i % 10]);

let sink = 0;
const bench = new Bench({ time: 1500 });
bench
  .add('parseDob (char scan)', () => {
    for (let i = 0; i < BATCH; i++) sink += parseDob(dates[i]).ok ? 1 : 0;
  })
  .add('parseDobReference (regex oracle)', () => {
    for (let i = 0; i < BATCH; i++) sink += parseDobReference(dates[i]).ok ? 1 : 0;
  })
  .add('parseId', () => {
    for (let i = 0; i < BATCH; i++) sink += parseId(ids[i]).digits.length;
  })
  .add('parseGender', () => {
    for (let i = 0; i < BATCH; i++) sink += parseGender(genders[i]) === null ? 0 : 1;
  });

await bench.run();

printBatchRates(bench, BATCH, `node ${process.version}, batch ${BATCH} items, checksum ${sink}`);
