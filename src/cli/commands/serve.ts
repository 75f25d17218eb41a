/**
 * `khop serve`: the matcher behind HTTP (src/serve/server.ts) for the desk that answers citizens'
 * complaints: one dose or a batch in, its register person, decision and corrections out.
 *
 * Safe defaults: binds to 127.0.0.1 (a reverse proxy or `--host` opens it wider); the bearer
 * token is read from a file (`--token-file`) or the KHOP_TOKEN environment variable, never from
 * the command line, where `ps` and shell history would show it; request logging is off. On
 * SIGINT or SIGTERM it stops accepting connections, answers those in flight, closes the matcher
 * and exits 0. Requests are linked on the main thread (`matchOne`/`matchMany`): a batch is the
 * way to more records per second, and more processes behind a proxy the way to more cores.
 */
import { readFileSync } from 'node:fs';
import type { Command } from 'commander';
import { createMatcher, type Matcher } from '../../api/matcher.js';
import { duplicateIds, duplicateIdsNote } from '../../engine/duplicate-ids.js';
import { RegisterIndex } from '../../engine/register-index.js';
import { KhopError } from '../../errors.js';
import { checkOutputFile } from '../../io/output-files.js';
import type { Reject } from '../../io/rejects.js';
import { rejectsSink } from '../match-output.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_BATCH } from '../../serve/limits.js';
import { numberOption } from '../settings-arg.js';

export interface ServeOptions {
  registry: string;
  model?: string;
  settings?: string;
  host: string;
  port: string;
  tokenFile?: string;
  maxBatch?: string;
  bodyLimit?: string;
  log?: boolean;
  rejects?: string;
}

/** Shortest token accepted: 128 bits as hex. A short shared secret is guessed, not stolen. */
export const MIN_TOKEN_LENGTH = 32;

export function register(program: Command): void {
  program
    .command('serve')
    .summary('an HTTP service: POST /match one dose or a batch, GET /health')
    .description(
      [
        'Load the register (a CSV, or an index saved by `khop index`) and the model once,',
        'then answer over HTTP:',
        '  POST /match   {"record": {...}} -> {"result": {...}}',
        '                {"records": [...]} -> {"results": [...]}  (at most --max-batch)',
        '                a result: the results.csv columns plus the best candidates',
        '  GET  /health  {"status": "ok", "registry_size", "model", "khop_version"}',
        'Bad input is answered 400 with the JSON paths at fault (never the values),',
        '401 without the token, 413 over --body-limit, 415 if not JSON.',
        '',
        'The token (optional) comes from --token-file or the KHOP_TOKEN environment',
        `variable (at least ${MIN_TOKEN_LENGTH} characters), never from the command line.`,
        'Clients send "Authorization: Bearer <token>". /health needs no token.',
      ].join('\n'),
    )
    .requiredOption('--registry <file>', 'register CSV, or an index file from `khop index` (detected by its content)')
    .option('--model <file>', 'a model.json from `khop train` or `khop match` (without it: an untrained model; a warning is printed)')
    .option('--settings <file|preset>', "settings JSON file or preset name (default: the index's, the model's, or vn-vaccination)")
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--port <n>', 'port to listen on (0: any free port, printed at start)', '8080')
    .option('--token-file <file>', 'file holding the bearer token clients must send (else KHOP_TOKEN; else no token)')
    .option('--max-batch <n>', `most records in one "records" batch (default: ${DEFAULT_MAX_BATCH})`)
    .option('--body-limit <bytes>', `largest request body, e.g. 1048576, 512k, 4m (default: ${DEFAULT_BODY_LIMIT / 1024 / 1024}m)`)
    .option('--log', "fastify's request log on stderr: method, route, status, time (never the URL as sent, nor bodies)")
    .option('--rejects <file>', 'write the register rows that cannot be read here as CSV (file,line,reason,raw); else each is a line on stderr (a saved index: `khop index` reported them, only their count is shown)')
    .addHelpText('after', '\nExample:\n  KHOP_TOKEN=$(cat token) khop serve --registry register.idx --model model.json --port 8080\n  curl -s -H "Authorization: Bearer $(cat token)" -H content-type:application/json \\\n    -d \'{"record":{"dose_id":"D1","citizen_id":"079190001234","full_name":"Nguyễn Thị Hoà","dob":"05/03/1990","gender":"Nữ","province":"079"}}\' \\\n    http://127.0.0.1:8080/match\n')
    .action(async (opts: ServeOptions) => {
      await serve(opts);
    });
}

export function readToken(tokenFile: string | undefined, env: NodeJS.ProcessEnv = process.env): string | undefined {
  let token: string | undefined;
  if (tokenFile !== undefined) {
    try {
      token = readFileSync(tokenFile, 'utf8').trim();
    } catch {
      throw new KhopError('FILE_NOT_FOUND', 'cannot read the token file', { file: tokenFile });
    }
    if (token === '') throw new KhopError('BAD_ARGUMENT', 'the token file is empty', { file: tokenFile });
  } else if (env.KHOP_TOKEN !== undefined && env.KHOP_TOKEN !== '') {
    token = env.KHOP_TOKEN.trim();
  }
  if (token !== undefined && (token.length < MIN_TOKEN_LENGTH || /\s/.test(token))) {
    throw new KhopError('BAD_ARGUMENT', `the token must be at least ${MIN_TOKEN_LENGTH} characters with no spaces (e.g. \`openssl rand -hex 32\`)`);
  }
  return token;
}

