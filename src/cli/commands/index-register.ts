/**
 * `khop index`: read and normalize the register once, build its blocking indexes, and save them
 * as one binary file (layout in src/engine/register-index.ts) that `khop match --registry`,
 * `khop serve --registry` and `createMatcher({ registry })` load instead of the CSV: a service
 * restarts, or a nightly pipe runs, without parsing and normalizing millions of names again.
 *
 * The index depends on the settings' fields, sides and blocking rules (not on the comparisons,
 * thresholds or model), so it is built with the same --settings the matcher will use; loading
 * it with other fields or rules is refused by the loader.
 */
import { statSync } from 'node:fs';
import type { Command } from 'commander';
import { duplicateIds, duplicateIdsNote, type DuplicateIds } from '../../engine/duplicate-ids.js';
import { RegisterIndex } from '../../engine/register-index.js';
import { KhopError } from '../../errors.js';
import type { Reject } from '../../io/rejects.js';
import { rejectsSink } from '../match-output.js';
import { Progress } from '../progress.js';
import { resolveSettings } from '../settings-arg.js';
import { checkOutputFile } from '../../io/output-files.js';

export interface IndexOptions {
  registry: string;
  out: string;
  settings?: string;
  rejects?: string;
}

export interface IndexReport {
  out: string;
  persons: number;
  rows_read: number;
  rejects: number;
  bytes: number;
  settings_key: string;
  /** Absent when the settings have no exact-ID blocking rule (duplicate-ids.ts). */
  registry_duplicate_ids?: DuplicateIds;
  timings_ms: { build: number; save: number };
}

export function register(program: Command): void {
  program
    .command('index')
    .summary('save the normalized register and its blocking indexes for fast loading')
    .description(
      [
        'Read the register CSV, normalize every record, build the blocking indexes and',
        'save them as one file. `khop match --registry`, `khop serve --registry` and',
        'createMatcher({ registry }) accept that file in place of the CSV and load it',
        'without parsing or normalizing again.',
        '',
        'Build it with the --settings the matcher will use: the index depends on the',
        "settings' fields and blocking rules (not on comparisons, thresholds or model).",
        'Rows that cannot be read go to --rejects FILE (rejects.csv columns), or are',
        'listed on stderr by line and reason. Register IDs held by more than one',
        'row are noted on stderr, by count (a match on the index counts them in',
        'summary.json as registry_duplicate_ids).',
      ].join('\n'),
    )
    .requiredOption('--registry <file>', 'register CSV: person_id,full_name,dob,gender,province,old_id')
    .requiredOption('--out <file>', 'the index file to write (e.g. register.idx)')
    .option('--settings <file|preset>', 'settings JSON file or preset name (default: vn-vaccination)')
    .option('--rejects <file>', 'write the unreadable rows here as CSV (file,line,reason,raw)')
    .addHelpText('after', '\nExample:\n  khop index --registry register.csv --out register.idx\n  khop serve --registry register.idx --model model.json\n')
    .action(async (opts: IndexOptions) => {
      const r = await runIndex(opts);
      const note = duplicateIdsNote(r.registry_duplicate_ids);
      if (note !== null) process.stderr.write(`khop index: note: ${note}\n`);
      process.stderr.write(
        `khop index: ${r.persons} persons (${r.rows_read} rows read, ${r.rejects} rejected) → ${r.out}, ${(r.bytes / 1048576).toFixed(1)} MiB; ` +
          `built in ${r.timings_ms.build} ms, saved in ${r.timings_ms.save} ms\n`,
      );
    });
}

export async function runIndex(opts: IndexOptions): Promise<IndexReport> {
  const inputs = [opts.registry, ...(opts.settings === undefined ? [] : [opts.settings])];
  checkOutputFile(opts.out, '--out', inputs);
  // The rejects land on neither the inputs nor the index being written.
  if (opts.rejects !== undefined) checkOutputFile(opts.rejects, '--rejects', [...inputs, opts.out]);
  const settings = resolveSettings(opts.settings);
  const rejects = rejectsSink(opts.rejects, 'khop index');
  const pending: Promise<void>[] = [];
  const progress = new Progress();
  const registryName = opts.registry === '-' ? 'stdin' : opts.registry;
  let t = performance.now();
  let index: RegisterIndex;
  try {
    index = await RegisterIndex.build({
      settings,
      registry: opts.registry,
      registryName,
      onReject: (r: Reject) => {
        const p = rejects.write(r);
        if (p !== undefined) pending.push(p);
      },
      onProgress: (n) => progress.update('read_registry', n, 0),
    });
  } finally {
    progress.done();
    await Promise.allSettled(pending);
    await rejects.end();
  }
  const build = Math.round(performance.now() - t);
  t = performance.now();
  index.save(opts.out);
  const save = Math.round(performance.now() - t);
  const duplicates = duplicateIds(settings, index.plan);
  return {
    out: opts.out,
    persons: index.size,
    rows_read: index.rows,
    rejects: index.rejects,
    bytes: statSync(opts.out).size,
    settings_key: index.settingsKey,
    ...(duplicates === null ? {} : { registry_duplicate_ids: duplicates }),
    timings_ms: { build, save },
  };
}
