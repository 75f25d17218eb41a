/**
 * `khop explain`'s core, I/O-agnostic: one dose's decision taken apart. Given the loaded record
 * stores, the model and the thresholds, it links the dose as the match job does (its own one-dose
 * range through `linkRange`, the same blocking plan, scorer and `ResultBuilder`), so the decision,
 * weight and corrections are those of results.csv. It scores every candidate in full, where the
 * job may skip the ones that cannot change a decision (link-range.ts, pruning: the best, its
 * weight, levels and decision are unchanged by it); so the runner-up named here is the true one,
 * where the job may know a lesser one or none. It lists every candidate the blocking rules
 * proposed, with the rules that proposed each, and takes the chosen pair's match weight apart
 * into its waterfall (waterfall.ts: prior, level weights log2(m/u), term-frequency adjustments;
 * Fellegi & Sunter 1969, Splink's waterfall chart) and its decision into reasons
 * (decision-reasons.ts).
 *
 * With a register row given, that pair is explained instead: its waterfall, whether blocking
 * proposed it and by which rules, and the decision and corrections it would get were it the
 * dose's best candidate, weighed against the strongest other candidate, again by `ResultBuilder`.
 */
import { BlockingPlan } from '../blocking/blocking-plan.js';
import { CandidateBuffer } from '../blocking/candidates.js';
import type { Correction } from '../engine/correction-reasons.js';
import type { Decision } from '../engine/decide.js';
import { fieldRoles, type FieldRoles } from '../engine/field-roles.js';
import { makeLinkContext } from '../engine/link-context.js';
import { allocateLinkOutput, linkRange, type LinkContext, type LinkOutput } from '../engine/link-range.js';
import type { RecordStore } from '../engine/record-store.js';
import { formatCorrections, type SuggestedValues } from '../engine/corrections.js';
import type { ResultBuilder, ResultRow } from '../engine/result-rows.js';
import { KhopError } from '../errors.js';
import { matchProbability, type ModelParameters } from '../model/fellegi-sunter.js';
import { fieldColumn, type Settings, type ThresholdSettings } from '../model/settings-schema.js';
import { decisionReasons, type DecisionReason, type RunnerUp } from './decision-reasons.js';
import { REASON_TEXT } from './reason-text.js';
import { waterfall, type WaterfallTerm } from './waterfall.js';

/** One field's raw text on each side (null when that side has no column for it). */
export interface FieldValues {
  field: string;
  dose: string | null;
  person: string | null;
}

export interface CandidateScore {
  personId: string;
  personRow: number;
  weight: number;
  probability: number;
  /** The blocking rules that proposed the pair. */
  rules: string[];
}

/** A correction with the dose's cell for the field, the register value to write there, and why. */
export type ExplainedCorrection = Correction & { dose: string; suggested: string; text: string };

export interface PairExplanation {
  personId: string;
  personRow: number;
  /** Whether this is the person the match job linked (its best candidate). */
  chosenByJob: boolean;
  /** Blocking rules that proposed the pair; empty when none did (the job never scored it). */
  proposedBy: string[];
  terms: WaterfallTerm[];
  weight: number;
  probability: number;
  /** The candidate the decision is weighed against, null when there is none. */
  runnerUp: RunnerUp | null;
  decision: Decision;
  reasons: DecisionReason[];
  corrections: ExplainedCorrection[];
  /** results.csv's `corrections` cell for this pair. */
  correctionsCell: string;
}

export interface DoseExplanation {
  doseId: string;
  /** The dose's row among the doses read (0-based; rows the reader rejected are not counted). */
  doseRow: number;
  /** Rows of the doses that hold this dose ID (set by explainDose; IDs should be unique): the first is explained. */
  doseIdRows?: number;
  thresholds: ThresholdSettings;
  /** Every field's raw text on the dose and on the explained pair's person (null without a pair). */
  values: FieldValues[];
  /** The dose's row of results.csv, as the match job makes it, and why its decision came out so. */
  job: ResultRow;
  jobReasons: DecisionReason[];
  /** Every candidate the blocking rules proposed, best first (ties: lower register row first). */
  candidates: CandidateScore[];
  /** Rules whose block for this dose was over max_block_size: refined, or dropped when `dropped`. */
  oversizedBlocks: { rule: string; dropped: boolean }[];
  /** The pair explained: the job's choice, or the one asked for; null when there is no candidate. */
  pair: PairExplanation | null;
}