/** `1048576`, `512k`, `4m` (binary units) → bytes. */
export function parseBytes(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const m = /^\s*(\d+(?:\.\d+)?)\s*([kKmM]?)[bB]?\s*$/.exec(value);
  const n = m === null ? NaN : Math.round(Number(m[1]) * (m[2].toLowerCase() === 'k' ? 1024 : m[2].toLowerCase() === 'm' ? 1 << 20 : 1));
  if (!Number.isFinite(n) || n < 256 || n > 1 << 30) throw new KhopError('BAD_ARGUMENT', `${flag} must be a size from 256 bytes to 1g, such as 1048576, 512k or 4m, not '${value}'`);
  return n;
}

function wholeNumber(flag: string, value: string | undefined, lo: number, hi: number): number | undefined {
  const n = numberOption(flag, value, lo, hi);
  if (n !== undefined && !Number.isInteger(n)) throw new KhopError('BAD_ARGUMENT', `${flag} must be a whole number`);
  return n;
}

export async function serve(opts: ServeOptions): Promise<void> {
  const port = wholeNumber('--port', opts.port, 0, 65535) ?? 8080;
  const maxBatch = wholeNumber('--max-batch', opts.maxBatch, 1, 100_000);
  const bodyLimit = parseBytes('--body-limit', opts.bodyLimit);
  const token = readToken(opts.tokenFile);

  // Not over any file the service reads (a preset name is no file: resolving it as one finds nothing).
  const inputs = [opts.registry, opts.model, opts.settings, opts.tokenFile].filter((p): p is string => p !== undefined);
  if (opts.rejects !== undefined) checkOutputFile(opts.rejects, '--rejects', inputs);

  const t0 = performance.now();
  // The register's unreadable rows are said as `khop index` says them: in --rejects, or on stderr.
  const rejects = rejectsSink(opts.rejects, 'khop serve');
  const pending: Promise<void>[] = [];
  let matcher: Matcher;
  try {
    matcher = await createMatcher({
      registry: opts.registry,
      ...(opts.settings === undefined ? {} : { settings: opts.settings }),
      ...(opts.model === undefined ? {} : { model: opts.model }),
      onReject: (r: Reject) => {
        const p = rejects.write(r);
        if (p !== undefined) pending.push(p);
      },
    });
  } finally {
    await Promise.allSettled(pending);
    await rejects.end();
  }
  const loadMs = Math.round(performance.now() - t0);
  // Loaded here, not with the CLI: every other command would pay for fastify at start-up.
  const { buildServer } = await import('../../serve/server.js');
  const app = buildServer({ matcher, token, maxBatch, bodyLimit, logger: opts.log === true });
  let address: string;
  try {
    address = await app.listen({ host: opts.host, port });
  } catch (e) {
    await matcher.close();
    const code = (e as NodeJS.ErrnoException).code;
    throw new KhopError('BAD_ARGUMENT', `cannot listen on ${opts.host}:${port} (${code ?? 'error'})`);
  }
  const err = process.stderr;
  // The handlers are in place before the address is announced: a caller that signals as soon as it
  // reads that line must reach them, not Node's default (which ends the process mid-close).
  const stopped = new Promise<void>((resolve) => {
    let closing = false;
    const stop = (signal: NodeJS.Signals): void => {
      // A second signal (Ctrl-C reaches a relaunched khop's parent, which passes it on, and its
      // child alike) must neither cut the close short nor kill the process once closed: the
      // handlers stay, ignoring it (a signal handler does not keep Node's event loop alive).
      if (closing) return;
      closing = true;
      err.write(`khop serve: ${signal}: closing\n`);
      void app
        .close()
        .then(() => matcher.close())
        .finally(resolve);
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
  if (opts.model === undefined) err.write('khop serve: warning: no --model: scoring with an untrained model (train one with `khop train`)\n');
  if (token === undefined) err.write(`khop serve: warning: no token: anyone who can reach ${address} can query the register\n`);
  const note = duplicateIdsNote(duplicateIds(matcher.index.settings, matcher.index.plan));
  if (note !== null) err.write(`khop serve: note: ${note}\n`);
  const r = matcher.index.rejects;
  const rejected = r === 0 ? '' : `, ${r} ${r === 1 ? 'row' : 'rows'} rejected${RegisterIndex.isIndexFile(opts.registry) ? ' when the index was built' : ''}`;
  err.write(`khop serve: ${address} (register: ${matcher.index.size} persons${rejected}, loaded in ${loadMs} ms; model: ${matcher.modelSource}; token: ${token === undefined ? 'none' : 'required'})\n`);

  await stopped;
}
