// What openapi-fetch does for the clients (src/client/core.ts hands it every call): the URL and headers built
// from params, with its serializers, and middleware run in its order with its hooks; the request it builds is
// then signed as sent.
import type { Middleware } from 'openapi-fetch';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createEcsClient, createRfsClient, NetworkError } from '../../src/index.ts';
import { akSk, json, PROJECT_ID, startServer, type TestServer } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => json(res, 200, { url: request.url, headers: request.headers, body: request.body }));
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

const last = () => server.requests.at(-1);
const ecs = () => createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, retry: false });
const showJob = (client = ecs(), extra: Record<string, unknown> = {}) =>
  client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job 1' } }, ...extra });

describe('the request', () => {
  it('fills the path template, drops a trailing slash of the endpoint and serializes query parameters', async () => {
    const client = createEcsClient({ endpoint: `${server.url}/`, projectId: PROJECT_ID, credentials: akSk });
    // No operation of these APIs has query parameters: an untyped caller may still send some.
    await client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'a/b' }, query: { limit: 2, tag: ['x', 'y z'], none: null } } } as never);
    expect(last()?.url).toBe(`/v1/${PROJECT_ID}/jobs/a%2Fb?limit=2&tag=x&tag=y%20z`);
    expect(last()?.signature.ok).toBe(true);
  });

  it('merges headers: params.header over headers over the JSON Content-Type, null removing one', async () => {
    const rfs = createRfsClient({ endpoint: server.url, credentials: akSk });
    await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: 'p' }, header: { 'Client-Request-Id': 'from-params-0123456789-0123456789' } },
      body: { provider_description: 'd' },
      headers: { 'Client-Request-Id': 'from-headers', 'X-Gone': null, 'X-Kept': 'k' },
    });
    expect(last()?.headers).toMatchObject({ 'client-request-id': 'from-params-0123456789-0123456789', 'x-kept': 'k', 'content-type': 'application/json' });
    expect(last()?.headers['x-gone']).toBeUndefined();
    expect(last()?.signature.ok).toBe(true);
  });

  it('takes openapi-fetch’s per-call querySerializer and pathSerializer, and signs the URL they make', async () => {
    await showJob(ecs(), {
      params: { path: { job_id: 'j' }, query: { tag: ['x', 'y'] } },
      querySerializer: { array: { style: 'form', explode: false } },
      pathSerializer: (path: string, values: Record<string, unknown>) => path.replace('{project_id}', String(values.project_id)).replace('{job_id}', 'J-1'),
    });
    expect(last()?.url).toBe(`/v1/${PROJECT_ID}/jobs/J-1?tag=x,y`);
    expect(last()?.signature.ok).toBe(true);
    await showJob(ecs(), { params: { path: { job_id: 'j' }, query: { a: '1' } }, querySerializer: () => 'raw=%2F' });
    expect(last()?.url).toBe(`/v1/${PROJECT_ID}/jobs/j?raw=%2F`);
    expect(last()?.signature.ok).toBe(true);
  });
});

describe('middleware', () => {
  it('runs onRequest in order and onResponse in reverse, with openapi-fetch’s context', async () => {
    const client = ecs();
    const seen: string[] = [];
    const contexts: unknown[] = [];
    const tag = (name: string): Middleware => ({
      onRequest: ({ request, schemaPath, params, id, options }) => {
        seen.push(`request ${name}`);
        contexts.push({ schemaPath, params, id, baseUrl: options.baseUrl, parseAs: options.parseAs });
        request.headers.append('X-Order', name);
      },
      onResponse: ({ response }) => {
        seen.push(`response ${name}`);
        return new Response(response.body, { status: response.status, headers: { 'content-type': 'application/json', 'x-by': name } });
      },
    });
    client.use(tag('a'), tag('b'));
    const { response } = await showJob(client, { middleware: [tag('per-call')] });
    expect(seen).toEqual(['request a', 'request b', 'request per-call', 'response per-call', 'response b', 'response a']);
    expect(response.headers.get('x-by')).toBe('a');
    expect(last()?.headers['x-order']).toBe('a, b, per-call');
    expect(last()?.signature.ok).toBe(true);
    const [first] = contexts as { schemaPath: string; id: string; baseUrl: string; parseAs: string; params: unknown }[];
    expect(first).toMatchObject({
      schemaPath: '/v1/{project_id}/jobs/{job_id}',
      baseUrl: server.url,
      parseAs: 'text',
      params: { path: { project_id: PROJECT_ID, job_id: 'job 1' } },
    });
    expect(first?.id).toMatch(/^[0-9a-z]{1,9}$/);
  });

  it('lets onRequest answer without sending anything (onResponse is then skipped), and eject remove a middleware', async () => {
    const client = ecs();
    const onResponse = () => {
      throw new Error('not expected');
    };
    const answer: Middleware = { onRequest: () => Response.json({ status: 'SUCCESS' }), onResponse };
    client.use(answer);
    expect((await showJob(client)).data).toEqual({ status: 'SUCCESS' });
    expect(server.requests).toHaveLength(0);
    client.eject(answer);
    await showJob(client);
    expect(server.requests).toHaveLength(1);
  });

  it('lets onError turn a network failure into a response, or replace the error', async () => {
    const unreachable = (onError: NonNullable<Middleware['onError']>) => {
      const client = createEcsClient({ endpoint: 'http://127.0.0.1:9', projectId: PROJECT_ID, credentials: akSk, retry: false });
      client.use({ onError });
      return showJob(client);
    };
    const errors: unknown[] = [];
    const recovered = await unreachable(({ error }) => {
      errors.push(error);
      return Response.json({ status: 'FAIL' });
    });
    expect(recovered.data).toEqual({ status: 'FAIL' });
    expect(errors[0]).toBeInstanceOf(NetworkError);
    await expect(unreachable(() => new Error('replaced'))).rejects.toThrow('replaced');
  });
});
