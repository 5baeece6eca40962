// The simulator against crashes, hostile pages and hostile clients (issue 13, server side), in-process:
//   - nothing a request, a timer or a save does ends the process: out-of-range values are a 400 naming the
//     parameter and its range, a handler fault is a 500 in the service's format, an answer that cannot be sent
//     closes its connection;
//   - the shared layer's Host, Origin and CORS policy, with the simulator's error formats;
//   - credentials are checked before the body is read; invalid UTF-8 is a 400; a client that goes away is no fault.
import { mkdtempSync } from 'node:fs';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import type { Handler } from '../../../src/servers/sim/handlers.ts';
import { DEFAULT_FAULTS, type Simulator, SimulatorError, startSimulator } from '../../../src/servers/sim/index.ts';
import { handlers } from '../../../src/servers/sim/registry.ts';
import { Simulation } from '../../../src/servers/sim/simulation.ts';
import { call, errorMessage, fixture, IMAGE, KEY, PROJECT, pathOf, SERVER, send, startTestSim, TOKEN } from './support/harness.ts';

const warnings: string[] = [];
const logLines: string[] = [];
let sim: Simulator;
let port: number;
beforeAll(async () => {
  sim = await startTestSim({
    stateFile: join(mkdtempSync(join(tmpdir(), 'hwc-sim-hardening-')), 'state.json'),
    jobDurations: { initMs: 10_000, stopMs: 10_000, runMs: 10_000 },
    corsOrigins: ['https://app.example.com'],
    warn: (line) => warnings.push(line),
    log: (line) => logLines.push(line),
  });
  port = Number(new URL(sim.url).port);
});
afterAll(() => sim?.close());
afterEach(() => {
  vi.restoreAllMocks();
  sim.reset();
});

const metadataPath = pathOf('UpdateServerMetadata', { project_id: PROJECT, server_id: SERVER });
const json = { 'X-Auth-Token': TOKEN, 'Content-Type': 'application/json' };
const changeOs = () =>
  call(sim.url, 'ChangeServerOsWithoutCloudInit', {
    params: { project_id: PROJECT, server_id: SERVER },
    body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } },
  });
const alive = async () => expect((await send(sim.url, 'GET', '/__sim/health')).status).toBe(200);

/**
 * Writes raw bytes on one socket and collects what comes back until the server closes it, a whole answer has come
 * (with `untilAnswered`), or `waitMs` passed.
 */
function raw(data: string, waitMs = 3000, untilAnswered = false): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve(text);
    }, waitMs);
    socket.on('data', (chunk: Buffer) => {
      text += chunk.toString('latin1');
      const length = /\r\ncontent-length: (\d+)\r\n/i.exec(text)?.[1];
      if (untilAnswered && length !== undefined && text.length >= text.indexOf('\r\n\r\n') + 4 + Number(length)) socket.destroy();
    });
    socket.on('close', () => {
      clearTimeout(timer);
      resolve(text);
    });
    socket.on('error', () => undefined);
    socket.write(data);
  });
}
const bodyOf = (text: string): unknown => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

