// ECS behaviour of the simulator: metadata merge and its limit, server states, the change-OS job, ShowJob and
// job retention, and reading it all back (ShowServer, DeleteServerMetadata). Every response is also checked against the ECS document, and every error is the document's
// example for the case (code and format), with the simulator's message.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { ECS_METADATA_LIMIT } from '../../../src/servers/sim/world.ts';
import {
  ACTIVE_SERVER,
  type Call,
  conformingCall,
  documentedError,
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
  violations,
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
const showServer = (server: string, project = PROJECT) => call('ShowServer', { params: { project_id: project, server_id: server } });
const deleteMetadata = (server: string, key: string) => call('DeleteServerMetadata', { params: { project_id: PROJECT, server_id: server, key } });
/** The server of a ShowServer answer. */
const detail = (res: { json: unknown }) => (res.json as { server: Record<string, unknown> }).server;
const serverState = (id: string) => sim.state.servers.find((s) => s.id === id);
const DAY_MS = 24 * 60 * 60 * 1000;
/** The documented message of Ecs.0100, which the simulator's own detail follows. */
const ECS_STATE_MESSAGE = documentedError('UpdateServerMetadata', 400, 'Ecs.0100').message;
const escapeRegex = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

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

  it('answers 404 Ecs.0114 "The ECS does not exist." for an unknown server, or one of another project', async () => {
    const unknown = await updateMetadata(UNKNOWN_SERVER, { k: 'v' });
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'Ecs.0114', message: 'The ECS does not exist.' } });
    const otherProject = await call('UpdateServerMetadata', { params: { project_id: 'another-project', server_id: SERVER }, body: { metadata: { k: 'v' } } });
    expect(otherProject.status).toBe(404);
    expect(otherProject.json).toEqual(unknown.json);
  });

  it('accepts active, stopped and paused servers, refuses one in vm_state error with 400 Ecs.0100', async () => {
    for (const id of [SERVER, ACTIVE_SERVER, PAUSED_SERVER]) expect((await updateMetadata(id, { k: 'v' })).status).toBe(200);
    const res = await updateMetadata(ERROR_SERVER, { k: 'v' });
    expect(res.status).toBe(400);
    expect(field(res, 'error', 'code')).toBe('Ecs.0100');
    // The documented message first, then what the simulator knows.
    expect(errorMessage(res)).toBe(
      `${ECS_STATE_MESSAGE} Server ${ERROR_SERVER} is in vm_state error; metadata can be updated only in vm_state active, stopped, paused, suspended.`,
    );
    expect(serverState(ERROR_SERVER)?.metadata).toEqual({});
  });

  it(`keeps at most ${ECS_METADATA_LIMIT} items per server (the simulator's limit): a merge past it is refused whole with 400 Ecs.0005`, async () => {
    const keys = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));
    expect((await updateMetadata(SERVER, keys(ECS_METADATA_LIMIT - 2, 'a'))).status).toBe(200); // + env: one below the limit
    const refused = await updateMetadata(SERVER, { ...keys(2, 'b'), env: 'changed' });
    expect(refused.status).toBe(400);
    expect(field(refused, 'error', 'code')).toBe('Ecs.0005');
    expect(errorMessage(refused)).toBe(
      `body.metadata: metadata-quota: the server would hold ${ECS_METADATA_LIMIT + 1} metadata items; this simulator keeps at most ${ECS_METADATA_LIMIT} per server (a limit of the simulator, not one Huawei Cloud publishes). Nothing was changed.`,
    );
    expect(serverState(SERVER)?.metadata?.env).toBe('dev'); // the overwrite in the refused request did not happen
    const full = await updateMetadata(SERVER, { ...keys(1, 'b'), env: 'changed' }); // exactly the limit
    expect(Object.keys(field(full, 'metadata') as object)).toHaveLength(ECS_METADATA_LIMIT);
    expect((await updateMetadata(SERVER, { env: 'again', b0: 'w' })).status).toBe(200); // at the limit, overwriting is still fine
    expect((await updateMetadata(SERVER, { new: 'v' })).status).toBe(400);
  });

  it('one request of 1 MiB cannot store tens of thousands of keys', async () => {
    const many = Object.fromEntries(Array.from({ length: 60_000 }, (_, i) => [`k${i}`, '']));
    const res = await updateMetadata(SERVER, many);
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toContain(`at most ${ECS_METADATA_LIMIT} per server`);
    expect(serverState(SERVER)?.metadata).toEqual({ env: 'dev' });
  });
});

