/**
 * Levels for `string` and `exact` fields, the generic field types of any schema (issue 8), first
 * level that holds wins:
 *   null                  either side empty
 *   exact                 same normalized value (column-string.ts): one integer compare of codes
 *   jaro_winkler          Jaro-Winkler of the values' UTF-8 bytes ≥ threshold (Winkler 1990)
 *   damerau_levenshtein   OSA distance (restricted Damerau-Levenshtein, osa-distance.ts) ≤ max_distance
 *   prefix                the first `length` characters equal (postcodes: same district, same area)
 *   token_set             the same words in any order (Monge & Elkan 1996); with
 *                         allow_missing_middle, the words of one side all among the other's
 *   number_within         both values numbers and |a − b| ≤ tolerance, or ≤ tolerance × max(|a|, |b|)
 *                         when `relative` (a value that is not a number never holds)
 *   date_within           both values dates in the stated `format` (YYYY, MM, DD and literal
 *                         characters, e.g. YYYYMMDD or DD/MM/YYYY) at most `days` days apart; a value
 *                         not in the format never holds
 *   else
 * `exact` fields take only null, exact and else (level-kinds.ts).
 *
 * Values are dictionary codes shared by both sides, so everything a level derives from a value
 * (its text, number, day, sorted words) is computed once per distinct value and kept per
 * dictionary (`derived`), not per pair: the hot loop reads typed arrays indexed by code.
 */
import { KhopError } from '../errors.js';
import type { Dictionary } from '../engine/column-dictionary.js';
import type { RecordStore } from '../engine/record-store.js';
import { jaroWinklerCodes } from '../similarity/jaro-winkler.js';
import { JW_MAX_BYTES } from './level-jaro-winkler.js';
import { isDecimal } from '../util/decimal.js';
import { osaDistance } from '../similarity/osa-distance.js';
import { assertSameDictionary, ComparisonBase, type CompiledComparison } from './compiled-comparison.js';
import type { LevelSettings } from './settings-schema.js';

const OP_NULL = 0;
const OP_EXACT = 1;
const OP_JARO_WINKLER = 2;
const OP_DAMERAU = 3;
const OP_PREFIX = 4;
const OP_TOKEN_SET = 5;
const OP_TOKEN_SUBSET = 6;
const OP_NUMBER = 7;
const OP_NUMBER_RELATIVE = 8;
const OP_DATE = 9;
const OP_ELSE = 10;

/** One level as the loop reads it: its operation and numeric parameter. */
interface Plan {
  ops: Uint8Array;
  param: Float64Array;
  /** The date format of the `date_within` levels (one per comparison, checked at compile time). */
  dateFormat: string | null;
}

function planOf(levels: readonly LevelSettings[], field: string): Plan {
  const param = new Float64Array(levels.length);
  let dateFormat: string | null = null;
  const ops = Uint8Array.from(levels, (l, k) => {
    switch (l.kind) {
      case 'null':
        return OP_NULL;
      case 'exact':
        return OP_EXACT;
      case 'jaro_winkler':
        param[k] = l.threshold;
        return OP_JARO_WINKLER;
      case 'damerau_levenshtein':
        param[k] = l.max_distance;
        return OP_DAMERAU;
      case 'prefix':
        param[k] = l.length;
        return OP_PREFIX;
      case 'token_set':
        return l.allow_missing_middle === true ? OP_TOKEN_SUBSET : OP_TOKEN_SET;
      case 'number_within':
        param[k] = l.tolerance;
        return l.relative === true ? OP_NUMBER_RELATIVE : OP_NUMBER;
      case 'date_within':
        if (dateFormat !== null && dateFormat !== l.format) {
          throw new KhopError('SETTINGS_INVALID', 'the date_within levels of one comparison must share one format', { field });
        }
        dateFormat = l.format;
        param[k] = l.days;
        return OP_DATE;
      case 'else':
        return OP_ELSE;
    }
    throw new KhopError('SETTINGS_INVALID', `level "${l.kind}" does not apply to this field`, { field });
  });
  return { ops, param, dateFormat };
}

/** The start of a long string, for the quadratic comparisons (see level-jaro-winkler.ts). */
function head(text: string): string {
  return text.length > JW_MAX_BYTES ? text.slice(0, JW_MAX_BYTES) : text;
}

