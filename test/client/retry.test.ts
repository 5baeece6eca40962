import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createBmsClient, createEcsClient, HuaweiCloudError, NetworkError, type RetryOptions } from '../../src/index.ts';
import { akSk, IMAGE_ID, json, PROJECT_ID, SERVER_ID, startServer, type TestServer } from './support.ts';

// Each request takes the next planned answer; when the plan runs out the server answers 200.
type Answer = { status: number; headers?: Record<string, string> } | 'drop';
let plan: Answer[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => {
    const answer = plan.shift();
    if (answer === 'drop') return void res.socket?.destroy();
    if (answer) return json(res, answer.status, { error: { code: 'Common.1503', message: 'flow control' } }, answer.headers);
    if (request.url.includes('/tags/action')) return void res.writeHead(204).end();
    json(res, 200, request.url.includes('/changeos') ? { job_id: 'job-1' } : { status: 'RUNNING' });
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
  plan = [];
});

// Tiny backoff so tests measure the retry logic, not the sleeps.
const fast: Partial<RetryOptions> = { baseDelayMs: 1, maxDelayMs: 5_000 };
const ecs = (retry: Partial<RetryOptions> | false = fast) => createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, retry });
const showJob = (client = ecs()) => client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job-1' } } });
const changeOs = (client = ecs(), retry?: Partial<RetryOptions>) =>
  client.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
    params: { path: { server_id: SERVER_ID } },
    body: { 'os-change': { imageid: IMAGE_ID, keyname: 'kp' } },
    retry,
  });

describe('retries', () => {
  it('retries 429/502/503/504 on an idempotent call, re-signing every attempt', async () => {
    plan = [{ status: 429 }, { status: 502 }];
    const { data } = await showJob(ecs({ ...fast, attempts: 4 }));
    expect(data).toEqual({ status: 'RUNNING' });
    expect(server.requests.length).toBe(3);
    expect(server.requests.every((r) => r.signature.ok)).toBe(true);

    server.requests.length = 0;
    plan = [{ status: 503 }, { status: 504 }];
    await showJob();
    expect(server.requests.length).toBe(3);
  });

  it('stops after `attempts` (default 3) and returns the last error', async () => {
    plan = Array.from({ length: 10 }, () => ({ status: 503 }));
    const { error } = await showJob();
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error?.status).toBe(503);
    expect(server.requests.length).toBe(3);
  });

  it('does not retry other errors (500) or when retry is false', async () => {
    plan = [{ status: 500 }];
    expect((await showJob()).error?.status).toBe(500);
    expect(server.requests.length).toBe(1);

    plan = [{ status: 503 }];
    expect((await showJob(ecs(false))).error?.status).toBe(503);
    expect(server.requests.length).toBe(2);
  });

  it('retries the POSTs the API calls idempotent: UpdateServerMetadata and BatchCreateBaremetalServerTags', async () => {
    plan = [{ status: 503 }];
    const metadata = await ecs().POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: SERVER_ID } },
      body: { metadata: { a: 'b' } },
    });
    expect(metadata.error).toBeUndefined();
    expect(server.requests.length).toBe(2);
    expect(server.requests[0]?.body).toBe(server.requests[1]?.body);

    plan = [{ status: 503 }];
    const bms = createBmsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, retry: fast });
    const tags = await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: SERVER_ID } },
      body: { action: 'create', tags: [{ key: 'k' }] },
    });
    expect(tags.response.status).toBe(204);
    expect(server.requests.length).toBe(4);
  });

  it('never retries ChangeServerOsWithoutCloudInit (it starts a new job each time) unless asked', async () => {
    plan = [{ status: 503 }];
    expect((await changeOs()).error?.status).toBe(503);
    expect(server.requests.length).toBe(1);

    plan = [{ status: 503 }];
    expect((await changeOs(ecs(), { nonIdempotent: true })).data).toEqual({ job_id: 'job-1' });
    expect(server.requests.length).toBe(3);

    plan = [{ status: 503 }];
    expect((await changeOs(ecs({ ...fast, nonIdempotent: true }))).data).toEqual({ job_id: 'job-1' });
    expect(server.requests.length).toBe(5);
  });

  it('retries a dropped connection on an idempotent call, but not on change-OS (NetworkError)', async () => {
    plan = ['drop'];
    expect((await showJob()).data).toEqual({ status: 'RUNNING' });
    expect(server.requests.length).toBe(2);

    plan = ['drop'];
    await expect(changeOs()).rejects.toBeInstanceOf(NetworkError);
    expect(server.requests.length).toBe(3);
  });
});

describe('Retry-After', () => {
  it('waits the seconds it asks for, and signs the retry with a fresh X-Sdk-Date', async () => {
    plan = [{ status: 429, headers: { 'Retry-After': '1' } }];
    const { error } = await showJob();
    expect(error).toBeUndefined();
    const [first, second] = server.requests;
    expect(second!.receivedAt - first!.receivedAt).toBeGreaterThanOrEqual(950);
    expect(second!.headers['x-sdk-date']).not.toBe(first!.headers['x-sdk-date']);
    expect(second!.signature.ok).toBe(true);
  });

  it('understands an HTTP date', async () => {
    const at = new Date(Date.now() + 2_000);
    plan = [{ status: 503, headers: { 'Retry-After': at.toUTCString() } }];
    await showJob();
    expect(server.requests.length).toBe(2);
    // The date has whole seconds, so the wait is between 1 and 2 s; the 1 ms backoff alone would be ~0.
    expect(server.requests[1]!.receivedAt - server.requests[0]!.receivedAt).toBeGreaterThanOrEqual(900);
  });

  it('gives the response back at once when Retry-After is longer than maxDelayMs', async () => {
    plan = [{ status: 429, headers: { 'Retry-After': '3600' } }];
    const started = Date.now();
    const { error } = await showJob();
    expect(error?.status).toBe(429);
    expect(server.requests.length).toBe(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('stops sleeping when the caller aborts, with the caller’s reason', async () => {
    plan = [{ status: 503, headers: { 'Retry-After': '4' } }];
    const controller = new AbortController();
    const started = Date.now();
    const call = ecs().GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1)); // answered 503: the client waits out Retry-After
    controller.abort(new Error('user gave up'));
    await expect(call).rejects.toThrow('user gave up');
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests.length).toBe(1);
  });
});
