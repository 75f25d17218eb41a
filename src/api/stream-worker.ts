/**
 * The piscina worker of `matcher.matchStream` with threads > 1: links one batch of checked
 * records against the register index, whose memory it shares (the index travels as its
 * transferable form: SharedArrayBuffers, nothing copied). Each worker keeps one probe per matcher
 * (its own overlay dictionaries and scratch), made at its first batch.
 *
 * `linkCsvBatch` (a named task) links a batch of CSV rows as bytes and answers with their
 * results.csv rows as bytes (RegisterProbe.linkCsv): `khop match` on a saved index, where record
 * and result objects made the main thread the bottleneck (csv-batches.ts).
 */
import { RegisterIndex, type RegisterIndexTransferable, type RegisterRecord } from '../engine/register-index.js';
import { RegisterProbe } from '../engine/register-probe.js';
import type { SharedTf } from '../engine/link-context.js';
import type { FormattedResults } from '../engine/result-rows.js';
import type { ModelParameters } from '../model/fellegi-sunter.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import type { MatchResult } from './matcher-schema.js';
import { toMatchResult } from './match-result.js';

/** What identifies a matcher's probe in a worker, and what it is made from. */
export interface ProbeTask {
  matcherId: string;
  index: RegisterIndexTransferable;
  settings: Settings;
  parameters: ModelParameters;
  thresholds: ThresholdSettings;
  topK: number;
  /** Rows per pass of the probe: at least the matcher's batch size, the most rows a CSV batch may hold. */
  capacity: number;
  /** The matcher's own probe's term-frequency tables (shared memory), not counted again here. */
  tf: SharedTf[];
}

export interface StreamTask extends ProbeTask {
  records: RegisterRecord[];
}

export interface CsvBatchTask extends ProbeTask {
  header: readonly string[];
  /** Rows, each followed by CR LF (RegisterProbe.linkCsv). */
  bytes: Uint8Array;
}

let cached: { matcherId: string; index: RegisterIndex; probe: RegisterProbe } | null = null;

function probeFor(task: ProbeTask): { index: RegisterIndex; probe: RegisterProbe } {
  if (cached === null || cached.matcherId !== task.matcherId) {
    const index = RegisterIndex.fromTransferable(task.index);
    const probe = new RegisterProbe(index, { settings: task.settings, parameters: task.parameters, thresholds: task.thresholds, topK: task.topK, capacity: task.capacity, tf: task.tf });
    cached = { matcherId: task.matcherId, index, probe };
  }
  return cached;
}

export default function linkBatch(task: StreamTask): MatchResult[] {
  const { probe, index } = probeFor(task);
  return probe.link(task.records).map((p) => toMatchResult(p, index.left));
}

export function linkCsvBatch(task: CsvBatchTask): FormattedResults {
  return probeFor(task).probe.linkCsv(task.header, task.bytes);
}
