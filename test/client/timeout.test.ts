import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEcsClient, TimeoutError } from '../../src/index.ts';
import { akSk, IMAGE_ID, json, PROJECT_ID, SERVER_ID, startServer, type TestServer } from './support.ts';

// Planned behaviours, one per request: hang (never answer), stall (headers, then half a body), or answer after a delay.
type Behaviour = 'hang' | 'stall' | { delayMs: number };
let plan: Behaviour[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startServer(async (_request, res) => {
    const behaviour = plan.shift() ?? { delayMs: 0 };
    if (behaviour === 'hang') return;
    if (behaviour === 'stall') {
      res.writeHead(200, { 'Content-Type': 'application/json' });
      return void res.write('{"status":');
    }
    await new Promise((resolve) => setTimeout(resolve, behaviour.delayMs));
    json(res, 200, { status: 'SUCCESS', job_id: 'job-1' });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  plan = [];
});

const ecs = (timeoutMs: number) => createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, timeoutMs, retry: { baseDelayMs: 1 } });
const showJob = (client: ReturnType<typeof ecs>, init: { signal?: AbortSignal; timeoutMs?: number } = {}) =>
  client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job-1' } }, ...init });

describe('timeouts', () => {
  it('rejects a request that gets no answer with a TimeoutError, after each attempt times out', async () => {
    plan = ['hang', 'hang', 'hang'];
    const started = Date.now();
    const error = await showJob(ecs(150)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ operation: 'ShowJob', timeoutMs: 150, message: 'ShowJob timed out after 150 ms (3 attempts)', attempts: 3 });
    expect(server.requests.length).toBe(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 140);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('starts the clock again for each attempt', async () => {
    // Attempt 1 hangs and times out at 300 ms; attempt 2 answers after 200 ms, which fits its own 300 ms.
    plan = ['hang', { delayMs: 200 }];
    const { data } = await showJob(ecs(300));
    expect(data?.status).toBe('SUCCESS');
    expect(server.requests.length).toBe(2);
  });

  it('does not retry a change-OS that timed out (it may have started a job)', async () => {
    plan = ['hang'];
    const call = ecs(100).POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id: SERVER_ID } },
      body: { 'os-change': { imageid: IMAGE_ID, keyname: 'kp' } },
    });
    await expect(call).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests.length).toBe(1);
  });

  it('covers a body that stops half-way', async () => {
    plan = ['stall'];
    await expect(showJob(ecs(150))).rejects.toBeInstanceOf(TimeoutError);
  });

  it('takes a per-call timeoutMs', async () => {
    plan = ['hang'];
    const started = Date.now();
    const call = ecs(60_000).GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, timeoutMs: 100, retry: false });
    await expect(call).rejects.toBeInstanceOf(TimeoutError);
    await expect(call).rejects.toMatchObject({ message: 'ShowJob timed out after 100 ms (1 attempt)', attempts: 1 });
    expect(Date.now() - started).toBeLessThan(1_000);
  });
});

describe('timeouts whatever carries the request (never a hang)', () => {
  const PATH = '/v1/{project_id}/jobs/{job_id}';
  const init = { params: { path: { job_id: 'job-1' } }, retry: false as const };
  // A custom fetch that does not pass the request's signal on, as a hand-rolled wrapper might.
  const deaf = (request: Request) => fetch(request.url, { method: request.method, headers: request.headers });

  it('times out a custom fetch that ignores the signal', async () => {
    plan = ['hang'];
    const client = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, timeoutMs: 200, fetch: deaf });
    const started = Date.now();
    await expect(client.GET(PATH, init)).rejects.toMatchObject({ name: 'TimeoutError', timeoutMs: 200 });
    expect(Date.now() - started).toBeLessThan(2_000);
  });

  it('times out reading the body a custom fetch returned', async () => {
    plan = ['stall'];
    const client = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, timeoutMs: 200, fetch: deaf });
    await expect(client.GET(PATH, init)).rejects.toBeInstanceOf(TimeoutError);
  });

  it('times out a request that middleware rebuilt without the signal, and retries it', async () => {
    plan = ['hang', 'hang'];
    const client = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, timeoutMs: 200, retry: { attempts: 2, baseDelayMs: 1 } });
    client.use({ onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: request.headers }) });
    await expect(client.GET(PATH, { params: init.params })).rejects.toBeInstanceOf(TimeoutError);
    expect(server.requests.length).toBe(2);
  });
});

describe('abort', () => {
  it('rejects with the caller’s reason and does not retry', async () => {
    plan = ['hang'];
    const controller = new AbortController();
    const call = showJob(ecs(60_000), { signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1)); // the request hangs on the server
    controller.abort();
    const error = await call.catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DOMException);
    expect((error as DOMException).name).toBe('AbortError');
    expect(server.requests.length).toBe(1);
  });

  it('sends nothing when the signal is already aborted', async () => {
    await expect(showJob(ecs(1_000), { signal: AbortSignal.abort() })).rejects.toMatchObject({ name: 'AbortError' });
    expect(server.requests.length).toBe(0);
  });
});
