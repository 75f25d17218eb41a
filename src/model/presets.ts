/**
 * The shipped settings presets (`presets/<name>.json`, default `vn-vaccination`) and how a
 * settings reference resolves: a path to a JSON file, or a preset's name. The CLI's `--settings`
 * and the library's `createMatcher({ settings })` both take such a reference.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KhopError } from '../errors.js';
import { loadSettings } from './load-settings.js';
import type { Settings } from './settings-schema.js';

export const DEFAULT_PRESET = 'vn-vaccination';

/** The shipped presets folder (same place from `src/model` and from `dist/model`). */
export const PRESET_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

export function presetNames(): string[] {
  return existsSync(PRESET_DIR) ? readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : [];
}

/**
 * The settings a reference names (the default preset when absent). `label` names where the
 * reference came from in errors (`--settings` on the command line).
 */
export function resolveSettings(spec: string | undefined, label = 'settings'): Settings {
  const value = spec ?? DEFAULT_PRESET;
  if (value.endsWith('.json') || value.includes('/') || value.includes('\\')) return loadSettings(value);
  if (!presetNames().includes(value)) {
    throw new KhopError('BAD_ARGUMENT', `${label}: no preset named '${value}' (presets: ${presetNames().join(', ')}; or give a .json file)`);
  }
  return loadSettings(`${PRESET_DIR}${value}.json`);
}
