/**
 * Synthetic people, generated a household at a time so that relatives exist: a first person drawn
 * from the age profile, perhaps a spouse (own family name: Vietnamese women keep theirs), children
 * aged 12 or more carrying the father's family name (same-sex twins now and then, with adjacent ID
 * serials), perhaps a parent. A household shares a residence province; its birth-registration
 * province is mostly shared too. Planted namesakes: the first person of a household may be given
 * the full name and birth year of someone in the household before.
 *
 * Names come from the frequency tables (family name by population share; middle names by gender
 * and era, so Thị and Văn dominate among older people; given names by gender). Only the previous
 * household is kept, so memory does not grow with the number of people.
 */
import { PROVINCES } from '../normalize/provinces.js';
import { daysInMonth } from '../normalize/parse-dob.js';
import { AliasTable } from './alias-table.js';
import type { DoseQuota } from './dose-quota.js';
import { CitizenIdAllocator, OldIdAllocator } from './id-allocator.js';
import { MODERN_ERA_FROM, type NameTables } from './name-tables.js';
import {
  BIRTH_YEAR_WEIGHTS,
  HOUSEHOLD,
  MAX_BIRTH_YEAR,
  MIDDLE_NAME_COUNT,
  MIDDLE_NAME_COUNT_COMPOUND_GIVEN,
  MIGRANT_SHARE,
  MIGRATION_DESTINATIONS,
  MIN_BIRTH_YEAR,
  OLD_ID_BORN_BEFORE,
  OLD_ID_SHARE,
  registerYearOnlyShare,
} from './population.js';
import type { Sfc32 } from './prng.js';

export interface Person {
  /** Token ids: family name, middle names, given name (one or two syllables). */
  tokens: readonly number[];
  /** Entry of the family-name table (for its regional variant). */
  familyEntry: number;
  middleCount: number;
  fullName: string;
  female: boolean;
  year: number;
  month: number;
  day: number;
  /** The register holds only the birth year. */
  registerYearOnly: boolean;
  /** Indexes into PROVINCES. */
  birthProvince: number;
  residence: number;
  id: string;
  /** 9-digit old ID, or ''. */
  oldId: string;
  present: boolean;
  doses: number;
  household: Household;
  /** Another register person has the same full name and birth year (planted). */
  namesake: boolean;
  /** A twin of this person is in the register. */
  twin: boolean;
}

export interface Household {
  members: Person[];
}

interface Sketch {
  name: Name;
  female: boolean;
  year: number;
  month: number;
  day: number;
  birthProvince: number;
  /** Index in the sketch list of this member's twin, or -1. */
  twinOf: number;
  /** Person of the previous household whose name this one copies, or null. */
  namesakeOf: Person | null;
}

interface Name {
  tokens: readonly number[];
  familyEntry: number;
  middleCount: number;
}

export interface HouseholdOptions {
  namesakeRate: number;
  twinRate: number;
}

export class HouseholdFactory {
  private readonly names: NameTables;
  private readonly opts: HouseholdOptions;
  private readonly ids: CitizenIdAllocator;
  private readonly oldIds: OldIdAllocator;
  private readonly years = new AliasTable(BIRTH_YEAR_WEIGHTS);
  private readonly provinces = new AliasTable(PROVINCES.map((p) => p.share));
  private readonly destinations: AliasTable;
  private readonly destinationIndex: number[];
  private readonly middleCount = new AliasTable(MIDDLE_NAME_COUNT);
  private readonly middleCountCompound = new AliasTable(MIDDLE_NAME_COUNT_COMPOUND_GIVEN);
  private readonly childCount = new AliasTable(HOUSEHOLD.children);
  private previous: Household | null = null;

  constructor(names: NameTables, opts: HouseholdOptions, seed: number) {
    this.names = names;
    this.opts = opts;
    this.ids = new CitizenIdAllocator(seed);
    this.oldIds = new OldIdAllocator(seed);
    const codes = Object.keys(MIGRATION_DESTINATIONS);
    this.destinationIndex = codes.map((c) => PROVINCES.findIndex((p) => p.code === c));
    this.destinations = new AliasTable(codes.map((c) => MIGRATION_DESTINATIONS[c]));
  }

