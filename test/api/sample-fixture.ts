/**
 * The bundled sample (datasets/sample) as the matcher tests need it: the match job's results.csv
 * (the exact text `khop match` writes, collected through `onResults`), the model that job
 * estimated, and the doses as records (column → cell).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMatchJob } from '../../src/engine/match-job.js';
import { formattedText } from '../../src/engine/result-rows.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';
import { loadSettings } from '../../src/model/load-settings.js';
import type { KhopModel } from '../../src/model/model-file.js';
import type { Settings } from '../../src/model/settings-schema.js';

export const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
export const PRESET = fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url));
export const REGISTRY = `${SAMPLE}registry.csv`;

export interface SampleRun {
  settings: Settings;
  model: KhopModel;
  /** results.csv lines (header excluded, line ends kept), in dose order. */
  results: string[];
  doses: Record<string, string>[];
  register: Record<string, string>[];
}

export function readRecords(path: string): Record<string, string>[] {
  const table = parseCsvSync(readFileSync(path), { file: path });
  return table.rows.map((r) => Object.fromEntries(table.header.names.map((h, k) => [h, r.values[k]])));
}

export async function runSample(): Promise<SampleRun> {
  const settings = loadSettings(PRESET);
  let text = '';
  const job = await runMatchJob({
    registry: REGISTRY,
    registryName: 'registry.csv',
    doses: `${SAMPLE}doses.csv`,
    dosesName: 'doses.csv',
    settings,
    onResults: (f) => {
      text += formattedText(f);
    },
  });
  // Every row is one line: results cells never hold a line break.
  const results = text.split(/(?<=\n)/);
  return { settings, model: job.model, results, doses: readRecords(`${SAMPLE}doses.csv`), register: readRecords(REGISTRY) };
}
