/**
 * The blocking keys each field type offers (`field.key` in a blocking rule; key-expressions.ts
 * computes them). Plain data, so that the settings check (model/settings-check.ts) can report a
 * wrong key with every other settings problem, before any record is read.
 */
import type { FieldType } from '../model/settings-schema.js';

export const KEYS_BY_FIELD_TYPE: Readonly<Record<FieldType, readonly string[]>> = {
  id: ['digits'],
  date: ['year', 'month_day', 'day_month_unordered', 'full'],
  name: [
    // The whole name in one of its five comparison forms (column-name.ts).
    'key',
    'folded',
    'toneless',
    'variant',
    'variant_folded',
    'family_variant_folded',
    'given_variant_folded',
    'middle_variant_folded',
    'family_folded',
    'given_folded',
    'middle_folded',
    'token_set',
    'initials_folded',
  ],
  string: ['value'],
  exact: ['value'],
  gender: ['value'],
};
