/**
 * `khop explain`'s core on the hand-made case (fixture.ts): every term of the waterfall checked
 * against the hand-chosen m and u, the term-frequency adjustment against its formula worked by
 * hand, and the total, probability, decision and corrections against what the match job computes
 * for the same dose.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { RAW_MAX_BYTES } from '../../src/io/csv-scanner.js';
import { runMatchJob, type MatchJob } from '../../src/engine/match-job.js';
import { formatCorrections } from '../../src/engine/corrections.js';
import { resultCells } from '../../src/engine/result-rows.js';
import { explainDose, findRow, rawCells } from '../../src/explain/explain-dose.js';
import type { DoseExplanation } from '../../src/explain/explain-pair.js';
import type { LevelTerm, TfTerm } from '../../src/explain/waterfall.js';
import { matchProbability } from '../../src/model/fellegi-sunter.js';
import { Scorer } from '../../src/model/scorer.js';
import { HAND, handModel, writeHandFiles, type HandFiles } from './fixture.js';

let files: HandFiles;
let job: MatchJob;
const model = handModel();

async function explain(doseId: string, personId?: string): Promise<DoseExplanation> {
  return explainDose({ registry: files.registry, registryName: files.registry, doses: files.doses, dosesName: files.doses, settings: model.settings, model, doseId, personId });
}

beforeAll(async () => {
  files = writeHandFiles();
  job = await runMatchJob({ registry: files.registry, registryName: files.registry, doses: files.doses, dosesName: files.doses, settings: model.settings, model });
});

const log2 = Math.log2;
/** log2(u_ref / tf) for a name held by 2 of the 5 register persons, u_ref = (2² + 1² + 2²) / 5². */
const TF_TWO_OF_FIVE = log2(0.36 / 0.4);

