import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { closeSync, existsSync, openSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { relaunchEnvironment, shouldRelaunch } from '../../src/cli/malloc-relaunch.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

describe('shouldRelaunch', () => {
  it.each([
    [['match', '--registry', 'r.csv'], {}, 'linux', true],
    [['dedupe'], {}, 'linux', true],
    [['train'], {}, 'linux', true],
    [['index'], {}, 'linux', true],
    [['serve'], {}, 'linux', true],
    [['generate'], {}, 'linux', false],
    [['evaluate'], {}, 'linux', false],
    [['--version'], {}, 'linux', false],
    [[], {}, 'linux', false],
    // One threshold set: relaunched with the other filled in (relaunchEnvironment below).
    [['match'], { MALLOC_MMAP_THRESHOLD_: '65536' }, 'linux', true],
    [['match'], { MALLOC_TRIM_THRESHOLD_: '1048576' }, 'linux', true],
    [['match'], { MALLOC_MMAP_THRESHOLD_: '65536', MALLOC_TRIM_THRESHOLD_: '1048576' }, 'linux', false],
    [['match'], { GLIBC_TUNABLES: 'glibc.malloc.mmap_threshold=65536' }, 'linux', false],
    [['match'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2:glibc.malloc.trim_threshold=1048576' }, 'linux', false],
    [['match'], { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }, 'linux', true],
    [['match'], { MALLOC_ARENA_MAX: '2' }, 'linux', true],
    [['match'], { KHOP_NO_RELAUNCH: '1' }, 'linux', false],
    [['match'], {}, 'darwin', false],
    [['match'], {}, 'win32', false],
  ] as const)('%j with env %j on %s → %s', (args, env, platform, expected) => {
    expect(shouldRelaunch(args, env, platform)).toBe(expected);
  });
});

describe('relaunchEnvironment', () => {
  it('fixes both malloc thresholds (16 MiB mmap, 64 MiB trim), keeps the rest, and marks the child so it does not relaunch again', () => {
    const env = relaunchEnvironment({ PATH: '/bin', LANG: 'C.UTF-8' });
    expect(env).toMatchObject({ PATH: '/bin', LANG: 'C.UTF-8', MALLOC_MMAP_THRESHOLD_: '16777216', MALLOC_TRIM_THRESHOLD_: '67108864' });
    expect(shouldRelaunch(['match'], env, 'linux')).toBe(false);
    expect(shouldRelaunch(['match'], { ...env, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_TRIM_THRESHOLD_: undefined }, 'linux')).toBe(false);
  });

  it.each([
    [{ MALLOC_MMAP_THRESHOLD_: '65536' }, '65536', '67108864'],
    [{ MALLOC_TRIM_THRESHOLD_: '1048576' }, '16777216', '1048576'],
  ])('keeps a threshold the user set and fills in the other (%j)', (set, mmap, trim) => {
    expect(relaunchEnvironment(set)).toMatchObject({ MALLOC_MMAP_THRESHOLD_: mmap, MALLOC_TRIM_THRESHOLD_: trim });
  });
});

describe('the relaunched command', () => {
  it('exits with the command’s own code and message, once', () => {
    const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'match', '--registry', '/nonexistent/r.csv', '--doses', 'datasets/sample/doses.csv', '--out', '-'], {
      cwd: ROOT,
      encoding: 'utf8',
      env: { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_TRIM_THRESHOLD_: undefined, KHOP_NO_RELAUNCH: undefined },
    });
    expect(r.status).toBe(1);
    expect(r.stderr.match(/FILE_NOT_FOUND/g)).toHaveLength(1);
  });

  it.skipIf(!existsSync('/dev/full'))('ends with WRITE_FAILED and exit 1 when stdout is a full disk, not a stack trace', () => {
    const full = openSync('/dev/full', 'w');
    try {
      const r = spawnSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'match', '--registry', 'datasets/sample/registry.csv', '--doses', 'datasets/sample/doses.csv', '--out', '-'], {
        cwd: ROOT,
        encoding: 'utf8',
        stdio: ['ignore', full, 'pipe'],
        env: { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_TRIM_THRESHOLD_: undefined, KHOP_NO_RELAUNCH: undefined },
      });
      expect(r.status).toBe(1);
      expect(r.stderr).toContain('khop: WRITE_FAILED: cannot write to standard output (ENOSPC)');
      expect(r.stderr).not.toMatch(/\n\s+at /);
    } finally {
      closeSync(full);
    }
  });
});

