/**
 * The register index (register-index.ts) and its probe (register-probe.ts) on the bundled sample:
 * every dose probed against the index gets byte for byte the results.csv row of the match job
 * (same model), in one batch, one at a time and after a save → load round trip; unseen strings
 * go through the overlay dictionaries; a file that is not an index is refused with a code; and a
 * schema of string fields (datasets/synthetic-schema) gives the match job's lines too.
 */
import { mkdtempSync, readFileSync, truncateSync, writeFileSync, copyFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { RegisterIndex, INDEX_MAGIC, settingsKey } from '../../src/engine/register-index.js';
import { RegisterProbe, type ProbedRecord } from '../../src/engine/register-probe.js';
import { NameColumnBuilder, type NameLearning } from '../../src/engine/column-name.js';
import { shareTf } from '../../src/engine/link-context.js';
import { formattedText, resultCells, type FormattedResults } from '../../src/engine/result-rows.js';
import { formatCsvRow } from '../../src/io/csv-writer.js';
import { isKhopError } from '../../src/errors.js';
import { foldName } from '../../src/normalize/vietnamese-letters.js';
import { fileURLToPath } from 'node:url';
import { runMatchJob } from '../../src/engine/match-job.js';
import { loadSettings } from '../../src/model/load-settings.js';
import { REGISTRY, SAMPLE, readRecords, runSample, type SampleRun } from '../api/sample-fixture.js';
import { csvRowBatches } from '../../src/cli/csv-batches.js';
import { requiredColumns } from '../../src/engine/load-side.js';

const dir = mkdtempSync(join(tmpdir(), 'khop-register-index-'));
let sample: SampleRun;
let index: RegisterIndex;

function probe(ix: RegisterIndex, capacity?: number): RegisterProbe {
  return new RegisterProbe(ix, { parameters: sample.model.parameters, thresholds: sample.settings.thresholds, topK: 3, capacity });
}

function lines(probed: ProbedRecord[]): string[] {
  return probed.map((p) => formatCsvRow(resultCells(p.result)));
}

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return isKhopError(e) ? e.code : `not a KhopError: ${String(e)}`;
  }
  return undefined;
}

beforeAll(async () => {
  sample = await runSample();
  index = await RegisterIndex.build({ registry: REGISTRY, settings: sample.settings });
});

describe('RegisterIndex on the bundled sample', () => {
  it('holds every register person', () => {
    expect(index.size).toBe(sample.register.length);
    expect(index.rows).toBe(sample.register.length);
  });

  it('gives every dose the match job’s results.csv row, in one batch', () => {
    expect(lines(probe(index).link(sample.doses))).toEqual(sample.results);
  });

  it('gives the same rows with another probe’s term-frequency tables (shared, not counted again)', () => {
    const first = probe(index);
    const second = new RegisterProbe(index, { parameters: sample.model.parameters, thresholds: sample.settings.thresholds, topK: 3, tf: shareTf(first.tf) });
    expect(second.tf.length).toBeGreaterThan(0);
    expect(second.tf.map((t) => t.table)).toEqual(first.tf.map((t) => t.table));
    second.tf.forEach((t, k) => expect(t.table).toBe(first.tf[k].table));
    expect(lines(second.link(sample.doses))).toEqual(sample.results);
  });

  it('gives the same rows one dose at a time and in passes of 7 (key arrays rewritten in place)', () => {
    const one = probe(index);
    const some = sample.doses.filter((_, k) => k % 13 === 0);
    const expected = sample.results.filter((_, k) => k % 13 === 0);
    expect(some.map((d) => lines(one.link([d]))[0])).toEqual(expected);
    expect(lines(probe(index, 7).link(some))).toEqual(expected);
  });

  it('is the same index built from records as from the CSV file', async () => {
    const fromRecords = await RegisterIndex.build({ records: sample.register, settings: sample.settings });
    expect(lines(probe(fromRecords).link(sample.doses.slice(0, 300)))).toEqual(sample.results.slice(0, 300));
  });

  it('depends on how the register is read, not on how the doses are (multiline_cells)', () => {
    const key = settingsKey(sample.settings);
    expect(settingsKey({ ...sample.settings, right: { ...sample.settings.right, multiline_cells: true } })).toBe(key);
    expect(settingsKey({ ...sample.settings, left: { ...sample.settings.left, multiline_cells: true } })).not.toBe(key);
  });

  it('takes settings as a plain document too, and refuses missing or invalid ones with a code', async () => {
    const doc = JSON.parse(JSON.stringify(sample.settings));
    const fromDoc = await RegisterIndex.build({ records: sample.register.slice(0, 50), settings: doc });
    expect(fromDoc.settingsKey).toBe((await RegisterIndex.build({ records: sample.register.slice(0, 50), settings: sample.settings })).settingsKey);
    const build = (input: unknown): Promise<RegisterIndex> => RegisterIndex.build(input as never);
    await expect(build(undefined)).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(build({ registry: REGISTRY })).rejects.toMatchObject({ code: 'BAD_ARGUMENT' });
    await expect(build({ registry: REGISTRY, settings: { version: 1 } })).rejects.toMatchObject({ code: 'SETTINGS_INVALID' });
  });

  it('reports the best candidates heaviest first, the first one the linked person', () => {
    for (const p of probe(index).link(sample.doses.slice(0, 200))) {
      const w = p.candidates.map((c) => c.weight);
      expect(w).toEqual([...w].sort((a, b) => b - a));
      expect(p.candidates.length).toBeLessThanOrEqual(3);
      if (p.result.personRow >= 0) expect(p.candidates[0].row).toBe(p.result.personRow);
      expect(p.candidates.length).toBe(Math.min(3, p.result.candidates));
    }
  });
});

