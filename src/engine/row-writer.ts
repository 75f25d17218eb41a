/**
 * One record written straight into row 0 of a probe's one-row store (probe-store.ts), for
 * `matchOne`: the lookup of one citizen must not pay a RecordStoreBuilder (about 125 KB of fresh
 * growable arrays and twenty SharedArrayBuffers per record, whose churn forces full garbage
 * collections that set the lookup's tail latency).
 *
 * The values are the builders' own: the same normalizers (normalizeName, parseDob, parseId,
 * parseGender, normalizeStringValue) and the same encodings (column-name/-date/-id/-gender/
 * -string/-raw.ts: name forms as dictionary codes, −1 when empty, variant-folded tokens; date
 * parts, precision and flag bits; ID digits in a 13-byte slot; raw cells as UTF-8 with offsets).
 * The builder path stays the reference: a test writes every sample dose and random records both
 * ways and compares the bytes, so a change of layout in a column shows up there first.
 *
 * `write` returns false when the record does not fit the store's buffers (a name of very many
 * tokens, raw text longer than the pool), possibly after writing part of it: the caller then takes
 * the builder path, which rewrites the row and grows the store.
 */
import { hasLegacyRepair, normalizeName } from '../normalize/normalize-name.js';
import { parseDob } from '../normalize/parse-dob.js';
import { parseGender } from '../normalize/parse-gender.js';
import { parseId } from '../normalize/parse-id.js';
import { fieldColumn, type FieldType, type Settings } from '../model/settings-schema.js';
import { DOB_FLAG_BITS, PRECISION_DAY, PRECISION_MISSING, PRECISION_YEAR } from './column-date.js';
import type { Dictionary } from './column-dictionary.js';
import { GENDER_FEMALE, GENDER_MALE, GENDER_UNKNOWN } from './column-gender.js';
import { ID_KIND_CODES, ID_SLOT } from './column-id.js';
import { NAME_FORM_COUNT } from './column-name.js';
import { normalizeStringValue } from './column-string.js';
import { writeUtf8 } from './column-utf8.js';
import type { RegisterRecord } from './register-index.js';
import type { RecordStore } from './record-store.js';

interface FieldSlot {
  name: string;
  type: FieldType;
  column: string;
}

export class RowWriter {
  private readonly fields: FieldSlot[] = [];
  private readonly rawColumns: string[];
  private tokenScratch: string[] = [];

  constructor(settings: Settings) {
    for (const f of settings.fields) {
      const column = fieldColumn(f, 'right');
      if (column !== undefined) this.fields.push({ name: f.name, type: f.type, column });
    }
    // The builder's default raw columns: the ID column, then every field column, once each.
    this.rawColumns = [...new Set([settings.right.id_column, ...this.fields.map((f) => f.column)])];
  }

  /** Writes `record` into row 0 of `store` (a right store whose buffers hold at least one row); false when it does not fit. */
  write(record: RegisterRecord, store: RecordStore): boolean {
    if (!this.fitsRaw(record, store)) return false;
    for (const f of this.fields) {
      const raw = record[f.column] ?? '';
      switch (f.type) {
        case 'name':
          if (!this.writeName(raw, store, f.name)) return false;
          break;
        case 'date':
          writeDate(raw, store, f.name);
          break;
        case 'id':
          writeId(raw, store, f.name);
          break;
        case 'gender': {
          const g = parseGender(raw);
          store.gender(f.name).gender[0] = g === 'M' ? GENDER_MALE : g === 'F' ? GENDER_FEMALE : GENDER_UNKNOWN;
          break;
        }
        case 'string':
        case 'exact': {
          const c = store.string(f.name);
          const v = normalizeStringValue(raw, f.type);
          c.codes[0] = v === '' ? -1 : c.dictionary.intern(v);
          break;
        }
      }
    }
    const { bytes, offsets } = store.raw;
    let at = 0;
    offsets[0] = 0;
    this.rawColumns.forEach((column, k) => {
      at += writeUtf8(record[column] ?? '', bytes, at);
      offsets[k + 1] = at;
    });
    return true;
  }

  private fitsRaw(record: RegisterRecord, store: RecordStore): boolean {
    let chars = 0;
    for (const c of this.rawColumns) chars += (record[c] ?? '').length;
    return chars * 3 <= store.raw.bytes.length && this.rawColumns.length + 1 <= store.raw.offsets.length;
  }

  /** False when the name has more tokens than the store has room for. */
  private writeName(raw: string, store: RecordStore, field: string): boolean {
    const c = store.name(field);
    const n = normalizeName(raw);
    // Deciding reads the dose's legacy-repair flag from the column (corrections-stored.ts).
    if (c.legacy !== null) c.legacy[0] = hasLegacyRepair(n) ? 1 : 0;
    const d: Dictionary = c.dictionary;
    const code = (s: string): number => (s === '' ? -1 : d.intern(s));
    c.tokenStart[0] = 0;
    if (n.key === '') {
      for (let f = 0; f < NAME_FORM_COUNT; f++) c.forms[f][0] = -1;
      c.tokenStart[1] = 0;
      return true;
    }
    const forms = [n.key, n.folded, n.toneless, n.variant, n.variantFolded];
    for (let f = 0; f < NAME_FORM_COUNT; f++) c.forms[f][0] = code(forms[f]);
    const tokens = this.tokenScratch;
    tokens.length = 0;
    for (const t of n.variantFolded.split(' ')) if (t !== '') tokens.push(t);
    if (tokens.length > c.tokens.length) return false;
    for (let k = 0; k < tokens.length; k++) c.tokens[k] = d.intern(tokens[k]);
    c.tokenStart[1] = tokens.length;
    return true;
  }
}

function writeDate(raw: string, store: RecordStore, field: string): void {
  const c = store.date(field);
  const d = parseDob(raw);
  if (!d.ok) {
    c.year[0] = 0;
    c.month[0] = 0;
    c.day[0] = 0;
    c.precision[0] = PRECISION_MISSING;
    c.flags[0] = 0;
    return;
  }
  let bits = 0;
  for (const f of d.flags) bits |= DOB_FLAG_BITS[f];
  c.year[0] = d.year;
  c.month[0] = d.month ?? 0;
  c.day[0] = d.day ?? 0;
  c.precision[0] = d.precision === 'day' ? PRECISION_DAY : PRECISION_YEAR;
  c.flags[0] = bits;
}

function writeId(raw: string, store: RecordStore, field: string): void {
  const c = store.id(field);
  const id = parseId(raw);
  const s = id.digits;
  const n = Math.min(s.length, ID_SLOT);
  for (let k = 0; k < n; k++) c.digits[k] = Math.min(s.charCodeAt(k), 255);
  for (let k = n; k < ID_SLOT; k++) c.digits[k] = 0;
  c.length[0] = Math.min(s.length, 255);
  c.idKind[0] = ID_KIND_CODES[id.kind];
}