// Signals go to the built CLI (npm ci builds it through `prepare`): under tsx, esbuild's service
// shares the process group and takes the group's signals too.
const BUILT = `${ROOT}dist/cli/main.js`;
const haveBuilt = existsSync(BUILT);
if (!haveBuilt && process.env.CI !== undefined) throw new Error('dist/cli/main.js is missing: npm ci builds it (prepare)');

function start(args: string[], relaunch: boolean, stdin: 'ignore' | 'pipe' = 'ignore'): ChildProcess {
  const env = { ...process.env, MALLOC_MMAP_THRESHOLD_: undefined, MALLOC_TRIM_THRESHOLD_: undefined, KHOP_NO_RELAUNCH: relaunch ? undefined : '1' };
  // A process group of its own, as a terminal's foreground job: Ctrl-C is a SIGINT to the group.
  return spawn(process.execPath, [BUILT, ...args], { cwd: ROOT, env, detached: true, stdio: [stdin, 'ignore', 'pipe'] });
}

function exited(p: ChildProcess): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  return new Promise((resolve) => p.on('exit', (code, signal) => resolve({ code, signal })));
}

function stderrUntil(p: ChildProcess, pattern: RegExp): Promise<string> {
  let err = '';
  return new Promise((resolve, reject) => {
    p.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      if (pattern.test(err)) resolve(err);
    });
    p.on('exit', () => reject(new Error(`ended before ${pattern}: ${err}`)));
  });
}

/** Running and not a zombie (an orphan's exit is reaped by PID 1 whenever it gets to it). */
function running(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(' ')[2] !== 'Z';
  } catch {
    return false;
  }
}

describe.runIf(haveBuilt && process.platform === 'linux')('the relaunched CLI and signals, as without the relaunch', () => {
  const serve = ['serve', '--registry', 'datasets/sample/registry.csv', '--port', '0'];

  it.each([true, false])('serve, Ctrl-C (SIGINT to the process group), relaunched %s: closes and exits 0', async (relaunch) => {
    const p = start(serve, relaunch);
    await stderrUntil(p, /khop serve: http/);
    const done = exited(p);
    process.kill(-p.pid!, 'SIGINT');
    expect(await done).toEqual({ code: 0, signal: null });
  }, 60_000);

  it('serve, SIGKILL to the relaunching parent: the child does not go on serving', async () => {
    const p = start(serve, true);
    await stderrUntil(p, /khop serve: http/);
    const children = spawnSync('pgrep', ['-P', String(p.pid)], { encoding: 'utf8' }).stdout.trim().split('\n').filter(Boolean).map(Number);
    expect(children).toHaveLength(1);
    process.kill(p.pid!, 'SIGKILL');
    const deadline = Date.now() + 10_000;
    while (running(children[0]) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const survived = running(children[0]);
    if (survived) process.kill(children[0], 'SIGKILL');
    expect(survived).toBe(false);
  }, 60_000);

  it.each([true, false])('match waiting on stdin, SIGINT to khop’s pid alone, relaunched %s: dies of SIGINT', async (relaunch) => {
    const p = start(['match', '--registry', 'datasets/sample/registry.csv', '--doses', '-', '--out', '-'], relaunch, 'pipe');
    await new Promise((r) => setTimeout(r, 3000));
    const done = exited(p);
    process.kill(p.pid!, 'SIGINT');
    expect(await done).toEqual({ code: null, signal: 'SIGINT' });
    p.stdin!.destroy();
  }, 60_000);

  it.each([true, false])('match waiting on stdin, Ctrl-C, relaunched %s: dies of SIGINT (so a shell loop stops)', async (relaunch) => {
    const p = start(['match', '--registry', 'datasets/sample/registry.csv', '--doses', '-', '--out', '-'], relaunch, 'pipe');
    // The register is read before stdin; give it time, then interrupt while the doses are awaited.
    await new Promise((r) => setTimeout(r, 3000));
    const done = exited(p);
    process.kill(-p.pid!, 'SIGINT');
    expect(await done).toEqual({ code: null, signal: 'SIGINT' });
    p.stdin!.destroy();
  }, 60_000);
});