describe('save and load', () => {
  it('round-trips to identical results, and the file starts with the magic bytes', () => {
    const path = join(dir, 'sample.khopidx');
    const bytes = index.save(path);
    expect(readFileSync(path).length).toBe(bytes);
    expect(readFileSync(path).subarray(0, 8).equals(INDEX_MAGIC)).toBe(true);
    expect(RegisterIndex.isIndexFile(path)).toBe(true);
    expect(RegisterIndex.isIndexFile(REGISTRY)).toBe(false);
    const loaded = RegisterIndex.load(path);
    expect(loaded.size).toBe(index.size);
    expect(loaded.settingsKey).toBe(index.settingsKey);
    expect(lines(probe(loaded).link(sample.doses))).toEqual(sample.results);
  });

  it('loads every number and every buffer as it was saved (a cap of Infinity included)', () => {
    const loaded = RegisterIndex.load(join(dir, 'sample.khopidx'));
    const buffers: Buffer[][] = [[], []];
    const strip = (k: number) => (v: unknown): unknown => (v instanceof SharedArrayBuffer ? (buffers[k].push(Buffer.from(v)), 'buffer') : v);
    const plain = (t: unknown, k: number): unknown => JSON.parse(JSON.stringify(t, (_, v: unknown) => { const w = strip(k)(v); return typeof w === 'number' && !Number.isFinite(w) ? String(w) : w; }));
    expect(plain({ left: loaded.left.toTransferable(), plan: loaded.plan.toTransferable() }, 0)).toEqual(plain({ left: index.left.toTransferable(), plan: index.plan.toTransferable() }, 1));
    expect(loaded.plan.toTransferable().rules.map((r) => r.maxBlockSize)).toContain(Infinity);
    expect(buffers[0].length).toBe(buffers[1].length);
    buffers[0].forEach((b, k) => expect(b.equals(buffers[1][k])).toBe(true));
  });

  it('saves twice to the same bytes but the creation time (and the header checksum that covers it)', () => {
    const a = join(dir, 'a.khopidx');
    const b = join(dir, 'b.khopidx');
    index.save(a);
    index.save(b);
    const strip = (p: string): string => {
      const bytes = readFileSync(p);
      bytes.fill(0, 12, 16);
      return bytes.toString('latin1').replace(/"created":"[^"]*"/, '');
    };
    expect(strip(a)).toBe(strip(b));
  });

  it.each([
    ['a missing file', () => join(dir, 'nope.khopidx'), 'FILE_NOT_FOUND'],
    ['an empty file', () => (writeFileSync(join(dir, 'empty'), ''), join(dir, 'empty')), 'FILE_EMPTY'],
    ['a CSV file', () => REGISTRY, 'BAD_ARGUMENT'],
    [
      'a truncated index',
      () => {
        const p = join(dir, 'cut.khopidx');
        copyFileSync(join(dir, 'sample.khopidx'), p);
        truncateSync(p, 4096);
        return p;
      },
      'BAD_ARGUMENT',
    ],
    ['a folder', () => dir, 'BAD_ARGUMENT'],
    [
      'an index with bytes appended',
      () => {
        const p = join(dir, 'longer.khopidx');
        writeFileSync(p, Buffer.concat([readFileSync(join(dir, 'sample.khopidx')), Buffer.from('junk')]));
        return p;
      },
      'BAD_ARGUMENT',
    ],
  ])('refuses %s with %s', (_, path, code) => {
    expect(codeOf(() => RegisterIndex.load(path()))).toBe(code);
  });

  /** A copy of the saved sample index, changed by `edit`. */
  function edited(name: string, edit: (bytes: Buffer) => Buffer): string {
    const p = join(dir, name);
    writeFileSync(p, edit(readFileSync(join(dir, 'sample.khopidx'))));
    return p;
  }

  it('recognises an index of another format version as an index, and refuses it naming the versions', () => {
    const p = edited('v1.khopidx', (b) => {
      b[7] = 1;
      return b;
    });
    expect(RegisterIndex.isIndexFile(p)).toBe(true);
    let message = '';
    expect(codeOf(() => {
      try {
        RegisterIndex.load(p);
      } catch (e) {
        message = (e as Error).message;
        throw e;
      }
    })).toBe('BAD_ARGUMENT');
    expect(message).toContain('format version 1');
  });

  it('refuses the file cut at any length with BAD_ARGUMENT, never another error', () => {
    const size = readFileSync(join(dir, 'sample.khopidx')).length;
    fc.assert(
      fc.property(fc.integer({ min: 1, max: size - 1 }), (at) => {
        expect(codeOf(() => RegisterIndex.load(edited('cut-any.khopidx', (b) => b.subarray(0, at))))).toBe('BAD_ARGUMENT');
      }),
      { numRuns: 40, examples: [[7], [12], [15], [16], [size - 1]] },
    );
  });

  it('refuses a file with any byte damaged (checksums), unless the byte is padding that is never read', () => {
    const original = readFileSync(join(dir, 'sample.khopidx'));
    const buffersOf = (ix: RegisterIndex): Buffer[] => {
      const out: Buffer[] = [];
      JSON.stringify({ left: ix.left.toTransferable(), plan: ix.plan.toTransferable() }, (_, v: unknown) => (v instanceof SharedArrayBuffer ? (out.push(Buffer.from(v)), 0) : v));
      return out;
    };
    const expected = buffersOf(index);
    let refused = 0;
    fc.assert(
      fc.property(fc.integer({ min: 8, max: original.length - 1 }), fc.integer({ min: 1, max: 255 }), (at, flip) => {
        const p = edited('flipped.khopidx', (b) => {
          b[at] ^= flip;
          return b;
        });
        let loaded: RegisterIndex | undefined;
        const code = codeOf(() => (loaded = RegisterIndex.load(p)));
        if (loaded === undefined) {
          expect(code).toBe('BAD_ARGUMENT');
          refused++;
        } else {
          buffersOf(loaded).forEach((b, k) => expect(b.equals(expected[k])).toBe(true));
        }
      }),
      { numRuns: 60, examples: [[20, 1], [original.length - 1, 0x80]] },
    );
    expect(refused).toBeGreaterThan(0);
  });

  it('refuses a file that starts with the magic bytes but holds anything else', () => {
    const p = join(dir, 'foreign.khopidx');
    writeFileSync(p, Buffer.concat([INDEX_MAGIC, Buffer.from('person_id,full_name\n'.repeat(50))]));
    expect(codeOf(() => RegisterIndex.load(p))).toBe('BAD_ARGUMENT');
  });
});