describe('nothing ends the process', () => {
  it.each(['9e15', '-1', 'abc', '', '315360000001', 'Infinity'])(
    'POST /__sim/jobs/advance?ms=%s after a change OS is a 400 naming ms and its range',
    async (ms) => {
      expect((await changeOs()).status).toBe(200);
      const res = await send(sim.url, 'POST', `/__sim/jobs/advance?ms=${ms}`);
      expect(res.status).toBe(400);
      expect(res.json).toEqual({ error: expect.stringMatching(/^ms: range: must be a number of milliseconds from 0 to 315360000000 \(10 years\), got /) });
      await alive();
      // The state (and the state file) can still be written: no date went out of range.
      expect((await send(sim.url, 'POST', '/__sim/jobs/advance?ms=315360000000')).status).toBe(200);
      // Ten years on, the job has ended and, a day after its end, been deleted (ShowJob's retention).
      expect(sim.state.jobs).toEqual([]);
      await alive();
    },
  );

  it('refuses out-of-range durations and faults at start, and an out-of-range advance in-process', async () => {
    await expect(startTestSim({ jobDurations: { runMs: 1e16 } })).rejects.toThrow(SimulatorError);
    await expect(startTestSim({ jobDurations: { runMs: 1e16 } })).rejects.toThrow(
      'jobDurations.runMs must be a number from 0 to 2147483647, got 10000000000000000',
    );
    await expect(startTestSim({ faults: { latencyMs: 3e9 } })).rejects.toThrow('faults.latencyMs must be a number from 0 to 2147483647');
    await expect(startTestSim({ faults: { ...DEFAULT_FAULTS, retryAfterSeconds: 1e12 } })).rejects.toThrow(
      'faults.retryAfterSeconds must be a number from 0 to 2147483',
    );
    expect(() => sim.advanceJobs(9e15)).toThrow(RangeError);
  });

  it('answers a handler fault with a 500 in the service format, and keeps serving', async () => {
    vi.spyOn(handlers.UpdateServerMetadata as Handler, 'handle').mockImplementation(() => {
      throw new Error('boom');
    });
    const res = await send(sim.url, 'POST', metadataPath, json, '{"metadata":{"a":"b"}}');
    expect(res.status).toBe(500);
    expect(res.json).toEqual({ error: { code: expect.any(String), message: `System exception (request ${res.headers['x-request-id']}).` } });
    expect(warnings.at(-1)).toMatch(/^simulator error in UpdateServerMetadata \(request [0-9a-f]{32}\): boom$/);
    vi.restoreAllMocks();
    expect((await send(sim.url, 'POST', metadataPath, json, '{"metadata":{"a":"b"}}')).status).toBe(200);
  });

  it('closes the connection of an answer that cannot be sent, and keeps serving', async () => {
    vi.spyOn(handlers.UpdateServerMetadata as Handler, 'handle').mockImplementation(() => ({ status: 200, body: { n: 1n } }));
    await expect(send(sim.url, 'POST', metadataPath, json, '{"metadata":{"a":"b"}}')).rejects.toThrow();
    expect(warnings.at(-1)).toMatch(/the answer could not be sent/);
    await alive();
  });

  it('a wake timer that fails is reported, not fatal', async () => {
    const warned: string[] = [];
    const simulation = new Simulation({ fixture: structuredClone(fixture), durations: { initMs: 1, stopMs: 1, runMs: 1 }, warn: (line) => warned.push(line) });
    await simulation.start();
    vi.spyOn(simulation.world, 'settle').mockImplementationOnce(() => {
      throw new RangeError('Invalid time value');
    });
    simulation.world.addJob({
      job_id: 'j',
      job_type: 'changeOS',
      project_id: PROJECT,
      server_id: SERVER,
      image_id: IMAGE,
      created: Date.now(),
      steps: [
        {
          job_id: 's',
          job_type: 'changeOSSubJob',
          effect: 'changeOS',
          begin: Date.now(),
          end: Date.now() + 5,
          error_code: null,
          fail_reason: null,
          done: false,
        },
      ],
      done: false,
    });
    simulation.changed();
    await vi.waitFor(() => expect(warned).toEqual(['simulator error while settling jobs: Invalid time value']));
    simulation.freeze();
  });
});

