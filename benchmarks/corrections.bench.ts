/**
 * Throughput of the correction rules (src/engine/corrections.ts): one call per matched dose.
 * Run: `npx tsx benchmarks/corrections.bench.ts` (not part of `npm test`).
 *
 * Views are built once (normalizing is benchmarked in normalize-names / parse-fields); each task
 * runs `suggestCorrections` + `formatCorrections` + `suggestedValues` over a fixed batch of BATCH
 * dose/person pairs, seeded. "clean": every dose agrees with its person up to formatting (the
 * common case, about three doses in four). "damaged": every dose carries one to three kinds of
 * damage drawn from the DESIGN.md list (names without marks, dropped or reordered tokens, typos,
 * variants, TCVN3; swapped or year-only dates; ID typos, lost zeros, old IDs; gender).
 * items/s = BATCH / mean batch time.
 */
import { Bench } from 'tinybench';
import { formatCorrections, suggestCorrections, suggestedValues, type DoseView, type IdOwner, type PersonView } from '../src/engine/corrections.js';
import { normalizeName } from '../src/normalize/normalize-name.js';
import { parseDob } from '../src/normalize/parse-dob.js';
import { parseGender } from '../src/normalize/parse-gender.js';
import { parseId } from '../src/normalize/parse-id.js';
import { encodeTcvn3 } from '../src/normalize/tcvn3.js';
import { rng } from './seeded-random.js';
import { printBatchRates } from './batch-report.js';

const BATCH = 10_000;


const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ'];
const MIDDLE = ['Văn', 'Thị', 'Hữu', 'Đức', 'Ngọc', 'Minh', 'Thanh', 'Xuân', 'Quang', 'Kim'];
const GIVEN = ['Hòa', 'Thủy', 'Hương', 'Phúc', 'Tuấn', 'Dũng', 'Lan', 'Linh', 'Trang', 'Nguyệt', 'Cường', 'Anh', 'Quý'];
const VARIANT: Record<string, string> = { Hoàng: 'Huỳnh', Huỳnh: 'Hoàng', Vũ: 'Võ', Võ: 'Vũ' };

const fold = (s: string): string => s.normalize('NFD').replace(/[\u0300-\u036f]/g, '').replace(/đ/g, 'd').replace(/Đ/g, 'D');

interface Pair {
  dose: DoseView;
  person: PersonView;
  owner: IdOwner;
}

function makePairs(n: number, damaged: boolean, seed: number): Pair[] {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)];
  const out: Pair[] = [];
  for (let i = 0; i < n; i++) {
    const tokens = [pick(FAMILY), ...(r() < 0.9 ? [pick(MIDDLE)] : []), pick(GIVEN)];
    const name = tokens.join(' ');
    const year = 1940 + Math.floor(r() * 80);
    const month = 1 + Math.floor(r() * 12);
    const day = 1 + Math.floor(r() * 28);
    const dob = `${String(day).padStart(2, '0')}/${String(month).padStart(2, '0')}/${year}`;
    const female = r() < 0.5;
    const id = `079${(year >= 2000 ? 2 : 0) + (female ? 1 : 0)}${String(year % 100).padStart(2, '0')}${String(Math.floor(r() * 1e6)).padStart(6, '0')}`;
    const oldId = r() < 0.5 ? String(Math.floor(1e8 + r() * 9e8)) : '';
    let dName = name.toUpperCase();
    let dDob = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    let dId = id;
    let dGender = female ? 'Nu' : 'nam';
    let owner: IdOwner = 'this';
    if (damaged) {
      const kinds = 1 + Math.floor(r() * 3);
      for (let k = 0; k < kinds; k++) {
        const u = r();
        if (u < 0.12) dName = fold(name);
        else if (u < 0.2 && tokens.length > 2) dName = [tokens[0], tokens[2]].join(' ');
        else if (u < 0.26) dName = [...tokens.slice(1), tokens[0]].join(' ');
        else if (u < 0.32) dName = name.slice(0, -1) + 'x';
        else if (u < 0.36 && VARIANT[tokens[0]] !== undefined) dName = [VARIANT[tokens[0]], ...tokens.slice(1)].join(' ');
        else if (u < 0.42) dName = encodeTcvn3(name);
        else if (u < 0.5 && day <= 12) dDob = `${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}/${year}`;
        else if (u < 0.56) dDob = String(year);
        else if (u < 0.62) dDob = `01/01/${year + 1}`;
        else if (u < 0.7) (dId = id.slice(0, 7) + ((Number(id[7]) + 1) % 10) + id.slice(8)), (owner = 'none');
        else if (u < 0.76) (dId = id.slice(1)), (owner = 'this');
        else if (u < 0.8 && oldId !== '') (dId = oldId), (owner = 'this');
        else if (u < 0.86) (dId = id.slice(0, 5) + id.slice(6)), (owner = 'none');
        else if (u < 0.9) (dId = ''), (owner = 'none');
        else dGender = female ? 'Nam' : 'Nữ';
      }
    }
    out.push({
      dose: { name: normalizeName(dName), dob: parseDob(dDob), id: parseId(dId), gender: parseGender(dGender) },
      person: { personId: id, name: normalizeName(name), dob: parseDob(dob), id: parseId(id), oldId: parseId(oldId), gender: female ? 'F' : 'M' },
      owner,
    });
  }
  return out;
}

const clean = makePairs(BATCH, false, 1);
const damaged = makePairs(BATCH, true, 2);

let sink = 0;
function run(pairs: readonly Pair[]): void {
  for (const { dose, person, owner } of pairs) {
    const list = suggestCorrections(dose, person, owner);
    sink += formatCorrections(list).length + suggestedValues(person, list).suggested_full_name.length;
  }
}

const bench = new Bench({ time: 1000, warmupTime: 200 });
bench.add('corrections: clean doses', () => run(clean));
bench.add('corrections: damaged doses', () => run(damaged));
await bench.run();

printBatchRates(bench, BATCH, `node ${process.version}, batch ${BATCH} pairs, checksum ${sink}`);