describe('records the register has never seen', () => {
  const dose = (name: string) => ({ dose_id: 'X1', citizen_id: '', full_name: name, dob: '', gender: '', province: '' });

  it('finds a register person whose name is typed without diacritics, with an unseen middle name', () => {
    const person = sample.register[0];
    const [family, ...rest] = foldName(person.full_name).split(' ');
    const typed = [family, 'Zzyzx', ...rest].join(' ');
    const [probed] = probe(index).link([{ ...dose(typed), dob: person.dob, province: person.province }]);
    expect(probed.candidates.map((c) => c.row)).toContain(0);
  });

  it('scores an unseen name by Jaro-Winkler against the register (one letter changed)', () => {
    const person = sample.register[5];
    const typo = `${person.full_name.slice(0, -1)}q`;
    const [probed] = probe(index).link([{ ...dose(typo), citizen_id: person.person_id, dob: person.dob }]);
    expect(probed.result.personRow).toBe(5);
    expect(probed.result.corrections.map((c) => c.field)).toContain('full_name');
  });

  it('forgets what it computed for an appended code when the overlay starts again (the code is reused)', () => {
    const person = sample.register[7];
    const typo = foldName(person.full_name).replace(/.$/, 'q');
    const record = { ...dose(typo), citizen_id: person.person_id, dob: person.dob };
    const [fresh] = probe(index).link([record]);
    const p = new RegisterProbe(index, { parameters: sample.model.parameters, thresholds: sample.settings.thresholds, topK: 3, overlayResetBytes: 1 });
    // The same person's ID with a wholly other name: its name gets the first appended code, and a
    // Jaro-Winkler value against the person's name is remembered for that code pair.
    p.link([{ ...record, full_name: 'Zzq Wwq Xxq' }]);
    const [again] = p.link([record]);
    expect(lines([again])).toEqual(lines([fresh]));
  });

  it('gives the same result for a record whatever unseen strings came before it, across overlay resets', () => {
    const p = new RegisterProbe(index, { parameters: sample.model.parameters, thresholds: sample.settings.thresholds, topK: 3, overlayResetBytes: 256 });
    const expected = sample.results.slice(0, 50);
    for (let round = 0; round < 3; round++) {
      const noise = Array.from({ length: 40 }, (_, k) => dose(`Qwx${round} Vbn${k} Zrt${k * 7}`));
      p.link(noise);
      expect(lines(p.link(sample.doses.slice(0, 50)))).toEqual(expected);
    }
  });
});

