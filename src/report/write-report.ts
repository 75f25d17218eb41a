/**
 * `khop evaluate --report FILE.html` as a library call: gathers the report's data, reads the
 * model (the one given, or the `model.json` that `khop match` wrote beside the results), renders
 * the page and writes it. The slider starts at the given thresholds, else the model's settings,
 * else the preset's 0.99 and 0.5. A model's threshold may be 0 or 1 (a settings file's way to
 * switch a decision off): the slider, which moves in bits, starts at its nearest end instead.
 */
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { KhopError } from '../errors.js';
import { loadModel, type KhopModel } from '../model/model-file.js';
import { matchProbability } from '../model/fellegi-sunter.js';
import { buildReportData, GRID_BITS, type ReportData, type ReportInputs } from './report-data.js';
import { renderReport } from './render-report.js';
import { writeFailure } from '../io/output-files.js';

export interface WriteReportInput extends ReportInputs {
  /** The HTML file to write. */
  out: string;
  /** A model file; default: model.json beside the results, when there is one. */
  model?: string;
  /** Initial auto-accept and review thresholds (probabilities). */
  auto?: number;
  review?: number;
}

export interface WrittenReport {
  data: ReportData;
  /** The model file shown, if any. */
  model?: string;
}

/** The model file to show: the given one, or model.json beside a results file. */
export function reportModelPath(results: string, model: string | undefined): string | undefined {
  if (model !== undefined) return model;
  if (results === '-') return undefined;
  const sibling = join(dirname(results), 'model.json');
  return existsSync(sibling) ? sibling : undefined;
}

/** A probability moved into the sliders' range (GRID_BITS), where 0 and 1 have a weight. */
function onSlider(p: number): number {
  return Math.min(Math.max(p, matchProbability(GRID_BITS.from)), matchProbability(GRID_BITS.to));
}

export async function writeReport(input: WriteReportInput): Promise<WrittenReport> {
  const modelPath = reportModelPath(input.results, input.model);
  const model: KhopModel | undefined = modelPath === undefined ? undefined : loadModel(modelPath);
  const auto = input.auto ?? onSlider(model?.settings.thresholds.auto_accept ?? 0.99);
  const review = input.review ?? onSlider(model?.settings.thresholds.review ?? 0.5);
  // The page starts its sliders at these: a value off the sliders would be moved onto them unseen.
  const [low, high] = [matchProbability(GRID_BITS.from), matchProbability(GRID_BITS.to)];
  for (const [name, t] of [['auto', auto], ['review', review]] as const) {
    if (!(t >= low && t <= high)) {
      throw new KhopError('BAD_ARGUMENT', `--${name} must be a probability the report's sliders reach: from ${low.toFixed(6)} to ${high.toFixed(6)} (${GRID_BITS.from} to ${GRID_BITS.to} bits)`);
    }
  }
  if (review > auto) {
    const said = (flag: string, given: number | undefined, t: number): string => (given !== undefined ? flag : `the model's ${flag.slice(2)} threshold ${t}`);
    throw new KhopError('BAD_ARGUMENT', `${said('--review', input.review, review)} must not be above ${said('--auto', input.auto, auto)}`);
  }
  const data = await buildReportData({ ...input, thresholds: [...(input.thresholds ?? []), auto, review] });
  const html = renderReport(data, {
    auto,
    review,
    ...(model ? { model } : {}),
    files: { results: input.results, ...(input.truth !== undefined ? { truth: input.truth } : {}), ...(modelPath !== undefined ? { model: modelPath } : {}) },
  });
  try {
    writeFileSync(input.out, html, 'utf8');
  } catch (err) {
    throw writeFailure(err, '--report: cannot write the report file', input.out);
  }
  return { data, ...(modelPath !== undefined ? { model: modelPath } : {}) };
}
