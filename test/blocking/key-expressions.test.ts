import { describe, expect, it } from 'vitest';
import { digitSlots, keyColumn } from '../../src/blocking/key-expressions.js';
import { ID_SLOT } from '../../src/engine/column-id.js';
import type { RecordStore } from '../../src/engine/record-store.js';
import { buildStores, presetSettings, type Row } from '../model/store-fixture.js';
import { errorOf } from '../khop-error.js';

const settings = presetSettings();

/** Builds a one-row register and a one-row dose side and returns the key of each. */
function keysOf(expression: string, left: Row, right: Row): [number, number] {
  const { left: l, right: r } = buildStores(settings, [left], [right]);
  return [keyColumn(l, expression).keys[0], keyColumn(r, expression).keys[0]];
}

function sameKey(expression: string, left: Row, right: Row): boolean {
  const [a, b] = keysOf(expression, left, right);
  return a >= 0 && a === b;
}

function missing(store: RecordStore, expression: string): boolean {
  return !(keyColumn(store, expression).keys[0] >= 0);
}

describe('name keys through the real normalizer and store', () => {
  it.each([
    ['full_name.family_variant_folded', 'Huỳnh Văn Phúc', 'Hoàng Văn Phúc', true],
    ['full_name.family_variant_folded', 'Nguyễn Văn Hùng', 'NGUYEN VAN HUNG', true],
    ['full_name.family_variant_folded', 'Nguyễn Văn Hùng', 'Trần Văn Hùng', false],
    ['full_name.family_folded', 'Huỳnh Văn Phúc', 'Hoàng Văn Phúc', false],
    ['full_name.family_folded', 'Nguyễn Văn Hùng', 'Nguyen Van Hung', true],
    ['full_name.given_variant_folded', 'Trần Thị Phước', 'Tran Thi Phuc', true],
    ['full_name.given_folded', 'Trần Thị Phước', 'Tran Thi Phuc', false],
    ['full_name.given_variant_folded', 'Trần Thị Lan', 'Trần Thị Lam', false],
    ['full_name.middle_variant_folded', 'Lê Thị Ngọc Anh', 'Le Thi Ngoc Anh', true],
    ['full_name.middle_variant_folded', 'Lê Thị Ngọc Anh', 'Lê Ngọc Thị Anh', false], // order kept
    ['full_name.middle_folded', 'Nguyn Văn Hùng', 'Nguyễn Văn Hùng', true], // damaged family, same middle
    ['full_name.token_set', 'Hùng Nguyễn Văn', 'Nguyễn Văn Hùng', true],
    ['full_name.token_set', 'Nguyễn Văn Hải', 'Nguyễn Văn Hùng', false],
    ['full_name.token_set', 'Nguyễn Thị Thị Lan', 'Nguyễn Thị Lan', false], // a repeated token counts
    ['full_name.initials_folded', 'Nguyễn Văn Hùng', 'nguyen van hung', true],
    ['full_name.initials_folded', 'Nguyễn Văn Hùng', 'Văn Nguyễn Hùng', false],
    ['full_name.variant_folded', 'Huỳnh Thị Phước', 'Hoang Thi Phuc', true],
    ['full_name.folded', 'Huỳnh Thị Hường', 'Huynh Thi Huong', true],
    ['full_name.key', 'Huỳnh Thị Hường', 'Huynh Thi Huong', false],
  ])('%s: %s vs %s → same key %s', (expression, a, b, expected) => {
    expect(sameKey(expression, { full_name: a }, { full_name: b })).toBe(expected);
  });

  it.each([
    ['full_name.given_variant_folded', 'Hùng'],
    ['full_name.middle_variant_folded', 'Nguyễn Hùng'],
    ['full_name.middle_folded', 'Nguyễn Hùng'],
    ['full_name.given_folded', 'Hùng'],
    ['full_name.token_set', ''],
    ['full_name.folded', ''],
    ['full_name.initials_folded', ''],
  ])('%s is missing for %j', (expression, name) => {
    const { left } = buildStores(settings, [{ full_name: name }], []);
    expect(missing(left, expression)).toBe(true);
  });
});

