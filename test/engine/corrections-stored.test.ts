/**
 * Corrections read from the record stores (corrections-stored.ts) against the reference: both
 * records' raw cells normalized again and the rules of corrections.ts applied to the views
 * (`suggestCorrections` + `suggestedValues`). Every pair of a small register and dose file built
 * to reach each shortcut (equal keys with and without legacy damage, equal IDs with and without
 * restored zeros, dates equal or not, missing values on either side), the bundled sample's true
 * pairs and random pairs; and `rawHasLegacyRepair` against the normalizer's own repairs.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCorrections, suggestCorrections, suggestedValues, type DoseView, type PersonView } from '../../src/engine/corrections.js';
import { StoredCorrections, type PairCorrections } from '../../src/engine/corrections-stored.js';
import { fieldRoles } from '../../src/engine/field-roles.js';
import type { RecordStore } from '../../src/engine/record-store.js';
import { hasLegacyRepair, normalizeName, rawHasLegacyRepair } from '../../src/normalize/normalize-name.js';
import { parseDob } from '../../src/normalize/parse-dob.js';
import { parseGender } from '../../src/normalize/parse-gender.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { encodeVni } from '../../src/normalize/vni.js';
import { generateRows } from '../../src/generate/generator.js';
import { loadProfile } from '../../src/generate/profile.js';
import { buildStores, type Row } from '../model/store-fixture.js';
import { loadSampleStores, sampleSettings as settings } from './sample-stores.js';
import { TRICKY_NAMES } from './tricky-names.js';

const roles = fieldRoles(settings);

/** The reference: the raw cells of both rows through the normalizers, then corrections.ts. */
function byViews(left: RecordStore, right: RecordStore, d: number, p: number, owned: boolean): PairCorrections {
  const dose: DoseView = {
    name: normalizeName(right.rawValue(d, 'full_name')),
    dob: parseDob(right.rawValue(d, 'dob')),
    id: parseId(right.rawValue(d, 'citizen_id')),
    gender: parseGender(right.rawValue(d, 'gender')),
  };
  const person: PersonView = {
    personId: left.recordId(p),
    name: normalizeName(left.rawValue(p, 'full_name')),
    dob: parseDob(left.rawValue(p, 'dob')),
    id: parseId(left.rawValue(p, 'person_id')),
    oldId: parseId(left.rawValue(p, 'old_id')),
    gender: parseGender(left.rawValue(p, 'gender')),
  };
  const owner = dose.id.digits !== '' && dose.id.digits === person.id.digits ? 'this' : owned ? 'other' : 'none';
  const corrections = suggestCorrections(dose, person, owner);
  return { corrections, suggested: suggestedValues(person, corrections) };
}

function expectSame(stored: StoredCorrections, left: RecordStore, right: RecordStore, d: number, p: number, owned: boolean): PairCorrections {
  const got = stored.of(d, p, owned);
  const want = byViews(left, right, d, p, owned);
  expect(got.corrections, `dose ${d}, person ${p}, owned ${owned}`).toEqual(want.corrections);
  // Without a correction the row's suggested cells are never written, whatever they hold.
  if (want.corrections.length > 0) expect(got.suggested, `dose ${d}, person ${p}`).toEqual(want.suggested);
  return got;
}

