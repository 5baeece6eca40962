// How the client hands requests to fetch: the default fetch is given the body again (sparing Node's fetch a
// TransformStream per request) only when the request still carries the body the client serialized.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createEcsClient, HuaweiCloudError } from '../../src/index.ts';
import { akSk, json, PROJECT_ID, SERVER_ID, startServer, type TestServer, TOKEN } from './support.ts';

let server: TestServer;
// Answers 503 this many times before echoing.
let unavailable = 0;
beforeAll(async () => {
  server = await startServer((request, res) => {
    if (unavailable > 0 && unavailable--) return json(res, 503, { error: { code: 'Common.1503', message: 'busy' } });
    json(res, 200, { body: JSON.parse(request.body || '{}'), referer: request.headers.referer ?? null });
  });
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
    // Read once, then given to fetch like a serialized body, with the attempt's signal.
    expect(spy.mock.calls[0]![1]).toMatchObject({ body: JSON.stringify(replaced), signal: expect.any(AbortSignal) });
  });

  it('signs the body middleware put in, and resends that body, signed again, on a retry', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, retry: { baseDelayMs: 1 } });
    const replaced = { metadata: { replaced: 'by middleware, déjà' } };
    ecs.use({ onRequest: ({ request }) => new Request(request, { body: JSON.stringify(replaced) }) });
    unavailable = 1;
    const { data, error } = await ecs.POST(PATH, call);
    expect(error).toBeUndefined();
    expect(echo(data).body).toEqual(replaced);
    const [first, second] = server.requests.slice(-2);
    expect([first?.body, second?.body]).toEqual([JSON.stringify(replaced), JSON.stringify(replaced)]);
    expect([first?.signature.ok, second?.signature.ok]).toEqual([true, true]);
  });

  it('gives the HuaweiCloudError of a request whose middleware body is not JSON', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    ecs.use({ onRequest: ({ request }) => new Request(request, { body: 'plain text' }) });
    // The echoing handler cannot parse it and answers 599.
    const { error } = await ecs.POST(PATH, call);
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error?.status).toBe(599);
    expect(last()).toMatchObject({ body: 'plain text', signature: { ok: true } });
  });

  it('signs an empty body when middleware dropped the body', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    ecs.use({ onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: request.headers }) });
    await ecs.POST(PATH, call);
    expect(last().body).toBe('');
    expect(last().signature.ok).toBe(true);
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

  it('hands a custom fetch the request that middleware replaced, with its body still readable', async () => {
    const bodies: string[] = [];
    const fetch = async (request: Request) => {
      bodies.push(await request.text());
      return Response.json({});
    };
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, fetch });
    ecs.use({ onRequest: ({ request }) => new Request(request, { body: '{"metadata":{"from":"middleware"}}' }) });
    await ecs.POST(PATH, call);
    expect(bodies).toEqual(['{"metadata":{"from":"middleware"}}']);
  });

  it('signs a body openapi-fetch serialized otherwise: a form for a form Content-Type, FormData read back', async () => {
    // Not what the typed surface offers (bodies are JSON objects): an untyped caller may still send these.
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    await ecs.POST(PATH, { ...call, body: { a: 'b c', d: 'é' }, headers: { 'Content-Type': 'application/x-www-form-urlencoded' } } as never);
    expect(last()).toMatchObject({ body: 'a=b+c&d=%C3%A9', signature: { ok: true } });
    const form = new FormData();
    form.set('field', 'value, déjà');
    await ecs.POST(PATH, { ...call, body: form } as never);
    expect(last().body).toContain('value, déjà');
    expect(last().headers['content-type']).toMatch(/^multipart\/form-data; boundary=/);
    expect(last().signature.ok).toBe(true);
  });
});