/** A date format as a pattern: YYYY, MM and DD once each, anything else literal. */
export function dateFormatPattern(format: string): { re: RegExp; y: number; m: number; d: number } {
  const at = { y: format.indexOf('YYYY'), m: format.indexOf('MM'), d: format.indexOf('DD') };
  if (at.y < 0 || at.m < 0 || at.d < 0) throw new KhopError('SETTINGS_INVALID', 'a date format needs YYYY, MM and DD');
  const order = (['y', 'm', 'd'] as const).slice().sort((a, b) => at[a] - at[b]);
  const parts = format.split(/(YYYY|MM|DD)/);
  // A month or day may drop its leading zero only where a literal separates it from the next or
  // previous part: in YYYYMMDD, '2020011' would otherwise read as 2020-01-01 or 2020-11-01.
  const abutting = (i: number): boolean => (i >= 2 && parts[i - 1] === '') || (i + 2 < parts.length && parts[i + 1] === '');
  const source = parts
    .map((part, i) =>
      part === 'YYYY' ? '(\\d{4})' : part === 'MM' || part === 'DD' ? (abutting(i) ? '(\\d{2})' : '(\\d{1,2})') : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&'),
    )
    .join('');
  return { re: new RegExp(`^${source}$`), y: order.indexOf('y') + 1, m: order.indexOf('m') + 1, d: order.indexOf('d') + 1 };
}

/** Days since 1970-01-01 of a value in the format, or NaN when it is not a valid date in it. */
export function parseDateDays(value: string, pattern: ReturnType<typeof dateFormatPattern>): number {
  const g = pattern.re.exec(value);
  if (g === null) return Number.NaN;
  const y = Number(g[pattern.y]);
  const m = Number(g[pattern.m]);
  const d = Number(g[pattern.d]);
  const t = Date.UTC(y, m - 1, d);
  const back = new Date(t);
  // Date.UTC rolls 31 February into March: a date that does not come back unchanged is not one.
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== m - 1 || back.getUTCDate() !== d) return Number.NaN;
  return t / 86_400_000;
}

/** A number as written (surrounding space dropped, `,` thousands separators allowed), else NaN. */
export function parseNumberValue(value: string): number {
  const v = value.trim().replace(/(\d),(?=\d{3}\b)/g, '$1');
  return isDecimal(v) ? Number(v) : Number.NaN;
}

/** Per distinct value: what the levels need, computed on first use. */
interface Derived {
  text?: string[];
  number?: Float64Array;
  days?: Map<string, Float64Array>;
  /** Code of the sorted word list (equal codes = same multiset of words), and the words. */
  tokenKey?: Int32Array;
  tokens?: string[][];
}

const derivedByDictionary = new WeakMap<Dictionary, Derived>();

function derived(dict: Dictionary): Derived {
  let d = derivedByDictionary.get(dict);
  if (d === undefined) {
    d = {};
    derivedByDictionary.set(dict, d);
  }
  return d;
}

function texts(dict: Dictionary): string[] {
  const d = derived(dict);
  d.text ??= Array.from({ length: dict.size }, (_, c) => dict.string(c));
  return d.text;
}

function numbers(dict: Dictionary): Float64Array {
  const d = derived(dict);
  d.number ??= Float64Array.from(texts(dict), parseNumberValue);
  return d.number;
}

function days(dict: Dictionary, format: string): Float64Array {
  const d = derived(dict);
  d.days ??= new Map();
  let a = d.days.get(format);
  if (a === undefined) {
    const pattern = dateFormatPattern(format);
    a = Float64Array.from(texts(dict), (v) => parseDateDays(v, pattern));
    d.days.set(format, a);
  }
  return a;
}

function tokenKeys(dict: Dictionary): { key: Int32Array; tokens: string[][] } {
  const d = derived(dict);
  if (d.tokenKey === undefined || d.tokens === undefined) {
    const ids = new Map<string, number>();
    d.tokens = texts(dict).map((v) => v.split(' ').filter((t) => t !== '').sort());
    d.tokenKey = Int32Array.from(d.tokens, (t) => {
      const k = t.join(' ');
      let id = ids.get(k);
      if (id === undefined) ids.set(k, (id = ids.size));
      return id;
    });
  }
  return { key: d.tokenKey, tokens: d.tokens };
}

/** Whether sorted word list `a` is within sorted list `b` (as multisets). */
function sortedWithin(a: readonly string[], b: readonly string[]): boolean {
  let j = 0;
  for (const t of a) {
    while (j < b.length && b[j] < t) j++;
    if (j === b.length || b[j] !== t) return false;
    j++;
  }
  return true;
}

/** What the loop reads, bound to one dictionary. */
interface Bound {
  L: Int32Array;
  R: Int32Array;
  bytes: Uint8Array;
  offsets: Uint32Array;
  text: string[];
  number: Float64Array;
  days: Float64Array;
  tokenKey: Int32Array;
  tokens: string[][];
}

const NO_NUMBERS = new Float64Array(0);
const NO_KEYS = new Int32Array(0);

