/**
 * Levels for gender fields, first that holds wins: null (either unknown), exact (same), else.
 * The gender is one byte per record, so exact is one integer compare. (String and exact fields:
 * levels-string.ts.)
 */
import { KhopError } from '../errors.js';
import { GENDER_UNKNOWN, type GenderColumn } from '../engine/column-gender.js';
import type { RecordStore } from '../engine/record-store.js';
import { ComparisonBase, type CompiledComparison } from './compiled-comparison.js';
import type { LevelSettings } from './settings-schema.js';

const OP_NULL = 0;
const OP_EXACT = 1;
const OP_ELSE = 2;

function opsOf(levels: readonly LevelSettings[], field: string): Uint8Array {
  return Uint8Array.from(levels, (l) => {
    switch (l.kind) {
      case 'null':
        return OP_NULL;
      case 'exact':
        return OP_EXACT;
      case 'else':
        return OP_ELSE;
    }
    throw new KhopError('SETTINGS_INVALID', `level "${l.kind}" does not apply to this field`, { field });
  });
}

function genderLevel(ops: Uint8Array, L: Int8Array, i: number, R: Int8Array, j: number): number {
  const a = L[i];
  const b = R[j];
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (a === GENDER_UNKNOWN || b === GENDER_UNKNOWN) return k;
        break;
      case OP_EXACT:
        if (a === b) return k;
        break;
      default:
        return k;
    }
  }
  return ops.length - 1;
}

export class GenderComparison extends ComparisonBase implements CompiledComparison {
  private readonly ops: Uint8Array;
  private colL: Int8Array = new Int8Array(0);
  private colR: Int8Array = new Int8Array(0);

  constructor(name: string, field: string, levels: readonly LevelSettings[], labels: readonly string[], tfLevels: readonly boolean[]) {
    super(name, field, levels, labels, tfLevels);
    this.ops = opsOf(levels, field);
  }

  private bind(left: RecordStore, right: RecordStore): void {
    this.colL = left.gender(this.field).gender;
    this.colR = right.gender(this.field).gender;
    this.boundL = left;
    this.boundR = right;
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return genderLevel(this.ops, this.colL, i, this.colR, j);
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
    const L = this.colL;
    const R = this.colR;
    for (let n = 0; n < count; n++) out[n * stride + offset] = genderLevel(ops, L, pairsL[n], R, pairsR[n]);
  }

  tfCodes(): Int32Array | null {
    return null;
  }
}
