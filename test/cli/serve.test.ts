/**
 * `khop serve` end to end, as it is run: a child process on an ephemeral loopback port with the
 * real matcher over datasets/sample, queried with real HTTP. Results equal the rows of
 * results.csv from `khop match` with the same model; a missing token, an oversized body and a
 * bad body are refused with 401, 413 and 400; SIGTERM ends it cleanly; bad flags exit 2.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchResultCells } from '../../src/api/match-result.js';
import type { MatchResult } from '../../src/api/matcher-schema.js';
import { runIndex } from '../../src/cli/commands/index-register.js';
import { runMatch } from '../../src/cli/commands/match.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const MAIN = join(ROOT, 'src/cli/main.ts');
const SAMPLE = join(ROOT, 'datasets/sample/');
const TOKEN = 'e2e0c3a1b5d7f9e2e0c3a1b5d7f9e2e0c3a1b5d7';
const doses = parseCsvSync(readFileSync(join(SAMPLE, 'doses.csv')), { file: 'doses.csv' });
const doseRecord = (i: number): Record<string, string> => Object.fromEntries(doses.header.names.map((n, c) => [n, doses.rows[i].values[c]]));

interface Server {
  child: ChildProcess;
  base: string;
  stderr: () => string;
  exited: Promise<number | null>;
}

/** Starts `khop serve … --port 0` and resolves with its address once it prints it. */
function startServe(args: string[], env: NodeJS.ProcessEnv = {}): Promise<Server> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, 'serve', '--port', '0', ...args], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    const exited = new Promise<number | null>((done) => child.on('close', (code) => done(code)));
    child.stderr!.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      const m = /khop serve: (http:\/\/[\d.]+:\d+) /.exec(stderr);
      if (m) resolve({ child, base: m[1], stderr: () => stderr, exited });
    });
    exited.then((code) => reject(new Error(`khop serve exited ${code}: ${stderr}`)));
  });
}

let dir = '';
let model = '';
let expected: string[][] = [];
beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'khop-serve-'));
  const out = join(dir, 'out');
  await runMatch({ registry: join(SAMPLE, 'registry.csv'), doses: join(SAMPLE, 'doses.csv'), out });
  model = join(out, 'model.json');
  expected = parseCsvSync(readFileSync(join(out, 'results.csv')), { file: 'results.csv' }).rows.map((r) => [...r.values]);
  writeFileSync(join(dir, 'token'), `${TOKEN}\n`);
});

