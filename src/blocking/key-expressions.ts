/**
 * Blocking key expressions (`field.key`) → one numeric key per record of a side, read from the
 * columnar record store (src/engine/record-store.ts). This is the only file of src/blocking that
 * knows how fields are stored; the indexes and the candidate generator see key arrays.
 *
 * Each key comes with a radix (every key is below it: how key-combine.ts packs a tuple exactly)
 * and a domain (what the number means). A rule's left and right keys at the same position must
 * share the domain: dictionary codes of one field, years, ID digits … Codes are shared between
 * the sides because the field dictionaries are (column-dictionary.ts). A radix never depends on
 * the data (a dictionary code's is CODE_RADIX, not the dictionary's size), so one side's keys
 * are the same whether they are computed before or after the other side's strings were
 * interned: the match job builds the register's indexes while the doses are still being read.
 * The price: a key of two dictionary parts (full name + province) or of a year and two name
 * parts no longer packs exactly into 53 bits and is hashed (key-combine.ts). A collision, about
 * 6·10⁻⁵ expected per million distinct keys, merges two blocks: extra candidate pairs, which
 * scoring rejects, or, if the merged block passes `max_block_size`, its refined lookup instead.
 *
 * Catalogue (missing = the value or the part is absent):
 *   id      digits                   the cleaned digits as a number (length·10^slot + value), so
 *                                    leading zeros and length count; non-digit or longer than the
 *                                    store's slot (13): missing
 *   date    year                     year, whether the date is full or year only
 *           month_day                month·32 + day (full dates only)
 *           day_month_unordered      {day, month} as a set: survives a day/month swap
 *           full                     the whole date (full dates only)
 *   name    key folded toneless variant variant_folded   the whole name's form (dictionary code)
 *           family_variant_folded    first token (tokens are variant-folded in the store)
 *           given_variant_folded     last token (names of two tokens or more)
 *           middle_variant_folded    the tokens between, in order (hashed; none: missing)
 *           family_folded, given_folded, middle_folded   the same on the folded form (no
 *                                    regional-variant unification; hashed token text)
 *           token_set                the set of variant-folded tokens, order ignored (hashed):
 *                                    survives a family name moved to the end
 *           initials_folded          first letters of the tokens, in order (e.g. "nvh")
 *   string, exact   value            the value's dictionary code
 *   gender  value                    0 male, 1 female
 */
import { ID_SLOT, type IdColumn } from '../engine/column-id.js';
import { FORM_FOLDED, FORM_KEY, FORM_TONELESS, FORM_VARIANT, FORM_VARIANT_FOLDED, type NameColumn } from '../engine/column-name.js';
import { PRECISION_DAY } from '../engine/column-date.js';
import type { RecordStore } from '../engine/record-store.js';
import { KhopError } from '../errors.js';
import type { FieldType } from '../model/settings-schema.js';
import type { DigitSlots } from './id-neighbourhood.js';
import { KEY_SPACE, KeyHasher, sharedKeyArray, type KeyArray } from './key-combine.js';
import { KEYS_BY_FIELD_TYPE } from './key-names.js';

export { KEYS_BY_FIELD_TYPE };

export interface KeyColumn {
  /** keys[i]: the key of record i; NaN or negative when missing. */
  keys: KeyArray;
  /** Every key is below this; KEY_SPACE for hashed keys. */
  radix: number;
  /** What the numbers mean; keys are comparable only within one domain. */
  domain: string;
}

const NAME_FORM_INDEX: Readonly<Record<string, number>> = {
  key: FORM_KEY,
  folded: FORM_FOLDED,
  toneless: FORM_TONELESS,
  variant: FORM_VARIANT,
  variant_folded: FORM_VARIANT_FOLDED,
};

/** 10^ID_SLOT: a slot's digits read as a number stay below it. */
const ID_DIGITS_POWER = 10 ** ID_SLOT;
const ID_DIGITS_RADIX = (ID_SLOT + 1) * ID_DIGITS_POWER;
const YEAR_RADIX = 1 << 15;
/** Dictionary codes are Int32: below 2^31, however many strings either side brings. */
export const CODE_RADIX = 2 ** 31;
const INITIALS_MAX = 10;

function settingsError(message: string, path: string | undefined): KhopError {
  return new KhopError('SETTINGS_INVALID', message, path === undefined ? {} : { path });
}

