/**
 * The HTTP layer of `khop serve` against a stand-in matcher (a transport test double: it returns
 * a result naming the record it got, and refuses a record as the real matcher does), through
 * fastify's inject and through real HTTP on an ephemeral loopback port: good requests, bad
 * JSON and bad shapes (400 with paths, never values), an oversized body (413), a missing or
 * wrong token (401), unknown routes and methods (404, 405). The real matcher end to end is in
 * serve-e2e.test.ts.
 */
import type { AddressInfo } from 'node:net';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import type { FastifyInstance } from 'fastify';
import type { MatchRecord, MatchResult } from '../../src/api/matcher-schema.js';
import { KhopError } from '../../src/errors.js';
import type { ServeMatcher } from '../../src/serve/matcher-port.js';
import { buildServer } from '../../src/serve/server.js';

const SECRET = 'Nguyễn Văn Bí Mật'; // a value that must never come back in an error

function resultFor(record: MatchRecord): MatchResult {
  if (record.dose_id === undefined || record.dose_id === null) throw new KhopError('RECORD_INVALID', 'the ID column is missing', { field: 'dose_id' });
  return {
    dose_id: String(record.dose_id),
    decision: 'unmatched',
    person_id: '',
    match_probability: 0,
    match_weight: null,
    corrections: '',
    suggested_full_name: '',
    suggested_dob: '',
    suggested_citizen_id: '',
    suggested_gender: '',
    candidates: [],
  };
}

const fakeMatcher: ServeMatcher = {
  matchOne: resultFor,
  matchMany: (records) =>
    [...records].map((r, i) => {
      try {
        return resultFor(r);
      } catch (e) {
        throw new KhopError('RECORD_INVALID', 'the ID column is missing', { line: i + 1, field: (e as KhopError).where.field });
      }
    }),
  index: { size: 42 },
  recordColumns: ['dose_id', 'citizen_id', 'full_name', 'dob', 'gender', 'province'],
  modelSource: 'given',
  model: { provenance: { created: '2026-11-25T00:00:00.000Z', khop_version: '0.1.0', method: 'em' } },
  close: async () => {},
};

const TOKEN = 'test-token-0123456789';
const dose = (id: string): Record<string, string> => ({ dose_id: id, citizen_id: '079190001234', full_name: SECRET, dob: '01/02/1990', gender: 'Nữ', province: '079' });

