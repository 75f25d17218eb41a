#!/usr/bin/env node
/**
 * The `khop` command: one sub-command per file in `./commands/`, each a thin adapter over the
 * library. Bad arguments exit 2 with a one-line reason; a KhopError exits 1 with its code.
 */
import { Command, CommanderError } from 'commander';
import { isKhopError } from '../errors.js';
import { registerCommands } from './commands/index.js';
import { exitWhenParentDies, relaunch, shouldRelaunch } from './malloc-relaunch.js';
import { VERSION } from '../version.js';

export function buildProgram(): Command {
  const program = new Command('khop')
    .description('khớp: link vaccination dose records to the population register, score them, suggest corrections.')
    .version(VERSION)
    .exitOverride();
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: 'user' });
    return typeof process.exitCode === 'number' ? process.exitCode : 0;
  } catch (e) {
    if (e instanceof CommanderError) {
      // --help and --version end here too, with exit code 0.
      return e.exitCode === 0 ? 0 : 2;
    }
    if (isKhopError(e)) {
      // Settings and model errors already list every problem in their message.
      process.stderr.write(`khop: ${e.code}: ${e.message}\n`);
      return e.code === 'BAD_ARGUMENT' ? 2 : 1;
    }
    process.stderr.write(`khop: INTERNAL: ${(e as Error).stack ?? String(e)}\n`);
    return 1;
  }
}

const invokedDirectly = process.argv[1] !== undefined && import.meta.url === (await import('node:url')).pathToFileURL((await import('node:fs')).realpathSync(process.argv[1])).href;
if (invokedDirectly) {
  // `khop … | head` closes the pipe early: that is the reader's choice, not an error.
  for (const stream of [process.stdout, process.stderr]) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
  exitWhenParentDies();
  const args = process.argv.slice(2);
  process.exitCode = shouldRelaunch(args, process.env, process.platform) ? await relaunch(process.argv[1], args) : await main(args);
}