function splitExpression(expression: string, path?: string): [string, string] {
  const dot = expression.indexOf('.');
  if (dot <= 0 || dot === expression.length - 1) throw settingsError('a key expression is field.key, e.g. dob.year', path);
  return [expression.slice(0, dot), expression.slice(dot + 1)];
}

function fieldOf(store: RecordStore, field: string, key: string, path?: string): FieldType {
  if (!store.has(field)) throw settingsError(`the ${store.side} side has no field "${field}"`, path);
  const type = store.fieldType(field);
  if (!KEYS_BY_FIELD_TYPE[type].includes(key)) {
    throw settingsError(`a ${type} field has no blocking key "${key}" (one of: ${KEYS_BY_FIELD_TYPE[type].join(', ')})`, path);
  }
  return type;
}

function sharedInt32(n: number): Int32Array {
  return new Int32Array(new SharedArrayBuffer(n * 4));
}

/** The key column of one expression on one side. Throws SETTINGS_INVALID (with `path`) for an unknown field or key. */
export function keyColumn(store: RecordStore, expression: string, path?: string): KeyColumn {
  const [field, key] = splitExpression(expression, path);
  const type = fieldOf(store, field, key, path);
  switch (type) {
    case 'id':
      return { keys: idDigitKeys(store.id(field)), radix: ID_DIGITS_RADIX, domain: 'id_digits' };
    case 'date':
      return dateKey(store, field, key);
    case 'name':
      return nameKey(store.name(field), field, key);
    case 'string':
    case 'exact': {
      const c = store.string(field);
      return { keys: c.codes, radix: CODE_RADIX, domain: `dictionary:${field}` };
    }
    case 'gender': {
      const g = store.gender(field).gender;
      const out = sharedInt32(g.length);
      for (let i = 0; i < g.length; i++) out[i] = g[i];
      return { keys: out, radix: 2, domain: 'gender' };
    }
  }
}

/** The digit slots of an ID field, for `id_one_edit` rules (the expression must be `<id field>.digits`). */
export function digitSlots(store: RecordStore, expression: string, path?: string): DigitSlots {
  const [field, key] = splitExpression(expression, path);
  const type = fieldOf(store, field, key, path);
  if (type !== 'id') throw settingsError('an id_one_edit rule reads an ID field’s digits', path);
  const c: IdColumn = store.id(field);
  return { digits: c.digits, length: c.length, slot: ID_SLOT };
}

/** Missing exactly for an empty ID, one with a non-digit or one longer than the slot: engine/settle-plan.ts relies on it. */
function idDigitKeys(c: IdColumn): Float64Array {
  const n = c.size;
  const out = sharedKeyArray(n);
  const { digits, length } = c;
  for (let i = 0; i < n; i++) {
    const len = length[i];
    if (len === 0 || len > ID_SLOT) continue;
    let value = 0;
    let k = 0;
    for (; k < len; k++) {
      const d = digits[i * ID_SLOT + k] - 0x30;
      if (d < 0 || d > 9) break;
      value = value * 10 + d;
    }
    if (k === len) out[i] = len * ID_DIGITS_POWER + value;
  }
  return out;
}

function dateKey(store: RecordStore, field: string, key: string): KeyColumn {
  const { year, month, day, precision } = store.date(field);
  const n = year.length;
  const out = sharedInt32(n);
  out.fill(-1);
  switch (key) {
    case 'year':
      for (let i = 0; i < n; i++) if (year[i] > 0) out[i] = year[i];
      return { keys: out, radix: YEAR_RADIX, domain: 'year' };
    case 'month_day':
      for (let i = 0; i < n; i++) if (precision[i] === PRECISION_DAY) out[i] = month[i] * 32 + day[i];
      return { keys: out, radix: 16 * 32, domain: 'month_day' };
    case 'day_month_unordered':
      for (let i = 0; i < n; i++) {
        if (precision[i] !== PRECISION_DAY) continue;
        const a = day[i];
        const b = month[i];
        out[i] = a < b ? a * 32 + b : b * 32 + a;
      }
      return { keys: out, radix: 32 * 32, domain: 'day_month_set' };
    default: // full
      for (let i = 0; i < n; i++) if (precision[i] === PRECISION_DAY && year[i] > 0) out[i] = (year[i] * 16 + month[i]) * 32 + day[i];
      return { keys: out, radix: YEAR_RADIX * 16 * 32, domain: 'date' };
  }
}

