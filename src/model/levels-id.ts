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
 * Speed: most candidate pairs (found by name and year) have unrelated IDs, and a batch of pairs
 * visits left rows scattered over the register (by left row, roughly: pair-order.ts), so what
 * costs is reading the left record. Each left column gets a 4-byte fingerprint per record, made
 * once (`tailsOf`): the length and the low nibbles of the last seven characters, the random part
 * of a personal ID. Most pairs are settled from it and the right record alone: equal lengths
 * with three or more differing tail nibbles are neither exact nor one edit apart; lengths one
 * apart whose tails cannot line up around one inserted character (`mayBeOneIndel`) are not an
 * insertion or deletion; lengths further apart are neither. Equal nibbles do not prove equal
 * characters ('A' and '1' share one), so only the "no" answers are used: the near misses left
 * over are classified on the slots by `idEditKindBytes` (blocking/id-edit-bytes.ts), with no
 * strings built. The former method (every level on the columns, edits by `idEditKind` on strings)
 * stays as `levelOfReference`, the test oracle. At 1M × 1M (14.5M candidate pairs, one thread)
 * the ID levels went from 2.4 to 1.0 s CPU with these changes (benchmarks/id-parts.ts).
 *
 * In u estimation (register × register) the "right" record is another register record, so its
 * ID is a person_id and id_equals_other compares it with the first record's old_id.
 */
import { KhopError } from '../errors.js';
import { ID_SLOT, type IdColumn } from '../engine/column-id.js';
import type { RecordStore } from '../engine/record-store.js';
import { idEditKind, type IdEditKind } from '../similarity/id-edit-kind.js';
import { EDIT_DELETION, EDIT_INSERTION, EDIT_SUBSTITUTION as BYTES_SUBSTITUTION, EDIT_TRANSPOSITION as BYTES_TRANSPOSITION, idEditKindBytes } from '../blocking/id-edit-bytes.js';
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

/** `idEditKindBytes` codes (id-edit-bytes.ts) to this file's: the same kinds as EDIT_CODES. */
const BYTE_EDIT_CODES = Int8Array.from({ length: 6 }, (_, code) =>
  code === BYTES_SUBSTITUTION
    ? EDIT_SUBSTITUTION
    : code === BYTES_TRANSPOSITION
      ? EDIT_TRANSPOSITION
      : code === EDIT_DELETION || code === EDIT_INSERTION
        ? EDIT_INSERTION_DELETION
        : EDIT_OTHER,
);

/** The reference classification (a test oracle): `idEditKind` on the digit strings. */
function oneEditKindReference(L: IdColumn, i: number, R: IdColumn, j: number): number {
  const ln = L.length[i];
  const rn = R.length[j];
  if (ln === 0 || rn === 0 || ln > ID_SLOT || rn > ID_SLOT) return EDIT_OTHER;
  return EDIT_CODES[idEditKind(L.digitsOf(i), R.digitsOf(j))];
}

/**
 * The one-edit kind on the slots: lengths more than one apart, or equal lengths with more than
 * two differing positions, are settled here; the rest by `idEditKindBytes` (the typed-array twin
 * of `idEditKind`), which allocates nothing.
 */
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
  return BYTE_EDIT_CODES[idEditKindBytes(L.digits, i * ID_SLOT, ln, R.digits, j * ID_SLOT, rn)];
}

/** Nibbles of the tail (the last seven characters); the length sits above them, in bits 28-31. */
const TAIL_MASK = 0x0fffffff;
const TAIL_CHARS = 7;

/** The low nibbles of the last (up to) seven characters of slot [at, at + n), n ≤ ID_SLOT; the last in bits 0-3. */
function tailOf(digits: Uint8Array, at: number, n: number): number {
  let tail = 0;
  const from = n > TAIL_CHARS ? n - TAIL_CHARS : 0;
  for (let k = from; k < n; k++) tail = (tail << 4) | (digits[at + k] & 0xf);
  return tail;
}

/** Bit 0 of each of the seven low nibbles of x set when that nibble is non-zero. */
function nonZeroNibbles(x: number): number {
  return (x | (x >>> 1) | (x >>> 2) | (x >>> 3)) & 0x1111111;
}

/** Number of non-zero nibbles among the seven low ones of x. */
function differingNibbles(x: number): number {
  // The product sums the seven 0/1 nibbles into nibble 6; no nibble below it exceeds 7, so no carry.
  return (Math.imul(nonZeroNibbles(x), 0x1111111) >>> 24) & 0xf;
}

/**
 * Whether the tails of two IDs one apart in length allow one inserted character: inserting at
 * position p keeps the characters after p aligned from the end (equal tail nibbles) and shifts
 * those before it by one (the longer's nibble q equal to the shorter's q − 1). So past the first
 * aligned difference m, every nibble must match shifted. False proves the IDs are not one
 * insertion or deletion apart (equal nibbles do not prove equal characters: only true is a maybe).
 */