describe('linkCsv: doses as CSV bytes (khop match on a saved index)', () => {
  async function linkAll(p: RegisterProbe, batchRows: number, doses = `${SAMPLE}doses.csv`): Promise<string[]> {
    let text = '';
    const required = requiredColumns(sample.settings, 'right');
    const onReject = (): never => {
      throw new Error('the sample has no reject');
    };
    for await (const b of csvRowBatches(doses, { file: 'doses.csv', required, batchRows, onReject })) text += formattedText(p.linkCsv(b.header, b.bytes));
    return text.split(/(?<=\n)/);
  }

  it('gives every dose the match job’s results.csv row, batch after batch, and again once every name is learned', async () => {
    const p = probe(index, 64);
    expect(await linkAll(p, 64)).toEqual(sample.results);
    expect(await linkAll(p, 64)).toEqual(sample.results);
  });

  it('gives the same rows when the overlays start again between batches (the names learned are forgotten with them)', async () => {
    const p = new RegisterProbe(index, { parameters: sample.model.parameters, thresholds: sample.settings.thresholds, topK: 0, capacity: 50, overlayResetBytes: 256 });
    expect(await linkAll(p, 50)).toEqual(sample.results);
    expect(await linkAll(p, 50)).toEqual(sample.results);
  });

  it('forgets the names learned when a batch’s read fails midway (a memo key without its entry would replay another name’s codes)', async () => {
    const p = probe(index, 64);
    const required = requiredColumns(sample.settings, 'right');
    const batches = csvRowBatches(`${SAMPLE}doses.csv`, { file: 'doses.csv', required, batchRows: 10, onReject: () => {} });
    const first = (await batches.next()).value!;
    await batches.return();
    // The first new name's memo key is in before its forms are computed: fail right there.
    const builder = NameColumnBuilder.prototype as unknown as { appendForms: () => void };
    const spy = vi.spyOn(builder, 'appendForms').mockImplementationOnce(() => {
      throw new Error('a read that fails');
    });
    try {
      expect(() => p.linkCsv(first.header, first.bytes)).toThrow('a read that fails');
    } finally {
      spy.mockRestore();
    }
    expect(await linkAll(p, 64)).toEqual(sample.results);
  });

  it('forgets the names learned once they pass learnedNamesMax, with the same rows', async () => {
    // What the probe holds learned (a look inside: the memo's size is the point of the bound).
    const learned = (p: RegisterProbe): number => [...(p as unknown as { nameLearning: Map<string, NameLearning> }).nameLearning.values()].reduce((n, l) => n + l.size, 0);
    const capped = new RegisterProbe(index, { parameters: sample.model.parameters, thresholds: sample.settings.thresholds, topK: 0, capacity: 64, learnedNamesMax: 200 });
    const free = probe(index, 64);
    expect(await linkAll(capped, 64)).toEqual(sample.results);
    expect(await linkAll(free, 64)).toEqual(sample.results);
    // 64 names are at most ~64 × 12 Int32s: the capped probe starts again every few batches.
    expect(learned(capped)).toBeLessThan(200 + 64 * 12);
    expect(learned(free)).toBeGreaterThan(2_000);
  });

  it('gives the match job’s rows when rows begin with U+FEFF (data, as in files joined with cat) at the start of a batch', async () => {
    const lines = readFileSync(`${SAMPLE}doses.csv`, 'utf8').split('\n').slice(0, 41);
    const path = join(dir, 'bom-doses.csv');
    writeFileSync(path, `${lines.map((l, k) => (k > 0 && k % 5 === 1 ? `\uFEFF${l}` : l)).join('\n')}\n`);
    let text = '';
    const onResults = (f: FormattedResults): void => {
      text += formattedText(f);
    };
    await runMatchJob({ registry: REGISTRY, registryName: 'r', doses: path, dosesName: 'd', settings: sample.settings, model: sample.model, onResults });
    const expected = text.split(/(?<=\n)/);
    expect(expected.filter((l) => l.startsWith('\uFEFF'))).toHaveLength(8);
    expect(await linkAll(probe(index, 5), 5, path)).toEqual(expected);
  });

  it('refuses more rows than its capacity and a row of another width (INTERNAL: the caller checks rows)', () => {
    const header = requiredColumns(sample.settings, 'right');
    const row = `${header.map((_, k) => (k === 0 ? 'D1' : '')).join(',')}\n`;
    expect(codeOf(() => probe(index, 2).linkCsv(header, Buffer.from(row.repeat(3))))).toBe('INTERNAL');
    expect(codeOf(() => probe(index, 2).linkCsv(header, Buffer.from('D1,x\n')))).toBe('INTERNAL');
  });
});