function nameKey(c: NameColumn, field: string, key: string): KeyColumn {
  const domain = `dictionary:${field}`;
  const form = NAME_FORM_INDEX[key];
  if (form !== undefined) return { keys: c.forms[form], radix: CODE_RADIX, domain };
  const n = c.size;
  const { tokenStart, tokens } = c;
  switch (key) {
    case 'family_variant_folded':
    case 'given_variant_folded': {
      const out = sharedInt32(n);
      const family = key === 'family_variant_folded';
      for (let i = 0; i < n; i++) out[i] = family ? c.family(i) : c.given(i);
      return { keys: out, radix: CODE_RADIX, domain };
    }
    case 'middle_variant_folded': {
      const out = sharedKeyArray(n);
      const h = new KeyHasher();
      for (let i = 0; i < n; i++) {
        const s = tokenStart[i];
        const e = tokenStart[i + 1];
        if (e - s < 3) continue;
        h.reset();
        for (let t = s + 1; t < e - 1; t++) h.add(tokens[t]);
        out[i] = h.value();
      }
      return { keys: out, radix: KEY_SPACE, domain };
    }
    case 'token_set':
      return { keys: tokenSetKeys(c), radix: KEY_SPACE, domain };
    case 'initials_folded':
      return { keys: initialsKeys(c), radix: 32 ** INITIALS_MAX, domain: 'initials' };
    default: // family_folded, given_folded, middle_folded
      return { keys: foldedPartKeys(c, key), radix: KEY_SPACE, domain: `text:${key}` };
  }
}

/** Hash of the record's token codes in ascending order (duplicates kept: "thị thị" ≠ "thị"). */
function tokenSetKeys(c: NameColumn): Float64Array {
  const n = c.size;
  const out = sharedKeyArray(n);
  const { tokenStart, tokens } = c;
  const h = new KeyHasher();
  let sorted = new Int32Array(16);
  for (let i = 0; i < n; i++) {
    const s = tokenStart[i];
    const count = tokenStart[i + 1] - s;
    if (count === 0) continue;
    if (count > sorted.length) sorted = new Int32Array(count * 2);
    for (let k = 0; k < count; k++) {
      const v = tokens[s + k];
      let at = k;
      while (at > 0 && sorted[at - 1] > v) {
        sorted[at] = sorted[at - 1];
        at--;
      }
      sorted[at] = v;
    }
    h.reset();
    for (let k = 0; k < count; k++) h.add(sorted[k]);
    out[i] = h.value();
  }
  return out;
}

/** First letters of the first INITIALS_MAX tokens in base 32 (a-z → 1-26, anything else 27). */
function initialsKeys(c: NameColumn): Float64Array {
  const n = c.size;
  const out = sharedKeyArray(n);
  const { tokenStart, tokens } = c;
  const { bytes, offsets } = c.dictionary;
  for (let i = 0; i < n; i++) {
    const s = tokenStart[i];
    const e = Math.min(tokenStart[i + 1], s + INITIALS_MAX);
    if (e === s) continue;
    let v = 0;
    for (let t = s; t < e; t++) {
      const b = bytes[offsets[tokens[t]]];
      v = v * 32 + (b >= 0x61 && b <= 0x7a ? b - 0x60 : 27);
    }
    out[i] = v;
  }
  return out;
}

/**
 * family/given/middle of the folded form: split the folded string of each distinct name once
 * (cached per dictionary code), hash the part's text.
 */
function foldedPartKeys(c: NameColumn, key: string): Float64Array {
  const n = c.size;
  const out = sharedKeyArray(n);
  const folded = c.forms[FORM_FOLDED];
  const cache = new Float64Array(c.dictionary.size).fill(-2); // -2: not computed yet
  const h = new KeyHasher();
  for (let i = 0; i < n; i++) {
    const code = folded[i];
    if (code < 0) continue;
    let v = cache[code];
    if (v === -2) {
      const parts = c.dictionary.string(code).split(' ');
      let text: string | null;
      if (key === 'family_folded') text = parts[0];
      else if (key === 'given_folded') text = parts.length >= 2 ? parts[parts.length - 1] : null;
      else text = parts.length >= 3 ? parts.slice(1, -1).join(' ') : null;
      if (text === null || text === '') v = -1;
      else {
        h.reset();
        for (let k = 0; k < text.length; k++) h.add(text.charCodeAt(k));
        v = h.value();
      }
      cache[code] = v;
    }
    if (v >= 0) out[i] = v;
  }
  return out;
}
