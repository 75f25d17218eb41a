/**
 * Bounded load test of `khop serve` on loopback with autocannon
 * (https://github.com/mcollina/autocannon): starts the service as a child process (from source
 * with tsx, or `--dist` for the built dist/cli/main.js), then for each batch size posts real
 * doses (rotating through the first --pool records of --doses) from --connections connections
 * for --duration seconds (after --warmup seconds not counted, so the JIT has compiled the hot
 * paths), and prints requests/s, records/s, latency p50/p97.5/p99 and errors,
 * with the machine's load average before and after (the figures mean little without it).
 *
 *   node --import tsx benchmarks/serve-load.ts --registry /tmp/h-serve/d/registry.idx \
 *     --model /tmp/h-serve/d/out/model.json --doses /tmp/h-serve/d/doses.csv \
 *     [--batches 1,100] [--duration 10] [--connections 10] [--warmup 2] [--pool 2000] [--dist]
 *
 * Not run by `npm test`. Figures go to the lead for benchmarks/RESULTS.md.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { cpus, loadavg } from 'node:os';
import { parseArgs } from 'node:util';
import { fileURLToPath } from 'node:url';
import { parseCsvSync } from '../src/io/csv-reader.js';

const { values: args } = parseArgs({
  options: {
    registry: { type: 'string' },
    model: { type: 'string' },
    doses: { type: 'string' },
    batches: { type: 'string', default: '1,100' },
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    pool: { type: 'string', default: '2000' },
    warmup: { type: 'string', default: '2' },
    dist: { type: 'boolean', default: false },
  },
});
if (args.registry === undefined || args.model === undefined || args.doses === undefined) {
  console.error('usage: serve-load.ts --registry FILE --model FILE --doses FILE [--batches 1,100] [--duration 10] [--connections 10]');
  process.exit(2);
}

// autocannon ships no type declarations; its result fields used below are documented in its README.
const autocannon = createRequire(import.meta.url)('autocannon') as (opts: object) => Promise<AutocannonResult>;
interface Histogram {
  average: number;
  p50: number;
  p97_5: number;
  p99: number;
  total: number;
}
interface AutocannonResult {
  requests: Histogram;
  latency: Histogram;
  errors: number;
  timeouts: number;
  non2xx: number;
  duration: number;
}

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const token = randomBytes(32).toString('hex');

const table = parseCsvSync(readFileSync(args.doses), { file: args.doses });
const records = table.rows.slice(0, Number(args.pool)).map((r) => Object.fromEntries(table.header.names.map((n, i) => [n, r.values[i]])));

async function startServe(maxBatch: number): Promise<{ base: string; stop: () => Promise<void>; startup: string }> {
  const cli = args.dist ? ['dist/cli/main.js'] : ['--import', 'tsx', 'src/cli/main.ts'];
  const child = spawn(process.execPath, [...cli, 'serve', '--registry', args.registry!, '--model', args.model!, '--port', '0', '--max-batch', String(maxBatch), '--body-limit', '4m'], {
    cwd: ROOT,
    env: { ...process.env, KHOP_TOKEN: token },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  const base = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8').on('data', (s: string) => {
      stderr += s;
      const m = /khop serve: (http:\/\/[\d.]+:\d+) /.exec(stderr);
      if (m) resolve(m[1]);
    });
    void exited.then(() => reject(new Error(`khop serve exited: ${stderr}`)));
  });
  const startup = stderr.split('\n').find((l) => l.includes('loaded in')) ?? '';
  return {
    base,
    startup,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function bodies(batch: number): string[] {
  const out: string[] = [];
  for (let start = 0; start + batch <= records.length && out.length < 200; start += batch) {
    out.push(batch === 1 ? JSON.stringify({ record: records[start] }) : JSON.stringify({ records: records.slice(start, start + batch) }));
  }
  return out;
}

const batches = args.batches.split(',').map(Number);
const report: object[] = [];
const server = await startServe(Math.max(...batches));
console.error(server.startup);
try {
  for (const batch of batches) {
    const payloads = bodies(batch);
    let next = 0;
    const run = (duration: number) =>
      autocannon({
        url: `${server.base}/match`,
        connections: Number(args.connections),
        duration,
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        requests: [{ setupRequest: (req: object) => ({ ...req, body: payloads[next++ % payloads.length] }) }],
      });
    if (Number(args.warmup) > 0) await run(Number(args.warmup));
    const load0 = loadavg()[0];
    const r = await run(Number(args.duration));
    const row = {
      batch,
      connections: Number(args.connections),
      seconds: r.duration,
      requests: r.requests.total,
      requests_per_s: Math.round(r.requests.average),
      records_per_s: Math.round(r.requests.average * batch),
      latency_ms: { p50: r.latency.p50, p97_5: r.latency.p97_5, p99: r.latency.p99, mean: Math.round(r.latency.average * 10) / 10 },
      errors: r.errors,
      timeouts: r.timeouts,
      non2xx: r.non2xx,
      loadavg_1m: { before: Math.round(load0 * 100) / 100, after: Math.round(loadavg()[0] * 100) / 100 },
    };
    report.push(row);
    console.error(
      `batch ${batch}: ${row.requests_per_s} req/s (${row.records_per_s} records/s), p50 ${row.latency_ms.p50} ms, p99 ${row.latency_ms.p99} ms, ` +
        `errors ${row.errors}, non-2xx ${row.non2xx}, timeouts ${row.timeouts}; load ${row.loadavg_1m.before} → ${row.loadavg_1m.after}`,
    );
  }
} finally {
  await server.stop();
}
console.log(JSON.stringify({ node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, registry: args.registry, runs: report }, null, 2));
