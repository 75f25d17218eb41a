/**
 * `khop generate`'s engine: a register of N people and M vaccination dose records with ground
 * truth, streamed in one pass in memory that does not grow with N or M.
 *
 * Households are generated in order and their register rows emitted at once. Their doses enter a
 * bounded shuffle window one household late (so a namesake planted in the next household is known
 * before any dose of the original leaves), and leave it in random order to be damaged and written:
 * the doses file is not in register order. Only the window's people are held, in typed arrays
 * (person-pool.ts), so neither memory nor garbage-collection work grows with N.
 *
 * Randomness comes from four independent streams of one seed: the people, their register presence
 * and dose counts, the dose order, and the dose damage. The same seed and arguments give the same
 * bytes; changing only the error rates leaves the register and the dose order unchanged.
 */
import { KhopError } from '../errors.js';
import { PROVINCES } from '../normalize/provinces.js';
import { csvField } from './csv-text.js';
import { resolveDamageRates, type DamageRates } from './damage-rates.js';
import { DoseQuota } from './dose-quota.js';
import { DoseRenderer, type DoseRecord } from './dose-renderer.js';
import { formatDate } from './formatting.js';
import { HouseholdFactory, type Household, type Person } from './households.js';
import { loadNameTables, type NameTables } from './name-tables.js';
import { PAD2, PAD3 } from './digits.js';
import { PersonPool, relativeIdOf } from './person-pool.js';
import type { Profile } from './profile.js';
import { Sfc32 } from './prng.js';
import { ShuffleWindow } from './shuffle-window.js';
import { DAMAGE_TAGS, HARD_CASE_TAGS, type TruthTag } from './tags.js';

export interface GenerateOptions {
  /** Register people (rows of registry.csv). */
  people: number;
  /** Dose records (rows of doses.csv and truth.csv). */
  doses: number;
  /** A non-negative safe integer. */
  seed: number;
  profile: Profile;
  /** Share of doses with at least one damage tag; default: the profile's. */
  errorRate?: number;
  /** Share of doses whose person is absent from the register; default: the profile's. */
  absentRate?: number;
  /** Name tables; default: `datasets/names/`. */
  names?: NameTables;
  /** Doses held for shuffling; default 65,536. */
  window?: number;
}

export const DEFAULT_WINDOW = 1 << 16;

export const REGISTRY_HEADER = ['person_id', 'full_name', 'dob', 'gender', 'province', 'old_id'] as const;
export const DOSES_HEADER = ['dose_id', 'citizen_id', 'full_name', 'dob', 'gender', 'province'] as const;
export const TRUTH_HEADER = ['dose_id', 'person_id', 'tags'] as const;

export interface RegisterRow {
  person_id: string;
  full_name: string;
  dob: string;
  gender: string;
  province: string;
  old_id: string;
}

export interface DoseRow {
  dose_id: string;
  citizen_id: string;
  full_name: string;
  dob: string;
  gender: string;
  province: string;
}

export interface TruthRow {
  dose_id: string;
  person_id: string;
  tags: string;
}

/** Where the engine puts what it makes; an adapter turns it into rows, CSV text or files. */
export interface DatasetSink {
  register(p: Person): void;
  dose(doseId: string, d: DoseRecord): void;
}

export interface GenerateSummary {
  people: number;
  absentPeople: number;
  households: number;
  doses: number;
  absentDoses: number;
  damagedDoses: number;
  /** The share of damaged doses aimed at, and the per-tag rates expected. */
  damagedShareTarget: number;
  expectedTagRates: Record<string, number>;
  tagCounts: Record<TruthTag, number>;
}

/** The register's rendering of a person: canonical name, dd/mm/yyyy or yyyy, Nam/Nữ. */
export function registerRow(p: Person): RegisterRow {
  return {
    person_id: p.id,
    full_name: p.fullName,
    dob: p.registerYearOnly ? String(p.year) : formatDate(0, p.year, p.month, p.day),
    gender: p.female ? 'Nữ' : 'Nam',
    province: PROVINCES[p.residence].code,
    old_id: p.oldId,
  };
}

export function registerLine(p: Person): string {
  const dob = p.registerYearOnly ? String(p.year) : formatDate(0, p.year, p.month, p.day);
  return p.id + ',' + csvField(p.fullName) + ',' + dob + (p.female ? ',Nữ,' : ',Nam,') + PROVINCES[p.residence].code + ',' + p.oldId;
}

/** IDs (digits and . - space E +) and dates never need quoting; names and gender spellings may. */
export function doseLine(doseId: string, d: DoseRecord): string {
  return doseId + ',' + d.citizenId + ',' + csvField(d.fullName) + ',' + d.dob + ',' + csvField(d.gender) + ',' + d.province;
}

export function truthLine(doseId: string, d: DoseRecord): string {
  return doseId + ',' + d.personId + ',' + d.tags;
}

function checkCount(name: string, n: number): void {
  if (!Number.isSafeInteger(n) || n < 0) throw new KhopError('BAD_ARGUMENT', `${name} must be a non-negative integer`);
}

