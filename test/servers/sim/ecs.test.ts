// ECS behaviour of the simulator: metadata merge, server states, the change-OS job and ShowJob.
// Every response is also checked against the ECS document.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import {
  ACTIVE_SERVER,
  type Call,
  conformingCall,
  ERROR_SERVER,
  errorMessage,
  field,
  IMAGE,
  PAUSED_SERVER,
  PROJECT,
  call as rawCall,
  SERVER,
  startTestSim,
  UNKNOWN_IMAGE,
  UNKNOWN_SERVER,
} from './support/harness.ts';

let sim: Simulator;
// Long job durations: the tests move jobs forward explicitly (advanceJobs), so nothing depends on timing.
beforeAll(async () => {
  sim = await startTestSim({ jobDurations: { initMs: 10_000, stopMs: 10_000, runMs: 10_000 } });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const call = (operationId: string, c: Call) => conformingCall(sim.url, operationId, c);
const updateMetadata = (server: string, metadata: Record<string, unknown>) =>
  call('UpdateServerMetadata', { params: { project_id: PROJECT, server_id: server }, body: { metadata } });
const changeOs = (server: string, change: Record<string, unknown>) =>
  call('ChangeServerOsWithoutCloudInit', {
    params: { project_id: PROJECT, server_id: server },
    body: { 'os-change': { imageid: IMAGE, keyname: 'KeyPair-350b', ...change } },
  });
const showJob = (jobId: string, project = PROJECT) => call('ShowJob', { params: { project_id: project, job_id: jobId } });
const serverState = (id: string) => sim.state.servers.find((s) => s.id === id);

describe('UpdateServerMetadata', () => {
  it('merges: adds new keys, overwrites present ones, keeps the rest', async () => {
    const res = await updateMetadata(SERVER, { owner: 'team-a', env: 'production' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ metadata: { env: 'production', owner: 'team-a' } });
    await updateMetadata(SERVER, { 'backup:policy': 'daily' });
    expect(serverState(SERVER)?.metadata).toEqual({ env: 'production', owner: 'team-a', 'backup:policy': 'daily' });
  });

  it('stores keys such as __proto__ like any other', async () => {
    await updateMetadata(SERVER, { __proto__x: 'a', constructor: 'b' });
    const res = await rawCall(sim.url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: '{"metadata":{"__proto__":"c"}}' });
    expect(res.status).toBe(200);
    expect(Object.keys(field(res, 'metadata') as object)).toEqual(expect.arrayContaining(['__proto__', '__proto__x', 'constructor']));
  });

  it('refuses a bad key with 400 Ecs.0005 naming the field and the rule', async () => {
    const res = await updateMetadata(SERVER, { 'a b': 'v' });
    expect(res.status).toBe(400);
    expect(field(res, 'error', 'code')).toBe('Ecs.0005');
    expect(errorMessage(res)).toBe('body.metadata["a b"]: pattern: must match ^[A-Za-z0-9_:.-]+$');
    expect(serverState(SERVER)?.metadata).toEqual({ env: 'dev' });
  });

  it('answers 404 Ecs.0114 for an unknown server, or one of another project', async () => {
    const unknown = await updateMetadata(UNKNOWN_SERVER, { k: 'v' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'Ecs.0114' } });
    const otherProject = await call('UpdateServerMetadata', { params: { project_id: 'another-project', server_id: SERVER }, body: { metadata: { k: 'v' } } });
    expect(otherProject.status).toBe(404);
  });

  it('accepts active, stopped and paused servers, refuses one in vm_state error with 409', async () => {
    for (const id of [SERVER, ACTIVE_SERVER, PAUSED_SERVER]) expect((await updateMetadata(id, { k: 'v' })).status).toBe(200);
    const res = await updateMetadata(ERROR_SERVER, { k: 'v' });
    expect(res.status).toBe(409);
    expect(errorMessage(res)).toContain('vm_state error');
  });
});