export interface ExplainerInput {
  settings: Settings;
  parameters: ModelParameters;
  thresholds: ThresholdSettings;
  left: RecordStore;
  right: RecordStore;
  /** The blocking plan over these stores, when the caller has one already. */
  plan?: BlockingPlan;
}

const SUGGESTED: Readonly<Record<Correction['field'], keyof SuggestedValues>> = {
  full_name: 'suggested_full_name',
  dob: 'suggested_dob',
  citizen_id: 'suggested_citizen_id',
  gender: 'suggested_gender',
};

/** The field role whose dose cell a correction of each field changes (field-roles.ts). */
const ROLE: Readonly<Record<Correction['field'], 'name' | 'dob' | 'id' | 'gender'>> = { full_name: 'name', dob: 'dob', citizen_id: 'id', gender: 'gender' };

export class Explainer {
  private readonly ctx: LinkContext;
  private readonly results: ResultBuilder;
  private readonly buffer = new CandidateBuffer(256, 4);
  private readonly roles: FieldRoles;

  constructor(private readonly input: ExplainerInput) {
    const { settings, parameters, left, right, thresholds } = input;
    const plan = input.plan ?? BlockingPlan.build(settings.blocking_rules, left, right);
    const ctx = makeLinkContext(settings, parameters, left, right, plan, thresholds);
    this.results = ctx.results!;
    // Linking alone: the result is built below, from the same builder the job formats with.
    this.ctx = { ...ctx, results: undefined };
    this.roles = fieldRoles(settings);
  }

  /** Dose `doseRow`'s decision, explained for its best candidate or for register row `personRow`. */
  explain(doseRow: number, personRow?: number): DoseExplanation {
    const { left, right, thresholds } = this.input;
    if (!(doseRow >= 0 && doseRow < right.size)) throw new KhopError('BAD_ARGUMENT', 'dose row out of range');
    if (personRow !== undefined && !(personRow >= 0 && personRow < left.size)) throw new KhopError('BAD_ARGUMENT', 'register row out of range');
    const link = allocateLinkOutput(doseRow, 1, this.ctx.scorer.comparisonCount);
    linkRange(this.ctx, link);
    const job = this.results.build(link, doseRow);
    const jobReasons = this.reasons(job, link);
    const { candidates, oversizedBlocks } = this.candidates(doseRow);
    const target = personRow ?? (link.best[0] >= 0 ? link.best[0] : undefined);
    const pair = target === undefined ? null : this.pair(doseRow, target, link, candidates);
    const values = this.input.settings.fields.map((f): FieldValues => {
      const dc = fieldColumn(f, 'right');
      const pc = fieldColumn(f, 'left');
      return {
        field: f.name,
        dose: dc === undefined ? null : right.rawValue(doseRow, dc),
        person: pc === undefined || target === undefined ? null : left.rawValue(target, pc),
      };
    });
    return { doseId: right.recordId(doseRow), doseRow, thresholds, values, job, jobReasons, candidates, oversizedBlocks, pair };
  }

  private runnerUp(link: LinkOutput): RunnerUp | null {
    const second = link.second[0];
    if (second < 0) return null;
    return { personId: this.input.left.recordId(second), weight: link.secondWeight[0], probability: matchProbability(link.secondWeight[0]) };
  }

  private reasons(result: ResultRow, link: LinkOutput): DecisionReason[] {
    const { match_probability: probability, match_weight: weight, corrections } = result;
    return decisionReasons({ probability, weight, runnerUp: this.runnerUp(link), corrections, thresholds: this.input.thresholds });
  }