describe('another schema (datasets/synthetic-schema, string fields of every level kind)', () => {
  it('gives every right record the match job’s results.csv line, in a batch, one at a time, and one at a time from a fresh probe with overlay resets', async () => {
    const dir = fileURLToPath(new URL('../../datasets/synthetic-schema/', import.meta.url));
    const settings = loadSettings(`${dir}link.json`);
    let text = '';
    const job = await runMatchJob({
      registry: `${dir}companies-a.csv`,
      registryName: 'a',
      doses: `${dir}companies-b.csv`,
      dosesName: 'b',
      settings,
      onResults: (f) => {
        text += formattedText(f);
      },
    });
    const expected = text.split(/(?<=\n)/);
    const ix = await RegisterIndex.build({ registry: `${dir}companies-a.csv`, settings });
    const p = new RegisterProbe(ix, { parameters: job.model.parameters, thresholds: job.thresholds, topK: 3 });
    const records = readRecords(`${dir}companies-b.csv`);
    expect(lines(p.link(records))).toEqual(expected);
    expect(records.map((r) => lines(p.link([r]))[0])).toEqual(expected);
    // Each lookup brings the string fields' overlays new values (and, with a tiny reset size,
    // reuses their codes): the string levels' per-dictionary tables must follow.
    for (const overlayResetBytes of [undefined, 64]) {
      const fresh = new RegisterProbe(ix, { parameters: job.model.parameters, thresholds: job.thresholds, topK: 3, overlayResetBytes });
      expect(records.map((r) => lines(fresh.link([r]))[0])).toEqual(expected);
    }
  });
});
