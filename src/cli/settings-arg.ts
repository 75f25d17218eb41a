/**
 * `--settings` and `--model` as the commands take them: a settings file path or the name of a
 * shipped preset (`presets/<name>.json`; default `vn-vaccination`), and a model file path.
 */
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KhopError } from '../errors.js';
import { loadSettings } from '../model/load-settings.js';
import { loadModel, type KhopModel } from '../model/model-file.js';
import type { Settings } from '../model/settings-schema.js';

export const DEFAULT_PRESET = 'vn-vaccination';

/** The shipped presets folder (same place from `src/cli` and from `dist/cli`). */
export const PRESET_DIR = fileURLToPath(new URL('../../presets/', import.meta.url));

export function presetNames(): string[] {
  return existsSync(PRESET_DIR) ? readdirSync(PRESET_DIR).filter((f) => f.endsWith('.json')).map((f) => f.slice(0, -5)) : [];
}

export function resolveSettings(spec: string | undefined): Settings {
  const value = spec ?? DEFAULT_PRESET;
  if (value.endsWith('.json') || value.includes('/') || value.includes('\\')) return loadSettings(value);
  if (!presetNames().includes(value)) {
    throw new KhopError('BAD_ARGUMENT', `--settings: no preset named '${value}' (presets: ${presetNames().join(', ')}; or give a .json file)`);
  }
  return loadSettings(`${PRESET_DIR}${value}.json`);
}

/** The model, and the settings to run it with: the model's own unless --settings is given. */
export function resolveModelAndSettings(modelPath: string | undefined, settingsSpec: string | undefined): { model?: KhopModel; settings: Settings } {
  if (modelPath === undefined) return { settings: resolveSettings(settingsSpec) };
  const model = loadModel(modelPath);
  return { model, settings: settingsSpec === undefined ? model.settings : resolveSettings(settingsSpec) };
}

/** Parses a number option in [lo, hi], or throws BAD_ARGUMENT naming the flag. */
export function numberOption(flag: string, value: string | undefined, lo: number, hi: number): number | undefined {
  if (value === undefined) return undefined;
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x < lo || x > hi) {
    throw new KhopError('BAD_ARGUMENT', `${flag} must be a number from ${lo} to ${hi}, not '${value}'`);
  }
  return x;
}
