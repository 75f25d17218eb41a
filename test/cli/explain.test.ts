/**
 * `khop explain` as a user runs it (through `main`, the CLI's entry): text and `--json` on stdout,
 * the JSON's results.csv row equal to the one `khop match` wrote for the same dose, `--html`
 * writing a page that loads nothing from the network, `--help` describing every flag, and the
 * error cases with their exit codes and messages free of the IDs asked for.
 */
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { runMatch } from '../../src/cli/commands/match.js';
import { main } from '../../src/cli/program.js';
import { parseCsvSync } from '../../src/io/csv-reader.js';
import { DOSES_CSV, writeHandFiles, type HandFiles } from '../explain/fixture.js';

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

async function khop(args: string[]): Promise<Run> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((stdout += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((stderr += String(s)), true));
  try {
    const code = await main(args);
    return { code, stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

afterEach(() => {
  process.exitCode = undefined;
});

let f: HandFiles;
let results: Map<string, Record<string, string>>;
const base = (): string[] => ['explain', '--model', f.model, '--registry', f.registry, '--doses', f.doses];

beforeAll(async () => {
  f = writeHandFiles();
  const out = join(f.dir, 'out');
  await runMatch({ registry: f.registry, doses: f.doses, out, model: f.model });
  const t = parseCsvSync(readFileSync(join(out, 'results.csv')), { file: 'results.csv' });
  results = new Map(t.rows.map((r) => [r.values[0], Object.fromEntries(t.header.names.map((n, k) => [n, r.values[k]]))]));
});

describe('khop explain', () => {
  it('prints the waterfall, the decision and the corrections as text', async () => {
    const run = await khop([...base(), '--dose-id', 'D1']);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/^full_name +Nguyen Thi Hoa +Nguyễn Thị Hòa +3: diacritics differ or missing/m);
    expect(run.stdout).toContain('Decision: corrected');
    expect(run.stderr).toBe('');
  });

  it.each(['D1', 'D2', 'D3'])('--json for %s: its results.csv row is the one khop match wrote', async (doseId) => {
    const run = await khop([...base(), '--dose-id', doseId, '--json']);
    expect(run.code).toBe(0);
    const json = JSON.parse(run.stdout) as { resultsRow: Record<string, string>; doseId: string; pair: { weight: number } | null };
    expect(json.doseId).toBe(doseId);
    expect(json.resultsRow).toEqual(results.get(doseId));
    if (json.pair !== null) expect(json.pair.weight.toFixed(3)).toBe(Number(results.get(doseId)!.match_weight).toFixed(3));
  });

  it('--person-id explains that pair', async () => {
    const run = await khop([...base(), '--dose-id', 'D1', '--person-id', '079162000777', '--json']);
    expect(run.code).toBe(0);
    expect(JSON.parse(run.stdout).pair).toMatchObject({ personId: '079162000777', chosenByJob: false, proposedBy: ['name_province'] });
  });

  it('--auto and --review change the thresholds the decision is made with', async () => {
    const run = await khop([...base(), '--dose-id', 'D2', '--auto', '1', '--review', '0.9', '--json']);
    expect(JSON.parse(run.stdout).thresholds).toMatchObject({ auto_accept: 1, review: 0.9 });
  });

  it('--html writes a self-contained page with the waterfall spec', async () => {
    const html = join(f.dir, 'd1.html');
    const run = await khop([...base(), '--dose-id', 'D1', '--html', html]);
    expect(run.code).toBe(0);
    expect(existsSync(html)).toBe(true);
    const page = readFileSync(html, 'utf8');
    expect(page).toContain('tf_full_name');
    expect(page).toContain('"y2"');
    expect(page).not.toMatch(/\b(?:src|href)\s*=\s*["']?\s*(?:https?:)?\/\//i);
    expect(run.stderr).toContain(`chart written to ${html}`);
  });

  it('reads NDJSON doses as khop match does: the same explanation as from the CSV', async () => {
    const t = parseCsvSync(readFileSync(f.doses), { file: 'doses.csv' });
    const ndjson = join(f.dir, 'doses.ndjson');
    writeFileSync(ndjson, t.rows.map((r) => JSON.stringify(Object.fromEntries(t.header.names.map((n, k) => [n, r.values[k]])))).join('\n') + '\n');
    for (const doseId of ['D1', 'D2', 'D3']) {
      const fromCsv = await khop([...base(), '--dose-id', doseId, '--json']);
      const fromNdjson = await khop([...base().map((a) => (a === f.doses ? ndjson : a)), '--dose-id', doseId, '--json']);
      expect(fromNdjson.code).toBe(0);
      expect(JSON.parse(fromNdjson.stdout)).toEqual(JSON.parse(fromCsv.stdout));
    }
  });

  it('--doses - reads the doses from stdin (a child process, as in a pipe)', async () => {
    const root = new URL('../../', import.meta.url);
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', ...base().map((a) => (a === f.doses ? '-' : a)), '--dose-id', 'D2'], {
      cwd: root,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (s: string) => (stdout += s));
    child.stdin.end(DOSES_CSV);
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(stdout).toContain('Dose D2 (row 2 of the doses read). The match job decides: review, person 048070000321 (auto-accept 0.99, review 0.5).');
  }, 30_000);

  it('a dose ID held by two rows: said, by count, and the first row explained', async () => {
    const twice = join(f.dir, 'doses-twice.csv');
    const d2 = DOSES_CSV.split('\n').find((l) => l.startsWith('D2,'))!;
    writeFileSync(twice, `${DOSES_CSV.trimEnd()}\n${d2}\n`);
    const run = await khop(['explain', '--model', f.model, '--registry', f.registry, '--doses', twice, '--dose-id', 'D2']);
    expect(run.code).toBe(0);
    expect(run.stdout).toContain('Note: 2 rows of the doses hold this dose ID; the first is explained.');
  });

  it('--help explains every flag and the output', async () => {
    const run = await khop(['explain', '--help']);
    expect(run.code).toBe(0);
    for (const flag of ['--model', '--registry', '--doses', '--dose-id', '--person-id', '--settings', '--auto', '--review', '--json', '--html']) {
      expect(run.stdout).toContain(flag);
    }
    expect(run.stdout).toContain('log2(m/u)');
  });
});

describe('khop explain errors', () => {
  it.each([
    ['an unknown dose ID', ['--dose-id', 'D-NOT-THERE'], 2, 'BAD_ARGUMENT', '--dose-id', 'D-NOT-THERE'],
    ['an unknown person ID', ['--dose-id', 'D1', '--person-id', '099999999999'], 2, 'BAD_ARGUMENT', '--person-id', '099999999999'],
    ['a dose on a row that could not be read', ['--dose-id', 'D4'], 1, 'RECORD_INVALID', 'doses.csv:5', 'D4'],
    ['a bad --auto', ['--dose-id', 'D1', '--auto', '2'], 2, 'BAD_ARGUMENT', '--auto', undefined],
    ['--review above --auto', ['--dose-id', 'D1', '--auto', '0.6', '--review', '0.7'], 2, 'BAD_ARGUMENT', 'review threshold', undefined],
    ['an --html file that cannot be written', ['--dose-id', 'D1', '--html', '/nonexistent-dir/d1.html'], 2, 'BAD_ARGUMENT', '--html', 'Nguy'],
  ])('%s %j: exit %i, %s naming %s, not the ID', async (_name, args, code, errorCode, named, secret) => {
    const run = await khop([...base(), ...args]);
    expect(run.code).toBe(code);
    expect(run.stderr).toContain(`khop: ${errorCode}:`);
    expect(run.stderr).toContain(named);
    // The files' own names are there by design; a random temporary directory may hold the ID's letters too.
    if (secret !== undefined) expect(run.stderr.replaceAll(f.dir, '')).not.toContain(secret);
    expect(run.stdout).toBe('');
  });

  it('without --dose-id: a usage error, exit 2', async () => {
    const run = await khop(base());
    expect(run.code).toBe(2);
    expect(run.stderr).toContain('--dose-id');
  });
});
