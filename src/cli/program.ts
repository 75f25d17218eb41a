/**
 * The `khop` program: one sub-command per file in `./commands/`, each a thin adapter over the
 * library. Bad arguments exit 2 with a one-line reason; a KhopError exits 1 with its code.
 * main.ts is the executable that runs it (or relaunches itself first: malloc-relaunch.ts).
 */
import { Command, CommanderError } from 'commander';
import { isKhopError } from '../errors.js';
import { registerCommands } from './commands/index.js';
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
