/** Every sub-command, registered in the order `khop --help` lists them. */
import type { Command } from 'commander';
import { register as registerNormalize } from './normalize.js';
import { register as registerEvaluate } from './evaluate.js';

export function registerCommands(program: Command): void {
  registerNormalize(program);
  registerEvaluate(program);
}
