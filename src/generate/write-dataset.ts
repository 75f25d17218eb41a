/**
 * Writes a generated data set to `DIR/registry.csv`, `DIR/doses.csv` and `DIR/truth.csv`
 * (UTF-8), streaming: each chunk is written as it is made, and generation waits for a stream's
 * 'drain' whenever its buffer is full, so memory stays flat however many rows are asked for.
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { KhopError } from '../errors.js';
import { makeOutputDir } from '../io/output-files.js';
import { DATASET_FILES, generateCsvChunks, type DatasetFile } from './dataset-csv.js';
import type { GenerateOptions, GenerateSummary } from './generator.js';

export function datasetPaths(dir: string): Record<DatasetFile, string> {
  return { registry: join(dir, 'registry.csv'), doses: join(dir, 'doses.csv'), truth: join(dir, 'truth.csv') };
}

export async function writeDataset(opts: GenerateOptions, dir: string): Promise<GenerateSummary> {
  const chunks = generateCsvChunks(opts);
  // The first step builds the generator: argument errors surface before any file is touched.
  let r = chunks.next();
  makeOutputDir(dir);
  const paths = datasetPaths(dir);
  const streams = {} as Record<DatasetFile, WriteStream>;
  for (const f of DATASET_FILES) streams[f] = createWriteStream(paths[f], { encoding: 'utf8' });
  const failed = Promise.race(DATASET_FILES.map((f) => once(streams[f], 'error').then(([e]) => Promise.reject(e as Error))));
  failed.catch(() => undefined); // observed through the races below
  try {
    while (!r.done) {
      const stream = streams[r.value.file];
      if (!stream.write(r.value.text)) await Promise.race([once(stream, 'drain'), failed]);
      r = chunks.next();
    }
    await Promise.race([Promise.all(DATASET_FILES.map((f) => new Promise<void>((resolve) => streams[f].end(resolve)))), failed]);
    return r.value;
  } catch (e) {
    for (const f of DATASET_FILES) streams[f].destroy();
    if (e instanceof KhopError) throw e;
    const err = e as NodeJS.ErrnoException;
    throw new KhopError('BAD_ARGUMENT', `--out: cannot write the data set (${err.code ?? 'error'})`, { file: dir });
  }
}
