/**
 * The piscina worker of `matcher.matchStream` with threads > 1: links one batch of checked
 * records against the register index, whose memory it shares (the index travels as its
 * transferable form: SharedArrayBuffers, nothing copied). Each worker keeps one probe per matcher
 * (its own overlay dictionaries and scratch), made at its first batch.
 */
import { RegisterIndex, type RegisterIndexTransferable, type RegisterRecord } from '../engine/register-index.js';
import { RegisterProbe } from '../engine/register-probe.js';
import type { ModelParameters } from '../model/fellegi-sunter.js';
import type { Settings, ThresholdSettings } from '../model/settings-schema.js';
import type { MatchResult } from './matcher-schema.js';
import { toMatchResult } from './match-result.js';

export interface StreamTask {
  matcherId: string;
  index: RegisterIndexTransferable;
  settings: Settings;
  parameters: ModelParameters;
  thresholds: ThresholdSettings;
  topK: number;
  records: RegisterRecord[];
}

let cached: { matcherId: string; index: RegisterIndex; probe: RegisterProbe } | null = null;

export default function linkBatch(task: StreamTask): MatchResult[] {
  if (cached === null || cached.matcherId !== task.matcherId) {
    const index = RegisterIndex.fromTransferable(task.index);
    const probe = new RegisterProbe(index, { settings: task.settings, parameters: task.parameters, thresholds: task.thresholds, topK: task.topK });
    cached = { matcherId: task.matcherId, index, probe };
  }
  const { probe, index } = cached;
  return probe.link(task.records).map((p) => toMatchResult(p, index.left));
}
