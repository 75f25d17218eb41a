import { describe, expect, it } from 'vitest';
import { PROVINCES, isProvinceCode, isProvinceNumber, provinceByCode, provinceName } from '../../src/normalize/provinces.js';

describe('PROVINCES', () => {
  it('has the 63 provinces and centrally run cities, in code order, codes unique', () => {
    expect(PROVINCES).toHaveLength(63);
    const codes = PROVINCES.map((p) => p.code);
    expect(new Set(codes).size).toBe(63);
    expect([...codes].sort()).toEqual(codes);
  });

  it('codes are three digits starting with 0, between 001 and 096', () => {
    for (const p of PROVINCES) {
      expect(p.code).toMatch(/^0\d\d$/);
      expect(Number(p.code)).toBeGreaterThanOrEqual(1);
      expect(Number(p.code)).toBeLessThanOrEqual(96);
    }
  });

  it('names are NFC, trimmed and distinct', () => {
    for (const p of PROVINCES) {
      expect(p.name).toBe(p.name.normalize('NFC'));
      expect(p.name).toBe(p.name.trim());
    }
    expect(new Set(PROVINCES.map((p) => p.name)).size).toBe(63);
  });

  it('population weights are positive and the shares sum to 1', () => {
    for (const p of PROVINCES) {
      expect(p.population).toBeGreaterThan(250_000);
      expect(p.share).toBeCloseTo(p.population / PROVINCES.reduce((s, q) => s + q.population, 0), 12);
    }
    expect(PROVINCES.reduce((s, p) => s + p.share, 0)).toBeCloseTo(1, 12);
  });

  it('the two largest are Hồ Chí Minh and Hà Nội, the smallest Bắc Kạn (2019 census)', () => {
    const byPopulation = [...PROVINCES].sort((a, b) => b.population - a.population);
    expect(byPopulation.slice(0, 2).map((p) => p.code)).toEqual(['079', '001']);
    expect(byPopulation[62].code).toBe('006');
  });

  it('is frozen', () => {
    expect(Object.isFrozen(PROVINCES)).toBe(true);
    expect(Object.isFrozen(PROVINCES[0])).toBe(true);
  });
});

describe('provinceName', () => {
  it.each([
    ['001', 'Hà Nội'],
    ['002', 'Hà Giang'],
    ['004', 'Cao Bằng'],
    ['011', 'Điện Biên'],
    ['031', 'Hải Phòng'],
    ['038', 'Thanh Hóa'],
    ['046', 'Thừa Thiên Huế'],
    ['048', 'Đà Nẵng'],
    ['066', 'Đắk Lắk'],
    ['077', 'Bà Rịa - Vũng Tàu'],
    ['079', 'Hồ Chí Minh'],
    ['092', 'Cần Thơ'],
    ['096', 'Cà Mau'],
  ])('%s → %s', (code, name) => {
    expect(provinceName(code)).toBe(name);
    expect(provinceByCode(code)?.name).toBe(name);
  });

  it.each(['000', '003', '005', '009', '097', '100', '79', '0790', '', 'abc', '07a', ' 79'])('%j is no province', (code) => {
    expect(isProvinceCode(code)).toBe(false);
    expect(provinceName(code)).toBeUndefined();
    expect(provinceByCode(code)).toBeUndefined();
  });
});

describe('isProvinceNumber', () => {
  it('agrees with isProvinceCode for every number 0..999 and rejects out-of-range numbers', () => {
    for (let n = 0; n < 1000; n++) expect(isProvinceNumber(n)).toBe(isProvinceCode(String(n).padStart(3, '0')));
    expect(isProvinceNumber(-1)).toBe(false);
    expect(isProvinceNumber(1079)).toBe(false);
    expect(isProvinceNumber(1.5)).toBe(false);
  });
});