  /**
   * The next household, its members' register presence and doses decided by `quota` (`alloc`
   * draws those); null when the quota is met. `pop` draws everything about the people themselves.
   */
  next(pop: Sfc32, alloc: Sfc32, quota: DoseQuota): Household | null {
    if (quota.done) return null;
    const birth = this.provinces.draw(pop);
    const residence = pop.chance(MIGRANT_SHARE) ? this.destination(pop, birth) : birth;
    const sketches = this.sketch(pop, birth, residence);

    const household: Household = { members: [] };
    for (const s of sketches) {
      const fate = quota.next(alloc);
      if (fate === null) break;
      household.members.push(this.person(s, fate.present, fate.doses, residence, household, pop));
    }
    const members = household.members;
    // IDs: twins get a pair of adjacent serials.
    for (let i = 0; i < members.length; i++) {
      const twin = sketches[i].twinOf;
      if (twin >= 0 && twin < i) continue;
      const p = members[i];
      const province = PROVINCES[p.birthProvince].code;
      if (twin > i && twin < members.length) {
        const [a, b] = this.ids.allocatePair(province, p.female, p.year);
        p.id = a;
        members[twin].id = b;
        p.twin = members[twin].present;
        members[twin].twin = p.present;
      } else {
        p.id = this.ids.allocate(province, p.female, p.year);
      }
    }
    const copied = sketches[0].namesakeOf;
    if (copied !== null && members.length > 0) {
      copied.namesake = copied.namesake || members[0].present;
      members[0].namesake = copied.present;
    }
    this.previous = household;
    return household;
  }

  private destination(pop: Sfc32, birth: number): number {
    for (let attempt = 0; attempt < 4; attempt++) {
      const d = this.destinationIndex[this.destinations.draw(pop)];
      if (d !== birth) return d;
    }
    return this.provinces.draw(pop);
  }

  private person(s: Sketch, present: boolean, doses: number, residence: number, household: Household, pop: Sfc32): Person {
    const t = this.names.tokens.text;
    let fullName = t[s.name.tokens[0]];
    for (let i = 1; i < s.name.tokens.length; i++) fullName += ' ' + t[s.name.tokens[i]];
    return {
      tokens: s.name.tokens,
      familyEntry: s.name.familyEntry,
      middleCount: s.name.middleCount,
      fullName,
      female: s.female,
      year: s.year,
      month: s.month,
      day: s.day,
      registerYearOnly: pop.chance(registerYearOnlyShare(s.year)),
      birthProvince: s.birthProvince,
      residence,
      id: '',
      oldId: s.year < OLD_ID_BORN_BEFORE && pop.chance(OLD_ID_SHARE) ? this.oldIds.allocate() : '',
      present,
      doses,
      household,
      namesake: false,
      twin: false,
    };
  }

  /** Who lives in the household, before any register decision. */
  private sketch(pop: Sfc32, birth: number, residence: number): Sketch[] {
    const out: Sketch[] = [];
    const prev = this.previous;
    let first: Sketch;
    if (prev !== null && prev.members.length > 0 && pop.chance(this.opts.namesakeRate)) {
      const source = prev.members[pop.below(prev.members.length)];
      first = this.member(pop, source.female, source.year, birth, { ...this.nameOf(source) });
      first.namesakeOf = source;
    } else {
      const female = pop.chance(0.5);
      const year = MIN_BIRTH_YEAR + this.years.draw(pop);
      first = this.member(pop, female, year, birth, this.name(pop, this.family(pop), female, year));
    }
    out.push(first);
    const firstFamily = first.name.familyEntry;

    let spouse: Sketch | null = null;
    if (first.year <= HOUSEHOLD.spouseBornBy && pop.chance(HOUSEHOLD.spouse)) {
      const gap = pop.between(HOUSEHOLD.husbandOlder[0], HOUSEHOLD.husbandOlder[1]);
      const year = clampYear(first.female ? first.year - gap : first.year + gap, HOUSEHOLD.spouseBornBy + 5);
      const province = pop.chance(HOUSEHOLD.spouseSameProvince) ? birth : this.provinces.draw(pop);
      spouse = this.member(pop, !first.female, year, province, this.name(pop, this.family(pop), !first.female, year));
      out.push(spouse);
    }

    const mother = first.female ? first : spouse;
    const fatherFamily = !first.female ? firstFamily : spouse !== null ? spouse.name.familyEntry : this.family(pop);
    const motherYear = mother !== null ? mother.year : first.year;
    if (motherYear <= HOUSEHOLD.childrenBornBy) {
      const n = this.childCount.draw(pop);
      for (let c = 0; c < n; c++) {
        const year = motherYear + pop.between(HOUSEHOLD.motherAge[0], HOUSEHOLD.motherAge[1]);
        if (year > MAX_BIRTH_YEAR) continue;
        const female = !pop.chance(HOUSEHOLD.boys);
        const province = residence !== birth && pop.chance(HOUSEHOLD.childBornAtResidence) ? residence : birth;
        const child = this.member(pop, female, year, province, this.name(pop, fatherFamily, female, year));
        out.push(child);
        if (pop.chance(this.opts.twinRate)) {
          const twin = this.member(pop, female, year, province, this.twinName(pop, child.name, female, year));
          twin.month = child.month;
          twin.day = child.day;
          child.twinOf = out.length;
          twin.twinOf = out.length - 1;
          out.push(twin);
        }
      }
    }

    if (first.year >= HOUSEHOLD.parentFrom && pop.chance(HOUSEHOLD.parent)) {
      const year = first.year - pop.between(HOUSEHOLD.motherAge[0] + 2, HOUSEHOLD.motherAge[1] - 3);
      if (year >= MIN_BIRTH_YEAR) {
        const female = pop.chance(0.5);
        const family = female ? this.family(pop) : firstFamily; // the father passed his family name on
        out.push(this.member(pop, female, year, birth, this.name(pop, family, female, year)));
      }
    }
    return out;
  }