describe('date, ID, string and gender keys', () => {
  it.each([
    ['dob.year', '12/03/1990', '1990', true],
    ['dob.year', '12/03/1990', '12/03/1991', false],
    ['dob.month_day', '12/03/1990', '12/03/1985', true],
    ['dob.month_day', '12/03/1990', '03/12/1990', false],
    ['dob.day_month_unordered', '12/03/1990', '03/12/1990', true],
    ['dob.day_month_unordered', '12/03/1990', '13/03/1990', false],
    ['dob.full', '12/03/1990', '1990-03-12', true],
    ['dob.full', '12/03/1990', '12/03/1991', false],
  ])('%s: %s vs %s → same key %s', (expression, a, b, expected) => {
    expect(sameKey(expression, { dob: a }, { dob: b })).toBe(expected);
  });

  it('a year-only date has a year key and no month/day keys', () => {
    const { left } = buildStores(settings, [{ dob: '1990' }], []);
    expect(keyColumn(left, 'dob.year').keys[0]).toBe(1990);
    for (const e of ['dob.month_day', 'dob.day_month_unordered', 'dob.full']) expect(missing(left, e)).toBe(true);
  });

  it.each([
    ['the same ID written with spaces', '079090001234', '079 090 001 234', true],
    ['an ID that lost its leading zero (restored by parse-id)', '079090001234', '79090001234', true],
    ['a 9-digit old ID', '123456789', '123456789', true],
    ['a leading zero is a digit: 012345678 ≠ 12345678 (length counts)', '012345678', '12345678', false],
    ['one digit different', '079090001234', '079090001235', false],
  ])('citizen_id.digits: %s (%s vs %s → same key %s)', (_name, a, b, expected) => {
    expect(sameKey('citizen_id.digits', { person_id: a }, { citizen_id: b })).toBe(expected);
  });

  it('the register’s old_id and the dose’s citizen_id share the ID-digits key space', () => {
    const { left, right } = buildStores(settings, [{ old_id: '123456789' }], [{ citizen_id: '123456789' }]);
    expect(keyColumn(left, 'old_id.digits').keys[0]).toBe(keyColumn(right, 'citizen_id.digits').keys[0]);
  });

  it.each([
    ['an empty ID', ''],
    ['an ID with a letter', '07909000123A'],
  ])('citizen_id.digits is missing for %s', (_name, id) => {
    const { right } = buildStores(settings, [], [{ citizen_id: id }]);
    expect(missing(right, 'citizen_id.digits')).toBe(true);
  });

  it('province.value and gender.value', () => {
    expect(sameKey('province.value', { province: '079' }, { province: ' 079 ' })).toBe(true);
    expect(sameKey('gender.value', { gender: 'Nữ' }, { gender: 'F' })).toBe(true);
    expect(sameKey('gender.value', { gender: 'Nam' }, { gender: 'F' })).toBe(false);
  });

  it('digitSlots of an ID field are the store’s own slots', () => {
    const { right } = buildStores(settings, [], [{ citizen_id: '079090001234' }, { citizen_id: '123456789' }]);
    const s = digitSlots(right, 'citizen_id.digits');
    expect(s.slot).toBe(ID_SLOT);
    expect(s.digits).toBe(right.id('citizen_id').digits);
    const text = (i: number): string => Buffer.from(s.digits.subarray(i * s.slot, i * s.slot + s.length[i])).toString('latin1');
    expect([text(0), text(1)]).toEqual(['079090001234', '123456789']);
  });

  it('citizen_id.digits tells a 13-digit ID (a digit typed twice) from every 12-digit one', () => {
    const { right } = buildStores(settings, [], [{ citizen_id: '0790900012344' }, { citizen_id: '079090001234' }, { citizen_id: '790900012344' }]);
    const keys = keyColumn(right, 'citizen_id.digits').keys;
    expect(keys[0] >= 0).toBe(true);
    expect(new Set(keys).size).toBe(3);
  });
});

describe('key expression errors are SETTINGS_INVALID at the given path', () => {
  const { left, right } = buildStores(settings, [{ full_name: 'A B' }], [{ full_name: 'A B' }]);


  it.each([
    ['an unknown field', () => keyColumn(left, 'surname.folded', 'p')],
    ['a key the field type does not have', () => keyColumn(left, 'dob.folded', 'p')],
    ['a field the side does not have (old_id on the doses)', () => keyColumn(right, 'old_id.digits', 'p')],
    ['not field.key', () => keyColumn(left, 'dob', 'p')],
    ['digit slots of a name field', () => digitSlots(left, 'full_name.folded', 'p')],
  ])('%s', (_name, f) => {
    const e = errorOf(f);
    expect(e.code).toBe('SETTINGS_INVALID');
    expect(e.where.path).toBe('p');
  });
});
