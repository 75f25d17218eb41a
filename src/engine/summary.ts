/**
 * `summary.json` of a match run (data contract): rows read, counts per decision, rejects, pairs
 * scored, timings per stage, threads, peak memory, the model and thresholds used, and the
 * blocking report; and, when the settings have an exact-ID blocking rule, the register IDs held by
 * more than one register row (duplicate-ids.ts). Counts reconcile: rows read = results + rejects,
 * for the doses.
 */
import type { BlockingReport } from '../blocking/report.js';
import { VERSION } from '../version.js';
import type { Decision } from './decide.js';
import type { DuplicateIds } from './duplicate-ids.js';
import type { MatchJob } from './match-job.js';

export interface MatchSummary {
  khop_version: string;
  rows_read: { registry: number; doses: number };
  results: number;
  decisions: Record<Decision, number>;
  rejects: { registry: number; doses: number };
  reconciles: boolean;
  /** Absent when the settings have no exact-ID blocking rule. */
  registry_duplicate_ids?: DuplicateIds;
  pairs_scored: number;
  timings_ms: Record<string, number>;
  threads: number;
  peak_rss_mb: number;
  model: { source: string; lambda: number; converged?: boolean; iterations?: number };
  thresholds: { auto_accept: number; review: number; margin?: number };
  blocking: BlockingReport;
}

export function buildSummary(job: MatchJob, decisions: Record<Decision, number>, results: number, modelSource: string, timingsMs: Record<string, number>): MatchSummary {
  return {
    khop_version: VERSION,
    rows_read: job.rows,
    results,
    decisions,
    rejects: job.rejects,
    reconciles: job.rows.doses === results + job.rejects.doses,
    ...(job.duplicateIds === null ? {} : { registry_duplicate_ids: job.duplicateIds }),
    pairs_scored: job.blocking.pairs,
    timings_ms: timingsMs,
    threads: job.threads,
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    model: {
      source: modelSource,
      lambda: job.model.parameters.lambda,
      ...(job.training !== undefined ? { converged: job.training.converged, iterations: job.training.iterations } : {}),
    },
    thresholds: job.thresholds,
    blocking: job.blocking,
  };
}
