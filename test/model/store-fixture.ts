/**
 * Test helpers: the preset document, and record stores built from rows through the real
 * normalizers and store builder, so level tests exercise the same path as the match job.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { FieldDictionaries, RecordStoreBuilder, type RecordStore } from '../../src/engine/record-store.js';
import { compileComparisons } from '../../src/model/comparisons.js';
import { parseSettings } from '../../src/model/load-settings.js';
import type { Settings } from '../../src/model/settings-schema.js';

export const PRESET_PATH = fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url));

/** A fresh, mutable copy of the preset document. */
export function presetDocument(): any {
  return JSON.parse(readFileSync(PRESET_PATH, 'utf8'));
}

export function presetSettings(): Settings {
  return parseSettings(presetDocument());
}

export type Row = Record<string, string>;

export interface Stores {
  left: RecordStore;
  right: RecordStore;
  dictionaries: FieldDictionaries;
}

/** Both sides built, frozen, dictionaries frozen: ready to compare. */
export function buildStores(settings: Settings, leftRows: readonly Row[], rightRows: readonly Row[]): Stores {
  const dictionaries = FieldDictionaries.forSettings(settings);
  const lb = new RecordStoreBuilder(settings, 'left', dictionaries);
  for (const r of leftRows) lb.add(r);
  const rb = new RecordStoreBuilder(settings, 'right', dictionaries);
  for (const r of rightRows) rb.add(r);
  const left = lb.freeze();
  const right = rb.freeze();
  dictionaries.freeze();
  return { left, right, dictionaries };
}

/**
 * For each [leftValue, rightValue] of one comparison's field, the index of the level the
 * comparison gives the pair (row k on the left against row k on the right, through real stores).
 */
export function levelIndices(
  settings: Settings,
  comparisonName: string,
  pairs: readonly (readonly [string, string])[],
  extraLeft: Row = {},
): number[] {
  const comparison = compileComparisons(settings).find((c) => c.name === comparisonName);
  if (comparison === undefined) throw new Error(`no comparison ${comparisonName}`);
  const field = settings.fields.find((f) => f.name === comparison.field)!;
  const leftColumn = field.left_column ?? field.column!;
  const rightColumn = field.right_column ?? field.column!;
  const { left, right } = buildStores(
    settings,
    pairs.map(([l]) => ({ ...extraLeft, [leftColumn]: l })),
    pairs.map(([, r]) => ({ [rightColumn]: r })),
  );
  return pairs.map((_, k) => comparison.levelOf(left, k, right, k));
}
