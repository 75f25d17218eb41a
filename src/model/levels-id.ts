/**
 * ID comparison levels on the digit slots (column-id.ts), first that holds wins:
 *   null                   either ID empty
 *   id_exact               same characters, same length
 *   id_equals_other        the right ID equals another ID field of the LEFT record (the
 *                          register's old 9- or 12-digit CMND, which people still write on forms)
 *   id_substitution        one single edit turns the left ID into the right one, and it is a
 *   id_transposition       substitution / an adjacent transposition / a deletion or insertion,
 *   id_insertion_deletion  as `idEditKind` (similarity/id-edit-kind.ts) names it
 *   else
 * Lengths above the slot (13: an ID with a digit added still fits) compare to nothing. The left record is the reference and the
 * right the observed value, as `idEditKind` reads its arguments.
 *
 * Speed: most candidate pairs (found by name and year) have unrelated IDs. Two checks on the slots
 * settle them without building strings: lengths more than one apart, or equal lengths with more
 * than two differing positions, cannot be one edit apart. Only the near misses left over are
 * classified by `idEditKind` on the digit strings, which allocates two short strings; those pairs
 * are rare (a typo'd ID of the right person, or a neighbour's ID).
 *
 * In u estimation (register × register) the "right" record is another register record, so its
 * ID is a person_id and id_equals_other compares it with the first record's old_id.
 */
import { KhopError } from '../errors.js';
import { ID_SLOT, type IdColumn } from '../engine/column-id.js';
import type { RecordStore } from '../engine/record-store.js';
import { idEditKind, type IdEditKind } from '../similarity/id-edit-kind.js';
import { ComparisonBase, type CompiledComparison } from './compiled-comparison.js';
import type { LevelKind, LevelSettings } from './settings-schema.js';

const OP_NULL = 0;
const OP_EXACT = 1;
const OP_EQUALS_OTHER = 2;
const OP_SUBSTITUTION = 3;
const OP_TRANSPOSITION = 4;
const OP_INSERTION_DELETION = 5;
const OP_ELSE = 6;

const EDIT_UNKNOWN = -1;
const EDIT_OTHER = 0;
const EDIT_SUBSTITUTION = 1;
const EDIT_TRANSPOSITION = 2;
const EDIT_INSERTION_DELETION = 3;

const EDIT_CODES: Readonly<Record<IdEditKind, number>> = {
  equal: EDIT_OTHER, // not reached: exact is tested first, and equal IDs are never "one edit"
  substitution: EDIT_SUBSTITUTION,
  transposition: EDIT_TRANSPOSITION,
  deletion: EDIT_INSERTION_DELETION,
  insertion: EDIT_INSERTION_DELETION,
  other: EDIT_OTHER,
};

function oneEditKind(L: IdColumn, i: number, R: IdColumn, j: number): number {
  const ln = L.length[i];
  const rn = R.length[j];
  if (ln === 0 || rn === 0 || ln > ID_SLOT || rn > ID_SLOT) return EDIT_OTHER;
  if (ln === rn) {
    const a = L.digits;
    const b = R.digits;
    const ai = i * ID_SLOT;
    const bj = j * ID_SLOT;
    let differing = 0;
    for (let k = 0; k < ln && differing <= 2; k++) if (a[ai + k] !== b[bj + k]) differing++;
    if (differing === 0 || differing > 2) return EDIT_OTHER;
  } else if (ln - rn !== 1 && rn - ln !== 1) {
    return EDIT_OTHER;
  }
  return EDIT_CODES[idEditKind(L.digitsOf(i), R.digitsOf(j))];
}

interface IdPlan {
  ops: Uint8Array;
  /** For id_equals_other levels: the left store's column of the other field. */
  others: (IdColumn | null)[];
}

function idLevel(p: IdPlan, L: IdColumn, i: number, R: IdColumn, j: number): number {
  const ops = p.ops;
  let edit = EDIT_UNKNOWN;
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (L.length[i] === 0 || R.length[j] === 0) return k;
        break;
      case OP_EXACT:
        if (L.sameAs(i, R, j)) return k;
        break;
      case OP_EQUALS_OTHER:
        if (p.others[k]!.sameAs(i, R, j)) return k;
        break;
      case OP_SUBSTITUTION:
        if (edit === EDIT_UNKNOWN) edit = oneEditKind(L, i, R, j);
        if (edit === EDIT_SUBSTITUTION) return k;
        break;
      case OP_TRANSPOSITION:
        if (edit === EDIT_UNKNOWN) edit = oneEditKind(L, i, R, j);
        if (edit === EDIT_TRANSPOSITION) return k;
        break;
      case OP_INSERTION_DELETION:
        if (edit === EDIT_UNKNOWN) edit = oneEditKind(L, i, R, j);
        if (edit === EDIT_INSERTION_DELETION) return k;
        break;
      default:
        return k;
    }
  }
  return ops.length - 1;
}

const OPS: Partial<Record<LevelKind, number>> = {
  null: OP_NULL,
  id_exact: OP_EXACT,
  id_equals_other: OP_EQUALS_OTHER,
  id_substitution: OP_SUBSTITUTION,
  id_transposition: OP_TRANSPOSITION,
  id_insertion_deletion: OP_INSERTION_DELETION,
  else: OP_ELSE,
};

export class IdComparison extends ComparisonBase implements CompiledComparison {
  private readonly plan: IdPlan;
  private readonly otherFields: (string | null)[];
  private colL: IdColumn | null = null;
  private colR: IdColumn | null = null;

  constructor(name: string, field: string, levels: readonly LevelSettings[], labels: readonly string[], tfLevels: readonly boolean[]) {
    super(name, field, levels, labels, tfLevels);
    this.otherFields = levels.map((l) => (l.kind === 'id_equals_other' ? l.other_field : null));
    const ops = Uint8Array.from(levels, (l) => {
      const op = OPS[l.kind];
      if (op === undefined) throw new KhopError('SETTINGS_INVALID', `level "${l.kind}" does not apply to an id field`, { field });
      return op;
    });
    this.plan = { ops, others: levels.map(() => null) };
  }

  private bind(left: RecordStore, right: RecordStore): void {
    this.colL = left.id(this.field);
    this.colR = right.id(this.field);
    this.plan.others = this.otherFields.map((f) => (f === null ? null : left.id(f)));
    this.boundL = left;
    this.boundR = right;
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return idLevel(this.plan, this.colL!, i, this.colR!, j);
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
    const p = this.plan;
    const L = this.colL!;
    const R = this.colR!;
    for (let n = 0; n < count; n++) out[n * stride + offset] = idLevel(p, L, pairsL[n], R, pairsR[n]);
  }

  tfCodes(): Int32Array | null {
    return null;
  }
}