export class DatasetGenerator {
  readonly rates: DamageRates;
  private readonly opts: GenerateOptions;
  private readonly pop: Sfc32;
  private readonly alloc: Sfc32;
  private readonly order: Sfc32;
  private readonly damage: Sfc32;
  private readonly quota: DoseQuota;
  private readonly households: HouseholdFactory;
  private readonly renderer: DoseRenderer;
  private readonly window: ShuffleWindow<number>;
  private readonly pool: PersonPool;
  private previous: Household | null = null;
  private doseSeq = 0;
  private finished = false;
  private counts = { people: 0, absentPeople: 0, households: 0 };

  constructor(opts: GenerateOptions) {
    checkCount('--people', opts.people);
    checkCount('--doses', opts.doses);
    checkCount('--seed', opts.seed);
    const absentRate = opts.absentRate ?? opts.profile.absentRate;
    if (!(absentRate >= 0 && absentRate <= 1)) throw new KhopError('BAD_ARGUMENT', '--absent-rate must be between 0 and 1');
    if (opts.errorRate !== undefined && !(opts.errorRate >= 0 && opts.errorRate <= 1)) throw new KhopError('BAD_ARGUMENT', '--error-rate must be between 0 and 1');
    this.opts = opts;
    this.rates = resolveDamageRates(opts.profile, opts.errorRate);
    const names = opts.names ?? loadNameTables();
    this.pop = new Sfc32(opts.seed, 'population');
    this.alloc = new Sfc32(opts.seed, 'allocation');
    this.order = new Sfc32(opts.seed, 'order');
    this.damage = new Sfc32(opts.seed, 'damage');
    this.quota = new DoseQuota(opts.people, opts.doses, absentRate);
    this.households = new HouseholdFactory(names, opts.profile.hardCases, opts.seed);
    this.renderer = new DoseRenderer(names, opts.profile, this.rates);
    const window = opts.window ?? DEFAULT_WINDOW;
    this.window = new ShuffleWindow(window);
    this.pool = new PersonPool(Math.min(window, opts.doses) + 64);
  }

  /** Generates one household into `sink`; false once everything has been written. */
  step(sink: DatasetSink): boolean {
    if (this.finished) return false;
    const h = this.households.next(this.pop, this.alloc, this.quota);
    if (h === null) {
      if (this.previous !== null) this.pushDoses(this.previous, sink);
      this.previous = null;
      for (const slot of this.window.drain(this.order)) this.emit(slot, sink);
      this.finished = true;
      return false;
    }
    this.counts.households++;
    for (const m of h.members) {
      if (m.present) {
        this.counts.people++;
        sink.register(m);
      } else this.counts.absentPeople++;
    }
    if (this.previous !== null) this.pushDoses(this.previous, sink);
    this.previous = h;
    return true;
  }

  private pushDoses(h: Household, sink: DatasetSink): void {
    for (const m of h.members) {
      if (m.doses === 0) continue;
      const slot = this.pool.add(m, relativeIdOf(m));
      for (let k = 0; k < m.doses; k++) {
        const out = this.window.push(slot, this.order);
        if (out !== undefined) this.emit(out, sink);
      }
    }
  }

  private emit(slot: number, sink: DatasetSink): void {
    const id = this.doseId(++this.doseSeq);
    sink.dose(id, this.renderer.render(this.pool, slot, this.damage));
    this.pool.doseDone(slot);
  }

  /** 'D' and the sequence number with at least 8 digits. */
  private doseId(seq: number): string {
    if (seq < 100_000_000) {
      const hi = (seq / 100_000) | 0;
      const mid = ((seq / 100) | 0) % 1000;
      return 'D' + PAD3[hi] + PAD3[mid] + PAD2[seq % 100];
    }
    return 'D' + String(seq);
  }

  summary(): GenerateSummary {
    const r = this.renderer;
    const tagCounts = {} as Record<TruthTag, number>;
    const expectedTagRates: Record<string, number> = {};
    DAMAGE_TAGS.forEach((t, i) => {
      tagCounts[t] = r.tagCounts[i];
      expectedTagRates[t] = this.rates.expected[i];
    });
    for (const t of HARD_CASE_TAGS) tagCounts[t] = r.hardCaseCounts[t];
    return {
      ...this.counts,
      doses: this.doseSeq,
      absentDoses: this.quota.absentDoses,
      damagedDoses: r.damagedDoses,
      damagedShareTarget: this.rates.damagedShare,
      expectedTagRates,
      tagCounts,
    };
  }
}

export type GeneratedRow = { kind: 'register'; row: RegisterRow } | { kind: 'dose'; row: DoseRow; truth: TruthRow };

/** The data set as row objects: register rows in register order, doses in file order. */
export function* generateRows(opts: GenerateOptions): Generator<GeneratedRow, GenerateSummary> {
  const gen = new DatasetGenerator(opts);
  const pending: GeneratedRow[] = [];
  const sink: DatasetSink = {
    register: (p) => pending.push({ kind: 'register', row: registerRow(p) }),
    dose: (id, d) =>
      pending.push({
        kind: 'dose',
        row: { dose_id: id, citizen_id: d.citizenId, full_name: d.fullName, dob: d.dob, gender: d.gender, province: d.province },
        truth: { dose_id: id, person_id: d.personId, tags: d.tags },
      }),
  };
  let more = true;
  while (more) {
    more = gen.step(sink);
    yield* pending;
    pending.length = 0;
  }
  return gen.summary();
}
