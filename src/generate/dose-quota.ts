/**
 * Decides, person by person as they are generated, whether the person is in the register or
 * absent from it and how many doses they got, so that a run ends with exactly N register people
 * and exactly M doses of which round(M·A) belong to absent people — in one pass, without knowing
 * the people in advance.
 *
 * Each decision is drawn with the mean the remaining quota asks for: a person is absent with
 * probability a / (a + n), a = absent doses left / mean doses, n = register people left; a register
 * person's dose count has mean (register doses left) / (register people left), clamped so the rest
 * can still be met with 0-3 doses each. Absent people always have at least one dose (a person with
 * no dose and no register entry would not appear anywhere).
 */
import { KhopError } from '../errors.js';
import { AliasTable } from './alias-table.js';
import { DOSES_PER_PERSON, MEAN_DOSES } from './population.js';
import type { Sfc32 } from './prng.js';

export const MAX_DOSES_PER_PERSON = 3;

export interface QuotaDecision {
  present: boolean;
  doses: number;
}

export class DoseQuota {
  private peopleLeft: number;
  private registerDosesLeft: number;
  private absentDosesLeft: number;
  private readonly base: AliasTable;
  readonly absentDoses: number;

  constructor(people: number, doses: number, absentRate: number) {
    const absentDoses = Math.round(doses * absentRate);
    const registerDoses = doses - absentDoses;
    if (registerDoses > MAX_DOSES_PER_PERSON * people) {
      throw new KhopError(
        'BAD_ARGUMENT',
        `--doses: ${registerDoses} doses for register people is more than ${MAX_DOSES_PER_PERSON} per person for --people ${people}; raise --people or --absent-rate, or lower --doses`,
      );
    }
    this.peopleLeft = people;
    this.registerDosesLeft = registerDoses;
    this.absentDosesLeft = absentDoses;
    this.absentDoses = absentDoses;
    this.base = new AliasTable(DOSES_PER_PERSON);
  }

  get done(): boolean {
    return this.peopleLeft === 0 && this.absentDosesLeft === 0;
  }

  /** The next person's fate, or null when both quotas are met. */
  next(rng: Sfc32): QuotaDecision | null {
    if (this.done) return null;
    let absent: boolean;
    if (this.peopleLeft === 0) absent = true;
    else if (this.absentDosesLeft === 0) absent = false;
    else {
      const a = this.absentDosesLeft / MEAN_DOSES;
      absent = rng.float() * (a + this.peopleLeft) < a;
    }
    if (absent) {
      const d = Math.min(1 + this.base.draw(rng), this.absentDosesLeft);
      this.absentDosesLeft -= d;
      return { present: false, doses: d };
    }
    const left = this.peopleLeft;
    const mean = this.registerDosesLeft / left;
    let d: number;
    if (mean <= MEAN_DOSES) d = rng.float() * MEAN_DOSES < mean ? 1 + this.base.draw(rng) : 0;
    else d = rng.float() * (MAX_DOSES_PER_PERSON - MEAN_DOSES) < mean - MEAN_DOSES ? MAX_DOSES_PER_PERSON : 1 + this.base.draw(rng);
    const lo = Math.max(0, this.registerDosesLeft - MAX_DOSES_PER_PERSON * (left - 1));
    const hi = Math.min(MAX_DOSES_PER_PERSON, this.registerDosesLeft);
    d = d < lo ? lo : d > hi ? hi : d;
    this.peopleLeft--;
    this.registerDosesLeft -= d;
    return { present: true, doses: d };
  }
}
