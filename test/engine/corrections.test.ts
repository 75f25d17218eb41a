import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  CORRECTION_FIELDS,
  CORRECTION_REASONS,
  DOB_REASONS,
  formatCorrections,
  GENDER_REASONS,
  ID_REASONS,
  NAME_REASONS,
  suggestCorrections,
  suggestedValues,
  type Correction,
  type CorrectionField,
  type IdOwner,
} from '../../src/engine/corrections.js';
import { DOB_STYLES, daysInMonth, formatDob } from '../../src/normalize/parse-dob.js';
import { encodeTcvn3 } from '../../src/normalize/tcvn3.js';
import { damagedName, vietnameseName, withoutDiacritics } from '../normalize/arbitraries.js';
import { doseView, PERSON, personView, type RawRow } from './corrections-views.js';

const fieldOf: Record<string, CorrectionField> = Object.fromEntries([
  ...NAME_REASONS.map((r) => [r, 'full_name']),
  ...DOB_REASONS.map((r) => [r, 'dob']),
  ...ID_REASONS.map((r) => [r, 'citizen_id']),
  ...GENDER_REASONS.map((r) => [r, 'gender']),
]);

function corrections(dose: Partial<RawRow>, person: Partial<RawRow> = {}, owner: IdOwner = 'none'): string {
  return formatCorrections(suggestCorrections(doseView(dose), personView(person), owner));
}

describe('suggestCorrections: formatting only → no correction', () => {
  it.each<[string, Partial<RawRow>]>([
    ['the same row', {}],
    ['ALL CAPS name', { name: 'NGUYỄN THỊ HƯƠNG' }],
    ['NFD name', { name: PERSON.name.normalize('NFD') }],
    ['extra spaces', { name: ' Nguyễn  Thị   Hương ' }],
    ['ISO date', { dob: '1990-05-12' }],
    ['compact date', { dob: '12051990' }],
    ['Nu for Nữ', { gender: 'Nu' }],
    ['F for Nữ', { gender: 'F' }],
    ['nữ in lower case, decomposed', { gender: 'nữ'.normalize('NFD') }],
    ['ID with separators', { id: '079 190 123 456' }],
    ['all of them at once', { name: 'NGUYỄN  THỊ HƯƠNG', dob: '12-05-1990', gender: 'female', id: '079.190.123.456' }],
  ])('%s', (_, dose) => {
    expect(corrections(dose, {}, 'this')).toBe('');
  });

  it('hoà against hòa', () => {
    expect(corrections({ name: 'Lê Thị Hoà' }, { name: 'Lê Thị Hòa' }, 'this')).toBe('');
  });
});

describe('suggestCorrections: one row per field, and combinations', () => {
  it.each<[string, Partial<RawRow>, IdOwner, string]>([
    ['name without diacritics', { name: 'Nguyen Thi Huong' }, 'this', 'full_name:diacritics_missing'],
    ['TCVN3 mojibake', { name: encodeTcvn3(PERSON.name) }, 'this', 'full_name:legacy_encoding'],
    ['day and month swapped', { dob: '05/12/1990' }, 'this', 'dob:day_month_swapped'],
    ['one wrong ID digit', { id: '079190123457' }, 'none', 'citizen_id:id_digit'],
    ['gender flipped', { gender: 'Nam' }, 'this', 'gender:gender'],
    ['gender missing', { gender: '' }, 'this', 'gender:gender'],
    ['gender unreadable', { gender: '1' }, 'this', 'gender:gender'],
    [
      'the issue example, with ID and gender damage too',
      { name: 'Nguyen Huong', dob: '05/12/1990', id: '', gender: 'M' },
      'none',
      'full_name:diacritics_missing;full_name:middle_name_missing;dob:day_month_swapped;citizen_id:id_missing;gender:gender',
    ],
    ['a relative’s ID and the year only', { id: '079190654321', dob: '1990' }, 'other', 'dob:year_only;citizen_id:id_of_other_person'],
  ])('%s', (_, dose, owner, expected) => {
    expect(corrections(dose, {}, owner)).toBe(expected);
  });

  it('a register person without a gender is not corrected on gender', () => {
    expect(corrections({ gender: 'Nam' }, { gender: '' }, 'this')).toBe('');
  });
});

