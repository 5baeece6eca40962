// The mock against hostile input and hostile pages, in-process: a flood of bad keys, malformed percent-encoding,
// an unknown example name, foreign origins and DNS-rebinding host names. (The start-up saving it relies on, Faker
// loaded late and English only, is checked in a fresh process by startup.process.test.ts.)

import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../../src/cli/mock.ts';
import { projectId, serverId } from '../../support/fidelity-cases.ts';

const lines: string[] = [];
let mock: RunningMock;
beforeAll(async () => {
  mock = await startMock({
    name: 'mock',
    host: '127.0.0.1',
    port: 0,
    portOption: '--port',
    corsOrigins: ['https://app.example.com'],
    log: (line) => lines.push(line),
    print: () => undefined,
  });
}, 60_000);
afterAll(async () => {
  await mock?.close();
});

const metadataPath = `/v1/${projectId}/cloudservers/${serverId}/metadata`;

/** A raw request: fetch() would refuse some of these headers and re-encode some of these paths. */
function raw(path: string, { method = 'GET', headers = {}, body }: { method?: string; headers?: Record<string, string>; body?: string } = {}) {
  const { port } = new URL(mock.url);
  return new Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }>((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers: { 'X-Auth-Token': 't', ...headers } }, (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

const lastLine = () => lines.at(-1) ?? '';

describe('a flood of bad keys', () => {
  it('reports 20 violations and a count of the rest, quickly, in a small answer and log line', async () => {
    // About 1 MB of keys that each break the pattern: just under the body limit.
    const metadata: Record<string, string> = {};
    for (let i = 0; i < 40_000; i++) metadata[`bad key ${i}`] = 'v';
    const body = JSON.stringify({ metadata });
    expect(body.length).toBeGreaterThan(600_000);
    const started = performance.now();
    const res = await raw(metadataPath, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(performance.now() - started).toBeLessThan(5_000);
    expect(res.text.length).toBeLessThan(4_000);
    expect(JSON.parse(res.text)).toMatchObject({ error: { code: 'Ecs.0005', message: expect.stringMatching(/; and 39980 more$/) } });
    expect(lastLine().length).toBeLessThan(4_000);
  });

  it('cuts a single huge key in the message', async () => {
    const body = JSON.stringify({ metadata: { [`bad key ${'x'.repeat(200_000)}`]: 'v' } });
    const res = await raw(metadataPath, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(res.text.length).toBeLessThan(1_000);
    expect(res.text).toContain('…');
  });

  it('refuses a body over the limit with the documented 400 before reading it all', async () => {
    const body = `{"metadata":{${'"bad key":"v",'.repeat(600_000)}"k":"v"}}`;
    expect(body.length).toBeGreaterThan(8_000_000);
    const res = await raw(metadataPath, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'Ecs.0005', message: 'body: maxBodySize: must NOT be larger than 1048576 bytes' } });
    expect(res.text.length).toBeLessThan(1_000);
  });
});

describe('malformed percent-encoding', () => {
  it.each([
    ['%FF in a path parameter', `/v1/%FF/jobs/j`, 'path.project_id'],
    ['%ZZ in a path parameter', `/v1/${projectId}/jobs/%ZZ`, 'path.job_id'],
    ['a lone %', `/v1/${projectId}/jobs/%`, 'path.job_id'],
  ])('%s is the documented 400 naming the parameter, not a 500', async (_, path, field) => {
    const res = await raw(path);
    expect(res.status).toBe(400);
    // ShowJob's documented 400 is Common.0011 (an invalid job ID); ECS documents no other 400 for it.
    expect(JSON.parse(res.text)).toEqual({ error: { code: 'Common.0011', message: `${field}: encoding: must be valid percent-encoded UTF-8` } });
  });
});

describe('Prefer', () => {
  it('example= of an unknown name is a 422 listing the valid names of the chosen status', async () => {
    const res = await raw(`/v1/${projectId}/jobs/j`, { headers: { Prefer: 'example=Nope' } });
    expect(res.status).toBe(422);
    expect(JSON.parse(res.text)).toMatchObject({ detail: expect.stringContaining('valid names: Succeeded, Running, Failed') });
    const error = await raw(`/v1/${projectId}/jobs/j`, { headers: { Prefer: 'code=401, example=Nope' } });
    expect(error.status).toBe(422);
    expect(JSON.parse(error.text)).toMatchObject({ detail: expect.stringContaining('valid names: Common.0013, APIGW.0301') });
  });
});

describe('origins and hosts', () => {
  it('answers a loopback origin with CORS headers for credentials', async () => {
    const res = await raw(`/v1/${projectId}/jobs/j`, { headers: { Origin: 'http://localhost:8080' } });
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:8080');
    expect(res.headers['access-control-allow-credentials']).toBe('true');
  });

  it('answers an origin given with --cors-origin', async () => {
    const preflight = await raw(metadataPath, {
      method: 'OPTIONS',
      headers: { Origin: 'https://app.example.com', 'Access-Control-Request-Method': 'POST', 'Access-Control-Request-Headers': 'x-auth-token, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example.com');
    expect(preflight.headers['access-control-allow-headers']).toBe('x-auth-token, content-type');
  });

  it.each(['https://evil.example', 'http://localhost.evil.example', 'null'])('refuses the origin %s, without CORS headers', async (origin) => {
    for (const res of [
      await raw(metadataPath, { method: 'POST', headers: { Origin: origin, 'Content-Type': 'application/json' }, body: '{"metadata":{}}' }),
      await raw(metadataPath, { method: 'OPTIONS', headers: { Origin: origin, 'Access-Control-Request-Method': 'POST' } }),
    ]) {
      expect(res.status).toBe(403);
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('refuses a foreign Host (DNS rebinding) but not loopback names', async () => {
    expect((await raw(`/v1/${projectId}/jobs/j`, { headers: { Host: 'rebind.evil.example:4010' } })).status).toBe(403);
    for (const host of ['localhost:4010', '127.0.0.1', '[::1]:4010'])
      expect((await raw(`/v1/${projectId}/jobs/j`, { headers: { Host: host } })).status).toBe(200);
  });
});