function samePrefix(x: string, y: string, n: number): boolean {
  if (x.length < n || y.length < n) return false;
  for (let k = 0; k < n; k++) if (x.charCodeAt(k) !== y.charCodeAt(k)) return false;
  return true;
}

function levelOfPair(plan: Plan, b: Bound, i: number, j: number): number {
  const { ops, param } = plan;
  const a = b.L[i];
  const c = b.R[j];
  for (let k = 0; k < ops.length; k++) {
    switch (ops[k]) {
      case OP_NULL:
        if (a < 0 || c < 0) return k;
        break;
      case OP_EXACT:
        if (a === c) return k;
        break;
      case OP_JARO_WINKLER: {
        const o = b.offsets;
        // On their first JW_MAX_BYTES bytes, as the name levels (level-jaro-winkler.ts says why).
        const al = Math.min(o[a + 1] - o[a], JW_MAX_BYTES);
        const cl = Math.min(o[c + 1] - o[c], JW_MAX_BYTES);
        if (a === c || jaroWinklerCodes(b.bytes, o[a], al, b.bytes, o[c], cl) >= param[k]) return k;
        break;
      }
      case OP_DAMERAU:
        // On their first JW_MAX_BYTES characters, as Jaro-Winkler: the distance is quadratic in them.
        if (a === c || osaDistance(head(b.text[a]), head(b.text[c])) <= param[k]) return k;
        break;
      case OP_PREFIX:
        if (samePrefix(b.text[a], b.text[c], param[k])) return k;
        break;
      case OP_TOKEN_SET:
        if (b.tokenKey[a] === b.tokenKey[c]) return k;
        break;
      case OP_TOKEN_SUBSET: {
        const ta = b.tokens[a];
        const tc = b.tokens[c];
        if (ta.length <= tc.length ? sortedWithin(ta, tc) : sortedWithin(tc, ta)) return k;
        break;
      }
      case OP_NUMBER:
        if (Math.abs(b.number[a] - b.number[c]) <= param[k]) return k;
        break;
      case OP_NUMBER_RELATIVE: {
        const x = b.number[a];
        const y = b.number[c];
        if (Math.abs(x - y) <= param[k] * Math.max(Math.abs(x), Math.abs(y))) return k;
        break;
      }
      case OP_DATE:
        if (Math.abs(b.days[a] - b.days[c]) <= param[k]) return k;
        break;
      default:
        return k;
    }
  }
  return ops.length - 1;
}

export class StringComparison extends ComparisonBase implements CompiledComparison {
  private readonly plan: Plan;
  private bound: Bound | null = null;

  constructor(name: string, field: string, levels: readonly LevelSettings[], labels: readonly string[], tfLevels: readonly boolean[]) {
    super(name, field, levels, labels, tfLevels);
    this.plan = planOf(levels, field);
  }

  private bind(left: RecordStore, right: RecordStore): Bound {
    const L = left.string(this.field);
    const R = right.string(this.field);
    assertSameDictionary(L.dictionary, R.dictionary, this.field);
    const dict = L.dictionary;
    if (!dict.frozen) throw new KhopError('INTERNAL', 'freeze the dictionaries before comparing', { field: this.field });
    const ops = this.plan.ops;
    const uses = (...o: number[]): boolean => ops.some((x) => o.includes(x));
    const tk = uses(OP_TOKEN_SET, OP_TOKEN_SUBSET) ? tokenKeys(dict) : { key: NO_KEYS, tokens: [] };
    this.bound = {
      L: L.codes,
      R: R.codes,
      bytes: dict.bytes,
      offsets: dict.offsets,
      text: uses(OP_DAMERAU, OP_PREFIX) ? texts(dict) : [],
      number: uses(OP_NUMBER, OP_NUMBER_RELATIVE) ? numbers(dict) : NO_NUMBERS,
      days: this.plan.dateFormat !== null ? days(dict, this.plan.dateFormat) : NO_NUMBERS,
      tokenKey: tk.key,
      tokens: tk.tokens,
    };
    this.boundL = left;
    this.boundR = right;
    return this.bound;
  }

  private boundTo(left: RecordStore, right: RecordStore): Bound {
    return left === this.boundL && right === this.boundR && this.bound !== null ? this.bound : this.bind(left, right);
  }

  levelOf(left: RecordStore, i: number, right: RecordStore, j: number): number {
    return levelOfPair(this.plan, this.boundTo(left, right), i, j);
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
    const b = this.boundTo(left, right);
    const plan = this.plan;
    for (let n = 0; n < count; n++) out[n * stride + offset] = levelOfPair(plan, b, pairsL[n], pairsR[n]);
  }

  tfCodes(left: RecordStore, level: number): Int32Array | null {
    return this.tfLevels[level] ? left.string(this.field).codes : null;
  }
}
