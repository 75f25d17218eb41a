/**
 * `khop serve`'s HTTP layer (fastify 5, https://fastify.dev/docs/latest/Reference/Server/):
 *
 *   POST /match   `{ "record": {…} }` → 200 `{ "result": {…} }`;
 *                 `{ "records": [{…}, …] }` (1..maxBatch) → 200 `{ "results": [{…}, …] }`, in order.
 *                 A result is the matcher's MatchResult: the results.csv columns + candidates.
 *   GET  /health  → 200 `{ status: "ok", registry_size, model: { source, method, created, khop_version }, khop_version }`.
 *
 * Failures are answers, never crashes, and never echo what was sent (personal data):
 *   400 invalid_json / invalid_body (zod issue paths and messages) / invalid_record (the field
 *   and the record's position), 401 unauthorized (with a token configured, a missing or wrong
 *   `Authorization: Bearer`; /health stays open for probes and shows no record data),
 *   404 not_found, 405 method_not_allowed (with `Allow`), 413 body_too_large (over bodyLimit,
 *   refused from Content-Length before reading when it is declared), 415 unsupported_media_type
 *   (not application/json), 500 internal (logged by code only).
 * Every error body is `{ error, reason, issues? }`. Logging is off unless asked for, and then it
 * is fastify's request log (method, URL, status, time): bodies are never logged.
 */
import { isUtf8 } from 'node:buffer';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { isKhopError } from '../errors.js';
import { VERSION } from '../version.js';
import { BearerToken } from './bearer.js';
import { bodyIssues, matchBodySchema, type BodyIssue } from './body-schema.js';
import type { ServeMatcher } from './matcher-port.js';
import { DEFAULT_BODY_LIMIT, DEFAULT_MAX_BATCH } from './limits.js';

/** The error code of a body that is not UTF-8 (answered 400 invalid_utf8). */
const INVALID_UTF8 = 'KHOP_INVALID_UTF8';

export interface ServerOptions {
  matcher: ServeMatcher;
  /** When set, POST /match needs `Authorization: Bearer <token>`. */
  token?: string;
  /** Most records in one `records` batch. Default 1000. */
  maxBatch?: number;
  /** Largest body in bytes. Default 1 MiB. */
  bodyLimit?: number;
  /** fastify's request log on stderr: method, route, status, time; no URL, no body. Default off. */
  logger?: boolean;
}

export { DEFAULT_BODY_LIMIT, DEFAULT_MAX_BATCH };

/** Routes and their methods, for 405 and `Allow`. HEAD comes with GET (fastify's exposeHeadRoutes). */
const ROUTES: Readonly<Record<string, string>> = { '/match': 'POST', '/health': 'GET, HEAD' };

/**
 * fastify's request log, on stderr (pino writes to stdout by default). A request is logged by its
 * method and route (`/match`), not its URL: the path or query a client sends may hold a name or an
 * ID (`GET /match?id=…`), and fastify's own serializer logs the URL as sent.
 */
function requestLog(): { level: string; stream: NodeJS.WritableStream; serializers: { req: (request: FastifyRequest) => { method: string; route: string } } } {
  return {
    level: 'info',
    stream: process.stderr,
    serializers: { req: (request) => ({ method: request.method, route: request.routeOptions?.url ?? '(no route)' }) },
  };
}

