#!/usr/bin/env node
/**
 * The `khop` executable. It decides first, before loading the program (program.ts), whether to
 * relaunch itself with the malloc setting (malloc-relaunch.ts): a relaunching parent then holds
 * no more than a bare Node process while the command runs in its child.
 */
import { followParent, relaunch, shouldRelaunch } from './malloc-relaunch.js';

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === (await import('node:url')).pathToFileURL((await import('node:fs')).realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  // `khop … | head` closes the pipe early: that is the reader's choice, not an error. Any other
  // failure (a full disk under `> file`) ends the command with a line saying so, not a stack.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      if (stream === process.stdout) process.stderr.write(`khop: WRITE_FAILED: cannot write to standard output (${e.code ?? 'error'})\n`);
      process.exit(1);
    });
  }
  followParent();
  const args = process.argv.slice(2);
  process.exitCode = shouldRelaunch(args, process.env, process.platform)
    ? await relaunch(process.argv[1], args)
    : await (await import('./program.js')).main(args);
}
