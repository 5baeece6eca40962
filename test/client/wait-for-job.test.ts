import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { createEcsClient, HuaweiCloudError, type Job, JobFailedError, type JobProgress, JobTimeoutError, TimeoutError, waitForJob } from '../../src/index.ts';
import { akSk, json, PROJECT_ID, SERVER_ID, startServer, type TestServer } from './support.ts';

type SubJobStatus = NonNullable<NonNullable<Job['entities']>['sub_jobs']>[number]['status'];
const subJob = (status: SubJobStatus) => ({ status, job_id: `sub-${Math.random()}`, job_type: 'changeOSSubJob', entities: { server_id: SERVER_ID } });
const job = (status: Job['status'], subStatuses: SubJobStatus[], extra: Partial<Job> = {}): Job => ({
  status,
  job_id: 'job-1',
  job_type: 'changeOS',
  entities: { server_id: SERVER_ID, sub_jobs_total: subStatuses.length, sub_jobs: subStatuses.map(subJob) },
  error_code: null,
  fail_reason: null,
  ...extra,
});

// ShowJob answers with the next job of `states`; the last one repeats. 'unknown' is ECS's answer for a job it does
// not know (never did, or deleted after its retention time): 400 Common.0011.
let states: (Job | 'unknown')[] = [];
let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => {
    const state = states.length > 1 ? states.shift() : states[0];
    if (state === 'unknown' || !request.url.endsWith('/jobs/job-1')) {
      return json(res, 400, { error: { code: 'Common.0011', message: 'Failed to query system tasks.' } });
    }
    json(res, 200, state);
  });
});
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});
const ecs = () => createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });

