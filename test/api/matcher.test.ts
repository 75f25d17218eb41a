/**
 * createMatcher / matchOne / matchMany on the bundled sample: each dose's result is its line of
 * the match job's results.csv (same model), whatever form the register comes in (CSV, saved index,
 * RegisterIndex, records); invalid records and options give typed errors without their values;
 * without a model the matcher says it is untrained; a closed matcher refuses work.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMatcher, csvBatchLinker, type Matcher } from '../../src/api/matcher.js';
import { formattedText } from '../../src/engine/result-rows.js';
import { matchResultCells } from '../../src/api/match-result.js';
import { RecordReader } from '../../src/api/match-record.js';
import { matchRecordSchema, matchResultSchema, recordSchemaFor } from '../../src/api/matcher-schema.js';
import { RegisterIndex } from '../../src/engine/register-index.js';
import type { DoseRow } from '../../src/generate/generator.js';
import { formatCsvRow } from '../../src/io/csv-writer.js';
import { isKhopError, type KhopError } from '../../src/errors.js';
import { REGISTRY, SAMPLE, runSample, type SampleRun } from './sample-fixture.js';
import { errorOf } from '../khop-error.js';

const dir = mkdtempSync(join(tmpdir(), 'khop-matcher-'));
let sample: SampleRun;
let matcher: Matcher;


async function rejection(p: Promise<unknown>): Promise<KhopError> {
  try {
    await p;
  } catch (e) {
    if (isKhopError(e)) return e;
    throw e;
  }
  throw new Error('no error');
}

beforeAll(async () => {
  sample = await runSample();
  matcher = await createMatcher({ registry: REGISTRY, model: sample.model as unknown as Record<string, unknown> });
});
afterAll(() => matcher.close());

describe('matchOne on the bundled sample', () => {
  it('gives every dose its results.csv line, byte for byte', () => {
    const lines = sample.doses.map((d) => formatCsvRow(matchResultCells(matcher.matchOne(d))));
    expect(lines).toEqual(sample.results);
  });

  it('with topK 0 (no candidates, pruned scoring) gives the same lines, one by one and in batches', async () => {
    const lean = await createMatcher({ registry: REGISTRY, model: sample.model as unknown as Record<string, unknown>, topK: 0, batchSize: 500 });
    try {
      const one = sample.doses.map((d) => lean.matchOne(d));
      const many = lean.matchMany(sample.doses);
      expect(one.map((r) => formatCsvRow(matchResultCells(r)))).toEqual(sample.results);
      expect(many.map((r) => formatCsvRow(matchResultCells(r)))).toEqual(sample.results);
      expect([...one, ...many].every((r) => r.candidates.length === 0)).toBe(true);
    } finally {
      await lean.close();
    }
  });

  it('returns results of the documented shape, candidates heaviest first with the linked person first', () => {
    for (const d of sample.doses.slice(0, 300)) {
      const r = matcher.matchOne(d);
      expect(matchResultSchema.safeParse(r).success).toBe(true);
      const w = r.candidates.map((c) => c.match_weight);
      expect(w).toEqual([...w].sort((a, b) => b - a));
      expect(r.candidates.length).toBeLessThanOrEqual(5);
      if (r.person_id !== '') expect(r.candidates[0].person_id).toBe(r.person_id);
      if (r.match_weight === null) expect(r.candidates).toEqual([]);
    }
  });

  it('names results.csv’s columns', () => {
    expect(matcher.columns).toEqual(['dose_id', 'decision', 'person_id', 'match_probability', 'match_weight', 'corrections', 'suggested_full_name', 'suggested_dob', 'suggested_citizen_id', 'suggested_gender']);
  });

  it('accepts an ID given as a number (a JSON ID that lost its leading zero) as its digits', () => {
    const d = sample.doses.find((x) => /^0\d{11}$/.test(x.citizen_id))!;
    const asText = matcher.matchOne(d);
    const asNumber = matcher.matchOne({ ...d, citizen_id: Number(d.citizen_id) });
    expect(asNumber.person_id).toBe(asText.person_id);
  });
});

describe('matchMany and the forms of the register', () => {
  it('matchMany gives the lines of results.csv in order', () => {
    expect(matcher.matchMany(sample.doses).map((r) => formatCsvRow(matchResultCells(r)))).toEqual(sample.results);
  });

  it.each([
    ['a saved index path', async () => {
      const path = join(dir, 'sample.khopidx');
      (await RegisterIndex.build({ registry: REGISTRY, settings: sample.settings })).save(path);
      return path;
    }],
    ['a RegisterIndex', async () => RegisterIndex.build({ registry: REGISTRY, settings: sample.settings })],
    ['an async iterable of records', async () => (async function* () {
      yield* sample.register;
    })()],
    ['an array of records', async () => sample.register],
  ])('gives the same results from %s', async (_, registry) => {
    const m = await createMatcher({ registry: await registry(), model: sample.model as unknown as Record<string, unknown> });
    try {
      expect(m.index.size).toBe(sample.register.length);
      expect(m.matchMany(sample.doses.slice(0, 400)).map((r) => formatCsvRow(matchResultCells(r)))).toEqual(sample.results.slice(0, 400));
    } finally {
      await m.close();
    }
  });
});

describe('invalid records', () => {
  const dose = { dose_id: 'D1', citizen_id: '001190000001', full_name: 'Nguyễn Văn Hùng', dob: '01/02/1990', gender: 'Nam', province: '001' };

  it.each([
    ['a cell that is an object', { ...dose, full_name: { first: 'Hùng' } }, 'full_name'],
    ['a cell that is a boolean', { ...dose, gender: true }, 'gender'],
    ['an infinite number', { ...dose, citizen_id: Number.POSITIVE_INFINITY }, 'citizen_id'],
    ['a cell that is too long', { ...dose, dob: '1'.repeat(5000) }, 'dob'],
    ['a cell holding a lone surrogate (JSON can spell it, UTF-8 cannot)', { ...dose, dose_id: 'D\ud800' }, 'dose_id'],
    ['a register record (no dose columns)', { person_id: '001190000001', old_id: '' }, undefined],
    ['an array', ['D1', 'Nguyễn Văn Hùng'], undefined],
    ['null', null, undefined],
  ])('refuses %s with RECORD_INVALID naming the field, never the value', (_, record, field) => {
    const e = errorOf(() => matcher.matchOne(record as never));
    expect(e.code).toBe('RECORD_INVALID');
    expect(e.where.field).toBe(field);
    expect(e.message).not.toContain('Hùng');
    expect(e.message).not.toContain('001190000001');
  });

  it('refuses a register record with an empty ID (a person results could not name); a dose may have none', async () => {
    const records = [...sample.register.slice(0, 20)];
    records[3] = { ...records[3], person_id: '' };
    await expect(createMatcher({ registry: records, model: sample.model as unknown as Record<string, unknown> })).rejects.toMatchObject({ code: 'RECORD_INVALID', where: { field: 'person_id' } });
    expect(matcher.matchOne({ ...dose, dose_id: '' }).decision).toBeDefined();
  });

  it('RegisterIndex.build over records checks each as createMatcher does (RECORD_INVALID with its position and field)', async () => {
    const records = [...sample.register.slice(0, 20)];
    records[3] = { ...records[3], person_id: '' };
    await expect(RegisterIndex.build({ settings: sample.settings, records })).rejects.toMatchObject({ code: 'RECORD_INVALID', where: { line: 4, field: 'person_id' } });
    records[3] = { ...sample.register[3], full_name: 'x'.repeat(5000) };
    await expect(RegisterIndex.build({ settings: sample.settings, records })).rejects.toMatchObject({ code: 'RECORD_INVALID', where: { line: 4, field: 'full_name' } });
  });

  it('onReject hears each register CSV row that cannot be read or linked, with its line', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-matcher-'));
    const lines = readFileSync(REGISTRY, 'utf8').split('\n').slice(0, 30);
    lines.splice(5, 0, ['', ...lines[2].split(',').slice(1)].join(','), 'x,"open');
    writeFileSync(join(dir, 'reg.csv'), lines.join('\n') + '\n');
    const heard: [number, string][] = [];
    const m = await createMatcher({ registry: join(dir, 'reg.csv'), model: matcher.model, onReject: (r) => heard.push([r.line, r.reason]) });
    try {
      expect(heard).toEqual([[6, 'field_empty (person_id)'], [7, expect.stringContaining('quote_unclosed')]]);
      expect(m.index.rejects).toBe(2);
    } finally {
      await m.close();
    }
  });

  it('takes a caller\'s own record interface without a cast (checked by tsc: npm test type-checks the tests)', () => {
    // An interface, as a caller's own record type would be (the generator's dose row is one).
    const typed: DoseRow = dose;
    expect(matcher.matchOne(typed).dose_id).toBe('D1');
    expect(matcher.matchMany([typed, typed])).toHaveLength(2);
    // @ts-expect-error a cell that is an object is refused at compile time too
    expect(errorOf(() => matcher.matchOne({ ...dose, full_name: { first: 'Hùng' } })).code).toBe('RECORD_INVALID');
  });

  it('a register of fewer than two persons and no model: BAD_ARGUMENT saying so', async () => {
    const e = await rejection(createMatcher({ registry: sample.register.slice(0, 1) }));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toContain('the register holds 1 person');
  });

  it('matchMany of something not iterable is BAD_ARGUMENT, not a TypeError', () => {
    expect(errorOf(() => matcher.matchMany({ a: 1 } as never)).code).toBe('BAD_ARGUMENT');
  });

  it('a threshold given as undefined keeps the settings\' value; the model may be the package\'s own KhopModel type', async () => {
    const m = await createMatcher({ registry: sample.register.slice(0, 50), model: matcher.model, thresholds: { margin: undefined, auto_accept: undefined } });
    try {
      expect(m.thresholds).toEqual(matcher.thresholds);
    } finally {
      await m.close();
    }
  });

  it('gives the record’s position in matchMany as `line`', () => {
    const e = errorOf(() => matcher.matchMany([dose, dose, { ...dose, dob: {} }] as never));
    expect([e.code, e.where.line, e.where.field]).toEqual(['RECORD_INVALID', 3, 'dob']);
  });

  it('accepts a record exactly when the zod schema accepts its cells (the schema is the oracle)', () => {
    const reader = new RecordReader(sample.settings, 'right');
    const cell = fc.oneof(fc.string({ maxLength: 20 }), fc.double(), fc.constant(null), fc.constant(undefined), fc.boolean(), fc.constant({}), fc.string({ minLength: 4090, maxLength: 4100 }));
    fc.assert(
      fc.property(fc.record({ full_name: cell, dob: cell, citizen_id: cell, extra: cell }), (record) => {
        let accepted = true;
        try {
          reader.read(record);
        } catch {
          accepted = false;
        }
        const { extra: _, ...own } = record;
        expect(accepted).toBe(matchRecordSchema.safeParse(own).success);
        // The extra key is ignored whatever it holds: recordSchemaFor says so with it in.
        expect(accepted).toBe(recordSchemaFor(reader.columns).safeParse(record).success);
      }),
      { numRuns: 500 },
    );
  });
});

describe('options, models and closing', () => {
  it.each([
    ['threads 0', { threads: 0 }, 'threads'],
    ['a negative topK', { topK: -1 }, 'topK'],
    ['an unknown option', { colour: 'red' }, 'colour'],
    ['a review threshold above 1', { thresholds: { review: 2 } }, 'thresholds.review'],
  ])('refuses %s with BAD_ARGUMENT and its path', async (_, extra, path) => {
    const e = await rejection(createMatcher({ registry: REGISTRY, ...(extra as object) } as never));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.issues.map((i) => i.path)).toContain(path);
  });

  it.each([
    ['a review threshold above the auto-accept one', { review: 0.995 }],
    ['an auto-accept threshold below the settings’ review one', { auto_accept: 0.4 }],
  ])('refuses %s (BAD_ARGUMENT)', async (_, thresholds) => {
    const e = await rejection(createMatcher({ registry: REGISTRY, thresholds }));
    expect(e.code).toBe('BAD_ARGUMENT');
    expect(e.message).toContain('threshold');
  });

  it('takes threshold overrides: a higher auto-accept turns corrected results into review', async () => {
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as never, thresholds: { auto_accept: 0.999999999 } });
    try {
      const before = matcher.matchMany(sample.doses).map((r) => r.decision);
      const after = m.matchMany(sample.doses).map((r) => r.decision);
      expect(m.thresholds).toMatchObject({ auto_accept: 0.999999999, review: sample.settings.thresholds.review });
      expect(after.filter((d) => d === 'review').length).toBeGreaterThan(before.filter((d) => d === 'review').length);
      after.forEach((d, k) => expect(d === before[k] || (d === 'review' && (before[k] === 'corrected' || before[k] === 'verified'))).toBe(true));
    } finally {
      await m.close();
    }
  });

  it('refuses a model trained with other comparisons (MODEL_INVALID)', async () => {
    const settings = structuredClone(sample.settings);
    settings.comparisons[0].levels = settings.comparisons[0].levels.filter((l) => !(l.kind === 'jaro_winkler' && l.threshold === 0.92));
    const e = await rejection(createMatcher({ registry: REGISTRY, settings: settings as never, model: sample.model as never }));
    expect(e.code).toBe('MODEL_INVALID');
    // Given as a file, the error names it.
    const file = join(dir, 'model-other.json');
    writeFileSync(file, JSON.stringify(sample.model));
    const named = await rejection(createMatcher({ registry: REGISTRY, settings: settings as never, model: file }));
    expect([named.code, named.where.file]).toEqual(['MODEL_INVALID', file]);
  });

  it('refuses a saved index of another format version as such (BAD_ARGUMENT), not as a register CSV', async () => {
    const path = join(dir, 'old.khopidx');
    (await RegisterIndex.build({ registry: REGISTRY, settings: sample.settings })).save(path);
    const bytes = readFileSync(path);
    bytes[7] = 1;
    writeFileSync(path, bytes);
    const e = await rejection(createMatcher({ registry: path }));
    expect([e.code, e.where.file]).toEqual(['BAD_ARGUMENT', path]);
    expect(e.message).toContain('format version 1');
  });

  it('refuses settings whose blocking rules differ from a saved index’s', async () => {
    const index = await RegisterIndex.build({ registry: REGISTRY, settings: sample.settings });
    const settings = structuredClone(sample.settings);
    settings.blocking_rules = settings.blocking_rules.slice(0, 2);
    const e = await rejection(createMatcher({ registry: index, settings: settings as never }));
    expect(e.code).toBe('BAD_ARGUMENT');
  });

  it('without a model, makes an untrained one from the register and says so', async () => {
    const m = await createMatcher({ registry: REGISTRY });
    try {
      expect(m.modelSource).toBe('untrained');
      expect(m.model.provenance.method).toBe('manual');
      // An undamaged copy of a register person is still verified as that person.
      const p = sample.register[11];
      const r = m.matchOne({ dose_id: 'D', citizen_id: p.person_id, full_name: p.full_name, dob: p.dob, gender: p.gender, province: p.province });
      expect([r.decision, r.person_id]).toEqual(['verified', p.person_id]);
    } finally {
      await m.close();
    }
  });

  it('refuses work once closed', async () => {
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as never });
    await m.close();
    expect(errorOf(() => m.matchOne(sample.doses[0])).code).toBe('BAD_ARGUMENT');
  });
});

describe('csvBatchLinker (khop match on a saved index)', () => {
  // Threads are capped at the machine's cores: with one core the batch would stay on this thread.
  it.skipIf(availableParallelism() < 2)('links a batch larger than the default batch size in a worker, to the match job’s lines', async () => {
    // 10,000 rows: over the probe's default 8,192, so the workers' probes must take the matcher's batch size.
    const [head, ...rows] = readFileSync(`${SAMPLE}doses.csv`, 'utf8').trimEnd().split('\n');
    const header = head.replace(/^\uFEFF/, '').split(',');
    const five = [...rows, ...rows, ...rows, ...rows, ...rows];
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as unknown as Record<string, unknown>, threads: 2, batchSize: 10_000 });
    try {
      const linker = csvBatchLinker(m);
      expect([linker.batchSize, linker.threads]).toEqual([10_000, 2]);
      const formatted = await linker.linkCsvBatch(header, Buffer.from(five.map((r) => `${r}\r\n`).join('')));
      expect(formatted.rows).toBe(10_000);
      expect(formattedText(formatted)).toBe([...sample.results, ...sample.results, ...sample.results, ...sample.results, ...sample.results].join(''));
    } finally {
      await m.close();
    }
  });

  it('answers a closed matcher with a rejected promise (BAD_ARGUMENT), never a throw', async () => {
    const m = await createMatcher({ registry: REGISTRY, model: sample.model as unknown as Record<string, unknown> });
    await m.close();
    const linked = csvBatchLinker(m).linkCsvBatch(['dose_id'], Buffer.from('D1\r\n'));
    expect((await rejection(linked)).code).toBe('BAD_ARGUMENT');
  });
});