describe('khop serve on the sample register (CSV), with a token', () => {
  let server: Server;
  beforeAll(async () => {
    server = await startServe(['--registry', join(SAMPLE, 'registry.csv'), '--model', model, '--token-file', join(dir, 'token'), '--max-batch', '100', '--body-limit', '64k']);
  });
  afterAll(() => {
    if (server.child.exitCode === null) server.child.kill('SIGKILL');
  });

  const post = (body: unknown, token: string | null = TOKEN) =>
    fetch(`${server.base}/match`, {
      method: 'POST',
      body: typeof body === 'string' ? body : JSON.stringify(body),
      headers: { 'content-type': 'application/json', ...(token === null ? {} : { authorization: `Bearer ${token}` }) },
    });

  it('binds to 127.0.0.1 by default', () => {
    expect(server.base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('GET /health: status, register size, model', async () => {
    const res = await fetch(`${server.base}/health`);
    expect(await res.json()).toMatchObject({ status: 'ok', registry_size: 2000, model: { source: 'given', method: 'em' } });
  });

  it('a batch of 100 doses: each result is its results.csv row from khop match', async () => {
    const res = await post({ records: Array.from({ length: 100 }, (_, i) => doseRecord(i)) });
    expect(res.status).toBe(200);
    const { results } = (await res.json()) as { results: MatchResult[] };
    expect(results.map((r) => matchResultCells(r))).toEqual(expected.slice(0, 100));
  });

  it('one dose: the same as in a batch', async () => {
    const res = await post({ record: doseRecord(2) });
    expect(matchResultCells(((await res.json()) as { result: MatchResult }).result)).toEqual(expected[2]);
  });

  it.each([
    ['no token', { record: {} }, null, 401],
    ['a wrong token', { record: {} }, 'x'.repeat(40), 401],
    ['a body over 64k', { records: Array.from({ length: 100 }, (_, i) => ({ ...doseRecord(i), note: 'x'.repeat(1000) })) }, TOKEN, 413],
    ['a batch over --max-batch', { records: Array.from({ length: 101 }, (_, i) => doseRecord(i)) }, TOKEN, 400],
    ['a record with no dose field', { record: { name: 'x' } }, TOKEN, 400],
    ['broken JSON', '{"record":', TOKEN, 400],
  ])('%s → %i', async (_name, body, token, status) => {
    const res = await post(body, token as string | null);
    expect(res.status).toBe(status);
  });

  it('SIGTERM: closes and exits 0', async () => {
    server.child.kill('SIGTERM');
    expect(await server.exited).toBe(0);
    expect(server.stderr()).toContain('SIGTERM: closing');
    expect(server.stderr()).not.toMatch(/INTERNAL|Error/);
  });
});

describe('khop serve on a saved index', () => {
  it('loads the index and answers as on the CSV', async () => {
    const index = join(dir, 'register.idx');
    await runIndex({ registry: join(SAMPLE, 'registry.csv'), out: index });
    const server = await startServe(['--registry', index, '--model', model], { KHOP_TOKEN: TOKEN });
    try {
      const health = (await (await fetch(`${server.base}/health`)).json()) as { registry_size: number };
      expect(health.registry_size).toBe(2000);
      const res = await fetch(`${server.base}/match`, { method: 'POST', body: JSON.stringify({ record: doseRecord(7) }), headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` } });
      expect(matchResultCells(((await res.json()) as { result: MatchResult }).result)).toEqual(expected[7]);
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe('khop serve on a register with unreadable rows', () => {
  const register = (): string => {
    const lines = readFileSync(join(SAMPLE, 'registry.csv'), 'utf8').split('\n').slice(0, 31);
    const p = join(dir, 'bad-registry.csv');
    writeFileSync(p, [...lines, ',Bí Mật,01/01/1990,Nam,079,', '079190001234,"Bí Mật'].join('\n') + '\n');
    return p;
  };

  it.each([
    ['on stderr, by line and reason', false],
    ['in --rejects', true],
  ])('says each one %s and counts them when it starts', async (_, toFile) => {
    const rejects = join(dir, `serve-rejects-${toFile}.csv`);
    const server = await startServe(['--registry', register(), '--model', model, ...(toFile ? ['--rejects', rejects] : [])], { KHOP_TOKEN: TOKEN });
    try {
      expect(server.stderr()).toContain('(register: 30 persons, 2 rows rejected,');
      if (toFile) {
        const rows = parseCsvSync(readFileSync(rejects), { file: rejects }).rows.map((r) => [r.values[1], r.values[2]]);
        expect(rows).toEqual([['32', 'field_empty (person_id)'], ['33', expect.stringContaining('quote_unclosed')]]);
      } else {
        expect(server.stderr()).toContain('bad-registry.csv:32: field_empty (person_id)');
        expect(server.stderr()).toContain('bad-registry.csv:33: quote_unclosed');
        expect(server.stderr()).not.toContain('Bí Mật');
      }
    } finally {
      server.child.kill('SIGTERM');
      await server.exited;
    }
  });
});

describe('bad flags exit 2 before listening', () => {
  it.each([
    [['--token', TOKEN], {}, /unknown option '--token'/],
    [[], { KHOP_TOKEN: 'short' }, /at least 32 characters/],
    [['--body-limit', '12zz'], {}, /--body-limit must be a size/],
    [['--port', '70000'], {}, /--port must be a number from 0 to 65535/],
  ])('%j %j', async (args, env, message) => {
    const failure = await startServe(['--registry', join(SAMPLE, 'registry.csv'), ...args], env).then(
      (s) => (s.child.kill('SIGKILL'), 'started'),
      (e: Error) => e.message,
    );
    expect(failure).toMatch(message);
    expect(failure).toMatch(/^khop serve exited 2/);
  });
});
