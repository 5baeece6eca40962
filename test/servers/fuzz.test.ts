// Hostile-input fuzzing of BOTH servers, the simulator and the mock, in-process and over real HTTP. Requests start
// from the fidelity table's valid and invalid cases (test/support/fidelity-cases.ts) and are then mutated at every
// layer: method, path parameters (bad percent-encoding, traversal, huge or non-ASCII segments), unknown paths and
// admin endpoints, query strings, credentials (none, wrong, malformed AK/SK), media types, Origin and Host, Prefer,
// and bodies (the case's, junk JSON, text, invalid UTF-8, deep nesting, floods of keys). For every response: no
// 5xx, and an answer within the time limit; at the end each server still answers. The counts are printed.
// FUZZ_RUNS requests per server (default 400; `npm run fuzz` sends 10,000 to each).
import { Agent, request } from 'node:http';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/cli/mock.ts';
import type { Simulator } from '../../src/servers/sim/index.ts';
import { invalidCases, type OperationRequest, validCases, validRequests } from '../support/fidelity-cases.ts';
import { operation } from '../support/openapi.ts';
import { startTestSim, TOKEN } from './sim/support/harness.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 400);
const CONCURRENCY = 8;
const ANSWER_WITHIN_MS = 10_000;
const validSeeds: OperationRequest[] = [...Object.values(validRequests), ...validCases];
const seeds: OperationRequest[] = [...validSeeds, ...invalidCases];

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

const segment = fc.oneof(
  fc.constantFrom('%FF', '%', '%ZZ', '%2e%2e', '..', '%00', '%C0%AF', 'a'.repeat(5000), '%E2%82', '__proto__', 'constructor'),
  fc.string({ unit: 'binary', maxLength: 60 }).map(encodeURIComponent),
  fc.uuid(),
);
const junkJson = fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v) ?? 'null');
const body = fc.oneof(
  { weight: 6, arbitrary: fc.constant<'seed'>('seed') },
  { weight: 2, arbitrary: junkJson.map((t) => Buffer.from(t)) },
  { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 200 }).map((t) => Buffer.from(t)) },
  {
    weight: 1,
    arbitrary: fc
      .uint8Array({ maxLength: 64 })
      .map((b) => Buffer.concat([Buffer.from('{"metadata":{"k":"'), Buffer.from(b), Buffer.from([0xff]), Buffer.from('"}}')])),
  },
  { weight: 1, arbitrary: fc.integer({ min: 1000, max: 60_000 }).map((n) => Buffer.from(`{"metadata":${'['.repeat(n)}${']'.repeat(n)}}`)) },
  {
    weight: 1,
    arbitrary: fc
      .integer({ min: 100, max: 5000 })
      .map((n) => Buffer.from(JSON.stringify({ metadata: Object.fromEntries(Array.from({ length: n }, (_, i) => [`bad key ${i}`, 'v'])) }))),
  },
  { weight: 1, arbitrary: fc.constant(Buffer.alloc(0)) },
);

/** Mostly a valid request, as sent (so that handlers run), else one broken at every layer at once. */
function fuzzRequest(port: number): fc.Arbitrary<FuzzRequest> {
  const valid = fc.record({
    seed: fc.constantFrom(...validSeeds),
    method: fc.constant(''),
    param: fc.constant(null),
    path: fc.constant(''),
    query: fc.constant(null),
    credentials: fc.constant('token'),
    contentType: fc.constant('application/json'),
    origin: fc.constantFrom('', 'http://localhost:5173'),
    host: fc.constantFrom('', 'localhost'),
    prefer: fc.constant(''),
    body: fc.constant<'seed'>('seed'),
  });
  return fc.oneof({ weight: 1, arbitrary: valid }, { weight: 1, arbitrary: hostile() }).map((r) => build(r, port));
}

function hostile() {
  return fc.record({
    seed: fc.constantFrom(...seeds),
    method: fc.oneof(
      { weight: 8, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'HEAD', 'PROPFIND') },
    ),
    param: fc.option(segment, { freq: 3 }),
    path: fc.oneof(
      { weight: 12, arbitrary: fc.constant('') },
      { weight: 1, arbitrary: fc.constantFrom('/', '/__sim/state', '/__sim/reset', '/__sim/jobs/advance?ms=9e15', '/v1', '/v3/x/y', '/%FF') },
    ),
    query: fc.option(fc.constantFrom('?a=1', '?__code=500', '?__dynamic=true', '?ms=-1', `?x=${'%'.repeat(10)}`, '?&&=='), { freq: 4 }),
    credentials: fc.constantFrom('token', 'token', 'token', 'none', 'wrong', 'aksk-junk', 'aksk-malformed'),
    contentType: fc.constantFrom(
      'application/json',
      'application/json',
      'application/json',
      'text/plain',
      'application/json; charset=latin1',
      'application/merge-patch+json',
      '',
    ),
    origin: fc.constantFrom('', '', '', 'http://localhost:5173', 'http://evil.example', 'null'),
    host: fc.constantFrom('', '', '', '', 'localhost', 'rebind.evil.example'),
    prefer: fc.constantFrom('', '', '', 'code=500', 'code=404, example=Nope', 'dynamic=true', 'code=abc', 'example=', 'code=200, dynamic=yes'),
    body,
  });
}

