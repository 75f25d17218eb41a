/**
 * Which damage tags a dose gets, so that over a data set each tag's share of doses is its expected
 * rate and the share of damaged doses is its target (see damage-rates.ts), even though many tags
 * fit only some doses (no middle name to drop, a day above 12 to swap) or exclude each other (one
 * date damage per dose).
 *
 * Each tag is drawn independently with its rate, in tag order; a dose that drew nothing gets a
 * top-up tag with the top-up probability. A drawn tag that does not fit is owed and paid by a later
 * dose where it fits: a debt from a dose that ended up clean is paid by one otherwise clean dose
 * (the damaged share holds), a debt from a dose damaged anyway by an otherwise damaged dose. When
 * every dose must be damaged (top-up probability 1) there are no clean doses to pay with: all debt
 * goes to damaged doses, a reserve of it is kept for doses whose own draws all failed, and if none
 * fits, an extra tag is drawn and credited against a later draw of that tag on a dose that drew
 * more than one. Far above the rates' own share (but below 1) clean doses are too few to pay the
 * debt of clean doses: once it passes the reserve, a dose whose drawn tags all failed takes a
 * damaged dose's debt that fits, else a tag drawn as a top-up (credited), and its own owed tag
 * becomes a damaged dose's debt. One pass, O(tags) state.
 */
import { AliasTable } from './alias-table.js';
import type { DamageRates } from './damage-rates.js';
import type { Sfc32 } from './prng.js';

/** The dose being damaged: applies tag `t` when it fits, else returns false and changes nothing. */
export interface TagTarget {
  apply(t: number): boolean;
}

/** When every dose is damaged: owed tags kept back per tag for doses whose own draws all failed. */
export const DEBT_RESERVE = 16;

export class TagScheduler {
  private readonly draw: Float64Array;
  private readonly topUp: number;
  private readonly topUpTable: AliasTable | null;
  private readonly everyDose: boolean;
  /** Tags owed by doses that ended clean, and by doses damaged anyway (negative: credit). */
  private readonly debtClean: Float64Array;
  private readonly debtDamaged: Float64Array;
  private readonly owed: Int32Array;
  private readonly drawn: Int32Array;

  constructor(rates: DamageRates) {
    const n = rates.draw.length;
    this.draw = rates.draw;
    this.topUp = rates.topUp;
    this.topUpTable = rates.topUp > 0 ? new AliasTable(rates.draw) : null;
    this.everyDose = rates.topUp >= 1;
    this.debtClean = new Float64Array(n);
    this.debtDamaged = new Float64Array(n);
    this.owed = new Int32Array(n);
    this.drawn = new Int32Array(n);
  }

  /** Sets applied[t] = 1 for every tag the dose gets; returns whether it got any. */
  run(target: TagTarget, applied: Uint8Array, rng: Sfc32): boolean {
    const n = this.draw.length;
    let drawn = 0;
    for (let t = 0; t < n; t++) if (rng.float() < this.draw[t]) this.drawn[drawn++] = t;
    let owed = 0;
    let kept = drawn;
    for (let i = 0; i < drawn; i++) {
      const t = this.drawn[i];
      // A credit (an extra draw made earlier) cancels this draw, if the dose keeps another.
      if (this.debtDamaged[t] < 0 && kept > 1) {
        this.debtDamaged[t]++;
        kept--;
        continue;
      }
      if (target.apply(t)) applied[t] = 1;
      else this.owed[owed++] = t;
    }
    let damaged = false;
    for (let t = 0; t < n && !damaged; t++) damaged = applied[t] === 1;
    if (!damaged && owed === 0 && this.topUpTable !== null && rng.chance(this.topUp)) {
      const t = this.topUpTable.draw(rng);
      if (target.apply(t)) {
        applied[t] = 1;
        damaged = true;
      } else this.owed[owed++] = t;
    }
    for (let i = 0; i < owed; i++) {
      if (i === 0 && !damaged && !this.everyDose) this.debtClean[this.owed[0]]++;
      else this.debtDamaged[this.owed[i]]++;
    }
    if (!damaged) damaged = this.repayOne(this.everyDose ? this.debtDamaged : this.debtClean, target, applied);
    // Far above the rates' own damaged share few doses stay clean to pay the clean debt, which
    // then grows: past a reserve, a dose that drew a tag and is still clean pays a damaged dose's
    // debt that fits, else takes a credited top-up tag, and its owed tag becomes a damaged dose's debt.
    if (!damaged && owed > 0 && !this.everyDose && this.cleanDebt() > DEBT_RESERVE) {
      damaged = this.repayOne(this.debtDamaged, target, applied) || this.creditedTopUp(target, applied, rng);
      if (damaged) {
        this.debtClean[this.owed[0]]--;
        this.debtDamaged[this.owed[0]]++;
      }
    }
    if (!damaged && this.everyDose) damaged = this.creditedTopUp(target, applied, rng);
    if (damaged) {
      const reserve = this.everyDose ? DEBT_RESERVE : 0;
      for (let t = 0; t < n; t++) {
        if (this.debtDamaged[t] > reserve && applied[t] === 0 && target.apply(t)) {
          applied[t] = 1;
          this.debtDamaged[t]--;
        }
      }
    }
    return damaged;
  }

  /**
   * Applies a top-up tag that fits (up to 32 draws in proportion to the rates), credited against a
   * later draw of it on a dose that draws more than one; false when none fitted.
   */
  private creditedTopUp(target: TagTarget, applied: Uint8Array, rng: Sfc32): boolean {
    if (this.topUpTable === null) return false;
    for (let attempt = 0; attempt < 32; attempt++) {
      const t = this.topUpTable.draw(rng);
      if (target.apply(t)) {
        applied[t] = 1;
        this.debtDamaged[t]--;
        return true;
      }
    }
    return false;
  }

  /** Tags owed by doses that ended clean, in all. */
  private cleanDebt(): number {
    let sum = 0;
    for (let t = 0; t < this.debtClean.length; t++) if (this.debtClean[t] > 0) sum += this.debtClean[t];
    return sum;
  }

  /** Applies the first owed tag that fits this (so far clean) dose. */
  private repayOne(debt: Float64Array, target: TagTarget, applied: Uint8Array): boolean {
    for (let t = 0; t < debt.length; t++) {
      if (debt[t] > 0 && target.apply(t)) {
        applied[t] = 1;
        debt[t]--;
        return true;
      }
    }
    return false;
  }
}
