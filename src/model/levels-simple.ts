/**
 * Levels for single-valued fields, first that holds wins:
 *   gender:         null (either unknown), exact (same), else
 *   string / exact: null (either empty), exact (same normalized value, column-string.ts),
 *                   jaro_winkler (string only: UTF-8 bytes of the values ≥ threshold), else
 * Values are dictionary codes (or the gender byte), so exact is one integer compare.
 */
import { KhopError } from '../errors.js';
import { GENDER_UNKNOWN, type GenderColumn } from '../engine/column-gender.js';
import type { StringColumn } from '../engine/column-string.js';
import type { RecordStore } from '../engine/record-store.js';
import { jaroWinklerCodes } from '../similarity/jaro-winkler.js';
import { assertSameDictionary, ComparisonBase, type CompiledComparison } from './compiled-comparison.js';
import type { LevelSettings } from './settings-schema.js';

const OP_NULL = 0;
const OP_EXACT = 1;
const OP_JARO_WINKLER = 2;
const OP_ELSE = 3;

function opsOf(levels: readonly LevelSettings[], field: string, allowJw: boolean): { ops: Uint8Array; threshold: Float64Array } {
  const threshold = new Float64Array(levels.length);
  const ops = Uint8Array.from(levels, (l, k) => {
    switch (l.kind) {
      case 'null':
        return OP_NULL;
      case 'exact':
        return OP_EXACT;
      case 'jaro_winkler':
        if (!allowJw) break;
        threshold[k] = l.threshold;
        return OP_JARO_WINKLER;
      case 'else':
        return OP_ELSE;
    }
    throw new KhopError('SETTINGS_INVALID', `level "${l.kind}" does not apply to this field`, { field });
  });
  return { ops, threshold };
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

function stringLevel(
  ops: Uint8Array,
  threshold: Float64Array,
  L: Int32Array,
  i: number,
  R: Int32Array,
  j: number,
  bytes: Uint8Array,
  offsets: Uint32Array,
): number {
  const a = L[i];
  const b = R[j];
  let jw = -1;
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (a < 0 || b < 0) return k;
        break;
      case OP_EXACT:
        if (a >= 0 && a === b) return k;
        break;
      case OP_JARO_WINKLER:
        if (jw < 0) {
          jw = a < 0 || b < 0 ? 0 : a === b ? 1 : jaroWinklerCodes(bytes, offsets[a], offsets[a + 1] - offsets[a], bytes, offsets[b], offsets[b + 1] - offsets[b]);
        }
        if (jw >= threshold[k]) return k;
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
    this.ops = opsOf(levels, field, false).ops;
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

export class StringComparison extends ComparisonBase implements CompiledComparison {
  private readonly ops: Uint8Array;
  private readonly threshold: Float64Array;
  private colL: Int32Array = new Int32Array(0);
  private colR: Int32Array = new Int32Array(0);
  private bytes: Uint8Array = new Uint8Array(0);
  private offsets: Uint32Array = new Uint32Array(0);

  constructor(name: string, field: string, levels: readonly LevelSettings[], labels: readonly string[], tfLevels: readonly boolean[]) {
    super(name, field, levels, labels, tfLevels);
    const { ops, threshold } = opsOf(levels, field, true);
    this.ops = ops;
    this.threshold = threshold;
  }

  private bind(left: RecordStore, right: RecordStore): void {
    const L = left.string(this.field);
    const R = right.string(this.field);
    assertSameDictionary(L.dictionary, R.dictionary, this.field);
    if (!L.dictionary.frozen) throw new KhopError('INTERNAL', 'freeze the dictionaries before comparing', { field: this.field });
    this.colL = L.codes;
    this.colR = R.codes;
    this.bytes = L.dictionary.bytes;
    this.offsets = L.dictionary.offsets;
    this.boundL = left;
    this.boundR = right;
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return stringLevel(this.ops, this.threshold, this.colL, i, this.colR, j, this.bytes, this.offsets);
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
    const { ops, threshold, colL, colR, bytes, offsets } = this;
    for (let n = 0; n < count; n++) {
      out[n * stride + offset] = stringLevel(ops, threshold, colL, pairsL[n], colR, pairsR[n], bytes, offsets);
    }
  }

  tfCodes(left: RecordStore, level: number): Int32Array | null {
    return this.tfLevels[level] ? left.string(this.field).codes : null;
  }
}