type Drawn = {
  seed: OperationRequest;
  method: string;
  param: string | null;
  path: string;
  query: string | null;
  credentials: string;
  contentType: string;
  origin: string;
  host: string;
  prefer: string;
  body: 'seed' | Buffer;
};

function build(r: Drawn, port: number): FuzzRequest {
  const op = operation(r.seed.operationId);
  const names = Object.keys(r.seed.path);
  const values = { ...r.seed.path };
  if (r.param !== null && names.length > 0) values[names[r.param.length % names.length] as string] = r.param;
  const path =
    r.path || op.path.replace(/\{([^}]+)\}/g, (_, name: string) => (values[name] === r.param ? (r.param ?? '') : encodeURIComponent(values[name] ?? '')));
  const headers: Record<string, string> = { ...r.seed.headers, Host: r.host ? `${r.host}:${port}` : `127.0.0.1:${port}` };
  if (r.credentials === 'token') headers['X-Auth-Token'] = TOKEN;
  else if (r.credentials === 'wrong') headers['X-Auth-Token'] = 'not-the-token';
  else if (r.credentials === 'aksk-junk')
    Object.assign(headers, {
      Authorization: `SDK-HMAC-SHA256 Access=AK, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`,
      'X-Sdk-Date': '20260101T000000Z',
    });
  else if (r.credentials === 'aksk-malformed') Object.assign(headers, { Authorization: 'SDK-HMAC-SHA256 nonsense', 'X-Sdk-Date': 'yesterday' });
  if (r.contentType) headers['Content-Type'] = r.contentType;
  if (r.origin) headers.Origin = r.origin;
  if (r.prefer) headers.Prefer = r.prefer;
  const payload = r.body === 'seed' ? (r.seed.body === undefined ? undefined : Buffer.from(JSON.stringify(r.seed.body))) : r.body;
  return { method: r.method || op.method.toUpperCase(), path: `${path}${r.query ?? ''}`, headers, ...(payload ? { body: payload } : {}) };
}

const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });

function send(port: number, r: FuzzRequest): Promise<number> {
  return new Promise((resolve, reject) => {
    const headers = r.body ? { ...r.headers, 'Content-Length': String(r.body.length) } : r.headers;
    const req = request({ host: '127.0.0.1', port, method: r.method, path: r.path, headers, agent }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
      res.on('error', reject);
    });
    req.setTimeout(ANSWER_WITHIN_MS, () => req.destroy(new Error(`no answer within ${ANSWER_WITHIN_MS} ms`)));
    req.on('error', reject);
    req.end(r.body);
  });
}

/** A request that asks the mock for a 5xx (Prefer code=5xx or __code=5xx): its 5xx is the answer asked for. */
const asksFor5xx = (r: FuzzRequest): boolean => /code=5/.test(r.headers.Prefer ?? '') || /[?&]__code=5/.test(r.path);

/** Sends RUNS generated requests, CONCURRENCY at a time; fails listing the unexpected 5xx (the first few). */
async function fuzz(name: 'simulator' | 'mock', port: number, faults: ReadonlySet<string> = new Set()): Promise<void> {
  const requests = fc.sample(fuzzRequest(port), { numRuns: RUNS, seed: Number(process.env.FUZZ_SEED ?? 13) });
  const byClass: Record<string, number> = {};
  const unexpected: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < requests.length) {
      const r = requests[next++] as FuzzRequest;
      const status = await send(port, r);
      const kind = `${Math.floor(status / 100)}xx`;
      byClass[kind] = (byClass[kind] ?? 0) + 1;
      if (status >= 500 && !(name === 'mock' && asksFor5xx(r))) {
        unexpected.push(`${status} ${r.method} ${r.path.slice(0, 120)} ${JSON.stringify(r.headers)} ${r.body?.subarray(0, 120).toString('latin1') ?? ''}`);
      }
    }
  };
  await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  console.log(`fuzz ${name}: ${requests.length} requests, ${JSON.stringify(byClass)}, ${unexpected.length} unexpected 5xx`);
  expect(unexpected.slice(0, 5), `${name}: ${unexpected.length} unexpected 5xx; the server said: ${[...faults].join(' | ')}`).toEqual([]);
}

describe(`hostile-input fuzzing of the simulator and the mock (${RUNS} requests each)`, () => {
  let sim: Simulator;
  let mock: RunningMock;
  /** What the simulator reported about its faults (its warnings, request ids removed). */
  const faults = new Set<string>();
  beforeAll(async () => {
    sim = await startTestSim({ jobDurations: { initMs: 5, stopMs: 5, runMs: 10 }, warn: (line) => faults.add(line.replace(/ \(request [0-9a-f]{32}\)/, '')) });
    mock = await startMock({ name: 'mock', host: '127.0.0.1', port: 0, portOption: '--port', print: () => undefined });
  }, 60_000);
  afterAll(async () => {
    await sim?.close();
    await mock?.close();
  });

  const timeout = Math.max(30_000, RUNS * 20);
  it('the simulator: no 5xx, every request answered in time', () => fuzz('simulator', Number(new URL(sim.url).port), faults), timeout);
  it('the mock: no 5xx, every request answered in time', () => fuzz('mock', Number(new URL(mock.url).port)), timeout);
  it('both still answer', async () => {
    expect((await fetch(`${sim.url}/__sim/health`)).status).toBe(200);
    expect((await fetch(`${mock.url}/v1/x/jobs/y`, { headers: { 'X-Auth-Token': TOKEN } })).status).toBeLessThan(500);
  });
});