describe('POST /match (inject, no token configured)', () => {
  const app = buildServer({ matcher: fakeMatcher, maxBatch: 3, bodyLimit: 65536 });
  afterAll(() => app.close());

  const post = (payload: unknown, headers: Record<string, string> = {}) =>
    app.inject({ method: 'POST', url: '/match', payload: typeof payload === 'string' ? payload : JSON.stringify(payload), headers: { 'content-type': 'application/json', ...headers } });

  it('one record → { result }', async () => {
    const res = await post({ record: dose('D1') });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({ result: resultFor(dose('D1')) });
  });

  it('a batch → { results } in order', async () => {
    const res = await post({ records: [dose('D1'), dose('D2'), dose('D3')] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: MatchResult) => r.dose_id)).toEqual(['D1', 'D2', 'D3']);
  });

  it('a record’s keys that are not columns are ignored whatever they hold, as the matcher ignores them', async () => {
    const res = await post({ records: [{ ...dose('D1'), meta: { source: 'x', tags: [1, 2] } }, { ...dose('D2'), note: null }] });
    expect(res.statusCode).toBe(200);
    expect(res.json().results.map((r: MatchResult) => r.dose_id)).toEqual(['D1', 'D2']);
  });

  it.each([
    ['not JSON', 'invalid_json', undefined, `{"record": {"full_name": "${SECRET}"`],
    ['empty body', 'invalid_json', undefined, ''],
    ['a __proto__ key', 'invalid_json', undefined, `{"record": {"dose_id": "D1", "__proto__": {"full_name": "${SECRET}"}}}`],
    ['a constructor.prototype key', 'invalid_json', undefined, `{"record": {"dose_id": "D1", "constructor": {"prototype": {"x": "${SECRET}"}}}}`],
    ['an array', 'invalid_body', '(body)', [dose('D1')]],
    ['both keys', 'invalid_body', '(body)', { record: dose('D1'), records: [dose('D2')] }],
    ['an unknown key', 'invalid_body', '(body)', { rec: dose('D1') }],
    ['an unknown key that is a name (data keyed by name)', 'invalid_body', '(body)', { record: dose('D1'), [SECRET]: dose('D2') }],
    ['a record that is a string', 'invalid_body', 'record', { record: SECRET }],
    ['a nested cell', 'invalid_body', 'record.full_name', { record: { ...dose('D1'), full_name: { family: SECRET } } }],
    ['a cell too long', 'invalid_body', 'records[1].full_name', { records: [dose('D1'), { ...dose('D2'), full_name: SECRET.repeat(300) }] }],
    ['a lone surrogate in a cell', 'invalid_body', 'record.dose_id', '{"record": {"dose_id": "D\\ud800", "full_name": "x"}}'],
    ['an empty batch', 'invalid_body', 'records', { records: [] }],
    ['a batch over the limit', 'invalid_body', 'records', { records: [dose('1'), dose('2'), dose('3'), dose('4')] }],
    ['a record the matcher refuses', 'invalid_record', 'records[1].dose_id', { records: [dose('D1'), { full_name: SECRET }] }],
  ])('%s → 400 %s at %s, never echoing the values', async (_name, error, path, payload) => {
    const res = await post(payload);
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.error).toBe(error);
    if (path !== undefined) expect(body.issues.map((i: { path: string }) => i.path)).toContain(path);
    expect(res.body).not.toContain('Nguyễn');
    expect(res.body).not.toContain('Bí Mật');
  });

  it.each([
    ['a nested cell', { record: { ...dose('D1'), dob: { day: 1 } } }, 'record.dob', /expected a string, a number or null/],
    ['a cell too long', { record: { ...dose('D1'), full_name: 'x'.repeat(5000) } }, 'record.full_name', /4096/],
    ['a batch too big', { records: [dose('1'), dose('2'), dose('3'), dose('4')] }, 'records', /3/],
  ])('%s: the issue says what is allowed', async (_name, payload, path, message) => {
    const issues = (await post(payload)).json().issues as { path: string; message: string }[];
    expect(issues).toEqual([{ path, message: expect.stringMatching(message) }]);
  });

  it('any JSON body is answered with 200 or 400, never 500 (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fc.jsonValue(), async (value) => {
        const res = await post(JSON.stringify(value));
        expect([200, 400]).toContain(res.statusCode);
      }),
      { numRuns: 200 },
    );
  });

  it('a body over the limit → 413', async () => {
    const res = await post({ record: { ...dose('D1'), note: 'x'.repeat(70_000) } });
    expect(res.statusCode).toBe(413);
    expect(res.json().error).toBe('body_too_large');
  });

  it('not JSON content → 415', async () => {
    const res = await app.inject({ method: 'POST', url: '/match', payload: 'dose_id=D1', headers: { 'content-type': 'text/plain' } });
    expect(res.statusCode).toBe(415);
  });

  it.each([
    ['GET', '/match', 405, 'POST'],
    ['DELETE', '/health', 405, 'GET, HEAD'],
    ['GET', '/nope', 404, undefined],
  ])('%s %s → %i', async (method, url, status, allow) => {
    const res = await app.inject({ method: method as 'GET', url });
    expect(res.statusCode).toBe(status);
    expect(res.headers.allow).toBe(allow);
  });

  it('a body that is not UTF-8 → 400 invalid_utf8 (as a file with bad bytes is refused), JSON still parsed otherwise', async () => {
    const bad = Buffer.concat([Buffer.from('{"record":{"dose_id":"D1","full_name":"Nguy'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const res = await app.inject({ method: 'POST', url: '/match', payload: bad, headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toEqual({ error: 'invalid_utf8', reason: 'the body is not valid UTF-8' });
    const poisoned = await app.inject({ method: 'POST', url: '/match', payload: '{"record":{"__proto__":{"x":1}}}', headers: { 'content-type': 'application/json' } });
    expect([poisoned.statusCode, poisoned.json().error]).toEqual([400, 'invalid_json']);
  });

  it('a URL that cannot be decoded → 400 in the service\'s own shape, without quoting the URL', async () => {
    const res = await app.inject({ method: 'GET', url: '/match/Nguy%E1%BB%85n079190001234%zz' });
    expect(res.statusCode).toBe(400);
    expect(Object.keys(res.json()).sort()).toEqual(['error', 'reason']);
    expect(res.body).not.toContain('079190001234');
    expect(res.body).not.toContain('Nguy');
  });

  it('GET /health → status, register size, model', async () => {
    const res = await app.inject({ method: 'GET', url: '/health' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ status: 'ok', registry_size: 42, model: { source: 'given', method: 'em', created: '2026-11-25T00:00:00.000Z' } });
  });
});

describe('real HTTP on loopback, with a token', () => {
  let app: FastifyInstance;
  let base = '';
  beforeAll(async () => {
    app = buildServer({ matcher: fakeMatcher, token: TOKEN, maxBatch: 10, bodyLimit: 1024 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(() => app.close());

  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/match`, { method: 'POST', body, headers: { 'content-type': 'application/json', ...headers } });

  it('the right token → 200', async () => {
    const res = await post(JSON.stringify({ record: dose('D7') }), { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { result: MatchResult }).result.dose_id).toBe('D7');
  });

  it.each([
    ['no header', undefined],
    ['a wrong token', `Bearer ${TOKEN.slice(0, -1)}x`],
    ['a longer token', `Bearer ${TOKEN}0`],
    ['another scheme', `Basic ${TOKEN}`],
    ['an empty token', 'Bearer '],
  ])('%s → 401 with WWW-Authenticate', async (_name, authorization) => {
    const res = await post(JSON.stringify({ record: dose('D7') }), authorization === undefined ? {} : { authorization });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(((await res.json()) as { error: string }).error).toBe('unauthorized');
  });

  it('a body over the limit → 413 (read from the wire)', async () => {
    const res = await post(JSON.stringify({ records: Array.from({ length: 10 }, (_, i) => dose(`D${i}`)) }), { authorization: `Bearer ${TOKEN}` });
    expect(res.status).toBe(413);
  });

  it('a missing token is refused before an oversized body is read', async () => {
    const res = await post('x'.repeat(100_000));
    expect(res.status).toBe(401);
  });

  it('/health needs no token (for probes) and shows no record data', async () => {
    const res = await fetch(`${base}/health`);
    expect(res.status).toBe(200);
    expect(Object.keys((await res.json()) as object).sort()).toEqual(['khop_version', 'model', 'registry_size', 'status']);
  });
});

describe('the request log (logger: true)', () => {
  it('goes to stderr and names the route, never the URL a client sent (it may hold an ID or a name)', async () => {
    const app = buildServer({ matcher: fakeMatcher, logger: true });
    const written: string[] = [];
    const spy = vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => (written.push(String(chunk)), true));
    try {
      await app.inject({ method: 'GET', url: '/health?id=079190001234' });
      await app.inject({ method: 'GET', url: `/match/${encodeURIComponent(SECRET)}` });
      await app.inject({ method: 'POST', url: '/match?name=079190001234', payload: JSON.stringify({ record: dose('D1') }), headers: { 'content-type': 'application/json' } });
    } finally {
      spy.mockRestore();
      await app.close();
    }
    const log = written.join('');
    expect(log).toContain('"route":"/health"');
    expect(log).toContain('"route":"/match"');
    expect(log).toContain('incoming request');
    expect(log).not.toContain('079190001234');
    expect(log).not.toContain(encodeURIComponent(SECRET));
    expect(log).not.toContain('"url"');
  });
});
