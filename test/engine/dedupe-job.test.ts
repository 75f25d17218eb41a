/**
 * The dedupe job (dedupe-job.ts): candidate pairs become distinct unordered pairs (i < j), the
 * settings must read one file on both sides, and on the committed synthetic company list (not
 * Vietnamese) EM alone finds the duplicates encoded in the IDs.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Reject } from '../../src/io/rejects.js';
import fc from 'fast-check';
import { fileURLToPath } from 'node:url';
import { checkOneSided, dedupeOptions, distinctPairs, runDedupeJob } from '../../src/engine/dedupe-job.js';
import { KhopError } from '../../src/errors.js';
import { loadSettings } from '../../src/model/load-settings.js';
import type { Settings } from '../../src/model/settings-schema.js';

const SYNTHETIC = fileURLToPath(new URL('../../datasets/synthetic-schema/', import.meta.url));
const settings = loadSettings(`${SYNTHETIC}dedupe.json`);

function codeOf(f: () => unknown): string | undefined {
  try {
    f();
  } catch (e) {
    return e instanceof KhopError ? e.code : 'not a KhopError';
  }
  return undefined;
}

describe('distinctPairs', () => {
  it.each<[string, [number, number, number][], [number, number, number][]]>([
    ['self-pairs go, both orders become one pair, masks OR-ed', [[0, 0, 1], [1, 0, 1], [0, 1, 2], [2, 1, 4]], [[0, 1, 3], [1, 2, 4]]],
    ['already distinct pairs come back sorted', [[3, 4, 1], [0, 2, 1]], [[0, 2, 1], [3, 4, 1]]],
  ])('%s', (_, input, expected) => {
    const out = distinctPairs(
      { pairsL: Int32Array.from(input, (p) => p[0]), pairsR: Int32Array.from(input, (p) => p[1]), masks: Uint32Array.from(input, (p) => p[2]), count: input.length },
      5,
    );
    expect(Array.from({ length: out.count }, (_, k) => [out.pairsL[k], out.pairsR[k], out.masks[k]])).toEqual(expected);
  });

  it('keeps every unordered pair once, i < j, in order', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(7), fc.nat(7)), { maxLength: 40 }), (raw) => {
        const out = distinctPairs({ pairsL: Int32Array.from(raw, (p) => p[0]), pairsR: Int32Array.from(raw, (p) => p[1]), masks: new Uint32Array(raw.length).fill(1), count: raw.length }, 8);
        const want = [...new Set(raw.filter(([a, b]) => a !== b).map(([a, b]) => `${Math.min(a, b)},${Math.max(a, b)}`))].sort((x, y) => {
          const [a1, b1] = x.split(',').map(Number);
          const [a2, b2] = y.split(',').map(Number);
          return a1 - a2 || b1 - b2;
        });
        expect(Array.from({ length: out.count }, (_, k) => `${out.pairsL[k]},${out.pairsR[k]}`)).toEqual(want);
      }),
    );
  });
});

describe('settings for a dedupe', () => {
  it.each<[string, (s: Settings) => Settings]>([
    ['two id columns', (s) => ({ ...s, right: { id_column: 'other' } })],
    ['multiline_cells on one side only (the file would be read two ways)', (s) => ({ ...s, left: { ...s.left, multiline_cells: true } })],
    ['a field read from another column on one side', (s) => ({ ...s, fields: s.fields.map((f, k) => (k === 0 ? { ...f, column: undefined, left_column: 'name', right_column: 'city' } : f)) })],
  ])('%s is SETTINGS_INVALID', (_, change) => {
    expect(codeOf(() => checkOneSided(change(settings)))).toBe('SETTINGS_INVALID');
  });

  it.each<[object, object]>([
    [{}, { threshold: 0.5, clustering: 'connected_components', centre_threshold: 0.5 }],
    [{ threshold: 0.8 }, { threshold: 0.8, clustering: 'connected_components', centre_threshold: 0.8 }],
    [{ clustering: 'centre', centre_threshold: 0.95 }, { threshold: 0.5, clustering: 'centre', centre_threshold: 0.95 }],
  ])('overrides %j give %j', (overrides, expected) => {
    expect(dedupeOptions(settings, overrides)).toEqual(expected);
  });

  it('a centre threshold below the pair threshold is BAD_ARGUMENT', () => {
    expect(codeOf(() => dedupeOptions(settings, { threshold: 0.9, centre_threshold: 0.5 }))).toBe('BAD_ARGUMENT');
  });
});

/** Pairwise precision and recall against the truth in the IDs (`c-<n>-…`). */
function pairwiseScores(ids: string[], a: Int32Array, b: Int32Array, count: number): { precision: number; recall: number } {
  const entity = (id: string): string => id.split('-')[1];
  const sizes = new Map<string, number>();
  for (const id of ids) sizes.set(entity(id), (sizes.get(entity(id)) ?? 0) + 1);
  let truth = 0;
  for (const n of sizes.values()) truth += (n * (n - 1)) / 2;
  let tp = 0;
  for (let k = 0; k < count; k++) if (entity(ids[a[k]]) === entity(ids[b[k]])) tp++;
  return { precision: tp / count, recall: tp / truth };
}

describe('runDedupeJob on the synthetic company list', () => {
  it('finds the duplicates by EM alone, each pair once, and clusters them', async () => {
    const job = await runDedupeJob({ input: `${SYNTHETIC}companies.csv`, inputName: 'companies.csv', settings });
    expect(job.rows).toBe(550);
    const ids = Array.from({ length: job.store.size }, (_, i) => job.store.recordId(i));
    for (let k = 0; k < job.pairs.count; k++) expect(job.pairs.a[k]).toBeLessThan(job.pairs.b[k]);
    const { precision, recall } = pairwiseScores(ids, job.pairs.a, job.pairs.b, job.pairs.count);
    expect(precision).toBeGreaterThanOrEqual(0.97);
    expect(recall).toBeGreaterThanOrEqual(0.95);
    // Every kept pair is inside one cluster.
    for (let k = 0; k < job.pairs.count; k++) expect(job.clusters[job.pairs.a[k]]).toBe(job.clusters[job.pairs.b[k]]);
  });
});

describe('runDedupeJob on a file that holds an ID twice', () => {
  it('refuses the later rows with that ID (duplicate_id), so that every ID in pairs and clusters is one row', async () => {
    const lines = readFileSync(`${SYNTHETIC}companies.csv`, 'utf8').trimEnd().split('\n');
    const d = mkdtempSync(join(tmpdir(), 'khop-dedupe-dup-'));
    writeFileSync(join(d, 'in.csv'), [...lines, lines[5], lines[5]].join('\n') + '\n');
    const rejects: Reject[] = [];
    const job = await runDedupeJob({ input: join(d, 'in.csv'), inputName: 'in.csv', settings, onReject: (r) => rejects.push(r) });
    expect(rejects.map((r) => [r.line, r.reason])).toEqual([
      [lines.length + 1, 'duplicate_id (company_id)'],
      [lines.length + 2, 'duplicate_id (company_id)'],
    ]);
    expect([job.rows, job.rejects, job.store.size]).toEqual([552, 2, 550]);
    const ids = Array.from({ length: job.store.size }, (_, i) => job.store.recordId(i));
    expect(new Set(ids).size).toBe(ids.length);
  });
});