const NAME = 'Nguyễn Thị Hương';
const PERSONS: Record<string, string>[] = [
  { person_id: '079190123456', full_name: NAME, dob: '12/05/1990', gender: 'Nữ', old_id: '023456789' },
  { person_id: '001090123456', full_name: 'Trần Văn Đức', dob: '1990', gender: 'Nam', old_id: '' },
  { person_id: '079190123457', full_name: '', dob: '', gender: '', old_id: '' },
  { person_id: '12345', full_name: 'Hoàng Minh Quý', dob: '30/02/1985', gender: 'x', old_id: '' },
  { person_id: '079 190 123 458', full_name: 'nguyễn thị hương', dob: '01/01/1990', gender: 'F', old_id: '079190123456' },
];
const DOSES: Record<string, string>[] = [
  { citizen_id: '079190123456', full_name: NAME, dob: '12/05/1990', gender: 'Nữ' },
  { citizen_id: '79190123456', full_name: encodeTcvn3(NAME), dob: '1990-05-12', gender: 'F' },
  { citizen_id: '079.190.123.456', full_name: encodeVni(NAME), dob: '05/12/1990', gender: 'M' },
  { citizen_id: '1090123456', full_name: 'Nguyeenx Thij Huwowng', dob: '1990', gender: '' },
  { citizen_id: '', full_name: '', dob: '', gender: '' },
  { citizen_id: '023456789', full_name: 'Nguyen Thi Huong', dob: '12/05/1991', gender: 'Nam' },
  { citizen_id: '079190123465', full_name: 'Hương Nguyễn Thị', dob: '01/01/1990', gender: 'Nữ' },
  { citizen_id: 'không có', full_name: 'TRẦN VĂN ĐỨC', dob: '13/05/1990', gender: 'Nam' },
  { citizen_id: '001090123456', full_name: 'Trần Văn Đức', dob: '1991', gender: 'Nam' },
  { citizen_id: '079 190 123 458', full_name: 'NguyÔn ThÞ H\u00ad¬ng', dob: '30/02/1985', gender: 'Nữ' },
];

/** The two stores, doses numbered D0, D1, … */
function storesOf(persons: readonly Row[], doses: readonly Row[]): { left: RecordStore; right: RecordStore } {
  return buildStores(settings, persons, doses.map((row, k) => ({ dose_id: `D${k}`, ...row })));
}

describe('StoredCorrections: the same corrections as normalizing both records again', () => {
  const { left, right } = storesOf(PERSONS, DOSES);
  const stored = new StoredCorrections(left, right, roles);

  it('for every dose against every person, the ID owned or not', () => {
    for (let d = 0; d < right.size; d++) {
      for (let p = 0; p < left.size; p++) for (const owned of [false, true]) expectSame(stored, left, right, d, p, owned);
    }
  });

  // Each shortcut of the file header is taken by one of these; the expected lists are the rules'.
  it.each<[string, number, number, string]>([
    ['the same row', 0, 0, ''],
    ['equal keys, TCVN3 damage, lost zero, ISO date', 1, 0, 'full_name:legacy_encoding;citizen_id:id_leading_zero'],
    ['equal keys, VNI damage, separators, swapped date, other gender', 2, 0, 'full_name:legacy_encoding;dob:day_month_swapped;gender:gender'],
    ['Telex residue of another name, two lost zeros, the same year', 3, 1, 'full_name:legacy_encoding;full_name:middle_name_missing;full_name:middle_name_extra;citizen_id:id_leading_zero;gender:gender'],
    ['everything empty on the dose', 4, 0, 'full_name:name_missing;dob:dob_missing;citizen_id:id_missing;gender:gender'],
    ['no marks, a year off, the old ID', 5, 0, 'full_name:diacritics_missing;dob:year_off_by_one;citizen_id:old_id_used;gender:gender'],
    ['the person has no name, date or gender', 0, 2, 'citizen_id:id_digit'],
    ['the person has no personal ID nor a readable gender', 0, 3, 'full_name:typo;full_name:middle_name_missing;full_name:middle_name_extra;dob:dob_digit'],
    ['equal keys with TCVN3 damage, an impossible date against another', 9, 4, 'full_name:legacy_encoding;dob:dob_digit'],
  ])('%s', (_, d, p, expected) => {
    const got = expectSame(stored, left, right, d, p, false);
    expect(formatCorrections(got.corrections).split(';').sort().join(';')).toBe(expected.split(';').sort().join(';'));
  });
});

