// hwc-openapi-dev/msw: the simulator as MSW 2 handlers in this process, driven by the real client at its default
// regional endpoints (no endpoint override), through MSW's real interception of fetch.
import { setupServer } from 'msw/node';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { simulatorHandlers } from '../../src/dev/msw.ts';
import { createBmsClient, createEcsClient, createRfsClient, HuaweiCloudError, unwrap } from '../../src/index.ts';
import { FAST_JOBS, IMAGE, KEY, PROJECT, PROVIDER, SERVER, TOKEN } from '../servers/sim/support/harness.ts';

const sim = simulatorHandlers({ jobDurations: FAST_JOBS, baseUrl: 'http://sim.test:4020' });
const server = setupServer(...sim.handlers);
const credentials = { accessKey: KEY.access_key, secretKey: KEY.secret_key };
const ecs = createEcsClient({ region: 'cn-north-4', projectId: PROJECT, credentials });
const metadataOf = (id: string) => sim.state().servers.find((s) => s.id === id)?.metadata;

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
beforeEach(() => sim.reset());
afterAll(() => {
  server.close();
  sim.close();
});

describe('simulatorHandlers with setupServer', () => {
  it('answers an AK/SK-signed call at https://ecs.cn-north-4.myhuaweicloud.com with the merged metadata, and state() shows it', async () => {
    const before = metadataOf(SERVER) ?? {};
    const { metadata } = unwrap(
      await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id: SERVER } }, body: { metadata: { team: 'msw' } } }),
    );
    expect(metadata).toEqual({ ...before, team: 'msw' });
    expect(metadataOf(SERVER)).toEqual({ ...before, team: 'msw' });
    sim.reset();
    expect(metadataOf(SERVER)).toEqual(before);
  });

  it('refuses a wrong secret with a typed 401 and a bad body with a typed 400', async () => {
    const wrong = createEcsClient({ region: 'cn-north-4', projectId: PROJECT, credentials: { ...credentials, secretKey: 'not-the-secret' } });
    const denied = await wrong.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: SERVER } },
      body: { metadata: { a: 'b' } },
    });
    expect(denied.error).toBeInstanceOf(HuaweiCloudError);
    expect(denied.error).toMatchObject({ status: 401, code: 'APIGW.0301' });
    const bad = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: SERVER } },
      body: { metadata: { 'bad key!': 'v' } },
    });
    expect(bad.error).toBeInstanceOf(HuaweiCloudError);
    expect(bad.error?.status).toBe(400);
    expect(metadataOf(SERVER)).not.toHaveProperty('bad key!');
  });

  it('runs a change-OS job that advanceJobs() finishes', async () => {
    const { job_id } = unwrap(
      await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
        params: { path: { server_id: SERVER } },
        body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } },
      }),
    );
    expect(sim.state().jobs.find((j) => j.job_id === job_id)?.done).toBe(false);
    sim.advanceJobs();
    const job = unwrap(await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id } } }));
    expect(job.status).toBe('SUCCESS');
    expect(() => sim.advanceJobs(-1)).toThrow(RangeError);
  });

  it('answers BMS at its own host and at the ECS host (v2.1), RFS at its host, and a token at the baseUrl given', async () => {
    const bms = createBmsClient({ region: 'cn-north-4', projectId: PROJECT, credentials });
    const tags = await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: SERVER } },
      body: { action: 'create', tags: [{ key: 'env', value: 'msw' }] },
    });
    expect(tags.response.status).toBe(204);
    const rfs = createRfsClient({ region: 'cn-north-4', credentials });
    const provider = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: PROVIDER } },
      body: { provider_description: 'from msw' },
    });
    expect(provider.response.status).toBe(204);
    expect(sim.state().private_providers.find((p) => p.name === PROVIDER)?.description).toBe('from msw');
    const v21 = unwrap(
      await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
        params: { path: { server_id: SERVER, key: 'rack' } },
        body: { meta: { rack: 'r1' } },
      }),
    );
    expect(v21).toEqual({ meta: { rack: 'r1' } });
    const local = createEcsClient({ endpoint: 'http://sim.test:4020', projectId: PROJECT, credentials: { token: TOKEN } });
    unwrap(
      await local.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id: SERVER } }, body: { metadata: { via: 'base' } } }),
    );
    expect(metadataOf(SERVER)).toMatchObject({ via: 'base' });
  });
});
