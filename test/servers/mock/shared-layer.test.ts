// The mock and the proxy behind the shared HTTP layer (src/servers/http.ts, access.ts), in-process: refusals in the
// operation's documented error format, invalid UTF-8 refused, a client that goes away not logged as a fault, and
// a proxy that answers CORS itself, whatever its upstream reflects.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { type RunningMock, startMock } from '../../../src/cli/mock.ts';
import { examplesOf, listOperations, responseOf } from '../../../src/openapi/documents.ts';
import { loadDocument } from '../../../src/openapi/load.ts';
import { jobId, projectId, serverId } from '../../support/fidelity-cases.ts';

const lines: string[] = [];
let mock: RunningMock;
let proxy: RunningMock;
let upstream: Server;
beforeAll(async () => {
  // An upstream that reflects any origin, with credentials: what the proxy must not pass on.
  const ecs = loadDocument('ecs');
  const showJob = listOperations(ecs, 'ecs').find((op) => op.operationId === 'ShowJob');
  const media = showJob && (responseOf(ecs, showJob, 200)?.response.content as Record<string, unknown> | undefined)?.['application/json'];
  const job = JSON.stringify(examplesOf(ecs, media)[0]?.value);
  upstream = createServer((req, res) => {
    res.writeHead(200, {
      'Content-Type': 'application/json',
      'X-Request-Id': 'up',
      'Access-Control-Allow-Origin': req.headers.origin ?? '*',
      'Access-Control-Allow-Credentials': 'true',
    });
    res.end(req.method === 'GET' ? job : JSON.stringify({ metadata: { key: 'value' } }));
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const upstreamUrl = new URL(`http://127.0.0.1:${(upstream.address() as AddressInfo).port}`);
  const common = { host: '127.0.0.1', port: 0, portOption: '--port', print: () => undefined };
  mock = await startMock({ ...common, name: 'mock', log: (line) => lines.push(line) });
  proxy = await startMock({ ...common, name: 'mock:proxy', upstream: upstreamUrl });
}, 60_000);
afterAll(async () => {
  await mock?.close();
  await proxy?.close();
  upstream?.closeAllConnections();
  upstream?.close();
});

const metadataPath = `/v1/${projectId}/cloudservers/${serverId}/metadata`;
const json = { 'X-Auth-Token': 't', 'Content-Type': 'application/json' };

describe('the mock behind the shared layer', () => {
  it('refuses a foreign page with the documented 403 of the operation, in its format', async () => {
    const res = await fetch(`${mock.url}${metadataPath}`, { method: 'POST', headers: { ...json, Origin: 'http://evil.example' }, body: '{"metadata":{}}' });
    expect(res.status).toBe(403);
    expect(await res.json()).toEqual({ error: { code: 'Ecs.0003', message: expect.stringContaining('Origin "http://evil.example" is not allowed') } });
  });

  it('refuses invalid UTF-8 in a JSON body with the documented 400', async () => {
    const body = Buffer.concat([Buffer.from('{"metadata":{"k":"'), Buffer.from([0xc3, 0x28]), Buffer.from('"}}')]);
    const res = await fetch(`${mock.url}${metadataPath}`, { method: 'POST', headers: json, body });
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({ error: { code: 'Ecs.0005', message: 'body: encoding: must be valid UTF-8' } });
  });

  it('logs a client that goes away mid-body as 499, not as a fault', async () => {
    const { port } = new URL(mock.url);
    const socket = connect(Number(port), '127.0.0.1', () => {
      // Gone once its headers and half its body are on their way: the server reads them, then finds the end.
      socket.write(
        `POST ${metadataPath} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: t\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{"metadata":`,
        () => socket.destroy(),
      );
    });
    await vi.waitFor(() =>
      expect(lines.at(-1)).toMatch(/^POST \S+\/metadata \(ecs UpdateServerMetadata\) → 499 in [\d.]+ ms: the client closed the connection/),
    );
  });
});

describe('the proxy behind the shared layer', () => {
  it('does not pass on an upstream that reflects any origin: a foreign page cannot read through it', async () => {
    const read = await fetch(`${proxy.url}/v1/${projectId}/jobs/${jobId}`, { headers: { 'X-Auth-Token': 't', Origin: 'http://evil.example' } });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    expect(read.headers.get('access-control-allow-credentials')).toBeNull();
    const loopback = await fetch(`${proxy.url}${metadataPath}`, {
      method: 'POST',
      headers: { ...json, Origin: 'http://localhost:5173' },
      body: '{"metadata":{"k":"v"}}',
    });
    expect(loopback.status).toBe(200);
    expect(loopback.headers.get('access-control-allow-origin')).toBe('http://localhost:5173');
  });
});
