// How the client hands requests to fetch: the default fetch is given the body again (sparing Node's fetch a
// TransformStream per request) only when the request still carries the body the client serialized.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEcsClient } from '../../src/index.ts';
import { akSk, json, PROJECT_ID, SERVER_ID, startServer, TOKEN, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => json(res, 200, { body: JSON.parse(request.body || '{}'), referer: request.headers.referer ?? null }));
});
afterAll(() => server.close());
afterEach(() => vi.restoreAllMocks());

const PATH = '/v1/{project_id}/cloudservers/{server_id}/metadata';
const call = { params: { path: { server_id: SERVER_ID } }, body: { metadata: { a: 'b' } } };
const last = () => server.requests.at(-1)!;
// The test server echoes, which the typed response does not describe.
const echo = (data: unknown) => data as { body: unknown; referer: string | null };

describe('handing the request to fetch', () => {
  it('gives the default fetch the serialized body with the request, and the server gets it signed', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    const { data } = await ecs.POST(PATH, call);
    expect(echo(data)).toEqual({ body: call.body, referer: null });
    expect(spy).toHaveBeenCalledTimes(1);
    const [request, init] = spy.mock.calls[0]!;
    expect(request).toBeInstanceOf(Request);
    expect(init).toMatchObject({ body: JSON.stringify(call.body) });
    expect(last().signature.ok).toBe(true);
  });

  it('sends the body of a request that middleware replaced, not the serialized one', async () => {
    const spy = vi.spyOn(globalThis, 'fetch');
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    const replaced = { metadata: { replaced: 'by middleware' } };
    ecs.use({ onRequest: ({ request }) => new Request(request, { body: JSON.stringify(replaced) }) });
    const { data } = await ecs.POST(PATH, call);
    expect(echo(data).body).toEqual(replaced);
    expect(spy.mock.calls[0]![1]).toBeUndefined();
  });

  it('keeps the referrer and referrer policy the caller gave', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    const referrer = `${server.url}/console`;
    const { data } = await ecs.POST(PATH, { ...call, referrer, referrerPolicy: 'unsafe-url' });
    expect(echo(data).referer).toBe(referrer);
    expect(last().signature.ok).toBe(true);
  });

  it('calls a custom fetch with the Request alone, carrying the body', async () => {
    const received: { init: unknown; body: string }[] = [];
    const fetch = async (request: Request, ...rest: unknown[]) => {
      received.push({ init: rest[0], body: await request.text() });
      return new Response('{}', { status: 200, headers: { 'content-type': 'application/json' } });
    };
    const ecs = createEcsClient({ endpoint: 'https://api.test', projectId: PROJECT_ID, credentials: akSk, fetch });
    await ecs.POST(PATH, call);
    expect(received).toEqual([{ init: undefined, body: JSON.stringify(call.body) }]);
  });
});
