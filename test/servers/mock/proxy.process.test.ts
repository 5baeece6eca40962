// `npm run mock:proxy`: Prism's proxy with --errors for all documents on one port. In front of the mock it passes
// conforming traffic through; in front of a misbehaving upstream it turns each fault into a clear error.
import { createServer, type Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { invalidCases, type OperationRequest, validRequests } from '../../support/fidelity-cases.ts';
import { call, callRaw } from './api.ts';
import { type MockProcess, startMock } from './mock-process.ts';

function valid(operationId: string): OperationRequest {
  const request = validRequests[operationId];
  if (!request) throw new Error(`no valid request for ${operationId}`);
  return request;
}

let toMock: MockProcess;
let toBadUpstream: MockProcess;
let upstream: Server;
/** Resolves when the proxy closes its connection of the request the upstream never answers. */
let unansweredClosed: Promise<void> | undefined;

beforeAll(async () => {
  // One misbehaviour per operation: a body that breaks the document, no answer, a dropped connection.
  upstream = createServer((req, res) => {
    req.resume();
    if (req.url?.endsWith('/metadata')) res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"metadata":{"k":1}}');
    else if (req.url?.endsWith('/changeos')) unansweredClosed = new Promise((resolve) => req.socket.once('close', () => resolve()));
    else req.socket.destroy();
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  const { port } = upstream.address() as { port: number };
  [toMock, toBadUpstream] = await Promise.all([startMock('proxy', [inject('mockUrl')]), startMock('proxy', [`http://127.0.0.1:${port}`, '--timeout', '500'])]);
}, 20_000);

afterAll(async () => {
  await Promise.all([toMock?.stop(), toBadUpstream?.stop()]);
  upstream?.closeAllConnections();
  await new Promise((resolve) => upstream?.close(resolve));
});

describe('mock:proxy in front of the mock', () => {
  it('passes a conforming exchange through', async () => {
    const outcome = await call(valid('UpdateServerMetadata'), { baseUrl: toMock.url });
    expect(outcome.status).toBe(200);
    expect(outcome.data).toEqual({ metadata: { key: 'value' } });
  });

  it('forwards the Prefer header, so documented errors pass through too', async () => {
    const outcome = await call(valid('BatchCreateBaremetalServerTags'), { baseUrl: toMock.url, prefer: 'code=404' });
    expect(outcome.error).toMatchObject({ status: 404, code: 'BMS.0040' });
  });

  it('refuses an invalid request itself with 422 naming the field, without forwarding it', async () => {
    const invalid = invalidCases.find((c) => c.name === 'tag key with =');
    if (!invalid) throw new Error('fidelity case missing');
    const outcome = await call(invalid, { baseUrl: toMock.url });
    expect(outcome.status).toBe(422);
    // The one message style of every bad request: field path, rule, explanation.
    expect(outcome.error?.body).toMatchObject({ detail: expect.stringContaining('body.tags[0].key: pattern: must match ^') });
  });
});

describe('mock:proxy in front of a misbehaving upstream', () => {
  it('turns a response that breaks the document into a 500 listing the violation', async () => {
    const outcome = await call(valid('UpdateServerMetadata'), { baseUrl: toBadUpstream.url });
    expect(outcome.status).toBe(500);
    expect(outcome.error?.body).toMatchObject({
      type: expect.stringContaining('VIOLATIONS'),
      validation: [expect.objectContaining({ code: 'type', message: expect.stringContaining('metadata.k must be string') })],
    });
  });

  it('answers 504 when the upstream does not answer in time', async () => {
    const started = Date.now();
    const outcome = await call(valid('ChangeServerOsWithoutCloudInit'), { baseUrl: toBadUpstream.url });
    expect(outcome.status).toBe(504);
    expect(Date.now() - started).toBeLessThan(5_000);
    // Giving up means hanging up too, or every timed-out request would hold a connection to the upstream.
    const closed = await Promise.race([unansweredClosed?.then(() => true), new Promise((r) => setTimeout(() => r(false), 2_000))]);
    expect(closed, 'the proxy kept its connection to the upstream open after the 504').toBe(true);
  });

  it('leaves the service rules to the upstream: an RFS update that changes nothing is forwarded', async () => {
    // This upstream answers every .../metadata with a 200 and a body: the proxy judges that answer (a 500 listing
    // what breaks the document) instead of refusing the request itself, as a mock does.
    const nothing = invalidCases.find((c) => c.rule === 'nothing-to-update');
    if (!nothing) throw new Error('fidelity case missing');
    const { status, body } = await callRaw(nothing, { baseUrl: toBadUpstream.url });
    expect(status).toBe(500);
    expect(body).toMatchObject({ type: expect.stringContaining('VIOLATIONS'), detail: 'The upstream response (200) does not match the document.' });
  });

  it('answers 502 when the upstream drops the connection', async () => {
    const outcome = await call(valid('ShowJob'), { baseUrl: toBadUpstream.url });
    expect(outcome.status).toBe(502);
    expect(JSON.stringify(outcome.error?.body)).toContain('socket hang up');
  });
});
