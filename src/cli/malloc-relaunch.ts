/**
 * The commands that hold a million-row register relaunch themselves once with glibc's
 * `MALLOC_MMAP_THRESHOLD_` fixed at 128 KiB, which glibc reads only when a process starts.
 *
 * Why: the record stores, dictionaries and indexes are typed arrays that grow by doubling and
 * are then copied into SharedArrayBuffers, and V8 allocates their memory with calloc. By default
 * glibc raises its mmap threshold after the first large buffer is freed (up to 32 MiB), so later
 * buffers come from heap arenas, one per thread, which keep freed memory instead of returning it
 * to the system. At 1M × 1M that retained memory is ~260 MB of the match job's peak RSS (1.51 GB
 * against 1.25 GB with the threshold fixed, same CPU time and byte-identical results:
 * benchmarks/RESULTS.md). A fixed threshold keeps large buffers in mmap, whose pages go back to
 * the system when freed. See mallopt(3), M_MMAP_THRESHOLD.
 *
 * The relaunch is skipped when the variable is already set (the user's value wins), when
 * KHOP_NO_RELAUNCH is set, and off Linux (other C libraries ignore the variable). The child
 * inherits stdin, stdout and stderr, so pipes (`--doses -`, `--out -`) work unchanged; its exit
 * code is the command's, and SIGINT/SIGTERM reach it.
 */
import { spawn } from 'node:child_process';

/** Commands that load a register or a large input. */
const HEAVY_COMMANDS: ReadonlySet<string> = new Set(['match', 'dedupe', 'train', 'index', 'serve']);

export const MMAP_THRESHOLD_BYTES = 131072;

/** Whether this invocation should relaunch itself with the malloc setting. */
export function shouldRelaunch(args: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform !== 'linux') return false;
  if (env.MALLOC_MMAP_THRESHOLD_ !== undefined || env.KHOP_NO_RELAUNCH !== undefined) return false;
  return args.length > 0 && HEAVY_COMMANDS.has(args[0]);
}

/**
 * Runs this same script again (same Node flags, same arguments) with the malloc setting and
 * resolves to its exit code; a child killed by a signal resolves to 128 + the signal number, as
 * a shell reports it.
 */
export function relaunch(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD_BYTES) },
  });
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', forward);
  process.on('SIGTERM', forward);
  return new Promise((resolve) => {
    child.on('error', (e) => {
      process.stderr.write(`khop: INTERNAL: cannot relaunch: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      resolve(code ?? 128 + signalNumber(signal));
    });
  });
}

function signalNumber(signal: NodeJS.Signals | null): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 };
  return (signal !== null ? numbers[signal] : undefined) ?? 1;
}