describe('ChangeServerOsWithoutCloudInit and ShowJob', () => {
  it('runs a job INIT → RUNNING → SUCCESS with a sub-job; the server gets the image and starts', async () => {
    const accepted = await changeOs(SERVER, { adminpass: 'Example-Passw0rd', keyname: undefined });
    expect(accepted.status).toBe(200);
    const jobId = String(field(accepted, 'job_id'));
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);

    const init = await showJob(jobId);
    expect(init.json).toMatchObject({
      status: 'INIT',
      job_id: jobId,
      job_type: 'changeOS',
      end_time: '',
      fail_reason: null,
      entities: { server_id: SERVER, sub_jobs_total: 0 },
    });

    sim.advanceJobs(12_000);
    const running = await showJob(jobId);
    expect(running.json).toMatchObject({
      status: 'RUNNING',
      entities: { sub_jobs_total: 1, sub_jobs: [{ status: 'RUNNING', job_type: 'changeOSSubJob', end_time: '' }] },
    });

    sim.advanceJobs();
    const done = await showJob(jobId);
    expect(done.json).toMatchObject({ status: 'SUCCESS', error_code: null, fail_reason: null, entities: { sub_jobs: [{ status: 'SUCCESS' }] } });
    expect(field(done, 'end_time')).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(serverState(SERVER)).toMatchObject({ vm_state: 'active', image_id: IMAGE });
  });

  it('refuses a running server without mode, and stops it first with mode withStopServer', async () => {
    const refused = await changeOs(ACTIVE_SERVER, {});
    expect(refused.status).toBe(409);
    expect(errorMessage(refused)).toContain('withStopServer');

    const jobId = String(field(await changeOs(ACTIVE_SERVER, { mode: 'withStopServer' }), 'job_id'));
    sim.advanceJobs(10_000 + 5_000); // into the stop sub-job
    expect(field(await showJob(jobId), 'entities', 'sub_jobs')).toMatchObject([
      { job_type: 'stopServer', status: 'RUNNING' },
      { job_type: 'changeOSSubJob', status: 'INIT' },
    ]);
    expect(serverState(ACTIVE_SERVER)?.vm_state).toBe('active');
    sim.advanceJobs(10_000); // stop done, change running
    expect(serverState(ACTIVE_SERVER)?.vm_state).toBe('stopped');
    sim.advanceJobs();
    const done = await showJob(jobId);
    expect(done.json).toMatchObject({ status: 'SUCCESS', entities: { sub_jobs_total: 2 } });
    expect(serverState(ACTIVE_SERVER)).toMatchObject({ vm_state: 'active', image_id: IMAGE });
  });

  it('refuses other changes to the server while its job runs (409), and accepts them after', async () => {
    await changeOs(SERVER, {});
    const metadata = await updateMetadata(SERVER, { k: 'v' });
    expect(metadata.status).toBe(409);
    expect(errorMessage(metadata)).toMatch(/job [0-9a-f]{32} \(changeOS\) is still running/);
    expect((await changeOs(SERVER, {})).status).toBe(409);
    sim.advanceJobs();
    expect((await updateMetadata(SERVER, { k: 'v' })).status).toBe(200);
  });

  it('fails the job for an unknown image (fail_reason, error_code); a server whose change failed may change again', async () => {
    const jobId = String(field(await changeOs(SERVER, { imageid: UNKNOWN_IMAGE }), 'job_id'));
    sim.advanceJobs();
    const failed = await showJob(jobId);
    expect(failed.json).toMatchObject({
      status: 'FAIL',
      error_code: 'Ecs.0005',
      fail_reason: `Image ${UNKNOWN_IMAGE} could not be found.`,
      entities: { sub_jobs: [{ status: 'FAIL', error_code: 'Ecs.0005', entities: { errorcode_message: expect.stringContaining(UNKNOWN_IMAGE) } }] },
    });
    expect(serverState(SERVER)).toMatchObject({ vm_state: 'error', os_change_failed: true });
    expect((await updateMetadata(SERVER, { k: 'v' })).status).toBe(409); // broken server

    const retry = String(field(await changeOs(SERVER, {}), 'job_id')); // allowed although not stopped: the last change failed
    sim.advanceJobs();
    expect(field(await showJob(retry), 'status')).toBe('SUCCESS');
    expect(serverState(SERVER)).toMatchObject({ vm_state: 'active', os_change_failed: false, image_id: IMAGE });
  });

  it('refuses a server in vm_state error that never failed an OS change, and an unknown server', async () => {
    expect((await changeOs(ERROR_SERVER, { mode: 'withStopServer' })).status).toBe(409);
    const unknown = await changeOs(UNKNOWN_SERVER, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'Ecs.0114' } });
  });

  it('refuses an invalid body with 400 naming the field and rule, without echoing the password', async () => {
    const res = await changeOs(SERVER, { adminpass: 'weakpassword' });
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toMatch(/^body\.os-change\.adminpass: pattern: must match \S+$/);
    expect(res.text).not.toContain('weakpassword');
  });

  it('never keeps the admin password in the state', async () => {
    await changeOs(SERVER, { adminpass: 'Secret-Passw0rd-42' });
    expect(JSON.stringify(sim.state)).not.toContain('Secret-Passw0rd-42');
  });

  it('ShowJob answers 404 in the ECS format for an unknown job or another project', async () => {
    const unknown = await showJob('ff80808288d41e1b018990260955686a');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error: { code: 'Ecs.0114', message: expect.stringContaining('ff80808288d41e1b018990260955686a') } });
    const jobId = String(field(await changeOs(SERVER, {}), 'job_id'));
    expect((await showJob(jobId, 'another-project')).status).toBe(404);
  });

  it('jobs progress on their own with real time too', async () => {
    const fast = await startTestSim({ jobDurations: { initMs: 150, stopMs: 150, runMs: 300 } });
    try {
      const res = await rawCall(fast.url, 'ChangeServerOsWithoutCloudInit', {
        params: { project_id: PROJECT, server_id: SERVER },
        body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } },
      });
      const jobId = String(field(res, 'job_id'));
      const seen = new Set<unknown>();
      for (let i = 0; i < 300 && !seen.has('SUCCESS'); i++) {
        seen.add(field(await rawCall(fast.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } }), 'status'));
        await new Promise((r) => setTimeout(r, 10));
      }
      expect([...seen]).toEqual(['INIT', 'RUNNING', 'SUCCESS']);
    } finally {
      await fast.close();
    }
  });
});