describe('formatCorrections', () => {
  it('writes fields in contract order and reasons in vocabulary order, each once', () => {
    const list: Correction[] = [
      { field: 'gender', reason: 'gender' },
      { field: 'citizen_id', reason: 'id_digit' },
      { field: 'full_name', reason: 'middle_name_missing' },
      { field: 'dob', reason: 'year_off_by_one' },
      { field: 'full_name', reason: 'diacritics_missing' },
      { field: 'dob', reason: 'year_only' },
      { field: 'full_name', reason: 'diacritics_missing' },
    ];
    expect(formatCorrections(list)).toBe(
      'full_name:diacritics_missing;full_name:middle_name_missing;dob:year_only;dob:year_off_by_one;citizen_id:id_digit;gender:gender',
    );
  });

  it('writes nothing for no correction', () => {
    expect(formatCorrections([])).toBe('');
  });

  it('does not depend on the order of the list', () => {
    const any = fc.constantFrom(...CORRECTION_REASONS.map((reason) => ({ field: fieldOf[reason], reason }) as Correction));
    fc.assert(
      fc.property(fc.array(any, { maxLength: 8 }), fc.nat(), (list, seed) => {
        const rotated = [...list.slice(seed % (list.length || 1)), ...list.slice(0, seed % (list.length || 1))];
        expect(formatCorrections(rotated)).toBe(formatCorrections(list));
      }),
    );
  });

  it('writes a list already in order (the rules\' output, not sorted again) as the sorted list would be', () => {
    const any = fc.constantFrom(...CORRECTION_REASONS.map((reason) => ({ field: fieldOf[reason], reason }) as Correction));
    fc.assert(
      fc.property(fc.uniqueArray(any, { maxLength: 8, selector: (c) => c.reason }), (list) => {
        const sorted = [...list].sort((a, b) => CORRECTION_REASONS.indexOf(a.reason) - CORRECTION_REASONS.indexOf(b.reason));
        expect(formatCorrections(sorted)).toBe(sorted.map((c) => `${c.field}:${c.reason}`).join(';'));
      }),
    );
  });
});

describe('suggestedValues', () => {
  it.each<[string, Partial<RawRow>, Partial<RawRow>, Record<string, string>]>([
    ['nothing to correct → all empty', {}, {}, { suggested_full_name: '', suggested_dob: '', suggested_citizen_id: '', suggested_gender: '' }],
    [
      'every field wrong → the register values',
      { name: 'Nguyen Huong', dob: '1991', id: '', gender: 'Nam' },
      { name: 'NGUYỄN THỊ HƯƠNG', dob: '1990-05-02', id: '79190123456' },
      { suggested_full_name: 'Nguyễn Thị Hương', suggested_dob: '02/05/1990', suggested_citizen_id: '079190123456', suggested_gender: 'Nữ' },
    ],
    ['a year-only register date → yyyy', { dob: '1991' }, { dob: '1990' }, { suggested_full_name: '', suggested_dob: '1990', suggested_citizen_id: '', suggested_gender: '' }],
    ['only the field corrected is filled', { gender: 'F' }, { gender: 'M' }, { suggested_full_name: '', suggested_dob: '', suggested_citizen_id: '', suggested_gender: 'Nam' }],
  ])('%s', (_, dose, person, expected) => {
    const p = personView(person);
    expect(suggestedValues(p, suggestCorrections(doseView(dose), p, 'none'))).toEqual(expected);
  });
});

const date = fc
  .record({ year: fc.integer({ min: 1900, max: 2021 }), month: fc.integer({ min: 1, max: 12 }), day: fc.integer({ min: 1, max: 31 }), yearOnly: fc.boolean() })
  .map(({ year, month, day, yearOnly }) => ({ year, month, day: Math.min(day, daysInMonth(year, month)), precision: yearOnly ? ('year' as const) : ('day' as const) }));