describe('who may call', () => {
  it('gives a loopback page CORS headers, X-Request-Id exposed, and answers its preflight', async () => {
    const preflight = await send(sim.url, 'OPTIONS', metadataPath, {
      Origin: 'http://localhost:5173',
      'Access-Control-Request-Method': 'POST',
      'Access-Control-Request-Headers': 'content-type, x-auth-token',
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-headers']).toBe('content-type, x-auth-token');
    const res = await send(sim.url, 'POST', metadataPath, { ...json, Origin: 'http://localhost:5173' }, '{"metadata":{"a":"b"}}');
    expect(res.status).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    const listed = await send(sim.url, 'GET', '/__sim/state', { Origin: 'https://app.example.com' });
    expect(listed.headers['access-control-allow-origin']).toBe('https://app.example.com');
  });

  it('refuses a foreign page: no reset, no state, no write; the state is unchanged', async () => {
    await send(sim.url, 'POST', metadataPath, json, '{"metadata":{"kept":"yes"}}');
    const evil = { Origin: 'http://evil.example' };
    const reset = await send(sim.url, 'POST', '/__sim/reset', { ...evil, 'Content-Type': 'text/plain' }, 'x');
    expect(reset.status).toBe(403);
    expect(reset.json).toEqual({ error: expect.stringContaining('Origin "http://evil.example" is not allowed') });
    expect((await send(sim.url, 'GET', '/__sim/state', evil)).status).toBe(403);
    const write = await send(sim.url, 'POST', metadataPath, { ...json, ...evil }, '{"metadata":{"evil":"yes"}}');
    expect(write.status).toBe(403);
    expect(write.json).toEqual({ error: { code: 'Ecs.0003', message: expect.stringContaining('is not allowed') } });
    expect(write.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
    expect(sim.state.servers.find((s) => s.id === SERVER)?.metadata).toEqual({ env: 'dev', kept: 'yes' });
  });

  it('refuses a rebound Host name, in the format of the service the path is for', async () => {
    const ecs = bodyOf(
      await raw(`GET /v1/${PROJECT}/jobs/j HTTP/1.1\r\nHost: rebind.evil.example:4020\r\nX-Auth-Token: ${TOKEN}\r\nConnection: close\r\n\r\n`),
    );
    expect(ecs).toEqual({ error: { code: 'Ecs.0003', message: expect.stringMatching(/^Host "rebind\.evil\.example:4020" is not a name of this server/) } });
    const admin = await raw('GET /__sim/state HTTP/1.1\r\nHost: rebind.evil.example\r\nConnection: close\r\n\r\n');
    expect(admin).toMatch(/^HTTP\/1\.1 403 /);
    expect(admin).not.toContain(SERVER);
    expect(bodyOf(await raw('GET /nowhere HTTP/1.1\r\nHost: rebind.evil.example\r\nConnection: close\r\n\r\n'))).toMatchObject({ error_code: 'APIGW.0306' });
  });

  it("answers Node's own 431 in the service's format", async () => {
    const text = await raw(`GET /v1/${PROJECT}/jobs/j HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(text)).toEqual({ error: { code: expect.any(String), message: 'the request headers are too large' } });
  });
});

describe('hostile clients', () => {
  it.each([
    ['a wrong token', { 'X-Auth-Token': 'not-a-token' }, 'the X-Auth-Token is not valid'],
    ['no credentials', {}, 'no credentials'],
    [
      'an unknown access key',
      { Authorization: `SDK-HMAC-SHA256 Access=NOPE, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`, 'X-Sdk-Date': '20260101T000000Z' },
      'unknown access key',
    ],
    [
      'a date far off',
      {
        Authorization: `SDK-HMAC-SHA256 Access=${KEY.access_key}, SignedHeaders=host;x-sdk-date, Signature=${'0'.repeat(64)}`,
        'X-Sdk-Date': '20000101T000000Z',
      },
      'too far from the current time',
    ],
  ])('refuses %s with 401 before reading the body', async (_, headers, reason) => {
    const head = Object.entries({ Host: '127.0.0.1', 'Content-Type': 'application/json', 'Content-Length': '900000', ...headers })
      .map(([k, v]) => `${k}: ${v}\r\n`)
      .join('');
    // Only the headers are sent: an answer proves that nothing of the body was waited for.
    const started = performance.now();
    const text = await raw(`POST ${metadataPath} HTTP/1.1\r\n${head}\r\n`, 2000, true);
    expect(performance.now() - started).toBeLessThan(1500);
    expect(text).toMatch(/^HTTP\/1\.1 401 /);
    expect(bodyOf(text)).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining(reason) });
  });

  it('refuses invalid UTF-8 in a JSON body with a 400 naming it, storing nothing', async () => {
    const body = Buffer.concat([Buffer.from('{"metadata":{"k":"'), Buffer.from([0xff, 0xfe]), Buffer.from('"}}')]);
    const res = await send(sim.url, 'POST', metadataPath, json, body);
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toBe('body: encoding: must be valid UTF-8');
    expect(sim.state.servers.find((s) => s.id === SERVER)?.metadata).toEqual({ env: 'dev' });
  });

  it('does not log a client that goes away mid-request as a simulator error', async () => {
    const before = warnings.length;
    await raw(`POST ${metadataPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${TOKEN}\r\nContent-Length: 100\r\n\r\n{"metadata":`, 200);
    await vi.waitFor(() => expect(logLines.at(-1)).toMatch(new RegExp(`POST ${metadataPath} \\(ecs UpdateServerMetadata\\) → 499 `)));
    expect(warnings.slice(before)).toEqual([]);
    await alive();
  });
});

describe('remote listening', () => {
  it('answers the --host address and --allowed-host names, and still refuses others', async () => {
    const remote = await startSimulator({ port: 0, allowedHosts: ['sim.internal'], warn: () => undefined });
    try {
      const at = (host: string) => send(remote.url, 'GET', '/__sim/health', { Host: host });
      expect((await at('sim.internal:4020')).status).toBe(200);
      expect((await at('localhost:4020')).status).toBe(200);
      expect((await at('other.example')).status).toBe(403);
    } finally {
      await remote.close();
    }
  });
});
