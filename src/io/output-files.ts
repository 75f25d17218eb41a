/**
 * The output folder and the side files of a command (summary.json, model.json): errors become
 * BAD_ARGUMENT naming the path and the system's code, never an internal error with a stack.
 *
 * `makeOutputDir` does not use mkdirSync's recursive mode: on Linux that never returns for a
 * path under /proc (mkdir there fails with ENOENT although the parent exists, and Node's
 * recursive mkdir retries forever; `khop match --out /proc/x` spun at 100 % CPU). It creates the
 * missing parents itself, each once.
 *
 * `removeStale`: summary.json is written last, so that its presence says the run succeeded; a
 * run into a folder that holds an earlier run's summary removes it first, and a run that then
 * fails leaves none (rather than the earlier run's counts beside this run's empty results).
 */
import { fstatSync, lstatSync, mkdirSync, realpathSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { KhopError } from '../errors.js';

function codeOf(e: unknown): string {
  return (e as NodeJS.ErrnoException)?.code ?? 'error';
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/** Creates folder `dir` and its missing parents; `flag` names the option in errors. */
export function makeOutputDir(dir: string, flag = '--out'): void {
  const fail = (code: string): KhopError =>
    new KhopError('BAD_ARGUMENT', `${flag}: cannot create the folder (${code === 'EEXIST' ? 'a file of that name exists' : code})`, { file: dir });
  const make = (path: string, parents: number): void => {
    try {
      mkdirSync(path);
      return;
    } catch (e) {
      const code = codeOf(e);
      if (code === 'EEXIST' && isDirectory(path)) return;
      const parent = dirname(path);
      if (code !== 'ENOENT' || parent === path || parents > 255) throw fail(code);
      make(parent, parents + 1);
    }
    try {
      mkdirSync(path);
    } catch (e) {
      const code = codeOf(e);
      if (code !== 'EEXIST' || !isDirectory(path)) throw fail(code);
    }
  };
  make(dir, 0);
}

/**
 * Removes an earlier run's file at `path` (see the header): a regular file only. A symbolic link,
 * a device or a pipe (`--summary /dev/stderr`, `>(jq .)`) is where the summary is meant to go and
 * is left alone; a folder is BAD_ARGUMENT, before the run rather than after it.
 */
export function removeStale(path: string, flag: string): void {
  let stat;
  try {
    stat = lstatSync(path);
  } catch {
    return; // nothing there (or nothing this process may look at: the final write will say)
  }
  if (stat.isDirectory()) throw new KhopError('BAD_ARGUMENT', `${flag}: a folder is where the file would go`, { file: path });
  if (!stat.isFile()) return;
  try {
    unlinkSync(path);
  } catch (e) {
    throw new KhopError('BAD_ARGUMENT', `${flag}: cannot replace the file there (${codeOf(e)})`, { file: path });
  }
}

/**
 * BAD_ARGUMENT when output `path` is one of the `inputs` (a run would overwrite what it reads);
 * an input `-` is standard input, which is that file when the shell redirected it (`< x.csv`).
 */
export function refuseInputAsOutput(path: string, inputs: readonly string[], flag: string): void {
  const out = realPath(path);
  const refuse = (): KhopError => new KhopError('BAD_ARGUMENT', `${flag}: the output must not be one of the inputs`, { file: path });
  if (inputs.some((i) => i !== '-' && realPath(i) === out)) throw refuse();
  if (inputs.includes('-') && path !== '-' && sameFileAsStdin(path)) throw refuse();
}

/** The path with its links resolved; as given (absolute) when it does not exist yet. */
function realPath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return resolve(p);
  }
}

/** Whether standard input is the regular file at `path`. */
function sameFileAsStdin(path: string): boolean {
  try {
    const stdin = fstatSync(0);
    if (!stdin.isFile()) return false;
    const out = statSync(path);
    return out.dev === stdin.dev && out.ino === stdin.ino;
  } catch {
    return false;
  }
}

/**
 * BAD_ARGUMENT when two of a command's output files are one file (`--rejects` naming the results
 * file, `--summary` the rejects): the second would overwrite or interleave with the first. Only
 * regular files (by device and inode, so hard links too) and paths not there yet (by their real
 * folder) are compared: a device or a pipe (`/dev/stderr` for both) is a stream that takes both.
 * `-` (stdout) is not a file here.
 */
export function refuseSharedOutputs(outputs: readonly { path: string | undefined; flag: string }[]): void {
  // An existing file is known by its device and inode (hard links too), one to come by its real path.
  const identity = (p: string): string | null => {
    try {
      const st = statSync(p);
      return st.isFile() ? `inode ${st.dev}:${st.ino}` : null;
    } catch {
      return `path ${join(realPath(dirname(resolve(p))), basename(p))}`;
    }
  };
  const files = outputs
    .filter((o): o is { path: string; flag: string } => o.path !== undefined && o.path !== '-')
    .map((o) => ({ ...o, real: identity(o.path) }))
    .filter((o) => o.real !== null);
  for (let a = 0; a < files.length; a++) {
    for (let b = a + 1; b < files.length; b++) {
      if (files[a].real === files[b].real) {
        throw new KhopError('BAD_ARGUMENT', `${files[a].flag} and ${files[b].flag} name the same file: each output needs its own`, { file: files[b].path });
      }
    }
  }
}

/**
 * BAD_ARGUMENT now, before a long run, when output file `path` is one of the `inputs`
 * (`refuseInputAsOutput`) or could not be written at its end: a folder is there, or its folder
 * does not exist. (Other failures, e.g. permissions, still surface when it is written, as
 * `writeOutputFile` reports them.)
 */
export function checkOutputFile(path: string, flag: string, inputs: readonly string[] = []): void {
  if (path === '-') return;
  refuseInputAsOutput(path, inputs, flag);
  if (isDirectory(path)) throw new KhopError('BAD_ARGUMENT', `${flag}: a folder is where the file would go`, { file: path });
  if (!isDirectory(dirname(resolve(path)))) throw new KhopError('BAD_ARGUMENT', `${flag}: the folder it goes in does not exist`, { file: path });
}

/** System codes of a write that started and could not finish: the disk, not the arguments. */
const WRITE_FAILURES = new Set(['ENOSPC', 'EDQUOT', 'EFBIG', 'EIO']);

/**
 * The error for an output that cannot be written: WRITE_FAILED when the disk stopped taking bytes
 * (full, over quota, an I/O error), BAD_ARGUMENT otherwise (a folder there, no permission): the
 * path given was wrong. `what` starts the message, e.g. `--out: cannot write the file`.
 */
export function writeFailure(e: unknown, what: string, file: string): KhopError {
  const code = codeOf(e);
  return new KhopError(WRITE_FAILURES.has(code) ? 'WRITE_FAILED' : 'BAD_ARGUMENT', `${what} (${code})`, { file });
}

/** writeFileSync, with the error naming the file when it cannot be written (`writeFailure`). */
export function writeOutputFile(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text, 'utf8');
  } catch (e) {
    throw writeFailure(e, `${flag}: cannot write the file`, path);
  }
}
