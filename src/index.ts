/**
 * khớp's public API. Everything a user may import is re-exported here, and nothing else is
 * reachable through the package's `exports` map.
 */
export { KhopError, ERROR_CODES, isKhopError } from './errors.js';
export type { ErrorCode, ErrorWhere } from './errors.js';
export { VERSION } from './version.js';

// Normalization: what the engine sees of a name, a date of birth, an ID and a gender.
export { normalizeName } from './normalize/normalize-name.js';
export { repairMojibake } from './normalize/repair-mojibake.js';
export { encodeTcvn3, decodeTcvn3 } from './normalize/tcvn3.js';
export { encodeVni, decodeVni } from './normalize/vni.js';
export { encodeUtf8AsCp1252, decodeUtf8AsCp1252 } from './normalize/cp1252.js';
export { foldName, stripTones } from './normalize/vietnamese-letters.js';
export { isVietnameseSyllable } from './normalize/syllable.js';
export { parseDob, formatDob } from './normalize/parse-dob.js';
export { parseId } from './normalize/parse-id.js';
export { checkIdConsistency } from './normalize/id-consistency.js';
export { parseGender } from './normalize/parse-gender.js';
export { PROVINCES, provinceName, isProvinceCode } from './normalize/provinces.js';
export { normalizeRow, resolveColumns } from './normalize/normalize-row.js';
export type { NormalizedRow, RowColumns } from './normalize/normalize-row.js';
export type * from './normalize/types.js';

// Similarity kernels.
export { jaro, jaroWinkler, jaroWinklerCodes, osaDistance, idEditKind, tokenSetSimilarity, tokenRelation } from './similarity/index.js';
export type { IdEditKind } from './similarity/index.js';

// Settings, models, Fellegi-Sunter.
export { loadSettings, parseSettings } from './model/load-settings.js';
export type { Settings, ThresholdSettings, FieldSettings, ComparisonSettings } from './model/settings-schema.js';
export { loadModel, saveModel, parseModel, serializeModel } from './model/model-file.js';
export type { KhopModel } from './model/model-file.js';
export { describeModel } from './model/describe.js';
export { matchProbability, priorWeight, levelWeight } from './model/fellegi-sunter.js';
export type { ModelParameters } from './model/fellegi-sunter.js';

// The match job.
export { runMatchJob, loadStores, DOSES_PER_TASK } from './engine/match-job.js';
export type { MatchJob, MatchJobInput } from './engine/match-job.js';
export { RESULT_COLUMNS, resultCells, resultColumns } from './engine/result-rows.js';
export type { ResultRow } from './engine/result-rows.js';
export { suggestCorrections, formatCorrections, suggestedValues } from './engine/corrections.js';
export type { Correction, DoseView, PersonView } from './engine/corrections.js';
export { decide, DECISIONS } from './engine/decide.js';
export type { Decision } from './engine/decide.js';
export { buildSummary } from './engine/summary.js';
export { runDedupeJob } from './engine/dedupe-job.js';
export type { DedupeJob, DedupeJobInput } from './engine/dedupe-job.js';
export { connectedComponents, centreClusters } from './engine/clusters.js';
export type { ScoredPairs } from './engine/clusters.js';
export type { MatchSummary } from './engine/summary.js';
export { duplicateIds } from './engine/duplicate-ids.js';
export type { DuplicateIds } from './engine/duplicate-ids.js';

// The matcher: a register index kept in memory, records linked one at a time, in batches or as a stream.
export { createMatcher } from './api/matcher.js';
export type { Matcher } from './api/matcher.js';
export { matchResultCells } from './api/match-result.js';
export { matcherOptionsSchema, matchRecordSchema, recordSchemaFor, matchResultSchema, matchCandidateSchema, matchStreamOptionsSchema } from './api/matcher-schema.js';
export type { MatcherOptions, MatchRecord, MatchRecordLike, MatchResult, MatchCandidate, MatchStreamOptions } from './api/matcher-schema.js';
export { RegisterIndex, settingsKey, isRegisterIndexFile } from './engine/register-index.js';
export type { RegisterIndexInput, RegisterRecord } from './engine/register-index.js';

// Explaining one decision: the waterfall of its match weight, its reasons and corrections.
export { Explainer } from './explain/explain-pair.js';
export type { DoseExplanation, PairExplanation, CandidateScore, ExplainedCorrection, FieldValues } from './explain/explain-pair.js';
export { explainDose } from './explain/explain-dose.js';
export type { ExplainDoseInput } from './explain/explain-dose.js';
export { waterfall } from './explain/waterfall.js';
export type { Waterfall, WaterfallTerm } from './explain/waterfall.js';
export { decisionReasons } from './explain/decision-reasons.js';
export type { DecisionReason, DecisionReasonCode } from './explain/decision-reasons.js';
export { explanationText, explanationJson } from './explain/explain-text.js';
export { waterfallSpec, waterfallPage } from './explain/waterfall-chart.js';

// Evaluation against ground truth.
export { evaluate, evaluateAsync } from './evaluate/evaluate.js';
export type { EvaluationReport, EvaluateOptions } from './evaluate/evaluate.js';
export { evaluateFiles } from './evaluate/evaluate-files.js';
export { TAG_CORRECTIONS } from './evaluate/tag-corrections.js';

// Precision and recall without labels, and the HTML threshold report.
export { ProbabilityEstimate, estimateGap } from './evaluate/unlabelled-estimate.js';
export type { EstimatePoint, EstimateGap } from './evaluate/unlabelled-estimate.js';
export { writeReport } from './report/write-report.js';
export type { WriteReportInput, WrittenReport } from './report/write-report.js';
export { buildReportData } from './report/report-data.js';
export type { ReportData, ReportInputs } from './report/report-data.js';
export { renderReport } from './report/render-report.js';
export { renderVegaPage } from './report/vega-page.js';
export type { VegaPageOptions, VegaPageSection } from './report/vega-page.js';

// Synthetic data with ground truth.
export { generateRows, generateCsvChunks, writeDataset, loadProfile, parseProfile, DAMAGE_TAGS } from './generate/index.js';
export type { GenerateOptions, GenerateSummary, Profile } from './generate/index.js';

// Streaming I/O.
export { readCsv, parseCsvSync } from './io/csv-reader.js';
export { CsvWriter, formatCsvCell, formatCsvRow } from './io/csv-writer.js';
export { readNdjson, NdjsonWriter } from './io/ndjson.js';
export { RejectsWriter } from './io/rejects.js';
export type { Reject } from './io/rejects.js';

// The HTTP service (`khop serve`): a fastify app over a matcher, for embedding or testing.
export { buildServer, DEFAULT_BODY_LIMIT, DEFAULT_MAX_BATCH } from './serve/server.js';
export type { ServerOptions } from './serve/server.js';
export type { ServeMatcher } from './serve/matcher-port.js';
