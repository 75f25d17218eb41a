/**
 * The commands that hold a million-row register relaunch themselves once with glibc's malloc
 * thresholds fixed (`MALLOC_MMAP_THRESHOLD_` 16 MiB, `MALLOC_TRIM_THRESHOLD_` 64 MiB), which glibc
 * reads only when a process starts.
 *
 * Why: the record stores, dictionaries and indexes are typed arrays that grow by doubling and
 * are then copied into SharedArrayBuffers, and V8 allocates their memory with calloc. By default
 * glibc raises its mmap threshold after the first large buffer is freed (up to 32 MiB), so later
 * buffers come from heap arenas, one per thread, which keep freed memory instead of returning it
 * to the system: at 1M × 1M ~260 MB of the match job's peak RSS in the sessions that first
 * measured it. A fixed threshold keeps the buffers above it in mmap, whose pages go back to the
 * system when freed. See mallopt(3), M_MMAP_THRESHOLD and M_TRIM_THRESHOLD.
 *
 * Why not lower: a threshold of 128 KiB (this file's value until the tenth session) also sent
 * the link stage's per-task buffers (among them a range's results text, ~0.7 MB at 1M, in the
 * worker and again as its copy on the main thread) and the loaders' mid-sized growables to mmap,
 * so each was faulted in page by page and unmapped again, and each unmap of a multi-threaded
 * process interrupts the other CPU to flush its TLB (in a VM, an exit). At 1M × 1M, two
 * threads, alternating: 12.3 s wall, 2.5 s of system time and 790k page faults with 128 KiB;
 * 11.1 s, 1.4 s and 400k with 16 MiB and a 64 MiB trim threshold, for a peak RSS of 1.24 GB
 * instead of 1.07 GB (benchmarks/RESULTS.md, tenth session). The trim threshold (128 KiB by
 * default once the mmap threshold is fixed) keeps the heaps' free tops for the next buffers
 * instead of handing them back and faulting them in again.
 *
 * A threshold the user set wins: setting either one turns glibc's dynamic threshold off and leaves
 * the other at its fixed 128 KiB default (mallopt(3)), so the relaunch fills in only the one not
 * set, and is skipped when both are, or when GLIBC_TUNABLES sets either (glibc.malloc.mmap_threshold,
 * glibc.malloc.trim_threshold: tunables win over the variables, and half of khop's pair would be a
 * mix nobody chose). It is skipped too when KHOP_NO_RELAUNCH is set, and off Linux (other C
 * libraries ignore the variables). The child inherits stdin, stdout and stderr, so pipes
 * (`--doses -`, `--out -`) work unchanged, and the parent behaves as the command would on its own:
 * - exit: the child's code is the parent's; a child killed by a signal kills the parent with the
 *   same signal (a shell loop stops on Ctrl-C only when its command died of SIGINT);
 * - signals: SIGINT, SIGQUIT, SIGTERM and SIGHUP sent to khop's own pid are passed on to the child
 *   as messages on an IPC channel, which the child turns into the signal (`followParent`): to its
 *   listeners when it has some (`serve`), else to itself, so it dies of it. Not as a second real
 *   signal, because Ctrl-C at a terminal already reaches the whole process group, the child
 *   included, and a real duplicate could land while `serve` is exiting, once Node has put the
 *   default action back, and kill it;
 * - SIGKILL of the parent cannot be passed on: the child ends when the IPC channel closes, so no
 *   orphan goes on running.
 */
import { spawn } from 'node:child_process';

/** Commands that load a register or a large input. */
const HEAVY_COMMANDS: ReadonlySet<string> = new Set(['match', 'dedupe', 'train', 'index', 'serve']);

export const MMAP_THRESHOLD_BYTES = 16 * 1024 * 1024;
export const TRIM_THRESHOLD_BYTES = 64 * 1024 * 1024;

/** Set in the relaunched child's environment. */
const RELAUNCHED = 'KHOP_RELAUNCHED';

/** GLIBC_TUNABLES entries that set a malloc threshold (see the header). */
const THRESHOLD_TUNABLE = /(^|:)glibc\.malloc\.(mmap|trim)_threshold=/;

/** The relaunched child's environment: the parent's, each threshold the user did not set filled in, and the relaunch mark. */
export function relaunchEnvironment(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ...env,
    MALLOC_MMAP_THRESHOLD_: env.MALLOC_MMAP_THRESHOLD_ ?? String(MMAP_THRESHOLD_BYTES),
    MALLOC_TRIM_THRESHOLD_: env.MALLOC_TRIM_THRESHOLD_ ?? String(TRIM_THRESHOLD_BYTES),
    [RELAUNCHED]: '1',
  };
}

/** Whether this invocation should relaunch itself with the malloc settings. */
export function shouldRelaunch(args: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform !== 'linux') return false;
  if (env.KHOP_NO_RELAUNCH !== undefined || env[RELAUNCHED] !== undefined) return false;
  if (env.MALLOC_MMAP_THRESHOLD_ !== undefined && env.MALLOC_TRIM_THRESHOLD_ !== undefined) return false;
  if (env.GLIBC_TUNABLES !== undefined && THRESHOLD_TUNABLE.test(env.GLIBC_TUNABLES)) return false;
  return args.length > 0 && HEAVY_COMMANDS.has(args[0]);
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs this same script again (same Node flags, same arguments) with the malloc settings and
 * resolves to its exit code. If the child dies of a signal, this process dies of it too and the
 * promise never resolves.
 */
export function relaunch(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: relaunchEnvironment(process.env),
  });
  const forward = (signal: NodeJS.Signals): void => {
    // A child already on its way out may have closed the channel: then there is nobody to tell
    // (the callback takes the error, which would otherwise be the child's 'error' event).
    if (child.connected) child.send({ khopSignal: signal }, () => {});
  };
  for (const s of FORWARDED) process.on(s, forward);
  const detach = (): void => {
    for (const s of FORWARDED) process.off(s, forward);
  };
  return new Promise((resolve) => {
    child.on('error', (e) => {
      detach();
      process.stderr.write(`khop: INTERNAL: cannot relaunch: ${e.message}\n`);
      resolve(1);
    });
    child.on('exit', (code, signal) => {
      detach();
      if (signal !== null) process.kill(process.pid, signal);
      else resolve(code ?? 1);
    });
  });
}

/**
 * In a relaunched child: takes the signals the parent passes on (see the header) and ends this
 * process when the parent's IPC channel closes (the parent was killed), without keeping the event
 * loop alive for the channel. A no-op in any other process.
 */
export function followParent(): void {
  if (process.env[RELAUNCHED] === undefined || process.channel === undefined) return;
  process.on('message', (m: { khopSignal?: unknown }) => {
    const signal = m?.khopSignal;
    if (typeof signal !== 'string' || !(FORWARDED as readonly string[]).includes(signal)) return;
    const s = signal as NodeJS.Signals;
    if (process.listenerCount(s) > 0) process.emit(s, s);
    else process.kill(process.pid, s);
  });
  process.on('disconnect', () => process.kill(process.pid, 'SIGKILL'));
  process.channel.unref();
}
