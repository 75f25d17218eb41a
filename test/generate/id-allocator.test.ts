import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { centuryGenderDigit, CitizenIdAllocator, OldIdAllocator } from '../../src/generate/id-allocator.js';
import { parseId } from '../../src/normalize/parse-id.js';
import { PROVINCES } from '../../src/normalize/provinces.js';

describe('CitizenIdAllocator', () => {
  it.each([
    [1990, false, 0],
    [1990, true, 1],
    [2005, false, 2],
    [2010, true, 3],
    [2100, false, 4],
  ])('century and gender digit of %i (female %s) is %i', (year, female, digit) => {
    expect(centuryGenderDigit(year, female)).toBe(digit);
  });

  it('issues IDs that decode to the province, gender and birth year asked for', () => {
    fc.assert(
      fc.property(fc.constantFrom(...PROVINCES.map((p) => p.code)), fc.boolean(), fc.integer({ min: 1931, max: 2010 }), fc.integer({ min: 0, max: 1000 }), (province, female, year, seed) => {
        const id = new CitizenIdAllocator(seed).allocate(province, female, year);
        expect(parseId(id)).toMatchObject({ kind: 'cccd', issues: [], province, gender: female ? 'F' : 'M', birthYear: year });
      }),
    );
  });

  it('never repeats an ID, even for one province, gender and year', () => {
    const a = new CitizenIdAllocator(9);
    const seen = new Set<string>();
    for (let i = 0; i < 30_000; i++) seen.add(a.allocate('079', true, 1990));
    for (let i = 0; i < 5_000; i++) {
      const [x, y] = a.allocatePair('079', true, 1990);
      seen.add(x);
      seen.add(y);
    }
    for (let i = 0; i < 5_000; i++) seen.add(a.allocate('001', false, 1990));
    expect(seen.size).toBe(30_000 + 10_000 + 5_000);
  });

  it('gives twins serials that differ by one', () => {
    const a = new CitizenIdAllocator(4);
    a.allocate('036', false, 2001);
    for (let i = 0; i < 100; i++) {
      const [x, y] = a.allocatePair('036', false, 2001);
      expect(x.slice(0, 6)).toBe(y.slice(0, 6));
      expect(Number(y.slice(6)) - Number(x.slice(6))).toBe(1);
    }
  });

  it('depends on the seed', () => {
    expect(new CitizenIdAllocator(1).allocate('079', false, 1990)).not.toBe(new CitizenIdAllocator(2).allocate('079', false, 1990));
  });
});

describe('OldIdAllocator', () => {
  it('issues unique 9-digit numbers that parse as a CMND', () => {
    const a = new OldIdAllocator(3);
    const seen = new Set<string>();
    for (let i = 0; i < 20_000; i++) {
      const id = a.allocate();
      expect(id).toMatch(/^[0-3]\d{8}$/);
      seen.add(id);
    }
    expect(seen.size).toBe(20_000);
    expect(parseId(a.allocate()).kind).toBe('cmnd');
  });
});
