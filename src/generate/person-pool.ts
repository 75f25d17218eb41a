/**
 * The people whose doses wait in the shuffle window, stored column-wise in typed arrays (one slot
 * per person, freed after the person's last dose): what rendering a dose needs and nothing more.
 * Holding tens of thousands of people as objects for the window's span made them outlive the young
 * generation and turned garbage collection into most of the run time; numbers in typed arrays are
 * invisible to the collector. A 12-digit ID is kept as two 6-digit integers, written back with its
 * leading zeros by table lookup.
 */
import { digitsValue, pad6, pad9 } from './digits.js';
import type { Person } from './households.js';

/** Family name, up to two middle names, a two-syllable given name, and room for one more. */
export const MAX_NAME_TOKENS = 6;

/** A 12-digit ID from its two halves. */
export function idText(hi: number, lo: number): string {
  return pad6(hi) + pad6(lo);
}

/** An old 9-digit ID from its value. */
export const oldIdText = pad9;

export class PersonPool {
  capacity = 0;
  tokens = new Int32Array(0);
  tokenCount = new Uint8Array(0);
  middleCount = new Uint8Array(0);
  familyEntry = new Int32Array(0);
  female = new Uint8Array(0);
  year = new Uint16Array(0);
  month = new Uint8Array(0);
  day = new Uint8Array(0);
  registerYearOnly = new Uint8Array(0);
  birthProvince = new Uint8Array(0);
  residence = new Uint8Array(0);
  present = new Uint8Array(0);
  namesake = new Uint8Array(0);
  twin = new Uint8Array(0);
  /** Doses of the person not yet rendered. */
  dosesLeft = new Uint8Array(0);
  /** The 12-digit ID: first and last six digits. */
  idHi = new Int32Array(0);
  idLo = new Int32Array(0);
  /** Old 9-digit ID, or -1. */
  oldId = new Int32Array(0);
  /** The ID of a household member in the register (same family name if any): halves, or -1. */
  relativeHi = new Int32Array(0);
  relativeLo = new Int32Array(0);
  private free = new Int32Array(0);
  private freeCount = 0;

  constructor(initialCapacity: number) {
    this.grow(Math.max(16, initialCapacity));
  }

  get inUse(): number {
    return this.capacity - this.freeCount;
  }

  /** Copies a person into a free slot; returns the slot. */
  add(p: Person, relative: string): number {
    if (this.freeCount === 0) this.grow(this.capacity * 2);
    const s = this.free[--this.freeCount];
    const n = Math.min(p.tokens.length, MAX_NAME_TOKENS);
    for (let i = 0; i < n; i++) this.tokens[s * MAX_NAME_TOKENS + i] = p.tokens[i];
    this.tokenCount[s] = n;
    this.middleCount[s] = p.middleCount;
    this.familyEntry[s] = p.familyEntry;
    this.female[s] = p.female ? 1 : 0;
    this.year[s] = p.year;
    this.month[s] = p.month;
    this.day[s] = p.day;
    this.registerYearOnly[s] = p.registerYearOnly ? 1 : 0;
    this.birthProvince[s] = p.birthProvince;
    this.residence[s] = p.residence;
    this.present[s] = p.present ? 1 : 0;
    this.namesake[s] = p.namesake ? 1 : 0;
    this.twin[s] = p.twin ? 1 : 0;
    this.dosesLeft[s] = p.doses;
    this.idHi[s] = digitsValue(p.id, 0, 6);
    this.idLo[s] = digitsValue(p.id, 6, 12);
    this.oldId[s] = p.oldId === '' ? -1 : digitsValue(p.oldId, 0, 9);
    this.relativeHi[s] = relative === '' ? -1 : digitsValue(relative, 0, 6);
    this.relativeLo[s] = relative === '' ? -1 : digitsValue(relative, 6, 12);
    return s;
  }

  /** Counts one dose of the slot's person as rendered; frees the slot after the last. */
  doseDone(s: number): void {
    if (--this.dosesLeft[s] === 0) this.free[this.freeCount++] = s;
  }

  private grow(capacity: number): void {
    const old = this.capacity;
    const copy = <T extends Int32Array | Uint8Array | Uint16Array>(a: T, per = 1): T => {
      const b = new (a.constructor as new (n: number) => T)(capacity * per);
      b.set(a);
      return b;
    };
    this.tokens = copy(this.tokens, MAX_NAME_TOKENS);
    this.tokenCount = copy(this.tokenCount);
    this.middleCount = copy(this.middleCount);
    this.familyEntry = copy(this.familyEntry);
    this.female = copy(this.female);
    this.year = copy(this.year);
    this.month = copy(this.month);
    this.day = copy(this.day);
    this.registerYearOnly = copy(this.registerYearOnly);
    this.birthProvince = copy(this.birthProvince);
    this.residence = copy(this.residence);
    this.present = copy(this.present);
    this.namesake = copy(this.namesake);
    this.twin = copy(this.twin);
    this.dosesLeft = copy(this.dosesLeft);
    this.idHi = copy(this.idHi);
    this.idLo = copy(this.idLo);
    this.oldId = copy(this.oldId);
    this.relativeHi = copy(this.relativeHi);
    this.relativeLo = copy(this.relativeLo);
    const free = new Int32Array(capacity);
    free.set(this.free.subarray(0, this.freeCount));
    // New slots are handed out lowest first.
    for (let s = capacity - 1; s >= old; s--) free[this.freeCount++] = s;
    this.free = free;
    this.capacity = capacity;
  }
}

/**
 * The ID a person might write by mistake for their own: a household member in the register,
 * preferably with the same family name (DESIGN.md: "a relative's ID … same family name, same
 * province"); '' when the person lives alone or with no one registered.
 */
export function relativeIdOf(p: Person): string {
  let other = '';
  for (const m of p.household.members) {
    if (m === p || !m.present || m.id === p.id) continue;
    if (m.familyEntry === p.familyEntry) return m.id;
    if (other === '') other = m.id;
  }
  return other;
}
