/**
 * Name comparison levels, evaluated on dictionary codes (column-name.ts), first that holds wins:
 *   null          either name empty
 *   exact         equal on a form (key by default; folded, toneless, variant, variant_folded)
 *   tone_only     toneless forms equal (Thủy / Thùy, Thuy / Thùy): they differ only in tone marks
 *   folded_equal  folded forms equal: they differ only in diacritics (typed without them,
 *                 Nguyen / Nguyễn, or a vowel mark lost, Hưong / Hương)
 *   variant_equal equal after regional-variant and i/y unification (variant_folded by default)
 *   token_set     same variant-folded tokens as a multiset (family name moved to the end), or,
 *                 with allow_missing_middle (default true), same family and given name with the
 *                 shorter name's middle names all among the longer one's ("Nguyễn Hương" /
 *                 "Nguyễn Thị Hương")
 *   jaro_winkler  Jaro-Winkler (similarity/jaro-winkler.ts) of the folded (or variant_folded)
 *                 strings ≥ threshold, computed once per pair and form however many JW levels read
 *                 it, memoised by code pair and skipped when a bound proves it below every
 *                 threshold (level-jaro-winkler.ts)
 *   else
 * Each equality level holds whenever its key is equal, so the order decides what a level means:
 * tone_only must come before folded_equal (toneless equality implies folded equality), and
 * variant_equal after both, as in the preset (settings-check.ts rejects an order that would hide
 * a level). Equality is code equality, since one dictionary serves both sides, and the five forms'
 * equalities are taken once per pair as a bitmask. Nothing is allocated per pair: the level plan is
 * typed arrays, and the token checks use a bitmask of used positions.
 */
import { KhopError } from '../errors.js';
import { FORM_FOLDED, FORM_KEY, FORM_VARIANT_FOLDED, NAME_FORM_COUNT, type NameColumn } from '../engine/column-name.js';
import type { RecordStore } from '../engine/record-store.js';
import { LevelJaroWinkler } from './level-jaro-winkler.js';
import { assertSameDictionary, ComparisonBase, type CompiledComparison } from './compiled-comparison.js';
import { nameLevelForm } from './level-kinds.js';
import { NAME_FORMS, type LevelSettings } from './settings-schema.js';

const OP_NULL = 0;
const OP_EQUAL = 1;
const OP_TOKEN_SET = 2;
const OP_JARO_WINKLER = 3;
const OP_ELSE = 4;

/** Tokens beyond this many on one side are never a name; token levels then do not hold. */
const MAX_TOKENS = 31;

interface NamePlan {
  ops: Uint8Array;
  form: Uint8Array;
  threshold: Float64Array;
  allowMissingMiddle: Uint8Array;
}

function compilePlan(levels: readonly LevelSettings[], field: string): NamePlan {
  const n = levels.length;
  const plan: NamePlan = {
    ops: new Uint8Array(n),
    form: new Uint8Array(n),
    threshold: new Float64Array(n),
    allowMissingMiddle: new Uint8Array(n),
  };
  levels.forEach((level, k) => {
    const form = nameLevelForm(level);
    if (form !== null) plan.form[k] = NAME_FORMS.indexOf(form);
    switch (level.kind) {
      case 'null':
        plan.ops[k] = OP_NULL;
        break;
      case 'exact':
      case 'tone_only':
      case 'folded_equal':
      case 'variant_equal':
        plan.ops[k] = OP_EQUAL;
        break;
      case 'token_set':
        plan.ops[k] = OP_TOKEN_SET;
        plan.allowMissingMiddle[k] = level.allow_missing_middle === false ? 0 : 1;
        break;
      case 'jaro_winkler':
        plan.ops[k] = OP_JARO_WINKLER;
        plan.threshold[k] = level.threshold;
        break;
      case 'else':
        plan.ops[k] = OP_ELSE;
        break;
      default:
        throw new KhopError('SETTINGS_INVALID', `level "${level.kind}" does not apply to a name field`, { field });
    }
  });
  return plan;
}

/** Positions of `sub` matched one-to-one to equal positions of `sup`, in any order. */
function containsAll(sup: Int32Array, supStart: number, supLen: number, sub: Int32Array, subStart: number, subLen: number): boolean {
  let used = 0;
  for (let a = 0; a < subLen; a++) {
    const t = sub[subStart + a];
    let b = 0;
    while (b < supLen && ((used >>> b) & 1 || sup[supStart + b] !== t)) b++;
    if (b === supLen) return false;
    used |= 1 << b;
  }
  return true;
}

