/** The bundled sample (datasets/sample) and the preset, loaded as the match job loads them: shared by the engine tests. */
import { fileURLToPath } from 'node:url';
import { loadStores, type LoadedStores } from '../../src/engine/match-job.js';
import type { RecordStore } from '../../src/engine/record-store.js';
import type { Reject } from '../../src/io/rejects.js';
import { loadSettings } from '../../src/model/load-settings.js';

export const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
export const sampleSettings = loadSettings(fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url)));

/** The sample's stores; `registry` and `doses` replace the sample's files. */
export function loadSampleStores(
  options: { registry?: string; doses?: string; parallel?: boolean; onReject?: (r: Reject) => void; onRegisterRead?: (left: RecordStore) => void } = {},
): Promise<LoadedStores> {
  return loadStores({
    registry: options.registry ?? `${SAMPLE}registry.csv`,
    registryName: 'registry.csv',
    doses: options.doses ?? `${SAMPLE}doses.csv`,
    dosesName: 'doses.csv',
    settings: sampleSettings,
    parallel: options.parallel,
    onReject: options.onReject,
    onRegisterRead: options.onRegisterRead,
  });
}
