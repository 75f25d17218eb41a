/** Every sub-command, registered in the order `khop --help` lists them. */
import type { Command } from 'commander';
import { register as registerNormalize } from './normalize.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerMatch } from './match.js';

export function registerCommands(program: Command): void {
  registerMatch(program);
  registerNormalize(program);
  registerEvaluate(program);
}