const cccd = fc
  .tuple(fc.constantFrom('001', '079', '096'), fc.constantFrom('0', '1', '2', '3'), fc.stringMatching(/^[0-9]{8}$/))
  .map(([p, g, rest]) => p + g + rest);

const person = fc.record({
  name: vietnameseName(),
  dob: date.map((d) => formatDob(d)),
  id: cccd,
  gender: fc.constantFrom('Nam', 'Nữ'),
  oldId: fc.oneof(fc.constant(''), fc.stringMatching(/^[0-9]{9}$/)),
});

/** Any dose cell: a damaged or unrelated name, any date text, any ID text, any gender text. */
const dose = fc.record({
  name: fc.oneof(vietnameseName(), vietnameseName().map(withoutDiacritics), vietnameseName().map(encodeTcvn3), fc.string({ maxLength: 12 })),
  dob: fc.oneof(date.map((d) => formatDob(d)), fc.string({ maxLength: 10 })),
  id: fc.oneof(cccd, fc.stringMatching(/^[0-9]{9,13}$/), fc.string({ maxLength: 13 })),
  gender: fc.constantFrom('Nam', 'Nữ', 'Nu', 'M', 'F', '', 'x'),
});

describe('suggestCorrections: invariants', () => {
  it('a person against itself needs no correction, whatever formatting the dose uses', () => {
    fc.assert(
      fc.property(person, damagedName(), fc.constantFrom(...DOB_STYLES), fc.nat(), (p, names, style, seed) => {
        const view = personView({ ...p, name: names.clean });
        const parsed = view.dob;
        if (!parsed.ok) throw new Error('the generated date must parse');
        const genders = p.gender === 'Nam' ? ['Nam', 'nam', 'M', 'male', 'NAM'] : ['Nữ', 'Nu', 'F', 'female', 'NỮ'];
        const d = doseView({
          name: names.damaged,
          dob: parsed.precision === 'year' ? String(parsed.year) : formatDob(parsed, style === 'yyyy' ? 'dd/mm/yyyy' : style),
          id: seed % 2 === 0 ? p.id : `${p.id.slice(0, 3)} ${p.id.slice(3, 6)} ${p.id.slice(6)}`,
          gender: genders[seed % genders.length],
        });
        expect(suggestCorrections(d, view, 'this')).toEqual([]);
      }),
    );
  });

  it('every reason is in the vocabulary, under its own field', () => {
    fc.assert(
      fc.property(dose, person, fc.constantFrom<IdOwner>('this', 'other', 'none'), (d, p, owner) => {
        for (const c of suggestCorrections(doseView(d), personView(p), owner)) {
          expect(CORRECTION_REASONS).toContain(c.reason);
          expect(CORRECTION_FIELDS).toContain(c.field);
          expect(fieldOf[c.reason]).toBe(c.field);
        }
      }),
    );
  });

  it('a suggested value is given for exactly the fields corrected', () => {
    const cell: Record<CorrectionField, keyof ReturnType<typeof suggestedValues>> = {
      full_name: 'suggested_full_name',
      dob: 'suggested_dob',
      citizen_id: 'suggested_citizen_id',
      gender: 'suggested_gender',
    };
    const register = fc.record({
      name: fc.oneof(vietnameseName(), fc.constant('')),
      dob: fc.oneof(date.map((x) => formatDob(x)), fc.constant('')),
      id: fc.oneof(cccd, fc.constant('')),
      gender: fc.constantFrom('Nam', 'Nữ', ''),
      oldId: fc.constant(''),
    });
    fc.assert(
      fc.property(dose, register, fc.constantFrom<IdOwner>('this', 'other', 'none'), (d, r, owner) => {
        const pv = personView(r);
        const list = suggestCorrections(doseView(d), pv, owner);
        const values = suggestedValues(pv, list);
        const named = new Set(list.map((c) => c.field));
        for (const field of CORRECTION_FIELDS) {
          if (named.has(field)) expect(values[cell[field]]).not.toBe('');
          else expect(values[cell[field]]).toBe('');
        }
      }),
    );
  });
});
