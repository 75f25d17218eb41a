/**
 * The generated data set as CSV text for its three files, in chunks of about 64 KiB: the form a
 * file writer (or any other byte sink) consumes. Memory holds at most one pending chunk per file.
 */
import { CsvChunker } from './csv-text.js';
import { DatasetGenerator, doseLine, DOSES_HEADER, REGISTRY_HEADER, registerLine, TRUTH_HEADER, truthLine, type DatasetSink, type GenerateOptions, type GenerateSummary } from './generator.js';

export const DATASET_FILES = ['registry', 'doses', 'truth'] as const;
export type DatasetFile = (typeof DATASET_FILES)[number];

export interface CsvChunk {
  file: DatasetFile;
  text: string;
}

export function* generateCsvChunks(opts: GenerateOptions): Generator<CsvChunk, GenerateSummary> {
  const gen = new DatasetGenerator(opts);
  const out = opts.profile.output;
  const files: Record<DatasetFile, CsvChunker> = {
    registry: new CsvChunker(REGISTRY_HEADER),
    doses: new CsvChunker(DOSES_HEADER, out.dosesCrlf ? '\r\n' : '\n', out.dosesBom),
    truth: new CsvChunker(TRUTH_HEADER),
  };
  const sink: DatasetSink = {
    register: (p) => files.registry.line(registerLine(p)),
    dose: (id, d) => {
      files.doses.line(doseLine(id, d));
      files.truth.line(truthLine(id, d));
    },
  };
  let more = true;
  while (more) {
    more = gen.step(sink);
    for (const file of DATASET_FILES) {
      const text = more ? files[file].take() : files[file].flush();
      if (text !== null && text !== '') yield { file, text };
    }
  }
  return gen.summary();
}
