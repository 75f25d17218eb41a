/**
 * `khop generate` throughput and memory.
 *
 * 1. tinybench: generating 10,000 people + 10,000 doses as CSV text in memory (mixed profile).
 * 2. Full runs written to a temporary directory, each in a child process so its peak RSS is its
 *    own: wall time, CPU time and peak RSS for N people + N doses (default N = 1,000,000; the
 *    target is ≤ 10 s on one thread). Give several sizes to check that memory stays flat:
 *
 *    node --import tsx benchmarks/generate.bench.ts                      # 1M
 *    node --import tsx benchmarks/generate.bench.ts --sizes 1000000,3000000
 *    node --import tsx benchmarks/generate.bench.ts --sizes 1000000 --profile mismatched --skip-tinybench
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Bench } from 'tinybench';
import { generateCsvChunks } from '../src/generate/dataset-csv.js';
import { loadNameTables } from '../src/generate/name-tables.js';
import { loadProfile } from '../src/generate/profile.js';
import { writeDataset } from '../src/generate/write-dataset.js';

export interface FullRun {
  people: number;
  doses: number;
  profile: string;
  wallMs: number;
  cpuMs: number;
  maxRssMb: number;
  bytes: number;
}

/** One full run in this process (used by the child). */
async function fullRun(n: number, profileName: string): Promise<FullRun> {
  const dir = mkdtempSync(join(tmpdir(), 'khop-generate-bench-'));
  try {
    const profile = loadProfile(profileName);
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await writeDataset({ people: n, doses: n, seed: 1, profile }, dir);
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const { statSync } = await import('node:fs');
    const bytes = ['registry.csv', 'doses.csv', 'truth.csv'].reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
    return { people: n, doses: n, profile: profileName, wallMs: Math.round(wallMs), cpuMs: Math.round((cpu.user + cpu.system) / 1000), maxRssMb: Math.round(process.resourceUsage().maxRSS / 1024), bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export async function runGenerateBenchmark(sizes: number[], profile: string, tinybench: boolean): Promise<void> {
  if (tinybench) {
    const names = loadNameTables();
    const mixed = loadProfile('mixed');
    const bench = new Bench({ time: 2000 });
    bench.add('generate 10k people + 10k doses (CSV text, mixed)', () => {
      let chars = 0;
      for (const c of generateCsvChunks({ people: 10_000, doses: 10_000, seed: 1, profile: mixed, names })) chars += c.text.length;
      if (chars === 0) throw new Error('nothing generated');
    });
    await bench.run();
    console.table(bench.table());
  }
  const self = fileURLToPath(import.meta.url);
  const rows: FullRun[] = [];
  for (const n of sizes) {
    const out = execFileSync(process.execPath, [...process.execArgv, self, '--child', String(n), '--profile', profile], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    rows.push(JSON.parse(out) as FullRun);
  }
  console.table(rows.map((r) => ({ ...r, rowsPerSecond: Math.round((r.people + r.doses) / (r.wallMs / 1000)), mb: Math.round(r.bytes / 1e6) })));
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const child = arg('--child');
  const profile = arg('--profile') ?? 'mixed';
  if (child !== undefined) {
    process.stdout.write(JSON.stringify(await fullRun(Number(child), profile)) + '\n');
  } else {
    const sizes = (arg('--sizes') ?? '1000000').split(',').map(Number);
    await runGenerateBenchmark(sizes, profile, !process.argv.includes('--skip-tinybench'));
  }
}
