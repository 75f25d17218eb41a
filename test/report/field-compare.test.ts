import { describe, expect, it } from 'vitest';
import { sameField } from '../../src/report/field-compare.js';

describe('sameField', () => {
  it.each([
    ['full_name', 'NGUYỄN  thị hương', 'Nguyễn Thị Hương', true],
    ['full_name', 'Nguye\u0302\u0303n Thi\u0323 Hu\u031Bo\u031Bng', 'Nguyễn Thị Hương', true],
    ['full_name', 'Nguyen Thi Huong', 'Nguyễn Thị Hương', false],
    ['full_name', 'Hoà', 'Hòa', true],
    ['dob', '05/08/1952', '1952-08-05', true],
    ['dob', '1952', '05/08/1952', false],
    ['dob', '08/05/1952', '05/08/1952', false],
    ['gender', 'F', 'Nữ', true],
    ['gender', 'Nam', 'Nữ', false],
    ['citizen_id', '067 052 689 450', '067052689450', true],
    ['citizen_id', '67052689450', '067052689450', false],
    ['province', '079', '079', true],
  ])('%s: %j vs %j → %s', (field, a, b, expected) => {
    expect(sameField(field, a, b)).toBe(expected);
  });
});
