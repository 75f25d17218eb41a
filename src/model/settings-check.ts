/**
 * The cross-reference rules of a settings document, the ones a schema of independent parts
 * cannot express: names are unique, a comparison's field exists and is on both sides, its levels
 * fit the field type, the first level is `null` and the last `else` (and neither appears in
 * between), no equality level is shadowed by an earlier one that always holds when it does
 * (tone_only after folded_equal), keys and term-frequency options fit, blocking keys (and refine
 * keys) name fields that exist on the side they read and keys those fields offer (key-names.ts),
 * and the review threshold does not exceed the auto-accept threshold.
 *
 * It runs on the raw document, next to the schema rather than after it, so that one pass reports
 * every problem: each rule looks only at the parts it needs and skips parts of the wrong shape
 * (the schema reports those). Paths use the same notation as schema errors:
 * `comparisons[2].levels[0].kind`.
 */
import { LEVEL_KEYS_BY_FIELD_TYPE, LEVEL_KINDS_BY_FIELD_TYPE, isEqualityLevel, nameLevelForm, supportsTermFrequency } from './level-kinds.js';
import { FIELD_TYPES, type FieldType, type LevelKind, type LevelSettings, type NameForm } from './settings-schema.js';
import { KEYS_BY_FIELD_TYPE } from '../blocking/key-names.js';

/**
 * Equality on a name form implies equality on these forms (each is derived from the form before
 * it by dropping or unifying marks), so a later level on one of them can never be reached first.
 */
const IMPLIED_FORMS: Readonly<Record<NameForm, readonly NameForm[]>> = {
  key: ['key', 'toneless', 'folded', 'variant', 'variant_folded'],
  toneless: ['toneless', 'folded', 'variant_folded'],
  folded: ['folded', 'variant_folded'],
  variant: ['variant', 'variant_folded'],
  variant_folded: ['variant_folded'],
};

export interface SettingsIssue {
  path: string;
  message: string;
}

type Obj = Record<string, unknown>;

function isObj(x: unknown): x is Obj {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}
function str(x: unknown): string | undefined {
  return typeof x === 'string' ? x : undefined;
}
function arr(x: unknown): unknown[] {
  return Array.isArray(x) ? x : [];
}

interface FieldInfo {
  type: FieldType | undefined;
  left: boolean;
  right: boolean;
}

export function checkSettingsReferences(doc: unknown): SettingsIssue[] {
  const issues: SettingsIssue[] = [];
  if (!isObj(doc)) return issues;
  const fields = checkFields(doc, issues);
  checkComparisons(doc, fields, issues);
  checkBlockingRules(doc, fields, issues);
  const t = doc.thresholds;
  if (isObj(t) && typeof t.auto_accept === 'number' && typeof t.review === 'number' && t.review > t.auto_accept) {
    issues.push({ path: 'thresholds.review', message: 'must not exceed thresholds.auto_accept' });
  }
  return issues;
}

function checkFields(doc: Obj, issues: SettingsIssue[]): Map<string, FieldInfo> {
  const fields = new Map<string, FieldInfo>();
  arr(doc.fields).forEach((f, i) => {
    if (!isObj(f)) return;
    const path = `fields[${i}]`;
    const name = str(f.name);
    const hasColumn = f.column !== undefined;
    const hasSided = f.left_column !== undefined || f.right_column !== undefined;
    if (hasColumn && hasSided) {
      issues.push({ path: `${path}.column`, message: 'give either column or left_column/right_column, not both' });
    } else if (!hasColumn && !hasSided) {
      issues.push({ path, message: 'needs column, or left_column and/or right_column' });
    }
    if (name === undefined) return;
    if (fields.has(name)) {
      issues.push({ path: `${path}.name`, message: `duplicate field name "${name}"` });
      return;
    }
    const type = (FIELD_TYPES as readonly unknown[]).includes(f.type) ? (f.type as FieldType) : undefined;
    fields.set(name, { type, left: hasColumn || f.left_column !== undefined, right: hasColumn || f.right_column !== undefined });
  });
  return fields;
}

function checkComparisons(doc: Obj, fields: Map<string, FieldInfo>, issues: SettingsIssue[]): void {
  const names = new Set<string>();
  arr(doc.comparisons).forEach((c, i) => {
    if (!isObj(c)) return;
    const path = `comparisons[${i}]`;
    const name = str(c.name);
    if (name !== undefined) {
      if (names.has(name)) issues.push({ path: `${path}.name`, message: `duplicate comparison name "${name}"` });
      names.add(name);
    }
    const fieldName = str(c.field);
    const field = fieldName === undefined ? undefined : fields.get(fieldName);
    if (fieldName !== undefined && field === undefined) {
      issues.push({ path: `${path}.field`, message: `no field named "${fieldName}"` });
    } else if (field !== undefined && !(field.left && field.right)) {
      issues.push({ path: `${path}.field`, message: `field "${fieldName}" must have a column on both sides` });
    }
    const type = field?.type;
    if (c.tf_adjustment === true && type !== undefined && !supportsTermFrequency(type)) {
      issues.push({ path: `${path}.tf_adjustment`, message: `term-frequency adjustment needs a name, string or exact field, not ${type}` });
    }
    checkLevels(arr(c.levels), `${path}.levels`, type, fields, issues);
  });
}