  /** The dose's candidates, scored one by one (the scorer's `scoreOne`, same weights as the batch). */
  private candidates(doseRow: number): { candidates: CandidateScore[]; oversizedBlocks: DoseExplanation['oversizedBlocks'] } {
    const { generator, scorer } = this.ctx;
    const before = generator.counters.map((c) => ({ oversized: c.oversizedRows, dropped: c.droppedRows }));
    generator.generate(doseRow, doseRow + 1, this.buffer);
    const oversizedBlocks = generator.ruleNames.flatMap((rule, k) => {
      const c = generator.counters[k];
      return c.oversizedRows > before[k].oversized ? [{ rule, dropped: c.droppedRows > before[k].dropped }] : [];
    });
    const levels = new Uint8Array(scorer.comparisonCount);
    const out: CandidateScore[] = [];
    for (let p = this.buffer.start(doseRow), e = this.buffer.end(doseRow); p < e; p++) {
      const row = this.buffer.lefts[p];
      const weight = scorer.scoreOne(row, doseRow, levels);
      const rules = generator.ruleNames.filter((_, k) => (this.buffer.masks[p] & (1 << k)) !== 0);
      out.push({ personId: this.input.left.recordId(row), personRow: row, weight, probability: matchProbability(weight), rules });
    }
    out.sort((a, b) => b.weight - a.weight || a.personRow - b.personRow);
    return { candidates: out, oversizedBlocks };
  }

  private pair(doseRow: number, personRow: number, jobLink: LinkOutput, candidates: CandidateScore[]): PairExplanation {
    const { left, parameters } = this.input;
    const { scorer, idComparison, idExactLevel } = this.ctx;
    const levels = new Uint8Array(scorer.comparisonCount);
    const weight = scorer.scoreOne(personRow, doseRow, levels);
    const chosenByJob = jobLink.best[0] === personRow;
    let link = jobLink;
    if (!chosenByJob) {
      // The pair as if it were the best candidate, against the strongest other one.
      link = allocateLinkOutput(doseRow, 1, levels.length);
      const other = candidates.find((c) => c.personRow !== personRow);
      link.best[0] = personRow;
      link.bestWeight[0] = weight;
      link.second[0] = other?.personRow ?? -1;
      link.secondWeight[0] = other?.weight ?? Number.NaN;
      link.candidates[0] = candidates.length + (candidates.some((c) => c.personRow === personRow) ? 0 : 1);
      const owned = idComparison >= 0 && levels[idComparison] === idExactLevel;
      link.idOwnedByCandidate[0] = owned || jobLink.idOwnedByCandidate[0] === 1 ? 1 : 0;
      link.levels.set(levels);
    }
    const result = this.results.build(link, doseRow);
    // The adjustments the scorer applies, not counted from the register again.
    const w = waterfall(parameters, scorer.comparisons, scorer.tf, left, personRow, levels);
    // The explanation is only worth anything if it adds up to the number the decision was made on.
    if (!Object.is(w.total, weight)) throw new KhopError('INTERNAL', "the waterfall does not add up to the scorer's match weight");
    const corrections = this.explainCorrections(result, doseRow);
    return {
      personId: left.recordId(personRow),
      personRow,
      chosenByJob,
      proposedBy: candidates.find((c) => c.personRow === personRow)?.rules ?? [],
      terms: w.terms,
      weight: w.total,
      probability: matchProbability(w.total),
      runnerUp: this.runnerUp(link),
      decision: result.decision,
      reasons: this.reasons(result, link),
      corrections,
      correctionsCell: formatCorrections(result.corrections),
    };
  }

  private explainCorrections(result: ResultRow, doseRow: number): ExplainedCorrection[] {
    return result.corrections.map((c) => {
      const column = this.roles[ROLE[c.field]]?.rightColumn;
      const dose = column === undefined ? '' : this.input.right.rawValue(doseRow, column);
      return { ...c, dose, suggested: result[SUGGESTED[c.field]], text: REASON_TEXT[c.reason] };
    });
  }
}