function tokenSetHolds(L: NameColumn, i: number, R: NameColumn, j: number, allowMissingMiddle: boolean): boolean {
  const ls = L.tokenStart[i];
  const ln = L.tokenStart[i + 1] - ls;
  const rs = R.tokenStart[j];
  const rn = R.tokenStart[j + 1] - rs;
  if (ln > MAX_TOKENS || rn > MAX_TOKENS || ln === 0 || rn === 0) return false;
  const lt = L.tokens;
  const rt = R.tokens;
  if (ln === rn) return containsAll(rt, rs, rn, lt, ls, ln);
  if (!allowMissingMiddle || ln < 2 || rn < 2) return false;
  if (lt[ls] !== rt[rs] || lt[ls + ln - 1] !== rt[rs + rn - 1]) return false;
  // Same family and given name: the shorter side's middle names must all be among the longer's.
  return ln < rn ? containsAll(rt, rs + 1, rn - 2, lt, ls + 1, ln - 2) : containsAll(lt, ls + 1, ln - 2, rt, rs + 1, rn - 2);
}

/** Bit f set when form f is present and equal on both sides. */
function equalForms(lf: readonly Int32Array[], i: number, rf: readonly Int32Array[], j: number): number {
  let eq = 0;
  for (let f = 0; f < NAME_FORM_COUNT; f++) {
    const a = lf[f][i];
    if (a >= 0 && a === rf[f][j]) eq |= 1 << f;
  }
  return eq;
}

/** What the Jaro-Winkler levels read: the byte pool of the field's dictionary and a cache per form. */
interface JwContext {
  bytes: Uint8Array;
  offsets: Uint32Array;
  folded: LevelJaroWinkler;
  variantFolded: LevelJaroWinkler;
}

function nameLevel(p: NamePlan, L: NameColumn, i: number, R: NameColumn, j: number, jw: JwContext): number {
  const lf = L.forms;
  const rf = R.forms;
  const ops = p.ops;
  let eq = -1;
  let jwFolded = -1;
  let jwVariantFolded = -1;
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (lf[FORM_KEY][i] < 0 || rf[FORM_KEY][j] < 0) return k;
        break;
      case OP_EQUAL:
        if (eq < 0) eq = equalForms(lf, i, rf, j);
        if ((eq >> p.form[k]) & 1) return k;
        break;
      case OP_TOKEN_SET:
        if (tokenSetHolds(L, i, R, j, p.allowMissingMiddle[k] === 1)) return k;
        break;
      case OP_JARO_WINKLER: {
        let s: number;
        if (p.form[k] === FORM_VARIANT_FOLDED) {
          if (jwVariantFolded < 0) jwVariantFolded = jw.variantFolded.get(lf[FORM_VARIANT_FOLDED][i], rf[FORM_VARIANT_FOLDED][j], jw.bytes, jw.offsets);
          s = jwVariantFolded;
        } else {
          if (jwFolded < 0) jwFolded = jw.folded.get(lf[FORM_FOLDED][i], rf[FORM_FOLDED][j], jw.bytes, jw.offsets);
          s = jwFolded;
        }
        if (s >= p.threshold[k]) return k;
        break;
      }
      default:
        return k;
    }
  }
  return ops.length - 1;
}

export class NameComparison extends ComparisonBase implements CompiledComparison {
  private readonly plan: NamePlan;
  private colL: NameColumn | null = null;
  private colR: NameColumn | null = null;
  private readonly jw: JwContext;

  constructor(name: string, field: string, levels: readonly LevelSettings[], labels: readonly string[], tfLevels: readonly boolean[]) {
    super(name, field, levels, labels, tfLevels);
    this.plan = compilePlan(levels, field);
    const floor = (form: number): number => {
      let min = Infinity;
      for (let k = 0; k < levels.length; k++) {
        if (this.plan.ops[k] === OP_JARO_WINKLER && this.plan.form[k] === form) min = Math.min(min, this.plan.threshold[k]);
      }
      return min;
    };
    this.jw = {
      bytes: new Uint8Array(0),
      offsets: new Uint32Array(0),
      folded: new LevelJaroWinkler(floor(FORM_FOLDED)),
      variantFolded: new LevelJaroWinkler(floor(FORM_VARIANT_FOLDED)),
    };
  }

  private bind(left: RecordStore, right: RecordStore): void {
    const L = left.name(this.field);
    const R = right.name(this.field);
    assertSameDictionary(L.dictionary, R.dictionary, this.field);
    if (!L.dictionary.frozen) throw new KhopError('INTERNAL', 'freeze the dictionaries before comparing', { field: this.field });
    this.colL = L;
    this.colR = R;
    this.jw.bytes = L.dictionary.bytes;
    this.jw.offsets = L.dictionary.offsets;
    this.boundL = left;
    this.boundR = right;
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    if (left !== this.boundL || right !== this.boundR) this.bind(left, right);
    return nameLevel(this.plan, this.colL!, i, this.colR!, j, this.jw);
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
    const jw = this.jw;
    for (let n = 0; n < count; n++) out[n * stride + offset] = nameLevel(p, L, pairsL[n], R, pairsR[n], jw);
  }

  tfCodes(left: RecordStore, level: number): Int32Array | null {
    if (!this.tfLevels[level]) return null;
    return left.name(this.field).forms[this.plan.form[level]];
  }
}
