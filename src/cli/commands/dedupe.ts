/**
 * `khop dedupe`: the records of one file that are the same entity, from a settings file alone
 * (engine: src/engine/dedupe-job.ts, clusters: src/engine/clusters.ts). Writes into the output
 * folder `pairs.csv`, `clusters.csv`, `rejects.csv`, `summary.json` and, when the model was
 * estimated here, `model.json`.
 */
import { join } from 'node:path';
import type { Command } from 'commander';
import { KhopError } from '../../errors.js';
import { CsvWriter } from '../../io/csv-writer.js';
import { RejectsWriter } from '../../io/rejects.js';
import { matchProbability } from '../../model/fellegi-sunter.js';
import { serializeModel } from '../../model/model-file.js';
import { makeOutputDir, refuseInputAsOutput, removeStale, writeOutputFile } from '../../io/output-files.js';
import { runDedupeJob, type DedupeJob } from '../../engine/dedupe-job.js';
import { roundTo } from '../../engine/result-rows.js';
import { Progress } from '../progress.js';
import { numberOption, resolveModelAndSettings } from '../settings-arg.js';

export const PAIR_COLUMNS = ['id_l', 'id_r', 'match_probability', 'match_weight'] as const;
export const CLUSTER_COLUMNS = ['record_id', 'cluster_id'] as const;

export interface DedupeOptions {
  input: string;
  out: string;
  settings?: string;
  model?: string;
  threshold?: string;
  clustering?: string;
  centreThreshold?: string;
}

export interface DedupeSummary {
  input: string;
  rows_read: number;
  /** Records in clusters.csv: every record read but the rejected ones. */
  records: number;
  rejects: number;
  /** rows_read = records + rejects. */
  reconciles: boolean;
  candidate_pairs: number;
  pairs: number;
  /** Clusters of two records or more, and the records in them. */
  clusters: number;
  clustered_records: number;
  threshold: number;
  clustering: string;
  centre_threshold: number;
  model: string;
  timings_ms: Record<string, number>;
}

export function register(program: Command): void {
  program
    .command('dedupe')
    .summary('find the records of one file that are the same entity: pairs and clusters')
    .description(
      [
        'Compare the records of one file with each other (the match engine with the',
        'file on both sides, each pair once), keep the pairs whose match probability',
        'is at or above the threshold, and group them into clusters.',
        '',
        'Writes into --out:',
        '  pairs.csv     id_l, id_r (id_l earlier in the file), match_probability,',
        '                match_weight, one row per pair at or above the threshold',
        '  clusters.csv  record_id, cluster_id: every record, in input order; the',
        '                cluster_id is the ID of the cluster\'s first record',
        '  rejects.csv   rows that could not be read, or whose ID an earlier row has',
        '  summary.json  counts, thresholds, timings',
        '  model.json    the model estimated by EM, when no --model was given',
        '',
        'Clustering: connected_components joins every kept pair (one weak link can',
        'chain two groups); centre keeps each record to a direct link with its',
        'cluster\'s centre at or above --centre-threshold.',
      ].join('\n'),
    )
    .requiredOption('--input <file>', 'the CSV file to deduplicate (a file, not stdin: it is read twice)')
    .option('--settings <file>', 'settings JSON: fields, comparisons, blocking rules, left and right alike (default: the --model\'s own)')
    .requiredOption('--out <dir>', 'output folder (created if missing)')
    .option('--model <file>', 'a model.json from an earlier dedupe; estimated by EM when absent')
    .option('--threshold <p>', 'match probability at or above which a pair is kept (default: settings, else 0.5)')
    .option('--clustering <method>', 'connected_components or centre (default: settings, else connected_components)')
    .option('--centre-threshold <p>', "centre clustering only (refused otherwise): the probability a member needs with its centre (default: the settings' dedupe.centre_threshold, else --threshold)")
    .addHelpText('after', '\nExample:\n  khop dedupe --input datasets/synthetic-schema/companies.csv --settings datasets/synthetic-schema/dedupe.json --out out/companies\n')
    .action(async (opts: DedupeOptions) => {
      const s = await runDedupe(opts);
      process.stderr.write(
        `khop dedupe: ${s.rows_read} rows, ${s.candidate_pairs} candidate pairs, ${s.pairs} pairs ≥ ${s.threshold}, ` +
          `${s.clusters} clusters of ${s.clustered_records} records; ${s.rejects} rejected → ${opts.out}\n`,
      );
    });
}