  private member(pop: Sfc32, female: boolean, year: number, birthProvince: number, name: Name): Sketch {
    const month = pop.between(1, 12);
    const day = pop.between(1, daysInMonth(year, month));
    return { name, female, year, month, day, birthProvince, twinOf: -1, namesakeOf: null };
  }

  private family(pop: Sfc32): number {
    return this.names.family.table.draw(pop);
  }

  private nameOf(p: Person): Name {
    return { tokens: p.tokens, familyEntry: p.familyEntry, middleCount: p.middleCount };
  }

  /** A full name: family entry, middle names by gender and era, given name by gender. */
  private name(pop: Sfc32, familyEntry: number, female: boolean, year: number): Name {
    const g = female ? 1 : 0;
    const given = this.names.given[g];
    const givenTokens = given.entries[given.table.draw(pop)];
    const count = givenTokens.length > 1 ? this.middleCountCompound.draw(pop) : this.middleCount.draw(pop);
    const middles = this.middles(pop, g, year, count, givenTokens[0]);
    return this.assemble(familyEntry, middles, givenTokens);
  }

  /** A twin's name: the sibling's family and (mostly) middle names, a different given name. */
  private twinName(pop: Sfc32, sibling: Name, female: boolean, year: number): Name {
    const given = this.names.given[female ? 1 : 0];
    const siblingGiven = sibling.tokens[sibling.tokens.length - 1];
    let givenTokens = given.entries[given.table.draw(pop)];
    for (let attempt = 0; attempt < 8 && givenTokens[givenTokens.length - 1] === siblingGiven; attempt++) givenTokens = given.entries[given.table.draw(pop)];
    const middles = pop.chance(0.7) && givenTokens.length === 1 ? sibling.tokens.slice(1, 1 + sibling.middleCount) : this.middles(pop, female ? 1 : 0, year, 1, givenTokens[0]);
    return this.assemble(sibling.familyEntry, middles, givenTokens);
  }

  private middles(pop: Sfc32, g: number, year: number, count: number, avoid: number): number[] {
    const table = this.names.middle[g][year < MODERN_ERA_FROM ? 0 : 1];
    const out: number[] = [];
    for (let attempt = 0; out.length < count && attempt < 8; attempt++) {
      const m = table.entries[table.table.draw(pop)][0];
      if (m !== avoid && !out.includes(m)) out.push(m);
    }
    // Văn and Thị come first when a person has two middle names (Nguyễn Thị Thu Hà).
    if (out.length === 2 && this.names.traditionalMiddle.has(out[1])) out.reverse();
    return out;
  }

  private assemble(familyEntry: number, middles: number[], given: Int32Array): Name {
    const tokens: number[] = [];
    for (const t of this.names.family.entries[familyEntry]) tokens.push(t);
    for (const t of middles) tokens.push(t);
    for (const t of given) tokens.push(t);
    return { tokens, familyEntry, middleCount: middles.length };
  }
}

function clampYear(year: number, max: number): number {
  return year < MIN_BIRTH_YEAR ? MIN_BIRTH_YEAR : year > max ? max : year;
}