describe('the waterfall of dose D1 (P1 typed without diacritics), term by term', () => {
  let e: DoseExplanation;
  beforeAll(async () => {
    e = await explain('D1');
  });

  it('the prior is log2(λ / (1 − λ))', () => {
    expect(e.pair!.terms[0]).toMatchObject({ kind: 'prior', lambda: HAND.lambda });
    expect(e.pair!.terms[0].weight).toBe(log2(0.01 / 0.99));
  });

  it.each([
    ['full_name', 3, 'diacritics differ or missing', HAND.full_name.m[2], HAND.full_name.u[2]],
    ['dob', 1, 'exact', HAND.dob.m[0], HAND.dob.u[0]],
    ['citizen_id', 1, 'exact', HAND.citizen_id.m[0], HAND.citizen_id.u[0]],
    ['gender', 1, 'same', HAND.gender.m[0], HAND.gender.u[0]],
  ])('%s: level %i "%s", its m and u, weight log2(m/u)', (name, level, label, m, u) => {
    const term = e.pair!.terms.find((t): t is LevelTerm => t.kind === 'level' && t.name === name)!;
    expect(term).toMatchObject({ level, label, m, u });
    expect(term.weight).toBe(log2(m / u));
  });

  it('the term-frequency adjustment follows the name, on the folded key its level compares', () => {
    const tf = e.pair!.terms.filter((t): t is TfTerm => t.kind === 'tf');
    expect(tf).toHaveLength(1);
    expect(tf[0]).toMatchObject({ name: 'tf_full_name', value: 'nguyen thi hoa', count: 2, total: 5 });
    expect(tf[0].weight).toBeCloseTo(TF_TWO_OF_FIVE, 6); // the table is Float32
    expect(e.pair!.terms.map((t) => t.name)).toEqual(['prior', 'full_name', 'tf_full_name', 'dob', 'citizen_id', 'gender']);
  });

  it('the total is the sum of the terms, the running total ends on it, and it is the match job’s weight bit for bit', () => {
    const pair = e.pair!;
    const sum = pair.terms.reduce((a, t) => a + t.weight, 0);
    expect(pair.weight).toBeCloseTo(sum, 12);
    expect(pair.terms.at(-1)!.cumulative).toBeCloseTo(pair.weight, 12);
    const row = findRow(job.right, 'D1');
    expect(pair.weight).toBe(job.link.bestWeight[row]);
    expect(pair.probability).toBe(matchProbability(job.link.bestWeight[row]));
  });

  it('decision, person, corrections and suggestions are the match job’s', () => {
    const expected = job.results.build(job.link, findRow(job.right, 'D1'));
    expect(resultCells(e.job)).toEqual(resultCells(expected));
    expect(e.job.personRow).toBe(expected.personRow);
    // The job settles D1 on its ID rules' candidates (settle-plan.ts); the explanation asks every rule.
    expect(e.job.candidates).toBeGreaterThanOrEqual(expected.candidates);
    expect(e.pair).toMatchObject({ personId: '079190001234', chosenByJob: true, decision: 'corrected', correctionsCell: 'full_name:diacritics_missing' });
    expect(e.pair!.corrections).toEqual([
      { field: 'full_name', reason: 'diacritics_missing', dose: 'Nguyen Thi Hoa', suggested: 'Nguyễn Thị Hòa', text: expect.any(String) },
    ]);
    expect(e.pair!.reasons.map((r) => r.code)).toEqual(['at_or_above_auto_accept', 'runner_up_implausible', 'corrections']);
  });

  it('candidates: both persons the rules proposed, best first, with the rules that found each', () => {
    expect(e.candidates.map((c) => [c.personId, c.rules])).toEqual([
      ['079190001234', ['exact_id', 'id_one_edit', 'year_family_given', 'year_given_middle', 'year_token_set', 'name_province']],
      ['079162000777', ['name_province']],
    ]);
    // The runner-up is scored in full, as the batch scorer scores it (the job may skip it: it cannot come close).
    const weights = new Float64Array(2);
    new Scorer(model.settings, model.parameters, job.left, job.right).scorePairs(Int32Array.of(0, 2), Int32Array.of(0, 0), 2, weights, new Uint8Array(8));
    expect(e.candidates.map((c) => c.weight)).toEqual([...weights]);
    expect(e.pair!.runnerUp).toMatchObject({ personId: '079162000777', weight: e.candidates[1].weight });
  });

  it('the two records side by side, field by field', () => {
    expect(e.values).toEqual([
      { field: 'full_name', dose: 'Nguyen Thi Hoa', person: 'Nguyễn Thị Hòa' },
      { field: 'dob', dose: '05/03/1990', person: '05/03/1990' },
      { field: 'citizen_id', dose: '079190001234', person: '079190001234' },
      { field: 'old_id', dose: null, person: '' },
      { field: 'gender', dose: 'Nữ', person: 'Nữ' },
      { field: 'province', dose: '079', person: '079' },
    ]);
  });
});

