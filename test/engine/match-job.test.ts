/**
 * The match job end to end on the bundled sample (datasets/sample: 2,000 people, 2,000 doses,
 * `mixed` profile, with truth): decisions against the true person, corrections against the
 * damage tags, determinism across threads, and the counts reconciling.
 */
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { runMatchJob, type MatchJob, type MatchJobInput } from '../../src/engine/match-job.js';
import { formattedText, RESULT_COLUMNS, resultCells, type ResultRow } from '../../src/engine/result-rows.js';
import { formatCsvRow } from '../../src/io/csv-writer.js';
import { loadSettings } from '../../src/model/load-settings.js';
import { formatCorrections } from '../../src/engine/corrections.js';
import { TAG_CORRECTIONS } from '../../src/evaluate/tag-corrections.js';

const SAMPLE = fileURLToPath(new URL('../../datasets/sample/', import.meta.url));
const PRESET = fileURLToPath(new URL('../../presets/vn-vaccination.json', import.meta.url));

interface Truth {
  personId: string;
  tags: string[];
}

function readTruth(): Map<string, Truth> {
  const lines = readFileSync(`${SAMPLE}truth.csv`, 'utf8').trim().split('\n').slice(1);
  return new Map(
    lines.map((l) => {
      const [dose, person, tags] = l.split(',');
      return [dose, { personId: person, tags: tags === '' ? [] : tags.split('|') }];
    }),
  );
}

/** The match job's input for the bundled sample. */
function sampleInput(options: Partial<MatchJobInput> = {}): MatchJobInput {
  return {
    registry: `${SAMPLE}registry.csv`,
    registryName: 'registry.csv',
    doses: `${SAMPLE}doses.csv`,
    dosesName: 'doses.csv',
    settings: loadSettings(PRESET),
    ...options,
  };
}

async function runSample(threads: number, dosesPerTask?: number): Promise<{ job: MatchJob; rows: ResultRow[]; csv: string }> {
  const job = await runMatchJob(sampleInput({ threads, dosesPerTask }));
  const rows: ResultRow[] = [];
  let csv = formatCsvRow(RESULT_COLUMNS);
  for (let r = 0; r < job.right.size; r++) {
    const row = job.results.build(job.link, r);
    rows.push(row);
    csv += formatCsvRow(resultCells(row));
  }
  return { job, rows, csv };
}

describe('match job on the bundled sample', async () => {
  const truth = readTruth();
  const { job, rows, csv } = await runSample(1);

  it('writes one result per dose, in input order, and the counts reconcile', () => {
    expect(rows).toHaveLength(truth.size);
    expect(rows.map((r) => r.dose_id)).toEqual([...truth.keys()]);
    expect(job.rows.doses).toBe(rows.length + job.rejects.doses);
  });

  it('auto-accepts the true person with precision ≥ 99.5% and recall ≥ 97%', () => {
    let tp = 0;
    let fp = 0;
    let present = 0;
    for (const r of rows) {
      const t = truth.get(r.dose_id)!;
      if (t.personId !== '') present++;
      if (r.decision !== 'verified' && r.decision !== 'corrected') continue;
      if (r.person_id === t.personId) tp++;
      else fp++;
    }
    expect(tp / (tp + fp)).toBeGreaterThanOrEqual(0.995);
    expect(tp / present).toBeGreaterThanOrEqual(0.97);
  });

  it('leaves persons absent from the register unlinked or in review', () => {
    const absent = rows.filter((r) => truth.get(r.dose_id)!.personId === '');
    expect(absent.length).toBeGreaterThan(0);
    for (const r of absent) expect(['unmatched', 'review']).toContain(r.decision);
  });

  it('verifies undamaged doses with no correction', () => {
    const clean = rows.filter((r) => {
      const t = truth.get(r.dose_id)!;
      return t.personId !== '' && t.tags.length === 0;
    });
    const verified = clean.filter((r) => r.decision === 'verified' && r.corrections.length === 0);
    expect(verified.length / clean.length).toBeGreaterThanOrEqual(0.99);
  });

  it('names the damage of single-damage doses it auto-accepts (≥ 90% per field family)', () => {
    let expected = 0;
    let named = 0;
    for (const r of rows) {
      const t = truth.get(r.dose_id)!;
      const damage = t.tags.filter((tag) => TAG_CORRECTIONS[tag] !== null && TAG_CORRECTIONS[tag] !== undefined);
      if (damage.length !== 1 || r.person_id !== t.personId || r.decision !== 'corrected') continue;
      expected++;
      if (formatCorrections(r.corrections).split(';').includes(TAG_CORRECTIONS[damage[0]]!)) named++;
    }
    expect(expected).toBeGreaterThan(200);
    expect(named / expected).toBeGreaterThanOrEqual(0.9);
  });

  it('suggests the register person’s values exactly for the fields it corrects', () => {
    for (const r of rows) {
      if (r.decision === 'unmatched') continue;
      const fields = new Set(r.corrections.map((c) => c.field));
      expect(r.suggested_full_name !== '').toBe(fields.has('full_name'));
      expect(r.suggested_dob !== '').toBe(fields.has('dob'));
      expect(r.suggested_citizen_id !== '').toBe(fields.has('citizen_id'));
      expect(r.suggested_gender !== '').toBe(fields.has('gender'));
    }
  });

  it('gives byte-identical results with 2 worker threads and many small tasks', async () => {
    const two = await runSample(2, 300);
    expect(two.csv).toBe(csv);
    expect(two.job.blocking.pairs).toBe(job.blocking.pairs);
  });

  it('formats the same results in the workers, in input order, as on the calling thread', async () => {
    for (const threads of [1, 2]) {
      let text = formatCsvRow(RESULT_COLUMNS);
      let rows = 0;
      await runMatchJob(
        sampleInput({
          threads,
          dosesPerTask: 250,
          onResults: async (f) => {
            // A slow writer must not reorder the ranges.
            await new Promise((resolve) => setTimeout(resolve, (f.rows * 7) % 5));
            text += formattedText(f);
            rows += f.rows;
          },
        }),
      );
      expect(rows).toBe(2000);
      expect(text).toBe(csv);
    }
  });

  it('gives identical results when run twice', async () => {
    const again = await runSample(1);
    expect(again.csv).toBe(csv);
  });
});

describe('match job arguments', () => {
  it.each([
    ['an auto-accept threshold above 1', { auto_accept: 5 }],
    ['a negative review threshold', { review: -0.1 }],
    ['a review threshold above the auto-accept one', { auto_accept: 0.6, review: 0.7 }],
    ['a negative margin', { margin: -1 }],
  ])('refuses %s before reading anything (BAD_ARGUMENT)', async (_, thresholds) => {
    await expect(runMatchJob(sampleInput({ thresholds, registry: '/nonexistent/registry.csv' }))).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
  });
});
