import { describe, expect, it } from 'vitest';
import { parseSettings } from '../../src/model/load-settings.js';
import { levelIndices, presetDocument, presetSettings } from './store-fixture.js';

describe('the preset gender comparison', () => {
  const settings = presetSettings();
  it.each([
    ['Nam', 'M', 1],
    ['Nữ', 'nu', 1],
    ['Nữ', 'FEMALE', 1],
    ['Nam', 'Nữ', 2],
    ['', 'Nam', 0],
    ['Nam', 'unknown', 0],
  ])('%j vs %j → level %i', (left, right, expected) => {
    expect(levelIndices(settings, 'gender', [[left, right]])).toEqual([expected]);
  });
});

describe('string and exact fields', () => {
  const doc = presetDocument();
  doc.fields.push({ name: 'commune', type: 'string', column: 'commune' });
  doc.comparisons.push(
    {
      name: 'commune',
      field: 'commune',
      levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'jaro_winkler', threshold: 0.9 }, { kind: 'else' }],
    },
    { name: 'province', field: 'province', levels: [{ kind: 'null' }, { kind: 'exact' }, { kind: 'else' }] },
  );
  const settings = parseSettings(doc);

  it.each([
    ['Phường Bến Nghé', 'phường  bến nghé', 1],
    ['Phường Bến Nghé', 'Phuong Ben Nghe', 3],
    ['Xa Tan Thanh', 'Xa Tan Thamh', 2],
    ['', 'Xa Tan Thanh', 0],
  ])('string: %j vs %j → level %i (NFC, case and spaces normalized)', (left, right, expected) => {
    expect(levelIndices(settings, 'commune', [[left, right]])).toEqual([expected]);
  });

  it.each([
    ['079', '079', 1],
    ['079', ' 079 ', 1],
    ['079', '79', 2],
    ['079', '', 0],
  ])('exact: %j vs %j → level %i (only surrounding spaces dropped)', (left, right, expected) => {
    expect(levelIndices(settings, 'province', [[left, right]])).toEqual([expected]);
  });
});
