/**
 * The synthetic data generator's public API (`khop generate` is a thin adapter over it): a seeded
 * register, damaged dose records and their ground truth, as row objects, CSV chunks or files.
 */
export { generateRows, DatasetGenerator, REGISTRY_HEADER, DOSES_HEADER, TRUTH_HEADER } from './generator.js';
export type { GenerateOptions, GenerateSummary, GeneratedRow, RegisterRow, DoseRow, TruthRow, DatasetSink } from './generator.js';
export { generateCsvChunks, DATASET_FILES } from './dataset-csv.js';
export type { CsvChunk, DatasetFile } from './dataset-csv.js';
export { writeDataset, datasetPaths } from './write-dataset.js';
export { loadProfile, parseProfile, presetProfileNames, ProfileSchema, DEFAULT_PROFILE } from './profile.js';
export type { Profile, ProfileInput } from './profile.js';
export { resolveDamageRates, naturalDamagedShare } from './damage-rates.js';
export type { DamageRates } from './damage-rates.js';
export { DAMAGE_TAGS, HARD_CASE_TAGS, TRUTH_TAGS, REPAIRABLE_TAGS, EXCLUSIVE_GROUPS } from './tags.js';
export type { DamageTag, HardCaseTag, TruthTag } from './tags.js';
export { loadNameTables } from './name-tables.js';
export type { NameTables } from './name-tables.js';
