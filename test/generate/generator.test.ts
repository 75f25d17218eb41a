import { describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { generateCsvChunks } from '../../src/generate/dataset-csv.js';
import { DatasetGenerator } from '../../src/generate/generator.js';
import type { Person } from '../../src/generate/households.js';
import { resolveDamageRates } from '../../src/generate/damage-rates.js';
import { loadProfile } from '../../src/generate/profile.js';
import { DAMAGE_TAGS, EXCLUSIVE_GROUPS, REPAIRABLE_TAGS, type DamageTag } from '../../src/generate/tags.js';
import { normalizeName } from '../../src/normalize/normalize-name.js';
import { parseDob } from '../../src/normalize/parse-dob.js';
import { parseGender } from '../../src/normalize/parse-gender.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { isProvinceCode, PROVINCES } from '../../src/normalize/provinces.js';
import { dataset, NAMES } from './fixture.js';

const PEOPLE = 20_000;
const DOSES = 20_000;

/** |observed − n·p| ≤ 4 binomial standard deviations (+1 for rounding). */
function withinFourSigma(observed: number, n: number, p: number): boolean {
  return Math.abs(observed - n * p) <= 4 * Math.sqrt(n * p * (1 - p)) + 1;
}

function csvText(opts: Parameters<typeof generateCsvChunks>[0]): Record<string, string> {
  const out: Record<string, string> = { registry: '', doses: '', truth: '' };
  for (const c of generateCsvChunks(opts)) out[c.file] += c.text;
  return out;
}

const nameTagOf = (t: string) => t.startsWith('name_') || t.startsWith('middle_name') || t === 'surname_variant';

const keys = new Map<string, string>();
/** normalizeName(s).key, memoised: register names are compared once per dose. */
function key(s: string): string {
  let k = keys.get(s);
  if (k === undefined) keys.set(s, (k = normalizeName(s).key));
  return k;
}

describe('generate: determinism', () => {
  const base = { people: 3000, doses: 3000, seed: 5, profile: loadProfile('mixed'), names: NAMES, window: 512 };

  it('writes the same bytes for the same seed, different bytes for another seed', () => {
    const a = csvText(base);
    expect(csvText(base)).toEqual(a);
    const b = csvText({ ...base, seed: 6 });
    for (const f of ['registry', 'doses', 'truth']) expect(b[f]).not.toBe(a[f]);
  });

  it('keeps the register and the dose order when only the error rate changes', () => {
    const a = csvText(base);
    const b = csvText({ ...base, errorRate: 0.6 });
    expect(b.registry).toBe(a.registry);
    const persons = (t: string) => (parse(t, { columns: true }) as { person_id: string }[]).map((r) => r.person_id);
    expect(persons(b.truth)).toEqual(persons(a.truth));
    expect(b.doses).not.toBe(a.doses);
  });

  it('writes RFC 4180 CSV that parses back to the rows generated', () => {
    const text = csvText(base);
    const ds = dataset({ people: 3000, doses: 3000, seed: 5, window: 512 });
    expect(parse(text.registry, { columns: true })).toEqual(ds.registerRows);
    expect(parse(text.doses, { columns: true })).toEqual(ds.doses.map((d) => d.row));
    expect(parse(text.truth, { columns: true })).toEqual(ds.doses.map((d) => d.truth));
  });
});

describe('generate: the register', () => {
  const ds = dataset();
  const rows = ds.registerRows;

  it('has N people with unique IDs that decode to their gender and birth year', () => {
    expect(rows).toHaveLength(PEOPLE);
    expect(ds.register.size).toBe(PEOPLE);
    let movedAway = 0;
    for (const r of rows) {
      const id = parseId(r.person_id);
      expect(id).toMatchObject({ kind: 'cccd', issues: [], gender: parseGender(r.gender), birthYear: Number(r.dob.slice(-4)) });
      expect(isProvinceCode(r.province)).toBe(true);
      if (id.province !== r.province) movedAway++;
    }
    // About a fifth live outside their birth-registration province (some of them were born where they live now).
    expect(movedAway / PEOPLE).toBeGreaterThan(0.12);
    expect(movedAway / PEOPLE).toBeLessThan(0.25);
  });

  it('gives every person, absent ones too, a unique ID that decodes to their birth-registration province, gender and birth year', () => {
    const gen = new DatasetGenerator({ people: 5000, doses: 5000, seed: 3, profile: loadProfile('mixed'), names: NAMES, absentRate: 0.2 });
    // Household members absent from the register are reached through the registered ones.
    const households = new Set<Person['household']>();
    while (gen.step({ register: (p) => households.add(p.household), dose: () => undefined }));
    const seen = new Set<string>();
    let absent = 0;
    for (const h of households) {
      for (const p of h.members) {
        expect(parseId(p.id)).toMatchObject({ kind: 'cccd', issues: [], province: PROVINCES[p.birthProvince].code, gender: p.female ? 'F' : 'M', birthYear: p.year });
        seen.add(p.id);
        if (!p.present) absent++;
      }
    }
    expect(seen.size).toBe([...households].reduce((n, h) => n + h.members.length, 0));
    expect(absent).toBeGreaterThan(100);
  });

  it('has old 9-digit IDs only for people born before 2000, for about 60% of them', () => {
    const before2000 = rows.filter((r) => Number(r.dob.slice(-4)) < 2000);
    const withOld = before2000.filter((r) => r.old_id !== '');
    expect(withOld.length / before2000.length).toBeGreaterThan(0.55);
    expect(withOld.length / before2000.length).toBeLessThan(0.65);
    for (const r of rows) if (r.old_id !== '') expect(r.old_id).toMatch(/^\d{9}$/);
    expect(rows.filter((r) => r.old_id !== '' && Number(r.dob.slice(-4)) >= 2000)).toHaveLength(0);
  });

  it('has dates of birth from 1931 to 2010, a year alone only for some born before 1960', () => {
    for (const r of rows) {
      const d = parseDob(r.dob);
      expect(d.ok && d.year >= 1931 && d.year <= 2010).toBe(true);
      if (d.ok && d.precision === 'year') expect(d.year).toBeLessThan(1960);
    }
    expect(rows.some((r) => r.dob.length === 4)).toBe(true);
  });

  it('has names the normalizer reads, with realistic family and middle names', () => {
    const family = new Map<string, number>();
    let thi = 0;
    let women = 0;
    let van = 0;
    let men = 0;
    let noMiddle = 0;
    let longNames = 0;
    for (const r of rows) {
      const n = normalizeName(r.full_name);
      expect(n.key).not.toBe('');
      expect(n.display).toBe(r.full_name);
      const tokens = r.full_name.split(' ');
      family.set(tokens[0], (family.get(tokens[0]) ?? 0) + 1);
      if (r.gender === 'Nữ') {
        women++;
        if (tokens[1] === 'Thị') thi++;
      } else {
        men++;
        if (tokens[1] === 'Văn') van++;
      }
      if (tokens.length === 2) noMiddle++;
      if (tokens.length >= 4) longNames++;
    }
    const share = (name: string) => (family.get(name) ?? 0) / PEOPLE;
    expect(share('Nguyễn')).toBeGreaterThan(0.34);
    expect(share('Nguyễn')).toBeLessThan(0.42);
    expect(share('Trần')).toBeGreaterThan(0.09);
    expect(share('Hoàng') + share('Huỳnh')).toBeGreaterThan(0.04);
    expect(family.size).toBeGreaterThan(60);
    expect(thi / women).toBeGreaterThan(0.5);
    expect(van / men).toBeGreaterThan(0.3);
    expect(noMiddle / PEOPLE).toBeGreaterThan(0.02);
    expect(longNames / PEOPLE).toBeGreaterThan(0.05);
  });
});

describe('generate: doses and truth (mixed)', () => {
  const ds = dataset();
  const profile = loadProfile('mixed');
  const rates = resolveDamageRates(profile);

  it('has M doses with unique IDs, each pointing at its register person unless absent', () => {
    expect(ds.doses).toHaveLength(DOSES);
    expect(new Set(ds.doses.map((d) => d.row.dose_id)).size).toBe(DOSES);
    const perPerson = new Map<string, number>();
    let absent = 0;
    for (const d of ds.doses) {
      expect(d.truth.dose_id).toBe(d.row.dose_id);
      if (d.tags.includes('absent')) {
        absent++;
        expect(d.truth.person_id).toBe('');
      } else {
        expect(ds.register.has(d.truth.person_id)).toBe(true);
        perPerson.set(d.truth.person_id, (perPerson.get(d.truth.person_id) ?? 0) + 1);
      }
    }
    expect(absent).toBe(Math.round(DOSES * profile.absentRate));
    expect(Math.max(...perPerson.values())).toBeLessThanOrEqual(3);
  });

  it('is not in register order', () => {
    const index = new Map(ds.registerRows.map((r, i) => [r.person_id, i]));
    const order = ds.doses.filter((d) => d.truth.person_id !== '').map((d) => index.get(d.truth.person_id)!);
    const jumps = order.slice(1).map((x, i) => Math.abs(x - order[i])).sort((a, b) => a - b);
    expect(jumps[jumps.length >> 1]).toBeGreaterThan(1000);
  });

  it('applies every damage tag at its configured rate (4 sigma) and damages the target share of doses', () => {
    const counts = new Map<string, number>();
    let damaged = 0;
    for (const d of ds.doses) {
      let any = false;
      for (const t of d.tags) {
        counts.set(t, (counts.get(t) ?? 0) + 1);
        if ((DAMAGE_TAGS as readonly string[]).includes(t)) any = true;
      }
      if (any) damaged++;
    }
    DAMAGE_TAGS.forEach((t, i) => {
      expect({ tag: t, ok: withinFourSigma(counts.get(t) ?? 0, DOSES, rates.expected[i]) }).toEqual({ tag: t, ok: true });
    });
    expect(withinFourSigma(damaged, DOSES, rates.damagedShare)).toBe(true);
    expect(counts.get('namesake') ?? 0).toBeGreaterThan(0);
    expect(counts.get('twin') ?? 0).toBeGreaterThan(0);
  });

  it('changes nothing but formatting in a field with no damage tag', () => {
    for (const d of ds.doses) {
      const p = ds.register.get(d.truth.person_id);
      if (p === undefined) continue;
      if (!d.tags.some(nameTagOf)) expect(key(d.row.full_name)).toBe(key(p.full_name));
      if (!d.tags.some((t) => t.startsWith('dob_'))) {
        const a = parseDob(d.row.dob);
        const b = parseDob(p.dob);
        expect(a.ok && b.ok && a.year === b.year).toBe(true);
        if (a.ok && b.ok && a.precision === 'day' && b.precision === 'day') expect([a.month, a.day]).toEqual([b.month, b.day]);
      }
      if (!d.tags.some((t) => t.startsWith('id_'))) expect(parseId(d.row.citizen_id).digits).toBe(p.person_id);
      if (!d.tags.includes('gender_flipped')) expect(parseGender(d.row.gender)).toBe(parseGender(p.gender));
    }
  });

  it('makes every damage tag visible in its field, except what the normalizers repair', () => {
    for (const d of ds.doses) {
      const p = ds.register.get(d.truth.person_id);
      if (p === undefined) continue;
      const nameTags = d.tags.filter(nameTagOf);
      if (nameTags.length > 0 && nameTags.every((t) => !REPAIRABLE_TAGS.has(t as DamageTag))) {
        expect(key(d.row.full_name)).not.toBe(key(p.full_name));
      }
      if (d.tags.some((t) => t.startsWith('dob_'))) {
        const a = parseDob(d.row.dob);
        const b = parseDob(p.dob);
        expect(a.ok && b.ok && a.year === b.year && a.month === b.month && a.day === b.day).toBe(false);
      }
      if (d.tags.includes('id_leading_zero')) expect(parseId(d.row.citizen_id).digits).toBe(p.person_id);
      else if (d.tags.some((t) => t.startsWith('id_'))) expect(parseId(d.row.citizen_id).digits).not.toBe(p.person_id);
      if (d.tags.includes('gender_flipped')) expect(parseGender(d.row.gender)).not.toBe(parseGender(p.gender));
    }
  });

  it('never gives a dose two tags of one exclusive group', () => {
    for (const d of ds.doses) for (const group of EXCLUSIVE_GROUPS) expect(d.tags.filter((t) => (group as readonly string[]).includes(t)).length).toBeLessThanOrEqual(1);
  });

  it('writes a relative from the register for id_relative, the old ID for id_old_id', () => {
    let sameFamily = 0;
    let relatives = 0;
    for (const d of ds.doses) {
      const p = ds.register.get(d.truth.person_id);
      if (p === undefined) continue;
      if (d.tags.includes('id_relative')) {
        const r = ds.register.get(parseId(d.row.citizen_id).digits);
        expect(r).toBeDefined();
        relatives++;
        if (r!.full_name.split(' ')[0] === p.full_name.split(' ')[0]) sameFamily++;
      }
      if (d.tags.includes('id_old_id')) expect(parseId(d.row.citizen_id).digits).toBe(p.old_id);
    }
    expect(sameFamily / relatives).toBeGreaterThan(0.6);
  });

  it('plants namesakes and twins that really are in the register', () => {
    const byNameYear = new Map<string, string[]>();
    for (const r of ds.registerRows) {
      const k = r.full_name + '|' + r.dob.slice(-4);
      byNameYear.set(k, [...(byNameYear.get(k) ?? []), r.person_id]);
    }
    for (const d of ds.doses) {
      const p = ds.register.get(d.truth.person_id);
      if (d.tags.includes('namesake') && p !== undefined) {
        expect((byNameYear.get(p.full_name + '|' + p.dob.slice(-4)) ?? []).filter((id) => id !== p.person_id).length).toBeGreaterThan(0);
      }
      if (d.tags.includes('twin') && p !== undefined) {
        const twins = ds.registerRows.filter(
          (r) => r.person_id !== p.person_id && r.dob === p.dob && r.full_name.split(' ')[0] === p.full_name.split(' ')[0] && r.person_id.slice(0, 6) === p.person_id.slice(0, 6),
        );
        expect(twins.some((r) => Math.abs(Number(r.person_id.slice(6)) - Number(p.person_id.slice(6))) === 1)).toBe(true);
      }
    }
  });
});

describe('generate: legacy encodings repair to the register name', () => {
  const profile = loadProfile('mixed');
  for (const t of ['name_tcvn3', 'name_vni', 'name_utf8_as_cp1252', 'name_telex', 'name_viqr'] as const) profile.rates[t] = 0.03;
  const ds = dataset({ profile, seed: 12 });

  it.each(['name_tcvn3', 'name_vni', 'name_utf8_as_cp1252', 'name_telex', 'name_viqr', 'name_tone_style'])(
    '%s alone: normalizeName gives the register key for at least 90% of doses',
    (tag) => {
      let n = 0;
      let repaired = 0;
      for (const d of ds.doses) {
        const p = ds.register.get(d.truth.person_id);
        const nameTags = d.tags.filter(nameTagOf);
        if (p === undefined || nameTags.length !== 1 || nameTags[0] !== tag) continue;
        n++;
        if (key(d.row.full_name) === key(p.full_name)) repaired++;
      }
      expect(n).toBeGreaterThan(100);
      expect(repaired / n).toBeGreaterThanOrEqual(0.9);
    },
  );
});

describe('generate: mismatched', () => {
  const ds = dataset({ profile: 'mismatched', seed: 13 });
  const rates = resolveDamageRates(loadProfile('mismatched'));

  it('damages every dose, each tag at its expected rate (4 sigma)', () => {
    const counts = new Map<string, number>();
    for (const d of ds.doses) {
      expect(d.tags.some((t) => (DAMAGE_TAGS as readonly string[]).includes(t))).toBe(true);
      for (const t of d.tags) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    DAMAGE_TAGS.forEach((t, i) => {
      expect({ tag: t, ok: withinFourSigma(counts.get(t) ?? 0, DOSES, rates.expected[i]) }).toEqual({ tag: t, ok: true });
    });
  });

  it('writes doses.csv with a byte-order mark and CRLF, the other files plain', () => {
    const text = csvText({ people: 200, doses: 200, seed: 1, profile: loadProfile('mismatched'), names: NAMES });
    expect(text.doses.startsWith('\ufeffdose_id,citizen_id,full_name,dob,gender,province\r\n')).toBe(true);
    expect(text.doses.replaceAll('\r\n', '').includes('\n')).toBe(false);
    expect(text.registry.includes('\r')).toBe(false);
    expect(text.truth.startsWith('dose_id,person_id,tags\n')).toBe(true);
  });
});

describe('generate: arguments', () => {
  it.each([
    [{ people: -1 }, 'BAD_ARGUMENT'],
    [{ people: 1.5 }, 'BAD_ARGUMENT'],
    [{ people: 10, doses: 31 }, 'BAD_ARGUMENT'],
    [{ absentRate: 2 }, 'BAD_ARGUMENT'],
    [{ errorRate: -0.5 }, 'BAD_ARGUMENT'],
  ])('%j fails with %s', (o, code) => {
    const opts = { people: 10, doses: 10, seed: 1, profile: loadProfile('mixed'), names: NAMES, ...o };
    expect(() => csvText(opts)).toThrow(expect.objectContaining({ code }));
  });

  it('puts every dose on absent people when the absent rate is 1, and accepts an empty register then', () => {
    const text = csvText({ people: 0, doses: 50, seed: 1, profile: loadProfile('mixed'), names: NAMES, absentRate: 1 });
    const truth = parse(text.truth, { columns: true }) as { person_id: string; tags: string }[];
    expect(truth).toHaveLength(50);
    expect(truth.every((t) => t.person_id === '' && t.tags.includes('absent'))).toBe(true);
    expect(text.registry).toBe('person_id,full_name,dob,gender,province,old_id\n');
  });
});
