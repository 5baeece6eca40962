// End to end: the project's typed clients (src/index.ts) against the simulator, with a token and with AK/SK,
// including a job followed to its end with waitForJob, typed errors, and retries honouring Retry-After.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createBmsClient, createEcsClient, createRfsClient, HuaweiCloudError, JobFailedError, waitForJob } from '../../../src/index.ts';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { ACTIVE_SERVER, IMAGE, KEY, PROJECT, PROVIDER, PROVIDER_ID, SERVER, startTestSim, TOKEN, UNKNOWN_IMAGE, UNKNOWN_SERVER } from './support/harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSim({ jobDurations: { initMs: 40, stopMs: 60, runMs: 100 } }); // polls every 10 ms see each phase
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const credentials = {
  token: { token: TOKEN },
  'AK/SK': { accessKey: KEY.access_key, secretKey: KEY.secret_key },
};

describe.each(Object.entries(credentials))('typed clients with %s', (_name, creds) => {
  const options = () => ({ endpoint: sim.url, projectId: PROJECT, credentials: creds, retry: false as const });

  it('ECS: updates metadata, changes the OS and waits for the job', async () => {
    const ecs = createEcsClient(options());
    const { data, error } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: SERVER } },
      body: { metadata: { owner: 'client' } },
    });
    expect(error).toBeUndefined();
    expect(data?.metadata).toEqual({ env: 'dev', owner: 'client' });

    const changed = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id: ACTIVE_SERVER } },
      body: { 'os-change': { imageid: IMAGE, keyname: 'KeyPair-350b', mode: 'withStopServer' } },
    });
    const statuses: string[] = [];
    const job = await waitForJob(ecs, changed.data?.job_id ?? '', { intervalMs: 10, timeoutMs: 5_000, onProgress: (p) => statuses.push(String(p.status)) });
    expect(job.status).toBe('SUCCESS');
    expect(job.entities?.sub_jobs?.map((s) => s.job_type)).toEqual(['stopServer', 'changeOSSubJob']);
    expect(statuses.at(-1)).toBe('SUCCESS');
    expect(statuses).toContain('RUNNING');
  });

  it('ECS: a failed job rejects with JobFailedError; an unknown server is a typed 404', async () => {
    const ecs = createEcsClient(options());
    const changed = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id: SERVER } },
      body: { 'os-change': { imageid: UNKNOWN_IMAGE, adminpass: 'Example-Passw0rd' } },
    });
    const failure = await waitForJob(ecs, changed.data?.job_id ?? '', { intervalMs: 10, timeoutMs: 5_000 }).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(JobFailedError);
    expect(failure).toMatchObject({ errorCode: 'Ecs.0031', failReason: 'The image does not exist.' });

    const { error } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: UNKNOWN_SERVER } },
      body: { metadata: { k: 'v' } },
    });
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error).toMatchObject({ status: 404, code: 'Ecs.0114', requestId: expect.stringMatching(/^[0-9a-f]{32}$/) });
  });

  it('BMS: sets a metadata item (native v2.1 path) and adds tags', async () => {
    const bms = createBmsClient(options());
    const item = await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
      params: { path: { server_id: SERVER, key: 'env' } },
      body: { meta: { env: 'prod' } },
    });
    expect(item.data).toEqual({ meta: { env: 'prod' } });
    const tags = await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: SERVER } },
      body: { action: 'create', tags: [{ key: 'key1', value: 'value1' }] },
    });
    expect(tags.error).toBeUndefined();
    expect(tags.response.status).toBe(204);
    expect(sim.state.baremetal_servers.find((b) => b.id === SERVER)).toMatchObject({ metadata: { env: 'prod' }, tags: [{ key: 'key1', value: 'value1' }] });
  });

  it('RFS: updates the description (Client-Request-Id added by the client); a wrong provider_id is a typed 400', async () => {
    const rfs = createRfsClient(options());
    const ok = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: PROVIDER } },
      body: { provider_description: 'via client', provider_id: PROVIDER_ID },
    });
    expect(ok.response.status).toBe(204);
    expect(sim.state.private_providers[0]?.description).toBe('via client');
    const { error } = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: PROVIDER } },
      body: { provider_description: 'x', provider_id: '00000000-0000-4000-8000-000000000000' },
    });
    expect(error).toMatchObject({ status: 400, code: 'RF.10011XXX', message: 'provider_id does not match the current private provider.' });
  });
});

describe('typed clients and injected faults', () => {
  it('retries an ECS flow-control 503 after its Retry-After, then returns the typed error; a 500 is a typed error', async () => {
    const lines: string[] = [];
    const throttled = await startTestSim({ faults: { rate429: 1, retryAfterSeconds: 0 }, log: (l) => lines.push(l) });
    const failing = await startTestSim({ faults: { rate5xx: 1 } });
    try {
      const ecs = createEcsClient({ endpoint: throttled.url, projectId: PROJECT, credentials: { token: TOKEN }, retry: { attempts: 3 } });
      const { error } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j1' } } });
      expect(error).toMatchObject({ status: 503, code: 'Common.1503' });
      expect(lines).toHaveLength(3);
      const broken = createEcsClient({ endpoint: failing.url, projectId: PROJECT, credentials: { token: TOKEN }, retry: false });
      const result = await broken.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
        params: { path: { server_id: SERVER } },
        body: { metadata: { k: 'v' } },
      });
      expect(result.error).toMatchObject({ status: 500, code: 'Common.0001' });
    } finally {
      await Promise.all([throttled.close(), failing.close()]);
    }
  });
});