function checkLevels(
  levels: unknown[],
  path: string,
  type: FieldType | undefined,
  fields: Map<string, FieldInfo>,
  issues: SettingsIssue[],
): void {
  const last = levels.length - 1;
  levels.forEach((level, k) => {
    if (!isObj(level)) return;
    const at = `${path}[${k}]`;
    const kind = str(level.kind) as LevelKind | undefined;
    if (kind === undefined) return;
    if (k === 0 && kind !== 'null') issues.push({ path: `${at}.kind`, message: 'the first level must be "null" (either side missing)' });
    if (k === last && kind !== 'else') issues.push({ path: `${at}.kind`, message: 'the last level must be "else"' });
    if (k !== 0 && kind === 'null') issues.push({ path: `${at}.kind`, message: '"null" may only be the first level' });
    if (k !== last && kind === 'else') issues.push({ path: `${at}.kind`, message: '"else" may only be the last level' });
    if (type === undefined) return;
    if (!LEVEL_KINDS_BY_FIELD_TYPE[type].includes(kind)) {
      issues.push({ path: `${at}.kind`, message: `level "${kind}" does not apply to a ${type} field` });
      return;
    }
    const key = str(level.key);
    if (key !== undefined && !LEVEL_KEYS_BY_FIELD_TYPE[type].includes(key)) {
      issues.push({ path: `${at}.key`, message: `key "${key}" does not apply to a ${type} field` });
    }
    if (level.tf === true && !isEqualityLevel(kind)) {
      issues.push({ path: `${at}.tf`, message: 'only equality levels (exact, folded_equal, tone_only, variant_equal) can be term-frequency adjusted' });
    }
    if (level.tf === true && !supportsTermFrequency(type)) {
      issues.push({ path: `${at}.tf`, message: `term-frequency adjustment needs a name, string or exact field, not ${type}` });
    }
    if (type === 'name' && isEqualityLevel(kind)) {
      const form = nameLevelForm(level as LevelSettings);
      const earlier = levels.slice(0, k).findIndex((e) => {
        if (!isObj(e) || typeof e.kind !== 'string' || !isEqualityLevel(e.kind as LevelKind)) return false;
        const f = nameLevelForm(e as LevelSettings);
        return form !== null && f !== null && IMPLIED_FORMS[form].includes(f);
      });
      if (earlier >= 0) {
        issues.push({ path: `${at}.kind`, message: `can never hold: level ${earlier} already holds whenever this one does (put it earlier)` });
      }
    }
    if (kind === 'id_equals_other') {
      const otherName = str(level.other_field);
      const other = otherName === undefined ? undefined : fields.get(otherName);
      if (otherName !== undefined && other === undefined) {
        issues.push({ path: `${at}.other_field`, message: `no field named "${otherName}"` });
      } else if (other !== undefined && (other.type !== 'id' || !other.left)) {
        issues.push({ path: `${at}.other_field`, message: `field "${otherName}" must be an id field with a left column` });
      }
    }
  });
}

function checkBlockingRules(doc: Obj, fields: Map<string, FieldInfo>, issues: SettingsIssue[]): void {
  const names = new Set<string>();
  arr(doc.blocking_rules).forEach((r, i) => {
    if (!isObj(r)) return;
    const path = `blocking_rules[${i}]`;
    const name = str(r.name);
    if (name !== undefined) {
      if (names.has(name)) issues.push({ path: `${path}.name`, message: `duplicate blocking rule name "${name}"` });
      names.add(name);
    }
    const both = r.keys !== undefined;
    const sided = r.left_keys !== undefined || r.right_keys !== undefined;
    if (both === sided) {
      issues.push({ path, message: 'needs keys, or left_keys and right_keys' });
    } else if (sided && (r.left_keys === undefined || r.right_keys === undefined)) {
      issues.push({ path, message: 'left_keys and right_keys go together' });
    } else if (sided && arr(r.left_keys).length !== arr(r.right_keys).length) {
      issues.push({ path: `${path}.right_keys`, message: 'must have as many keys as left_keys' });
    }
    const oneEdit = r.kind === 'id_one_edit';
    const check = (list: unknown, listName: string, needLeft: boolean, needRight: boolean): void => {
      arr(list).forEach((expr, k) => {
        const s = str(expr);
        if (s === undefined) return;
        const dot = s.indexOf('.');
        const at = `${path}.${listName}[${k}]`;
        if (dot <= 0 || dot === s.length - 1) {
          issues.push({ path: at, message: 'a key is field.key, e.g. dob.year' });
          return;
        }
        const fieldName = s.slice(0, dot);
        const key = s.slice(dot + 1);
        const field = fields.get(fieldName);
        if (field === undefined) issues.push({ path: at, message: `no field named "${fieldName}"` });
        else if ((needLeft && !field.left) || (needRight && !field.right)) {
          issues.push({ path: at, message: `field "${fieldName}" has no column on the ${needLeft && !field.left ? 'left' : 'right'} side` });
        } else if (field.type !== undefined && !KEYS_BY_FIELD_TYPE[field.type].includes(key)) {
          issues.push({ path: at, message: `a ${field.type} field has no blocking key "${key}" (one of: ${KEYS_BY_FIELD_TYPE[field.type].join(', ')})` });
        } else if (oneEdit && listName !== 'refine' && (field.type !== 'id' || key !== 'digits')) {
          issues.push({ path: at, message: 'an id_one_edit rule reads an ID field’s digits (e.g. citizen_id.digits)' });
        }
      });
    };
    check(r.keys, 'keys', true, true);
    check(r.left_keys, 'left_keys', true, false);
    check(r.right_keys, 'right_keys', false, true);
    // Refine keys narrow a block on both sides at once.
    check(r.refine, 'refine', true, true);
  });
}