describe('StoredCorrections on the bundled sample', async () => {
  const { left, right } = await loadSampleStores();
  const stored = new StoredCorrections(left, right, roles);
  const personRow = new Map<string, number>();
  for (let p = 0; p < left.size; p++) personRow.set(left.recordId(p), p);
  const { readFileSync } = await import('node:fs');
  const { SAMPLE } = await import('./sample-stores.js');
  const truth = new Map(
    readFileSync(`${SAMPLE}truth.csv`, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(',') as [string, string]),
  );

  it('gives the reference corrections for every dose against its true person', () => {
    let corrected = 0;
    for (let d = 0; d < right.size; d++) {
      const p = personRow.get(truth.get(right.recordId(d)) ?? '');
      if (p === undefined) continue;
      if (expectSame(stored, left, right, d, p, d % 3 === 0).corrections.length > 0) corrected++;
    }
    // The comparison proves something only when many pairs have corrections.
    expect(corrected).toBeGreaterThan(right.size / 4);
  });

  it('gives the reference corrections for random pairs', () => {
    fc.assert(
      fc.property(fc.nat(right.size - 1), fc.nat(left.size - 1), fc.boolean(), (d, p, owned) => {
        expectSame(stored, left, right, d, p, owned);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('StoredCorrections: full_name from the stored codes = both names normalized again', () => {
  it('for every pair of tricky names (damage, spelling, order, empty, single and many tokens)', () => {
    const person = PERSONS[0];
    const dose = DOSES[0];
    const { left, right } = storesOf(
      TRICKY_NAMES.map((full_name) => ({ ...person, full_name })),
      TRICKY_NAMES.map((full_name) => ({ ...dose, full_name })),
    );
    const stored = new StoredCorrections(left, right, roles);
    let named = 0;
    for (let d = 0; d < right.size; d++) {
      for (let p = 0; p < left.size; p++) if (expectSame(stored, left, right, d, p, false).corrections.some((c) => c.field === 'full_name')) named++;
    }
    expect(named).toBeGreaterThan(right.size * left.size * 0.8);
  });

  it("for the generator's doses against their true person and a random one", () => {
    const persons: Row[] = [];
    const doses: Row[] = [];
    const truth: string[] = [];
    for (const g of generateRows({ people: 2000, doses: 2000, seed: 9, profile: loadProfile('mixed') })) {
      if (g.kind === 'register') persons.push({ ...g.row });
      else {
        doses.push({ ...g.row });
        truth.push(g.truth.person_id);
      }
    }
    const { left, right } = buildStores(settings, persons, doses);
    const rowOf = new Map(persons.map((r, k) => [r.person_id, k]));
    const stored = new StoredCorrections(left, right, roles);
    let named = 0;
    for (let d = 0; d < right.size; d++) {
      const p = rowOf.get(truth[d]);
      if (p !== undefined && expectSame(stored, left, right, d, p, false).corrections.some((c) => c.field === 'full_name')) named++;
      expectSame(stored, left, right, d, (d * 7919) % left.size, d % 2 === 0);
    }
    expect(named).toBeGreaterThan(50);
  });
});

describe('rawHasLegacyRepair: the legacy repairs of normalizeName without the forms', () => {
  it.each<[string, boolean]>([
    [NAME, false],
    ['NGUYỄN  THỊ HƯƠNG', false],
    [NAME.normalize('NFD'), false],
    [encodeTcvn3(NAME), true],
    [encodeVni(NAME), true],
    ['Nguyá»…n Thá»‹ HÆ°Æ¡ng', true],
    ['Nguyeenx Thij Huwowng', true],
    ['Nguye^~n Thi. Hu+o+ng', true],
    ['', false],
  ])('%j → %s', (raw, expected) => {
    expect(rawHasLegacyRepair(raw)).toBe(expected);
    expect(hasLegacyRepair(normalizeName(raw))).toBe(expected);
  });

  it('agrees with normalizeName on any text made of name characters and legacy bytes', () => {
    const chars = fc.constantFrom(...'aăâeêioôơuưyđdnghtxwrfsjz ^~.?+(\'ÔÞ­¬§¨øÇÑöùãòõ»…á»‹ÆHNTVĐ');
    fc.assert(
      fc.property(fc.array(chars, { maxLength: 24 }), (cs) => {
        const raw = cs.join('');
        expect(rawHasLegacyRepair(raw)).toBe(hasLegacyRepair(normalizeName(raw)));
      }),
      { numRuns: 3000 },
    );
  });
});
