// The proxy in front of a hostile upstream, in-process: a redirect must be passed back without following it (the
// caller's token never reaches the redirect target), a huge or decompression-bomb body fails at the size limit
// with 502, and a status the document does not list becomes a 500 violation.
import { createServer, type IncomingMessage, request, type Server } from 'node:http';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../../src/cli/mock.ts';
import { MAX_UPSTREAM_BYTES } from '../../../src/servers/mock/forward.ts';
import { projectId, serverId } from '../../support/fidelity-cases.ts';

const token = 'caller-secret-token';
const job = { status: 'SUCCESS', job_id: 'j', job_type: 'changeOS', begin_time: '2024-01-02T15:04:05.000Z', end_time: '2024-01-02T15:09:05.000Z' };
/** What reached the redirect target. */
const stolen: IncomingMessage['headers'][] = [];
let target: Server;
let upstream: Server;
let proxy: RunningMock;

async function listen(server: Server): Promise<number> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as { port: number }).port;
}

beforeAll(async () => {
  target = createServer((req, res) => {
    stolen.push(req.headers);
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"metadata":{"stolen":"yes"}}');
  });
  const targetPort = await listen(target);
  const bomb = gzipSync(Buffer.alloc(3 * MAX_UPSTREAM_BYTES, ' '));
  upstream = createServer((req, res) => {
    req.resume();
    const url = req.url ?? '';
    if (url.endsWith('/metadata')) res.writeHead(307, { Location: `http://127.0.0.1:${targetPort}/steal` }).end();
    else if (url.endsWith('/jobs/huge')) {
      // No Content-Length: the size is only known by reading.
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(1024 * 1024, ' ');
      let sent = 0;
      const more = () => {
        while (sent < 3 * MAX_UPSTREAM_BYTES && !res.destroyed) {
          sent += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', more);
        }
        res.end();
      };
      more();
    } else if (url.endsWith('/jobs/declared'))
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Length': String(2 * MAX_UPSTREAM_BYTES) }).end();
    else if (url.endsWith('/jobs/bomb')) res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(bomb);
    else if (url.endsWith('/jobs/teapot')) res.writeHead(418, { 'Content-Type': 'application/json' }).end('{"error":{"code":"Tea","message":"teapot"}}');
    else if (url.endsWith('/jobs/gzip'))
      res.writeHead(200, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' }).end(gzipSync(JSON.stringify(job)));
    else res.writeHead(404).end();
  });
  const upstreamPort = await listen(upstream);
  proxy = await startMock({
    name: 'mock:proxy',
    host: '127.0.0.1',
    port: 0,
    portOption: '--port',
    upstream: new URL(`http://127.0.0.1:${upstreamPort}`),
    upstreamTimeoutMs: 10_000,
    print: () => undefined,
  });
}, 60_000);

afterAll(async () => {
  await proxy?.close();
  for (const server of [target, upstream]) {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  }
});

const headers = { 'X-Auth-Token': token, 'Content-Type': 'application/json' };

describe('the proxy in front of a hostile upstream', () => {
  it('passes a redirect back without following it: the token never reaches the target', async () => {
    const res = await fetch(`${proxy.url}/v1/${projectId}/cloudservers/${serverId}/metadata`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ metadata: { k: 'v' } }),
      redirect: 'manual',
    });
    expect(res.status).toBe(307);
    expect(res.headers.get('location')).toMatch(/\/steal$/);
    expect(stolen).toEqual([]);
  });

  it.each([
    ['a body larger than the limit', 'huge', /larger than 10485760 bytes/],
    ['a declared Content-Length over the limit', 'declared', /larger than 10485760 bytes/],
    ['a gzip bomb', 'bomb', /decompresses to more than 10485760 bytes/],
  ])('answers 502 to %s', async (_, id, message) => {
    const started = performance.now();
    const res = await fetch(`${proxy.url}/v1/${projectId}/jobs/${id}`, { headers });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ type: expect.stringContaining('UPSTREAM'), detail: expect.stringMatching(message) });
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('turns a status the document does not list into a 500 violation', async () => {
    const res = await fetch(`${proxy.url}/v1/${projectId}/jobs/teapot`, { headers });
    expect(res.status).toBe(500);
    expect(await res.json()).toMatchObject({
      type: expect.stringContaining('VIOLATIONS'),
      validation: [expect.objectContaining({ code: 'status', message: expect.stringMatching(/^status 418 is not documented for ShowJob \(documented: 200,/) })],
    });
  });

  it('decodes a compressed answer within the limit and checks it', async () => {
    const res = await fetch(`${proxy.url}/v1/${projectId}/jobs/gzip`, { headers });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(job);
  });
});

describe('the proxy keeps what the user gave it to itself', () => {
  it("never shows the upstream URL's password: not in the banner, a 502's detail or the log (issue 22, hole 6)", async () => {
    const lines: string[] = [];
    // Nothing listens on port 1: every call is a 502 whose detail names the upstream.
    const leaky = await startMock({
      name: 'proxy',
      host: '127.0.0.1',
      port: 0,
      portOption: '--port',
      upstream: new URL('http://admin:S3cretPW@127.0.0.1:1/'),
      upstreamTimeoutMs: 5_000,
      print: (line) => lines.push(line),
      log: (line) => lines.push(line),
    });
    try {
      const res = await fetch(`${leaky.url}/v1/${projectId}/jobs/j`, { headers });
      expect(res.status).toBe(502);
      const text = await res.text();
      expect(text).toContain('127.0.0.1:1');
      expect(text).not.toMatch(/S3cretPW|admin:/);
      expect(lines.join('\n')).toContain('Proxy to http://127.0.0.1:1/');
      expect(lines.join('\n')).not.toMatch(/S3cretPW|admin:/);
    } finally {
      await leaky.close();
    }
  });

  it.each([
    ['..', `/v1/${projectId}/jobs/..`],
    ['%2e%2e', `/v1/${projectId}/jobs/%2e%2e`],
    ['%2E.', `/v1/${projectId}/jobs/%2E.`],
  ])('refuses a path with the dot segment %s instead of forwarding another path (issue 22, hole 10)', async (_, path) => {
    // node:http sends the path as written (fetch would resolve the dot segments itself).
    const { port } = new URL(proxy.url);
    const res = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port, path, headers }, (answer) => {
        let body = '';
        answer.on('data', (chunk: Buffer) => {
          body += chunk.toString();
        });
        answer.on('end', () => resolve({ status: answer.statusCode ?? 0, body }));
      });
      req.on('error', reject);
      req.end();
    });
    expect(res.status).toBe(400);
    expect(JSON.parse(res.body)).toMatchObject({ detail: expect.stringContaining('dot segment') });
  });
});
