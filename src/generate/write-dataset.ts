/**
 * Writes a generated data set to `DIR/registry.csv`, `DIR/doses.csv` and `DIR/truth.csv`
 * (UTF-8), streaming: each chunk is written as it is made, and generation waits for a stream's
 * 'drain' whenever its buffer is full, so memory stays flat however many rows are asked for.
 * The files are written under temporary names and renamed when all three are complete: a run that
 * fails (a full disk) leaves no cut file, and an earlier data set in DIR as it was.
 */
import { createWriteStream, renameSync, rmSync, statSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { KhopError } from '../errors.js';
import { makeOutputDir, writeFailure } from '../io/output-files.js';
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
  // Fixed names: a run stopped half-way leaves them for the next run to replace.
  const partial = (f: DatasetFile): string => `${paths[f]}.partial`;
  // A folder in a file's place would fail its rename after the others were renamed: refused first.
  for (const f of DATASET_FILES) {
    if (statSync(paths[f], { throwIfNoEntry: false })?.isDirectory() === true) {
      throw new KhopError('BAD_ARGUMENT', '--out: a folder is where the data set writes a file (registry.csv, doses.csv, truth.csv)', { file: paths[f] });
    }
  }
  const streams = {} as Record<DatasetFile, WriteStream>;
  for (const f of DATASET_FILES) streams[f] = createWriteStream(partial(f), { encoding: 'utf8' });
  const failed = Promise.race(DATASET_FILES.map((f) => once(streams[f], 'error').then(([e]) => Promise.reject(e as Error))));
  failed.catch(() => undefined); // observed through the races below
  try {
    while (!r.done) {
      const stream = streams[r.value.file];
      if (!stream.write(r.value.text)) await Promise.race([once(stream, 'drain'), failed]);
      r = chunks.next();
    }
    await Promise.race([Promise.all(DATASET_FILES.map((f) => new Promise<void>((resolve) => streams[f].end(resolve)))), failed]);
    for (const f of DATASET_FILES) renameSync(partial(f), paths[f]);
    return r.value;
  } catch (e) {
    for (const f of DATASET_FILES) {
      streams[f].destroy();
      rmSync(partial(f), { force: true });
    }
    if (e instanceof KhopError) throw e;
    // A full disk is WRITE_FAILED (exit 1), a folder that cannot be written BAD_ARGUMENT (exit 2).
    throw writeFailure(e, '--out: cannot write the data set', dir);
  }
}