function mayBeOneIndel(longer: number, shorter: number): boolean {
  const alignedFlags = nonZeroNibbles(longer ^ shorter);
  if (alignedFlags === 0) return true;
  const first = alignedFlags & -alignedFlags;
  return (nonZeroNibbles(longer ^ ((shorter << 4) & TAIL_MASK)) & ~((first << 4) - 1)) === 0;
}

const tailCache = new WeakMap<IdColumn, Int32Array>();

/**
 * Per record of a left ID column: its length (capped at 15) in bits 28-31 and `tailOf` its slot
 * below. Made once per column object and kept: left columns (the register) are frozen. 4 bytes
 * per record, read instead of the 13-byte slot and the length byte: in a batch visited by left
 * row (pair-order.ts) that is about half the cache lines.
 */
function tailsOf(c: IdColumn): Int32Array {
  let tails = tailCache.get(c);
  if (tails === undefined) {
    const { digits, length } = c;
    tails = new Int32Array(length.length);
    for (let i = 0; i < tails.length; i++) {
      const n = length[i];
      tails[i] = ((n < 15 ? n : 15) << 28) | (n <= ID_SLOT ? tailOf(digits, i * ID_SLOT, n) : 0);
    }
    tailCache.set(c, tails);
  }
  return tails;
}

interface IdPlan {
  ops: Uint8Array;
  /** For id_equals_other levels: the left store's column of the other field. */
  others: (IdColumn | null)[];
}

/**
 * The level of pair (i, j). engine/settle-plan.ts relies on these levels agreeing with the ID
 * blocking rules (an exact pair has equal digits keys; a one-edit pair shares a deletion variant).
 * `tails` are the left column's fingerprints (`tailsOf`): when they
 * show that two IDs of the same length differ in at least three of their last seven positions,
 * the pair is neither exact nor one edit apart, and the left digits are not read at all.
 */
function idLevel(p: IdPlan, L: IdColumn, tails: Int32Array, i: number, R: IdColumn, j: number): number {
  const ops = p.ops;
  const tail = tails[i];
  const ln = tail >>> 28;
  const rn = R.length[j];
  let edit = EDIT_UNKNOWN;
  let far = false;
  if (rn <= ID_SLOT && rn !== 0 && ln <= ID_SLOT && ln !== 0) {
    const lt = tail & TAIL_MASK;
    if (ln === rn) {
      far = differingNibbles(lt ^ tailOf(R.digits, j * ID_SLOT, rn)) >= 3;
      if (far) edit = EDIT_OTHER;
    } else if (ln === rn + 1) {
      if (!mayBeOneIndel(lt, tailOf(R.digits, j * ID_SLOT, rn))) edit = EDIT_OTHER;
    } else if (rn === ln + 1) {
      if (!mayBeOneIndel(tailOf(R.digits, j * ID_SLOT, rn), lt)) edit = EDIT_OTHER;
    }
  }
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (ln === 0 || rn === 0) return k;
        break;
      case OP_EXACT:
        if (!far && L.sameAs(i, R, j)) return k;
        break;
      case OP_EQUALS_OTHER: {
        // Lengths first: an empty old ID and a 9-digit one, about half and half, both differ
        // from a 12-digit right ID, so this branch is predictable where sameAs's are not.
        const other = p.others[k]!;
        if (other.length[i] === rn && other.sameAs(i, R, j)) return k;
        break;
      }
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

/** The reference for `idLevel` (a test oracle): every level tested on the columns, edits classified on strings. */
function idLevelReference(p: IdPlan, L: IdColumn, i: number, R: IdColumn, j: number): number {
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
        if (edit === EDIT_UNKNOWN) edit = oneEditKindReference(L, i, R, j);
        if (edit === EDIT_SUBSTITUTION) return k;
        break;
      case OP_TRANSPOSITION:
        if (edit === EDIT_UNKNOWN) edit = oneEditKindReference(L, i, R, j);
        if (edit === EDIT_TRANSPOSITION) return k;
        break;
      case OP_INSERTION_DELETION:
        if (edit === EDIT_UNKNOWN) edit = oneEditKindReference(L, i, R, j);
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
  private tailsL: Int32Array | null = null;

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
    this.tailsL = tailsOf(this.colL);
    this.plan.others = this.otherFields.map((f) => (f === null ? null : left.id(f)));
    this.boundL = left;
    this.boundR = right;
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return idLevel(this.plan, this.colL!, this.tailsL!, i, this.colR!, j);
  }

  /** `levelOf` by the reference method (a test oracle). */
  levelOfReference(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return idLevelReference(this.plan, this.colL!, i, this.colR!, j);
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
    const tails = this.tailsL!;
    for (let n = 0; n < count; n++) out[n * stride + offset] = idLevel(p, L, tails, pairsL[n], R, pairsR[n]);
  }

  tfCodes(): Int32Array | null {
    return null;
  }
}
