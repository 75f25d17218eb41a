/**
 * `khop dedupe` and `khop match --left/--right` as a user runs them on a schema that is not the
 * Vietnamese preset (the committed synthetic company lists): the files written, their headers,
 * the figures against the truth in the IDs, and bad arguments.
 */
import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CLUSTER_COLUMNS, PAIR_COLUMNS, runDedupe } from '../../src/cli/commands/dedupe.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { KhopError } from '../../src/errors.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';

const SYNTHETIC = fileURLToPath(new URL('../../datasets/synthetic-schema/', import.meta.url));

function dir(): string {
  return mkdtempSync(join(tmpdir(), 'khop-dedupe-'));
}

function csv(path: string): { header: readonly string[]; rows: string[][] } {
  const t = parseCsvSync(readFileSync(path), { file: path });
  return { header: t.header.names, rows: t.rows.map((r) => [...r.values]) };
}

const entity = (id: string): string => id.split('-')[1];

async function codeOf(p: Promise<unknown>): Promise<string | undefined> {
  try {
    await p;
  } catch (e) {
    return e instanceof KhopError ? e.code : 'not a KhopError';
  }
  return undefined;
}

describe('khop dedupe', () => {
  it('writes pairs.csv, clusters.csv, rejects.csv, summary.json and model.json', async () => {
    const out = dir();
    const summary = await runDedupe({ input: `${SYNTHETIC}companies.csv`, settings: `${SYNTHETIC}dedupe.json`, out });
    const pairs = csv(join(out, 'pairs.csv'));
    const clusters = csv(join(out, 'clusters.csv'));
    expect(pairs.header).toEqual(PAIR_COLUMNS);
    expect(clusters.header).toEqual(CLUSTER_COLUMNS);
    expect(pairs.rows.length).toBe(summary.pairs);
    expect(clusters.rows.length).toBe(550);
    for (const [, , p] of pairs.rows) expect(Number(p)).toBeGreaterThanOrEqual(0.5);
    const cluster = new Map(clusters.rows.map(([id, c]) => [id, c]));
    for (const [a, b] of pairs.rows) expect(cluster.get(a)).toBe(cluster.get(b));
    const right = pairs.rows.filter(([a, b]) => entity(a) === entity(b)).length;
    expect(right / pairs.rows.length).toBeGreaterThanOrEqual(0.97);
    const summaryFile = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    expect(summaryFile.rows_read).toBe(550);
    expect(JSON.parse(readFileSync(join(out, 'model.json'), 'utf8')).parameters.comparisons.length).toBe(6);
  });

  it('a record with an empty ID is a reject (field_empty), in no pair and no cluster', async () => {
    const d = dir();
    const lines = readFileSync(`${SYNTHETIC}companies.csv`, 'utf8').split('\n');
    const cells = lines[3].split(',');
    lines.splice(4, 0, ['', ...cells.slice(1)].join(','));
    writeFileSync(join(d, 'companies.csv'), lines.join('\n'));
    const out = join(d, 'out');
    const summary = await runDedupe({ input: join(d, 'companies.csv'), settings: `${SYNTHETIC}dedupe.json`, out });
    expect(csv(join(out, 'rejects.csv')).rows.map((r) => [r[1], r[2]])).toEqual([['5', 'field_empty (company_id)']]);
    expect(summary.rejects).toBe(1);
    expect([summary.rows_read, summary.records, summary.reconciles]).toEqual([551, 550, true]);
    expect(csv(join(out, 'clusters.csv')).rows).toHaveLength(summary.records);
    expect(csv(join(out, 'pairs.csv')).rows.some(([a, b]) => a === '' || b === '')).toBe(false);
    expect(csv(join(out, 'clusters.csv')).rows.some(([id]) => id === '')).toBe(false);
  });

  it.each([
    ['one record', (lines: string[]) => lines.slice(0, 2), 'holds 1 records, EM needs at least 20'],
    ['19 records', (lines: string[]) => lines.slice(0, 20), 'holds 19 records'],
    [
      '100 copies of one record under other IDs',
      (lines: string[]) => [lines[0], ...Array.from({ length: 100 }, (_, i) => [`c-${i}`, ...lines[1].split(',').slice(1)].join(','))],
      'agrees on every compared field',
    ],
  ])('%s without --model: too little data for EM, BAD_ARGUMENT naming the file', async (_, pick, message) => {
    const d = dir();
    const lines = readFileSync(`${SYNTHETIC}companies.csv`, 'utf8').split('\n');
    writeFileSync(join(d, 'few.csv'), pick(lines).join('\n') + '\n');
    await expect(runDedupe({ input: join(d, 'few.csv'), settings: `${SYNTHETIC}dedupe.json`, out: join(d, 'out') })).rejects.toMatchObject({
      code: 'BAD_ARGUMENT',
      where: { file: join(d, 'few.csv') },
      message: expect.stringContaining(message),
    });
  });

  it('centre clustering makes no larger clusters than connected components', async () => {
    const a = await runDedupe({ input: `${SYNTHETIC}companies.csv`, settings: `${SYNTHETIC}dedupe.json`, out: dir() });
    const b = await runDedupe({ input: `${SYNTHETIC}companies.csv`, settings: `${SYNTHETIC}dedupe.json`, out: dir(), clustering: 'centre', centreThreshold: '0.99' });
    expect(b.clustering).toBe('centre');
    expect(b.clustered_records).toBeLessThanOrEqual(a.clustered_records);
  });

  it('a saved model.json gives the same pairs again, without EM', async () => {
    const first = dir();
    await runDedupe({ input: `${SYNTHETIC}companies.csv`, settings: `${SYNTHETIC}dedupe.json`, out: first });
    const again = dir();
    const summary = await runDedupe({ input: `${SYNTHETIC}companies.csv`, model: join(first, 'model.json'), out: again });
    expect(summary.model).toBe(join(first, 'model.json'));
    expect(readFileSync(join(again, 'pairs.csv'), 'utf8')).toBe(readFileSync(join(first, 'pairs.csv'), 'utf8'));
    expect(readFileSync(join(again, 'clusters.csv'), 'utf8')).toBe(readFileSync(join(first, 'clusters.csv'), 'utf8'));
  });

  it.each<[string, Record<string, string | undefined>]>([
    ['stdin as input', { input: '-' }],
    ['an unknown clustering', { clustering: 'single_linkage' }],
    ['a threshold above 1', { threshold: '1.5' }],
    ['neither settings nor a model', { settings: undefined }],
    ['--centre-threshold without centre clustering (it would be ignored)', { centreThreshold: '0.9' }],
    ['--centre-threshold with --clustering connected_components', { centreThreshold: '0.9', clustering: 'connected_components' }],
  ])('%s is BAD_ARGUMENT', async (_, change) => {
    const opts = { input: `${SYNTHETIC}companies.csv`, settings: `${SYNTHETIC}dedupe.json`, out: dir(), ...change };
    expect(await codeOf(runDedupe(opts))).toBe('BAD_ARGUMENT');
  });
});

