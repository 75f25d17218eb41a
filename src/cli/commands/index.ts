/** Every sub-command, registered in the order `khop --help` lists them. */
import type { Command } from 'commander';
import { register as registerNormalize } from './normalize.js';
import { register as registerTrain } from './train.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerGenerate } from './generate.js';
import { register as registerMatch } from './match.js';
import { register as registerDedupe } from './dedupe.js';

export function registerCommands(program: Command): void {
  registerMatch(program);
  registerDedupe(program);
  registerTrain(program);
  registerNormalize(program);
  registerEvaluate(program);
  registerGenerate(program);
}
