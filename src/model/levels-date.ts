/**
 * Date-of-birth comparison levels, first that holds wins:
 *   null                    either date missing or unreadable
 *   date_exact              both full dates, day, month and year equal
 *   date_year_only_match    same year and at least one side known only to the year (the register
 *                           holds a full date where the dose has a year, or the reverse)
 *   date_day_month_swapped  both full, same year, day of one = month of the other and vice versa,
 *                           day ≠ month (otherwise it is simply exact)
 *   date_year_off_by_one    both full, same day and month, years one apart
 *   date_one_component      both full, exactly one of day, month, year differs (one wrong digit,
 *                           a default 01/01 on one side with the same month …)
 *   else
 * The typing errors are the ones DESIGN.md lists for dates of birth. Impossible dates (30/02)
 * keep their components, so they compare like any other full date.
 */
import { KhopError } from '../errors.js';
import { PRECISION_DAY, PRECISION_MISSING, PRECISION_YEAR, type DateColumn } from '../engine/column-date.js';
import type { RecordStore } from '../engine/record-store.js';
import { ComparisonBase, type CompiledComparison } from './compiled-comparison.js';
import type { LevelKind, LevelSettings } from './settings-schema.js';

const OP_NULL = 0;
const OP_EXACT = 1;
const OP_YEAR_ONLY = 2;
const OP_SWAPPED = 3;
const OP_YEAR_OFF_BY_ONE = 4;
const OP_ONE_COMPONENT = 5;
const OP_ELSE = 6;

const OPS: Partial<Record<LevelKind, number>> = {
  null: OP_NULL,
  date_exact: OP_EXACT,
  date_year_only_match: OP_YEAR_ONLY,
  date_day_month_swapped: OP_SWAPPED,
  date_year_off_by_one: OP_YEAR_OFF_BY_ONE,
  date_one_component: OP_ONE_COMPONENT,
  else: OP_ELSE,
};

function dateLevel(ops: Uint8Array, L: DateColumn, i: number, R: DateColumn, j: number): number {
  const lp = L.precision[i];
  const rp = R.precision[j];
  const ly = L.year[i];
  const ry = R.year[j];
  const lm = L.month[i];
  const rm = R.month[j];
  const ld = L.day[i];
  const rd = R.day[j];
  const full = lp === PRECISION_DAY && rp === PRECISION_DAY;
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (lp === PRECISION_MISSING || rp === PRECISION_MISSING) return k;
        break;
      case OP_EXACT:
        if (full && ly === ry && lm === rm && ld === rd) return k;
        break;
      case OP_YEAR_ONLY:
        if (ly === ry && (lp === PRECISION_YEAR || rp === PRECISION_YEAR)) return k;
        break;
      case OP_SWAPPED:
        if (full && ly === ry && ld === rm && lm === rd && ld !== lm) return k;
        break;
      case OP_YEAR_OFF_BY_ONE:
        if (full && lm === rm && ld === rd && (ly - ry === 1 || ry - ly === 1)) return k;
        break;
      case OP_ONE_COMPONENT:
        if (full && (ly !== ry ? 1 : 0) + (lm !== rm ? 1 : 0) + (ld !== rd ? 1 : 0) === 1) return k;
        break;
      default:
        return k;
    }
  }
  return ops.length - 1;
}

export class DateComparison extends ComparisonBase implements CompiledComparison {
  private readonly ops: Uint8Array;
  private colL: DateColumn | null = null;
  private colR: DateColumn | null = null;

  constructor(name: string, field: string, levels: readonly LevelSettings[], labels: readonly string[], tfLevels: readonly boolean[]) {
    super(name, field, levels, labels, tfLevels);
    this.ops = Uint8Array.from(levels, (l) => {
      const op = OPS[l.kind];
      if (op === undefined) throw new KhopError('SETTINGS_INVALID', `level "${l.kind}" does not apply to a date field`, { field });
      return op;
    });
  }

  private bind(left: RecordStore, right: RecordStore): void {
    this.colL = left.date(this.field);
    this.colR = right.date(this.field);
    this.boundL = left;
    this.boundR = right;
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return dateLevel(this.ops, this.colL!, i, this.colR!, j);
  }

  levelsOf(
    left: RecordStore,
    right: RecordStore,
    pairsL: Int32Array,
    pairsR: Int32Array,
    count: number,
    out: Uint8Array,
    stride: number,
    offset: number,
  ): void {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    const ops = this.ops;
    const L = this.colL!;
    const R = this.colR!;
    for (let n = 0; n < count; n++) out[n * stride + offset] = dateLevel(ops, L, pairsL[n], R, pairsR[n]);
  }

  tfCodes(): Int32Array | null {
    return null;
  }
}