describe('waitForJob', () => {
  it('polls until SUCCESS and reports each polled job with sub-jobs done/total', async () => {
    states = [job('INIT', []), job('RUNNING', ['SUCCESS', 'RUNNING']), job('SUCCESS', ['SUCCESS', 'SUCCESS'])];
    const progress: JobProgress[] = [];
    const done = await waitForJob(ecs(), 'job-1', { intervalMs: 10, onProgress: (p) => progress.push(p) });
    expect(done.status).toBe('SUCCESS');
    expect(progress.map(({ status, subJobsDone, subJobsTotal }) => [status, subJobsDone, subJobsTotal])).toEqual([
      ['INIT', 0, 0],
      ['RUNNING', 1, 2],
      ['SUCCESS', 2, 2],
    ]);
    expect(server.requests.length).toBe(3);
    expect(server.requests.every((r) => r.signature.ok && r.url === `/v1/${PROJECT_ID}/jobs/job-1`)).toBe(true);
  });

  it('rejects with JobFailedError carrying fail_reason and error_code when the job fails', async () => {
    const reason = 'Image e215580f-73ad-429d-b6f2-5433947433b0 could not be found.';
    states = [job('RUNNING', ['RUNNING']), job('FAIL', ['FAIL'], { error_code: 'Ecs.0005', fail_reason: reason })];
    const error = await waitForJob(ecs(), 'job-1', { intervalMs: 10 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ jobId: 'job-1', failReason: reason, errorCode: 'Ecs.0005', job: { status: 'FAIL' } });
    expect((error as Error).message).toBe(`job job-1 failed: Ecs.0005: ${reason}`);
  });

  it('rejects with JobTimeoutError, carrying the last job seen, when the job does not finish in time', async () => {
    states = [job('RUNNING', ['RUNNING'])];
    const started = Date.now();
    const error = await waitForJob(ecs(), 'job-1', { intervalMs: 20, timeoutMs: 200 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error).toMatchObject({ jobId: 'job-1', timeoutMs: 200, job: { status: 'RUNNING' } });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(server.requests.length).toBeGreaterThan(2);
  });

  it.each([2 ** 31, Infinity])('takes a timeoutMs of %s as a long limit, not an immediate timeout', async (timeoutMs) => {
    states = [job('RUNNING', ['RUNNING']), job('RUNNING', ['RUNNING']), job('SUCCESS', ['SUCCESS'])];
    expect((await waitForJob(ecs(), 'job-1', { intervalMs: 10, timeoutMs })).status).toBe('SUCCESS');
    expect(server.requests.length).toBe(3);
  });

  it('waits an intervalMs above 2^31-1 ms instead of polling again at once', async () => {
    states = [job('RUNNING', ['RUNNING'])];
    const wait = waitForJob(ecs(), 'job-1', { intervalMs: 2 ** 31, signal: AbortSignal.timeout(200) });
    await expect(wait).rejects.toMatchObject({ name: 'TimeoutError' });
    expect(server.requests.length).toBe(1);
  });

  it('rejects with the signal’s reason when aborted', async () => {
    states = [job('RUNNING', [])];
    const controller = new AbortController();
    const wait = waitForJob(ecs(), 'job-1', { intervalMs: 60_000, signal: controller.signal });
    await vi.waitFor(() => expect(server.requests).toHaveLength(1)); // polled once: now waiting for the next poll
    controller.abort(new Error('cancelled by user'));
    await expect(wait).rejects.toThrow('cancelled by user');
  });

  it('rejects with the HuaweiCloudError of a failed poll: an unknown or expired job is 400 Common.0011', async () => {
    states = ['unknown'];
    await expect(waitForJob(ecs(), 'job-1', { intervalMs: 10 })).rejects.toMatchObject({
      status: 400,
      code: 'Common.0011',
      message: 'Failed to query system tasks.',
      operation: 'ShowJob',
    });
    await expect(waitForJob(ecs(), 'job-1', { intervalMs: 10 })).rejects.toBeInstanceOf(HuaweiCloudError);
    expect(server.requests).toHaveLength(2); // one poll each: a refused poll is not retried as "not finished"
  });

  it('keeps polling through PENDING_PAYMENT, reporting it', async () => {
    states = [job('PENDING_PAYMENT', []), job('PENDING_PAYMENT', []), job('RUNNING', ['RUNNING']), job('SUCCESS', ['SUCCESS'])];
    const progress: JobProgress[] = [];
    const done = await waitForJob(ecs(), 'job-1', { intervalMs: 10, onProgress: (p) => progress.push(p) });
    expect(done.status).toBe('SUCCESS');
    expect(progress.map((p) => p.status)).toEqual(['PENDING_PAYMENT', 'PENDING_PAYMENT', 'RUNNING', 'SUCCESS']);
    expect(server.requests.length).toBe(4);
  });

  it('keeps polling through a status the document does not list, reporting the raw value, and through a missing one', async () => {
    const unlisted = (status: string, subStatus: string) => {
      const base = job('RUNNING', ['RUNNING']);
      return { ...base, status, entities: { ...base.entities, sub_jobs: [{ ...subJob('RUNNING'), status: subStatus }] } } as unknown as Job;
    };
    const { status: _, ...noStatus } = job('INIT', []);
    states = [
      unlisted('QUEUED', 'WAITING'),
      noStatus,
      unlisted('Running', 'SUCCESS'),
      job('FAIL', ['FAIL'], { error_code: 'Ecs.0031', fail_reason: 'The image does not exist.' }),
    ];
    const progress: JobProgress[] = [];
    const error = await waitForJob(ecs(), 'job-1', { intervalMs: 10, onProgress: (p) => progress.push(p) }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobFailedError);
    expect(error).toMatchObject({ errorCode: 'Ecs.0031', failReason: 'The image does not exist.' });
    expect(progress.map(({ status, subJobsDone }) => [status, subJobsDone])).toEqual([
      ['QUEUED', 0],
      [undefined, 0],
      ['Running', 1], // not RUNNING: an unknown value too, passed through unchanged
      ['FAIL', 0],
    ]);
  });

  it('times out on a job that waits for payment for ever, carrying the last job seen', async () => {
    states = [job('PENDING_PAYMENT', [])];
    const error = await waitForJob(ecs(), 'job-1', { intervalMs: 20, timeoutMs: 150 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(JobTimeoutError);
    expect(error).toMatchObject({ jobId: 'job-1', timeoutMs: 150, job: { status: 'PENDING_PAYMENT' } });
    expect(server.requests.length).toBeGreaterThan(2);
  });
});
