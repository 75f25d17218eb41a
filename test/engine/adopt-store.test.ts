/**
 * Reading the doses in a worker and adopting their store (adopt-store.ts, loadStores) gives the
 * stores, dictionaries and rejects that reading both inputs one after the other gives.
 */
import { describe, expect, it, onTestFinished } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LoadedStores } from '../../src/engine/match-job.js';
import type { RecordStore } from '../../src/engine/record-store.js';
import type { Reject } from '../../src/io/rejects.js';
import { loadInWorker } from '../../src/engine/load-in-worker.js';
import { loadSampleStores, SAMPLE, sampleSettings } from './sample-stores.js';

async function load(doses: string, parallel: boolean): Promise<{ stores: LoadedStores; rejects: Reject[] }> {
  const rejects: Reject[] = [];
  const stores = await loadSampleStores({ doses, parallel, onReject: (r) => rejects.push(r) });
  return { stores, rejects };
}

/** Every array of a store's columns and raw cells, by name. */
function arraysOf(store: RecordStore): Record<string, unknown> {
  const t = store.toTransferable();
  const out: Record<string, unknown> = {};
  for (const f of t.fields) {
    for (const [k, v] of Object.entries(f.column)) {
      if (v instanceof SharedArrayBuffer) out[`${f.name}.${k}`] = new Uint8Array(v);
      else if (Array.isArray(v)) v.forEach((b, i) => (out[`${f.name}.${k}[${i}]`] = new Uint8Array(b as SharedArrayBuffer)));
    }
  }
  for (const [k, v] of Object.entries(t.raw)) if (v instanceof SharedArrayBuffer) out[`raw.${k}`] = new Uint8Array(v);
  return out;
}

describe('loading the doses in a worker', () => {
  it('gives byte-identical stores and dictionaries to loading them after the register', async () => {
    const a = await load(`${SAMPLE}doses.csv`, false);
    const b = await load(`${SAMPLE}doses.csv`, true);
    expect(b.stores.rows).toEqual(a.stores.rows);
    expect(arraysOf(b.stores.left)).toEqual(arraysOf(a.stores.left));
    expect(arraysOf(b.stores.right)).toEqual(arraysOf(a.stores.right));
    const da = a.stores.left.dictionaries.toTransferable();
    const db = b.stores.left.dictionaries.toTransferable();
    for (const field of Object.keys(da)) {
      expect(db[field].size, field).toBe(da[field].size);
      expect(new Uint8Array(db[field].bytes), field).toEqual(new Uint8Array(da[field].bytes));
    }
  });

  it('reports the same rejects in the same order (register first), and the counts reconcile', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'khop-adopt-'));
    const lines = readFileSync(`${SAMPLE}doses.csv`, 'utf8').split('\n');
    lines.splice(5, 0, 'only,three,cells');
    lines.splice(50, 0, '"unclosed,quote');
    const path = join(dir, 'doses.csv');
    writeFileSync(path, lines.join('\n'));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const a = await load(path, false);
    const b = await load(path, true);
    expect(b.rejects).toEqual(a.rejects);
    expect(b.rejects.map((r) => r.code)).toEqual(['COLUMN_COUNT', 'QUOTE_UNCLOSED']);
    expect(b.stores.rows.doses).toBe(b.stores.right.size + b.stores.rejects.doses);
  });

  it('reads doses given as "-" (standard input) on this thread, not in a worker with no stdin', async () => {
    const { Readable } = await import('node:stream');
    const original = Object.getOwnPropertyDescriptor(process, 'stdin')!;
    Object.defineProperty(process, 'stdin', { value: Readable.from([readFileSync(`${SAMPLE}doses.csv`)]), configurable: true });
    try {
      const { stores } = await load('-', true);
      expect(stores.right.size).toBe(2000);
    } finally {
      Object.defineProperty(process, 'stdin', original);
    }
  });

  it('raises the same error code as a sequential load for a doses file that cannot be read', async () => {
    await expect(load('/nonexistent/doses.csv', true)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
    await expect(load('/nonexistent/doses.csv', false)).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });

  it('a read the caller aborts ends with an AbortError (the match job aborts it when the register cannot be read)', async () => {
    const controller = new AbortController();
    const reading = loadInWorker({ path: `${SAMPLE}doses.csv`, file: 'doses.csv', settings: sampleSettings, side: 'right' }, undefined, controller.signal);
    controller.abort();
    await expect(reading).rejects.toMatchObject({ name: 'AbortError' });
    await expect(loadSampleStores({ registry: '/nonexistent/registry.csv' })).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});