export async function runDedupe(opts: DedupeOptions): Promise<DedupeSummary> {
  if (opts.input === '-') throw new KhopError('BAD_ARGUMENT', '--input must be a file: a dedupe reads it twice, stdin cannot be');
  if (opts.settings === undefined && opts.model === undefined) throw new KhopError('BAD_ARGUMENT', 'give --settings (or a --model, which carries its settings)');
  const threshold = numberOption('--threshold', opts.threshold, 0, 1);
  const centre = numberOption('--centre-threshold', opts.centreThreshold, 0, 1);
  if (opts.clustering !== undefined && opts.clustering !== 'connected_components' && opts.clustering !== 'centre') {
    throw new KhopError('BAD_ARGUMENT', `--clustering must be connected_components or centre, not '${opts.clustering}'`);
  }
  const { model, settings } = resolveModelAndSettings(opts.model, opts.settings);
  // A threshold for centres given to a run that will not cluster by centre would be ignored without a word.
  if (centre !== undefined && (opts.clustering ?? settings.dedupe?.clustering ?? 'connected_components') !== 'centre') {
    throw new KhopError('BAD_ARGUMENT', '--centre-threshold applies to centre clustering only: add --clustering centre (or set dedupe.clustering in the settings)');
  }
  const inputs = [opts.input, ...(opts.model === undefined ? [] : [opts.model])];
  for (const f of ['pairs.csv', 'clusters.csv', 'rejects.csv', 'summary.json', 'model.json']) refuseInputAsOutput(join(opts.out, f), inputs, '--out');
  makeOutputDir(opts.out);
  removeStale(join(opts.out, 'summary.json'), '--out');

  const progress = new Progress();
  const rejects = new RejectsWriter(join(opts.out, 'rejects.csv'));
  const pending: Promise<void>[] = [];
  let job: DedupeJob;
  try {
    job = await runDedupeJob({
      input: opts.input,
      inputName: opts.input,
      settings,
      model,
      dedupe: {
        ...(threshold !== undefined ? { threshold } : {}),
        ...(centre !== undefined ? { centre_threshold: centre } : {}),
        ...(opts.clustering !== undefined ? { clustering: opts.clustering as 'connected_components' | 'centre' } : {}),
      },
      onReject: (r) => {
        const p = rejects.write(r);
        if (p !== undefined) pending.push(p);
      },
      onProgress: (stage, done, all) => progress.update(stage, done, all),
    });
  } catch (e) {
    await rejects.end().catch(() => {});
    throw e;
  } finally {
    progress.done();
  }
  await Promise.all(pending);
  await rejects.end();

  const t0 = performance.now();
  const { store, pairs, clusters } = job;
  const pairsOut = new CsvWriter(join(opts.out, 'pairs.csv'), { header: PAIR_COLUMNS });
  for (let n = 0; n < pairs.count; n++) {
    const w = pairs.weight[n];
    const p = pairsOut.writeRow([store.recordId(pairs.a[n]), store.recordId(pairs.b[n]), roundTo(matchProbability(w), 6), roundTo(w, 3)]);
    if (p !== undefined) await p;
  }
  await pairsOut.end();
  const clustersOut = new CsvWriter(join(opts.out, 'clusters.csv'), { header: CLUSTER_COLUMNS });
  const sizes = new Int32Array(store.size);
  for (let i = 0; i < store.size; i++) {
    sizes[clusters[i]]++;
    const p = clustersOut.writeRow([store.recordId(i), store.recordId(clusters[i])]);
    if (p !== undefined) await p;
  }
  await clustersOut.end();
  let clusterCount = 0;
  let clustered = 0;
  for (const n of sizes) {
    if (n < 2) continue;
    clusterCount++;
    clustered += n;
  }

  if (opts.model === undefined) writeOutputFile(join(opts.out, 'model.json'), serializeModel(job.model), '--out');
  const summary: DedupeSummary = {
    input: opts.input,
    rows_read: job.rows,
    records: store.size,
    rejects: job.rejects,
    reconciles: job.rows === store.size + job.rejects,
    candidate_pairs: job.candidatePairs,
    pairs: pairs.count,
    clusters: clusterCount,
    clustered_records: clustered,
    threshold: job.dedupe.threshold,
    clustering: job.dedupe.clustering,
    centre_threshold: job.dedupe.centre_threshold,
    model: opts.model ?? 'estimated by EM: model.json',
    timings_ms: { ...job.timingsMs, write: Math.round(performance.now() - t0) },
  };
  writeOutputFile(join(opts.out, 'summary.json'), `${JSON.stringify(summary, null, 2)}\n`, '--out');
  return summary;
}
