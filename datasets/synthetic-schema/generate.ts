/**
 * Generates the synthetic company lists of this folder, a small non-Vietnamese schema that tests
 * `khop match` and `khop dedupe` on any schema (issue 8): run
 *   npx tsx datasets/synthetic-schema/generate.ts
 * Deterministic (mulberry32, seed 8). Truth is in the ID, as in FEBRL: `c-<n>-org` and
 * `c-<n>-dup-<k>` with the same <n> are the same company.
 *
 * - companies-a.csv (left): 400 companies.
 * - companies-b.csv (right): copies of companies 0–299, each with one to two errors, and 100
 *   companies not in the left file, shuffled.
 * - companies.csv (dedupe): 400 companies and 150 damaged copies of companies 0–119, shuffled.
 * Errors: a typo in the name (substitution, transposition, deletion), the legal form changed
 * (Ltd ↔ Limited), words of the name reordered, the city misspelt or missing, the postcode's
 * last digit wrong, the founding date written without leading zeros or a day off, the head count
 * changed by up to 5%, the phone with two digits swapped or missing.
 */
import { writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const HERE = fileURLToPath(new URL('./', import.meta.url));

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = mulberry32(8);
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)];
const int = (lo: number, hi: number): number => lo + Math.floor(rand() * (hi - lo + 1));

const FIRST = ['Blue', 'Northern', 'Golden', 'Silver', 'Atlas', 'Harbour', 'Summit', 'Pioneer', 'Crescent', 'Granite', 'Maple', 'Orchid', 'Falcon', 'Meridian', 'Cedar', 'Beacon', 'Redwood', 'Aurora', 'Willow', 'Sterling'];
const SECOND = ['River', 'Peak', 'Valley', 'Bridge', 'Stone', 'Field', 'Point', 'Ridge', 'Lake', 'Forest', 'Harvest', 'Anchor', 'Compass', 'Lantern', 'Orbit', 'Spring', 'Tide', 'Vista', 'Crown', 'Arrow'];
const TRADE = ['Trading', 'Logistics', 'Foods', 'Engineering', 'Software', 'Textiles', 'Furniture', 'Pharma', 'Energy', 'Builders', 'Consulting', 'Printing'];
const FORM = ['Ltd', 'Limited', 'plc', 'LLP', 'Group'];
const CITIES = ['Leeds', 'Bristol', 'Manchester', 'Glasgow', 'Cardiff', 'Norwich', 'Exeter', 'Sheffield', 'Nottingham', 'Leicester', 'Brighton', 'Aberdeen', 'Dundee', 'Belfast', 'Swansea', 'Plymouth', 'Oxford', 'Cambridge', 'Liverpool', 'Newcastle'];

interface Company {
  name: string;
  city: string;
  postcode: string;
  founded: string;
  employees: string;
  phone: string;
}

const used = new Set<string>();
function company(): Company {
  let name: string;
  do name = `${pick(FIRST)} ${pick(SECOND)} ${pick(TRADE)} ${pick(FORM)}`;
  while (used.has(name));
  used.add(name);
  const d = int(1, 28);
  const m = int(1, 12);
  return {
    name,
    city: pick(CITIES),
    postcode: String(int(1000, 9999)),
    founded: `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${int(1950, 2022)}`,
    employees: String(int(5, 5000)),
    phone: `0${int(100_000_000, 999_999_999)}`,
  };
}

function typo(s: string): string {
  const k = int(1, s.length - 2);
  switch (int(0, 2)) {
    case 0:
      return s.slice(0, k) + String.fromCharCode(97 + int(0, 25)) + s.slice(k + 1);
    case 1:
      return s.slice(0, k) + s[k + 1] + s[k] + s.slice(k + 2);
    default:
      return s.slice(0, k) + s.slice(k + 1);
  }
}

const DAMAGE: ((c: Company) => void)[] = [
  (c) => (c.name = typo(c.name)),
  (c) => (c.name = c.name.replace(/ (Ltd|Limited|plc|LLP|Group)$/, (_, f: string) => ` ${f === 'Ltd' ? 'Limited' : 'Ltd'}`)),
  (c) => {
    const w = c.name.split(' ');
    c.name = [w[1], w[0], ...w.slice(2)].join(' ');
  },
  (c) => (c.city = rand() < 0.5 ? '' : typo(c.city)),
  (c) => (c.postcode = c.postcode.slice(0, 3) + String((Number(c.postcode[3]) + int(1, 9)) % 10)),
  (c) => {
    const [d, m, y] = c.founded.split('/');
    c.founded = rand() < 0.5 ? `${Number(d)}/${Number(m)}/${y}` : `${String(Number(d) + (Number(d) < 28 ? 1 : -1)).padStart(2, '0')}/${m}/${y}`;
  },
  (c) => (c.employees = String(Math.max(1, Math.round(Number(c.employees) * (1 + (rand() - 0.5) * 0.1))))),
  (c) => {
    const k = int(2, c.phone.length - 2);
    c.phone = rand() < 0.3 ? '' : c.phone.slice(0, k) + c.phone[k + 1] + c.phone[k] + c.phone.slice(k + 2);
  },
];

function damaged(c: Company): Company {
  const copy = { ...c };
  const errors = int(1, 2);
  const chosen = new Set<number>();
  while (chosen.size < errors) chosen.add(int(0, DAMAGE.length - 1));
  for (const k of chosen) DAMAGE[k](copy);
  return copy;
}

function shuffle<T>(xs: T[]): T[] {
  for (let i = xs.length - 1; i > 0; i--) {
    const j = int(0, i);
    [xs[i], xs[j]] = [xs[j], xs[i]];
  }
  return xs;
}

const HEADER = 'company_id,name,city,postcode,founded,employees,phone';
function write(file: string, rows: [string, Company][]): void {
  const lines = rows.map(([id, c]) => [id, c.name, c.city, c.postcode, c.founded, c.employees, c.phone].join(','));
  writeFileSync(`${HERE}${file}`, `${HEADER}\n${lines.join('\n')}\n`);
}

const base = Array.from({ length: 500 }, company);
write('companies-a.csv', base.slice(0, 400).map((c, n) => [`c-${n}-org`, c]));
write(
  'companies-b.csv',
  shuffle([...base.slice(0, 300).map((c, n): [string, Company] => [`c-${n}-dup-0`, damaged(c)]), ...base.slice(400).map((c, n): [string, Company] => [`c-${400 + n}-org`, c])]),
);
const dups: [string, Company][] = [];
for (let n = 0; n < 150; n++) {
  const of = n % 120;
  dups.push([`c-${of}-dup-${Math.floor(n / 120)}`, damaged(base[of])]);
}
write('companies.csv', shuffle([...base.slice(0, 400).map((c, n): [string, Company] => [`c-${n}-org`, c]), ...dups]));
