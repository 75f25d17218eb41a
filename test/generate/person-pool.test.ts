import { describe, expect, it } from 'vitest';
import { idText, oldIdText, PersonPool, relativeIdOf } from '../../src/generate/person-pool.js';
import type { Household, Person } from '../../src/generate/households.js';

function person(id: string, over: Partial<Person> = {}): Person {
  const household: Household = { members: [] };
  const p: Person = {
    tokens: [3, 1, 4],
    familyEntry: 0,
    middleCount: 1,
    fullName: 'x',
    female: true,
    year: 1990,
    month: 2,
    day: 28,
    registerYearOnly: false,
    birthProvince: 5,
    residence: 7,
    id,
    oldId: '012345678',
    present: true,
    doses: 2,
    household,
    namesake: true,
    twin: false,
    ...over,
  };
  if (over.household === undefined) household.members.push(p);
  return p;
}

describe('PersonPool', () => {
  it('keeps what a dose needs and writes the IDs back with their leading zeros', () => {
    const pool = new PersonPool(4);
    const s = pool.add(person('001190000042'), '001290000007');
    expect(idText(pool.idHi[s], pool.idLo[s])).toBe('001190000042');
    expect(oldIdText(pool.oldId[s])).toBe('012345678');
    expect(idText(pool.relativeHi[s], pool.relativeLo[s])).toBe('001290000007');
    expect([pool.tokenCount[s], pool.middleCount[s], pool.year[s], pool.month[s], pool.day[s], pool.female[s], pool.namesake[s], pool.residence[s]]).toEqual([3, 1, 1990, 2, 28, 1, 1, 7]);
    const t = pool.add(person('079090000001', { oldId: '' }), '');
    expect(pool.oldId[t]).toBe(-1);
    expect(pool.relativeHi[t]).toBe(-1);
  });

  it('frees a slot after its last dose, reuses it, and grows when full', () => {
    const pool = new PersonPool(16);
    const slots = Array.from({ length: 40 }, (_, i) => pool.add(person(String(i).padStart(12, '0')), ''));
    expect(new Set(slots).size).toBe(40);
    expect(pool.capacity).toBeGreaterThanOrEqual(40);
    expect(idText(pool.idHi[slots[3]], pool.idLo[slots[3]])).toBe('000000000003');
    pool.doseDone(slots[3]);
    expect(pool.inUse).toBe(40);
    pool.doseDone(slots[3]);
    expect(pool.inUse).toBe(39);
    expect(pool.add(person('000000000999'), '')).toBe(slots[3]);
  });
});

describe('relativeIdOf', () => {
  it('prefers a registered household member with the same family name', () => {
    const me = person('079090000001');
    const spouse = person('079090000002', { familyEntry: 9, household: me.household });
    const child = person('079090000003', { household: me.household });
    const absentSibling = person('079090000004', { household: me.household, present: false });
    me.household.members.push(spouse, child, absentSibling);
    expect(relativeIdOf(me)).toBe('079090000003');
    me.household.members.splice(2, 1);
    expect(relativeIdOf(me)).toBe('079090000002');
    expect(relativeIdOf(person('079090000005'))).toBe('');
  });
});
