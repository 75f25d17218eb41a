/**
 * One input row → what the engine sees of it: the name, date of birth, ID and gender normalizers
 * applied to whichever of those columns the row has. This is the library form of
 * `khop normalize`, and the flat shape it prints.
 */
import { normalizeName } from './normalize-name.js';
import { parseDob } from './parse-dob.js';
import { parseId } from './parse-id.js';
import { parseGender } from './parse-gender.js';
import type { DobFlag, Gender, IdIssue, IdKind, NameRepair } from './types.js';

/** Which column holds which field; a column that is absent is simply not normalized. */
export interface RowColumns {
  name?: string;
  dob?: string;
  id?: string;
  gender?: string;
}

/** Column names tried, in order, when the caller does not say which column is which. */
export const DEFAULT_COLUMN_CANDIDATES: Required<{ [K in keyof RowColumns]: readonly string[] }> = {
  name: ['full_name', 'name', 'ho_ten'],
  dob: ['dob', 'date_of_birth', 'ngay_sinh'],
  id: ['citizen_id', 'person_id', 'id_number', 'cccd'],
  gender: ['gender', 'sex', 'gioi_tinh'],
};

/** Picks each field's column from a header: explicit choices win, then the default candidates. */
export function resolveColumns(header: readonly string[], explicit: RowColumns = {}): RowColumns {
  const out: RowColumns = {};
  for (const field of Object.keys(DEFAULT_COLUMN_CANDIDATES) as (keyof RowColumns)[]) {
    const chosen = explicit[field] ?? DEFAULT_COLUMN_CANDIDATES[field].find((c) => header.includes(c));
    if (chosen !== undefined && header.includes(chosen)) out[field] = chosen;
  }
  return out;
}

export interface NormalizedRow {
  name_display?: string;
  name_key?: string;
  name_folded?: string;
  family?: string;
  middle?: string[];
  given?: string;
  repairs?: NameRepair[];
  dob_year?: number | null;
  dob_month?: number | null;
  dob_day?: number | null;
  dob_precision?: 'day' | 'year' | null;
  dob_flags?: DobFlag[];
  dob_error?: string;
  id_kind?: IdKind;
  id_digits?: string;
  id_issues?: IdIssue[];
  id_province?: string;
  id_birth_year?: number;
  id_gender?: Gender;
  gender?: Gender | null;
}

export function normalizeRow(get: (column: string) => string | undefined, columns: RowColumns): NormalizedRow {
  const out: NormalizedRow = {};
  if (columns.name !== undefined) {
    const n = normalizeName(get(columns.name) ?? '');
    out.name_display = n.display;
    out.name_key = n.key;
    out.name_folded = n.folded;
    out.family = n.family;
    out.middle = n.middle;
    out.given = n.given;
    out.repairs = n.repairs;
  }
  if (columns.dob !== undefined) {
    const d = parseDob(get(columns.dob) ?? '');
    if (d.ok) {
      out.dob_year = d.year;
      out.dob_month = d.month;
      out.dob_day = d.day;
      out.dob_precision = d.precision;
      out.dob_flags = d.flags;
    } else {
      out.dob_year = null;
      out.dob_month = null;
      out.dob_day = null;
      out.dob_precision = null;
      out.dob_error = d.reason;
    }
  }
  if (columns.id !== undefined) {
    const id = parseId(get(columns.id) ?? '');
    out.id_kind = id.kind;
    out.id_digits = id.digits;
    out.id_issues = id.issues;
    if (id.province !== undefined) out.id_province = id.province;
    if (id.birthYear !== undefined) out.id_birth_year = id.birthYear;
    if (id.gender !== undefined) out.id_gender = id.gender;
  }
  if (columns.gender !== undefined) out.gender = parseGender(get(columns.gender) ?? '');
  return out;
}
