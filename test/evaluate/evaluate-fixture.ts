/** Shared by the `khop evaluate` command tests: a results file with every awkward cell, and a runner that keeps the output. */
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { register, runEvaluate, type EvaluateCommandOptions } from '../../src/cli/commands/evaluate.js';

/** Collects what the command writes. */
export class Collect extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString('utf8');
    done();
  }
}

/** results.csv as khop writes it, with escaped cells, a wrong link and an unreadable row. */
export const RESULTS = [
  'dose_id,decision,person_id,match_probability,match_weight,corrections,suggested_full_name,suggested_dob,suggested_citizen_id,suggested_gender',
  'd1,verified,001090000001,0.999,12.5,,,,,',
  'd2,corrected,001090000002,0.93,6.1,full_name:diacritics_missing,Nguyễn Văn An,,,',
  "d3,review,001090000003,0.61,'-0.4,,,,,", // an escaped negative weight
  "d4,unmatched,,0.02,'-9.1,,,,,",
  "'-d5,corrected,001090000009,0.97,7,,,,,", // an escaped dose_id; links the wrong person
  'd6,verified,"001090000006",1,"13",,,,,',
  'broken,row',
].join('\n');

/** Runs `khop evaluate` with `base` options overridden by `opts`; the output and the error, if any. */
export async function runCommand(
  base: () => Partial<EvaluateCommandOptions> & { results: string },
  opts: Partial<EvaluateCommandOptions>,
): Promise<{ text: string; error: unknown }> {
  const out = new Collect();
  try {
    await runEvaluate({ ...base(), ...opts }, out);
    return { text: out.text, error: undefined };
  } catch (error) {
    return { text: out.text, error };
  }
}

/** The text of `khop evaluate --help`. */
export function evaluateHelp(): string {
  const program = new Command('khop').exitOverride();
  register(program);
  let help = '';
  const cmd = program.commands.find((c) => c.name() === 'evaluate') as Command;
  cmd.configureOutput({ writeOut: (s) => (help += s) });
  try {
    program.parse(['evaluate', '--help'], { from: 'user' });
  } catch {
    // --help ends the parse with commander's exit override; the text is written by then.
  }
  return help;
}