export function buildServer(options: ServerOptions): FastifyInstance {
  const { matcher } = options;
  const maxBatch = options.maxBatch ?? DEFAULT_MAX_BATCH;
  const bodyLimit = options.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const schema = matchBodySchema(maxBatch, matcher.recordColumns);
  const bearer = options.token === undefined ? undefined : new BearerToken(options.token);
  const app = Fastify({
    bodyLimit,
    logger: options.logger === true ? requestLog() : false,
    // A slow client cannot hold a connection open forever (slowloris).
    requestTimeout: 30_000,
    return503OnClosing: true,
    // Errors raised before routing (a URL that cannot be decoded) skip setErrorHandler: fastify
    // would answer in its own shape, quoting the URL, which may hold a name or an ID.
    frameworkErrors: (error, _request, reply) => {
      void fail(reply, 400, 'bad_request', `the request was refused (${(error as FastifyError).code ?? 'bad request'})`);
    },
  });
  // JSON only: fastify also parses text/plain by default, which would reach the schema as a string.
  app.removeContentTypeParser('text/plain');
  // fastify decodes a JSON body as UTF-8, turning bad bytes into U+FFFD; files with bad bytes are
  // refused (invalid_utf8), so a body is too. Then fastify's own parser (prototype poisoning refused).
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const bytes = body as Buffer;
    if (!isUtf8(bytes)) {
      done(Object.assign(new Error('the body is not valid UTF-8'), { statusCode: 400, code: INVALID_UTF8 }), undefined);
      return;
    }
    parseJson(request, bytes.toString('utf8'), done);
  });

  app.addHook('onRequest', async (request, reply) => {
    // Before the body is read: a client without the token cannot make the server parse anything.
    if (bearer === undefined || request.routeOptions.url !== '/match') return;
    if (!bearer.accepts(request.headers.authorization)) {
      reply.header('www-authenticate', 'Bearer realm="khop"');
      return fail(reply, 401, 'unauthorized', 'a valid "Authorization: Bearer <token>" header is required');
    }
  });

  app.get('/health', async () => ({
    status: 'ok',
    registry_size: matcher.index.size,
    model: { source: matcher.modelSource, method: matcher.model.provenance.method, created: matcher.model.provenance.created, khop_version: matcher.model.provenance.khop_version },
    khop_version: VERSION,
  }));

  app.post('/match', async (request, reply) => {
    const parsed = schema.safeParse(request.body);
    if (!parsed.success) return fail(reply, 400, 'invalid_body', 'the body does not have the expected shape', bodyIssues(parsed.error, request.body));
    const body = parsed.data;
    try {
      if ('record' in body) return { result: matcher.matchOne(body.record) };
      return { results: matcher.matchMany(body.records) };
    } catch (e) {
      if (isKhopError(e) && (e.code === 'RECORD_INVALID' || e.code === 'BAD_ARGUMENT')) {
        const at = 'record' in body ? 'record' : `records[${(e.where.line ?? 1) - 1}]`;
        const path = e.where.field === undefined ? at : `${at}.${e.where.field}`;
        return fail(reply, 400, 'invalid_record', 'a record cannot be linked', [{ path, message: e.message }]);
      }
      throw e;
    }
  });

  app.setNotFoundHandler((request, reply) => {
    const allow = ROUTES[request.url.split('?')[0]];
    if (allow !== undefined) {
      reply.header('allow', allow);
      return fail(reply, 405, 'method_not_allowed', `use ${allow}`);
    }
    return fail(reply, 404, 'not_found', 'no such route: POST /match, GET /health');
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    switch (error.code) {
      case 'FST_ERR_CTP_BODY_TOO_LARGE':
        return fail(reply, 413, 'body_too_large', `the body is larger than ${bodyLimit} bytes`);
      case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
        return fail(reply, 415, 'unsupported_media_type', 'send Content-Type: application/json');
      case INVALID_UTF8:
        return fail(reply, 400, 'invalid_utf8', 'the body is not valid UTF-8');
      case 'FST_ERR_CTP_EMPTY_JSON_BODY':
        return fail(reply, 400, 'invalid_json', 'the body is empty');
      case 'FST_ERR_CTP_INVALID_JSON_BODY':
        // Also prototype poisoning: secure-json-parse refuses __proto__ and constructor.prototype keys.
        return fail(reply, 400, 'invalid_json', 'the body is not valid JSON (or has a __proto__ or constructor.prototype key)');
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // JSON.parse's SyntaxError and fastify's other client errors: their messages may quote the body.
      const reason = error instanceof SyntaxError ? 'the body is not valid JSON' : `the request was refused (${error.code ?? 'bad request'})`;
      return fail(reply, status, error instanceof SyntaxError ? 'invalid_json' : 'bad_request', reason);
    }
    request.log.error({ code: isKhopError(error) ? error.code : error.code ?? error.name }, 'request failed');
    return fail(reply, 500, 'internal', 'the request could not be answered');
  });

  return app;
}

function fail(reply: FastifyReply, status: number, error: string, reason: string, issues?: BodyIssue[]): FastifyReply {
  return reply.code(status).send(issues === undefined ? { error, reason } : { error, reason, issues });
}