describe('khop match --left --right on any schema', () => {
  it('results.csv starts with the right ID, decision, the left ID (suffixed when the names are equal)', async () => {
    const out = dir();
    const summary = await runMatch({ left: `${SYNTHETIC}companies-a.csv`, right: `${SYNTHETIC}companies-b.csv`, settings: `${SYNTHETIC}link.json`, out });
    const results = csv(join(out, 'results.csv'));
    expect(results.header.slice(0, 5)).toEqual(['company_id_r', 'decision', 'company_id_l', 'match_probability', 'match_weight']);
    expect(results.rows.length).toBe(summary.results);
    let tp = 0;
    let linked = 0;
    for (const [r, decision, l, , , corrections, ...suggested] of results.rows) {
      if (decision === 'unmatched') continue;
      linked++;
      if (entity(r) === entity(l)) tp++;
      // No field plays a correction role in this schema: those columns stay empty.
      expect([corrections, ...suggested].every((x) => x === '')).toBe(true);
    }
    const truth = results.rows.filter(([r]) => r.includes('-dup-')).length;
    expect(tp / linked).toBeGreaterThanOrEqual(0.97);
    expect(tp / truth).toBeGreaterThanOrEqual(0.95);
  });

  it.each<[string, Record<string, string>]>([
    ['--left and --registry that differ', { left: 'a.csv', registry: 'b.csv', right: 'c.csv' }],
    ['no left file', { right: 'c.csv' }],
    ['no right file', { left: 'a.csv' }],
  ])('%s is BAD_ARGUMENT', async (_, files) => {
    expect(await codeOf(runMatch({ ...files, settings: `${SYNTHETIC}link.json`, out: dir() }))).toBe('BAD_ARGUMENT');
  });
});