describe('the other hand-made doses', () => {
  it('D2, twins tied: the ID comparison is at its null level (weight 0), review because the runner-up ties', async () => {
    const e = await explain('D2');
    const id = e.pair!.terms.find((t): t is LevelTerm => t.kind === 'level' && t.name === 'citizen_id')!;
    expect(id).toMatchObject({ level: 0, levelKind: 'null', m: 1, u: 1, weight: 0 });
    const tf = e.pair!.terms.find((t): t is TfTerm => t.kind === 'tf')!;
    expect(tf).toMatchObject({ value: 'lê văn nam', count: 2, total: 5 });
    expect(tf.weight).toBeCloseTo(TF_TWO_OF_FIVE, 6);
    const row = findRow(job.right, 'D2');
    expect(e.pair!.weight).toBe(job.link.bestWeight[row]);
    expect(resultCells(e.job)).toEqual(resultCells(job.results.build(job.link, row)));
    expect(e.pair!.decision).toBe('review');
    expect(e.pair!.reasons.map((r) => r.code)).toContain('runner_up_close');
    expect(formatCorrections(e.job.corrections)).toBe('citizen_id:id_missing');
  });

  it('D3, no candidate: no pair, unmatched, said so', async () => {
    const e = await explain('D3');
    expect(e.pair).toBeNull();
    expect(e.candidates).toEqual([]);
    expect(e.job.decision).toBe('unmatched');
    expect(e.jobReasons.map((r) => r.code)).toEqual(['no_candidate']);
  });

  it('--person-id a person blocking never proposed: explained anyway, said so, the job’s decision kept beside', async () => {
    const e = await explain('D1', '001185000123');
    expect(e.pair).toMatchObject({ personId: '001185000123', chosenByJob: false, proposedBy: [], decision: 'unmatched' });
    const levels = e.pair!.terms.filter((t): t is LevelTerm => t.kind === 'level').map((t) => t.label);
    expect(levels).toEqual(['different', 'different', 'different', 'different']);
    expect(e.pair!.weight).toBe(
      log2(0.01 / 0.99) + log2(HAND.full_name.m[7] / HAND.full_name.u[7]) + log2(HAND.dob.m[5] / HAND.dob.u[5]) + log2(HAND.citizen_id.m[5] / HAND.citizen_id.u[5]) + log2(HAND.gender.m[1] / HAND.gender.u[1]),
    );
    expect(e.job.decision).toBe('corrected');
    expect(e.pair!.runnerUp?.personId).toBe('079190001234');
  });

  it('--person-id the namesake blocking proposed: its rules, and the job’s choice as its runner-up', async () => {
    const e = await explain('D1', '079162000777');
    expect(e.pair).toMatchObject({ chosenByJob: false, proposedBy: ['name_province'], decision: 'unmatched' });
    expect(e.pair!.weight).toBe(e.candidates[1].weight);
  });
});

describe('a dose asked for that may be past the cut of a giant rejected row', () => {
  it('says that a rejected row over 1 MiB was searched in part', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-explain-giant-'));
    const doses = join(dir, 'doses.csv');
    // ID column last: the row's first MiB holds only its giant name.
    writeFileSync(doses, `citizen_id,full_name,dob,gender,province,dose_id\n079190001234,${'x'.repeat(RAW_MAX_BYTES + 10)},1990,Nam,079,D7\n`);
    const error = await explainDose({ registry: files.registry, registryName: files.registry, doses, dosesName: doses, settings: model.settings, model, doseId: 'D7' }).catch((x: unknown) => x);
    expect(error).toMatchObject({ code: 'BAD_ARGUMENT', message: expect.stringContaining('1 rejected row is over 1 MiB and searched in part') });
  });
});

describe('errors name the flag and the line, never the ID', () => {
  it.each([
    ['D4', undefined, 'RECORD_INVALID', 5],
    ['D9', undefined, 'BAD_ARGUMENT', undefined],
    ['D1', '000000000000', 'BAD_ARGUMENT', undefined],
  ])('dose %s, person %s → %s', async (doseId, personId, code, line) => {
    const error = await explain(doseId, personId).catch((x: unknown) => x);
    expect(error).toMatchObject({ code, where: line === undefined ? {} : { line } });
    if (line === undefined) expect((error as { where: object }).where).not.toHaveProperty('line');
    expect((error as Error).message).toContain(personId === undefined ? '--dose-id' : '--person-id');
    // The files' folder is named by design; a random temporary directory may hold "D9" too.
    const message = (error as Error).message.replaceAll(files.dir, '');
    expect(message).not.toContain(personId ?? doseId);
  });
});

describe('rawCells reads the cells of a damaged row', () => {
  it.each([
    ['D4,0791,Nguyen,Thi', ['D4', '0791', 'Nguyen', 'Thi']],
    ['"D5","a,b",x', ['D5', 'a,b', 'x']],
    ['D6,"broken', ['D6', 'broken']],
  ])('%s', (raw, cells) => {
    expect(rawCells(raw)).toEqual(cells);
  });
});