describe('ShowServer and DeleteServerMetadata: reading back what the writes did', () => {
  it('answers every field the document requires, from the fixture, with the state, image and metadata of the world', async () => {
    const res = await showServer(SERVER); // conformingCall: valid against ServerDetail, required fields included
    expect(res.status).toBe(200);
    expect(detail(res)).toMatchObject({
      id: SERVER,
      name: 'ecs-docs-example',
      tenant_id: PROJECT,
      status: 'SHUTOFF',
      'OS-EXT-STS:vm_state': 'stopped',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:power_state': 4,
      image: { id: '1189efbf-d48b-46ad-a823-94b942e2a000' },
      metadata: { env: 'dev' },
      flavor: { id: 's6.small.1', vcpus: '1', ram: '1024' },
      'OS-EXT-AZ:availability_zone': 'cn-north-4a',
      created: '2024-03-01T07:40:12Z',
    });
    expect(field(await showServer(ACTIVE_SERVER), 'server', 'status')).toBe('ACTIVE');
    expect(field(await showServer(PAUSED_SERVER), 'server', 'status')).toBe('PAUSED');
    expect(detail(await showServer(ERROR_SERVER))).toMatchObject({ status: 'ERROR', fault: { code: 500 } });
  });

  it('reads back an update, then a delete, and a second delete of the same key is 404', async () => {
    await updateMetadata(SERVER, { owner: 'team-a', 'backup:policy': 'daily' });
    expect(field(await showServer(SERVER), 'server', 'metadata')).toEqual({ env: 'dev', owner: 'team-a', 'backup:policy': 'daily' });
    const deleted = await deleteMetadata(SERVER, 'backup:policy'); // a key with ':' goes URL-encoded in the path
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect(field(await showServer(SERVER), 'server', 'metadata')).toEqual({ env: 'dev', owner: 'team-a' });
    expect(serverState(SERVER)?.metadata).toEqual({ env: 'dev', owner: 'team-a' });
    const again = await deleteMetadata(SERVER, 'backup:policy');
    expect(again.status).toBe(404);
    const noKey = documentedError('DeleteServerMetadata', 404, 'Ecs.XXXX');
    expect(field(again, 'error', 'code')).toBe(noKey.code);
    expect(errorMessage(again)).toBe(`${noKey.message} Server ${SERVER} has no metadata key "backup:policy".`);
  });

  it('answers 404 Ecs.0114 for an unknown server or one of another project, to both', async () => {
    const notFound = { error: { code: 'Ecs.0114', message: 'The ECS does not exist.' } };
    for (const res of [await showServer(UNKNOWN_SERVER), await showServer(SERVER, 'another-project'), await deleteMetadata(UNKNOWN_SERVER, 'env')]) {
      expect(res.status).toBe(404);
      expect(res.json).toEqual(notFound);
    }
  });

  it('deletes in vm_state active, stopped and paused; refuses error with 400 Ecs.0100 and keeps the key', async () => {
    for (const id of [SERVER, ACTIVE_SERVER, PAUSED_SERVER]) {
      await updateMetadata(id, { gone: 'soon' });
      expect((await deleteMetadata(id, 'gone')).status).toBe(204);
      expect(field(await showServer(id), 'server', 'metadata')).not.toHaveProperty('gone');
    }
    const refused = await deleteMetadata(ERROR_SERVER, 'anything');
    expect(refused.status).toBe(400);
    expect(field(refused, 'error', 'code')).toBe('Ecs.0100');
    expect(errorMessage(refused)).toBe(
      `${ECS_STATE_MESSAGE} Server ${ERROR_SERVER} is in vm_state error; metadata can be deleted only in vm_state active, stopped, paused, suspended.`,
    );
  });

  it('follows a change-OS job: powering-off, then REBUILD, then SHUTOFF (the state the job left) on the new image; deletes wait for the job', async () => {
    const jobId = String(field(await changeOs(ACTIVE_SERVER, { mode: 'withStopServer' }), 'job_id'));
    expect(detail(await showServer(ACTIVE_SERVER))).toMatchObject({ status: 'ACTIVE', 'OS-EXT-STS:task_state': 'powering-off' });
    const busy = await deleteMetadata(ACTIVE_SERVER, 'env');
    expect(busy.status).toBe(400);
    expect(errorMessage(busy)).toBe(
      `${ECS_STATE_MESSAGE} Server ${ACTIVE_SERVER} is busy: job ${jobId} (changeOS) is still running; try again when it has finished.`,
    );
    sim.advanceJobs(10_000 + 10_000 + 5_000); // stop done, change running
    expect(detail(await showServer(ACTIVE_SERVER))).toMatchObject({
      status: 'REBUILD',
      'OS-EXT-STS:vm_state': 'stopped',
      'OS-EXT-STS:task_state': 'rebuilding',
      image: { id: '1189efbf-d48b-46ad-a823-94b942e2a000' },
    });
    sim.advanceJobs();
    // No page says the server starts again after an OS change: it stays as the job left it, stopped.
    expect(detail(await showServer(ACTIVE_SERVER))).toMatchObject({
      status: 'SHUTOFF',
      'OS-EXT-STS:vm_state': 'stopped',
      'OS-EXT-STS:task_state': null,
      'OS-EXT-STS:power_state': 4,
      image: { id: IMAGE },
    });
  });

  it('shows a failed OS change as ERROR', async () => {
    await changeOs(SERVER, { imageid: UNKNOWN_IMAGE });
    sim.advanceJobs();
    expect(detail(await showServer(SERVER))).toMatchObject({
      status: 'ERROR',
      'OS-EXT-STS:vm_state': 'error',
      image: { id: '1189efbf-d48b-46ad-a823-94b942e2a000' },
    });
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
    expect(serverState(SERVER)).toMatchObject({ vm_state: 'stopped', image_id: IMAGE }); // as it was: no page says it starts
  });

  it('refuses a running server without mode (400 Ecs.0100), and stops it first with mode withStopServer', async () => {
    const refused = await changeOs(ACTIVE_SERVER, {});
    expect(refused.status).toBe(400);
    expect(field(refused, 'error', 'code')).toBe('Ecs.0100');
    expect(errorMessage(refused)).toMatch(new RegExp(`^${escapeRegex(ECS_STATE_MESSAGE)} .*withStopServer`));

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
    expect(serverState(ACTIVE_SERVER)).toMatchObject({ vm_state: 'stopped', image_id: IMAGE }); // not started again
  });

  it('refuses other changes to the server while its job runs (400 Ecs.0100), and accepts them after', async () => {
    const jobId = String(field(await changeOs(SERVER, {}), 'job_id'));
    const metadata = await updateMetadata(SERVER, { k: 'v' });
    expect(metadata.status).toBe(400);
    expect(field(metadata, 'error', 'code')).toBe('Ecs.0100');
    expect(errorMessage(metadata)).toBe(
      `${ECS_STATE_MESSAGE} Server ${SERVER} is busy: job ${jobId} (changeOS) is still running; try again when it has finished.`,
    );
    const again = await changeOs(SERVER, {});
    expect(again.status).toBe(400);
    expect(errorMessage(again)).toMatch(/job [0-9a-f]{32} \(changeOS\) is still running/);
    sim.advanceJobs();
    expect((await updateMetadata(SERVER, { k: 'v' })).status).toBe(200);
  });

  it('fails the job for an unknown image with Ecs.0031 "The image does not exist."; a server whose change failed may change again', async () => {
    const jobId = String(field(await changeOs(SERVER, { imageid: UNKNOWN_IMAGE }), 'job_id'));
    sim.advanceJobs();
    const failed = await showJob(jobId);
    expect(failed.json).toMatchObject({
      status: 'FAIL',
      error_code: 'Ecs.0031',
      fail_reason: 'The image does not exist.',
      entities: {
        sub_jobs: [
          { status: 'FAIL', error_code: 'Ecs.0031', fail_reason: 'The image does not exist.', entities: { errorcode_message: 'The image does not exist.' } },
        ],
      },
    });
    // The code and text of the document's example for it.
    expect(documentedError('ChangeServerOsWithoutCloudInit', 400, 'Ecs.0031')).toMatchObject({ code: 'Ecs.0031', message: 'The image does not exist.' });
    expect(serverState(SERVER)).toMatchObject({ vm_state: 'error', os_change_failed: true });
    expect((await updateMetadata(SERVER, { k: 'v' })).status).toBe(400); // broken server

    const retry = String(field(await changeOs(SERVER, {}), 'job_id')); // allowed although not stopped: the last change failed
    sim.advanceJobs();
    expect(field(await showJob(retry), 'status')).toBe('SUCCESS');
    expect(serverState(SERVER)).toMatchObject({ vm_state: 'stopped', os_change_failed: false, image_id: IMAGE });
  });

  it('refuses a server in vm_state error that never failed an OS change, and an unknown server', async () => {
    const broken = await changeOs(ERROR_SERVER, { mode: 'withStopServer' });
    expect(broken.status).toBe(400);
    expect(field(broken, 'error', 'code')).toBe('Ecs.0100');
    expect(errorMessage(broken)).toContain(`Server ${ERROR_SERVER} is in vm_state error;`);
    const unknown = await changeOs(UNKNOWN_SERVER, {});
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'Ecs.0114', message: 'The ECS does not exist.' } });
    expect(sim.state.jobs).toEqual([]);
  });

  it('refuses an invalid body with 400 naming the field and rule, without echoing the password', async () => {
    const res = await changeOs(SERVER, { adminpass: 'weakpassword', keyname: undefined });
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toMatch(/^body\.os-change\.adminpass: pattern: must match \S+$/);
    expect(res.text).not.toContain('weakpassword');
  });

  it('never keeps the admin password in the state', async () => {
    await changeOs(SERVER, { adminpass: 'Secret-Passw0rd-42' });
    expect(JSON.stringify(sim.state)).not.toContain('Secret-Passw0rd-42');
  });

  it('ShowJob answers 400 Common.0011 "Failed to query system tasks." for an unknown job or one of another project', async () => {
    const unknown = await showJob('ff80808288d41e1b018990260955686a');
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ error: { code: 'Common.0011', message: 'Failed to query system tasks.' } });
    const jobId = String(field(await changeOs(SERVER, {}), 'job_id'));
    const foreign = await showJob(jobId, 'another-project');
    expect(foreign.status).toBe(400);
    expect(foreign.json).toEqual(unknown.json);
  });

  it('keeps a finished job one simulated day after it ends, then ShowJob answers as for an unknown job', async () => {
    const succeeded = String(field(await changeOs(SERVER, {}), 'job_id'));
    sim.advanceJobs(); // ends now
    sim.advanceJobs(60_000); // ended a minute ago
    const failed = String(field(await changeOs(SERVER, { imageid: UNKNOWN_IMAGE, mode: 'withStopServer' }), 'job_id')); // stopped since
    sim.advanceJobs(); // ends now
    sim.advanceJobs(DAY_MS - 61_000); // the first ended a second less than a day ago
    expect(field(await showJob(succeeded), 'status')).toBe('SUCCESS');
    expect(field(await showJob(failed), 'status')).toBe('FAIL');
    sim.advanceJobs(31_000); // the first ended a day and 30 s ago, the second a day less 30 s ago
    const expired = await showJob(succeeded);
    expect(expired.status).toBe(400);
    expect(expired.json).toEqual({ error: { code: 'Common.0011', message: 'Failed to query system tasks.' } });
    expect(field(await showJob(failed), 'status')).toBe('FAIL');
    expect(sim.state.jobs.map((j) => j.job_id)).toEqual([failed]);
    // POST /__sim/jobs/advance counts as time passing too.
    const advanced = await fetch(`${sim.url}/__sim/jobs/advance?ms=30000`, { method: 'POST' });
    expect(advanced.status).toBe(200);
    expect((await showJob(failed)).status).toBe(400);
    expect(sim.state.jobs).toEqual([]);
  });

  it('never expires a job that has not finished, however long it runs', async () => {
    const slow = await startTestSim({ jobDurations: { initMs: 0, stopMs: 0, runMs: 3 * DAY_MS } });
    try {
      const res = await rawCall(slow.url, 'ChangeServerOsWithoutCloudInit', {
        params: { project_id: PROJECT, server_id: SERVER },
        body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } },
      });
      const jobId = String(field(res, 'job_id'));
      slow.advanceJobs(2 * DAY_MS);
      const running = await rawCall(slow.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } });
      expect(violations('ShowJob', running)).toBe('');
      expect(field(running, 'status')).toBe('RUNNING');
      slow.advanceJobs(DAY_MS); // ends now: kept another day
      expect(field(await rawCall(slow.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } }), 'status')).toBe('SUCCESS');
    } finally {
      await slow.close();
    }
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
