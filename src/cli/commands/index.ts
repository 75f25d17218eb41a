/** Every sub-command, registered in the order `khop --help` lists them. */
import type { Command } from 'commander';
import { register as registerNormalize } from './normalize.js';
import { register as registerTrain } from './train.js';
import { register as registerEvaluate } from './evaluate.js';
import { register as registerGenerate } from './generate.js';
import { register as registerMatch } from './match.js';
import { register as registerDedupe } from './dedupe.js';
import { register as registerExplain } from './explain.js';
import { register as registerServe } from './serve.js';
import { register as registerIndex } from './index-register.js';

export function registerCommands(program: Command): void {
  registerMatch(program);
  registerDedupe(program);
  registerExplain(program);
  registerServe(program);
  registerIndex(program);
  registerTrain(program);
  registerNormalize(program);
  registerEvaluate(program);
  registerGenerate(program);
}
