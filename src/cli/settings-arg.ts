/**
 * `--settings` and `--model` as the commands take them: a settings file path or the name of a
 * shipped preset (`presets/<name>.json`; default `vn-vaccination`), and a model file path.
 */
import { KhopError } from '../errors.js';
import { loadModel, type KhopModel } from '../model/model-file.js';
import { resolveSettings as resolvePreset } from '../model/presets.js';
import type { Settings } from '../model/settings-schema.js';
import { isDecimal } from '../util/decimal.js';

export { DEFAULT_PRESET, PRESET_DIR, presetNames } from '../model/presets.js';

export function resolveSettings(spec: string | undefined): Settings {
  return resolvePreset(spec, '--settings');
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
  // Decimal only: Number() would also read '0x1' as 1.
  if (!isDecimal(value.trim()) || !Number.isFinite(x) || x < lo || x > hi) {
    throw new KhopError('BAD_ARGUMENT', `${flag} must be a number from ${lo} to ${hi}, not '${value}'`);
  }
  return x;
}
