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
import { mkdirSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** Removes an earlier run's file at `path` (see the header); BAD_ARGUMENT when something else is there. */
export function removeStale(path: string, flag: string): void {
  try {
    unlinkSync(path);
  } catch (e) {
    const code = codeOf(e);
    if (code !== 'ENOENT') throw new KhopError('BAD_ARGUMENT', `${flag}: cannot replace ${isDirectory(path) ? 'a folder' : 'the file'} there (${code})`, { file: path });
  }
}

/** writeFileSync, with BAD_ARGUMENT naming the file when it cannot be written. */
export function writeOutputFile(path: string, text: string, flag: string): void {
  try {
    writeFileSync(path, text, 'utf8');
  } catch (e) {
    throw new KhopError('BAD_ARGUMENT', `${flag}: cannot write the file (${codeOf(e)})`, { file: path });
  }
}
