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
 * inherits stdin, stdout and stderr, so pipes (`--doses -`, `--out -`) work unchanged, and the
 * parent behaves as the command would on its own:
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

export const MMAP_THRESHOLD_BYTES = 131072;

/** Set in the relaunched child's environment. */
const RELAUNCHED = 'KHOP_RELAUNCHED';

/** Whether this invocation should relaunch itself with the malloc setting. */
export function shouldRelaunch(args: readonly string[], env: NodeJS.ProcessEnv, platform: NodeJS.Platform): boolean {
  if (platform !== 'linux') return false;
  if (env.MALLOC_MMAP_THRESHOLD_ !== undefined || env.KHOP_NO_RELAUNCH !== undefined || env[RELAUNCHED] !== undefined) return false;
  return args.length > 0 && HEAVY_COMMANDS.has(args[0]);
}

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGHUP'];

/**
 * Runs this same script again (same Node flags, same arguments) with the malloc setting and
 * resolves to its exit code. If the child dies of a signal, this process dies of it too and the
 * promise never resolves.
 */
export function relaunch(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, script, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, MALLOC_MMAP_THRESHOLD_: String(MMAP_THRESHOLD_BYTES), [RELAUNCHED]: '1' },
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
