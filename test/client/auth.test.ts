import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBmsClient, createEcsClient, createRfsClient, ValidationError } from '../../src/index.ts';
import { ACCESS_KEY, akSk, json, PROJECT_ID, SECURITY_TOKEN, SERVER_ID, startServer, type TestServer, TOKEN } from './support.ts';

let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => {
    if (request.url.includes('/private-providers/')) return void res.writeHead(204).end();
    if (request.url.includes('/tags/action')) return void res.writeHead(204).end();
    json(res, 200, JSON.parse(request.body || '{}'));
  });
});
afterAll(() => server.close());
const last = () => server.requests.at(-1)!;

describe('AK/SK signing', () => {
  it('signs an ECS call that the server verifies, over the exact (non-ASCII) body sent', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    const body = { metadata: { owner: 'équipe-北京', note: 'a "quoted" value' } };
    const { data, error } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id: SERVER_ID } }, body });
    expect(error).toBeUndefined();
    expect(data).toEqual(body);
    expect(last().signature).toEqual({ ok: true, accessKey: ACCESS_KEY });
    expect(last().url).toBe(`/v1/${PROJECT_ID}/cloudservers/${SERVER_ID}/metadata`);
    expect(JSON.parse(last().body)).toEqual(body);
    expect(last().headers.authorization).toMatch(/SignedHeaders=[^,]*content-type;host;x-sdk-date/);
  });

  it('sends and signs X-Security-Token for temporary credentials', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { ...akSk, securityToken: SECURITY_TOKEN } });
    await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job-1' } } });
    expect(last().signature.ok).toBe(true);
    expect(last().headers['x-security-token']).toBe(SECURITY_TOKEN);
    expect(last().headers.authorization).toMatch(/SignedHeaders=[^,]*x-security-token/);
  });

  it('signs headers added by middleware, and a signature with the wrong secret does not verify', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    ecs.use({ onRequest: ({ request }) => void request.headers.set('X-Trace', 'abc') });
    await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job-1' } } });
    expect(last().signature.ok).toBe(true);
    expect(last().headers.authorization).toMatch(/SignedHeaders=[^,]*x-trace/);

    const wrong = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { accessKey: ACCESS_KEY, secretKey: 'not-the-secret' } });
    await wrong.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job-1' } } });
    expect(last().signature).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  it('sends a token as X-Auth-Token, without a signature', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'job-1' } } });
    expect(last().headers['x-auth-token']).toBe(TOKEN);
    expect(last().headers.authorization).toBeUndefined();
    expect(last().headers['x-sdk-date']).toBeUndefined();
  });
});

describe('project_id and RFS Client-Request-Id', () => {
  it('fills project_id from the options, and a per-call project_id wins', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'other-project', job_id: 'j 1/2' } } });
    expect(last().url).toBe('/v1/other-project/jobs/j%201%2F2');
    expect(last().signature.ok).toBe(true);
  });

  it('refuses a call without project_id before sending anything', async () => {
    const before = server.requests.length;
    const ecs = createEcsClient({ endpoint: server.url, credentials: akSk });
    const call = ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });
    await expect(call).rejects.toBeInstanceOf(ValidationError);
    await expect(call).rejects.toMatchObject({ field: 'path.project_id', rule: 'required' });
    expect(server.requests.length).toBe(before);
  });

  it('generates a UUID Client-Request-Id for RFS when none is given, signs it, and keeps one that is given', async () => {
    const rfs = createRfsClient({ endpoint: server.url, credentials: akSk });
    const path = { provider_name: 'my-provider' };
    const { error } = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', { params: { path }, body: { provider_description: 'd' } });
    expect(error).toBeUndefined();
    expect(last().url).toBe('/v1/private-providers/my-provider/metadata');
    expect(last().headers['client-request-id']).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(last().headers.authorization).toMatch(/SignedHeaders=client-request-id;/);
    expect(last().signature.ok).toBe(true);

    const mine = 'my-request-0123456789-0123456789-0123456789';
    await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path, header: { 'Client-Request-Id': mine } },
      body: { provider_description: 'd' },
    });
    expect(last().headers['client-request-id']).toBe(mine);
  });
});

describe('endpoints', () => {
  const seen: string[] = [];
  const recordingFetch = async (request: Request) => {
    seen.push(request.url);
    return new Response(request.method === 'POST' ? null : '{"meta":{"k":"v"}}', { status: request.method === 'POST' ? 204 : 200 });
  };

  it('uses the regional host of each service, and the ECS host for the BMS native v2.1 API', async () => {
    seen.length = 0;
    const ecs = createEcsClient({ region: 'ap-southeast-1', projectId: 'p', credentials: akSk, fetch: recordingFetch });
    const bms = createBmsClient({ region: 'ap-southeast-1', projectId: 'p', credentials: akSk, fetch: recordingFetch });
    const rfs = createRfsClient({ region: 'ap-southeast-1', credentials: akSk, fetch: recordingFetch });
    await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });
    await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: SERVER_ID } },
      body: { action: 'create', tags: [] },
    });
    await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
      params: { path: { server_id: SERVER_ID, key: 'k' } },
      body: { meta: { k: 'v' } },
    });
    await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: 'x' } },
      body: { provider_description: '', provider_id: SERVER_ID },
    });
    expect(seen).toEqual([
      'https://ecs.ap-southeast-1.myhuaweicloud.com/v1/p/jobs/j',
      `https://bms.ap-southeast-1.myhuaweicloud.com/v1/p/baremetalservers/${SERVER_ID}/tags/action`,
      `https://ecs.ap-southeast-1.myhuaweicloud.com/v2.1/p/servers/${SERVER_ID}/metadata/k`,
      'https://rfs.ap-southeast-1.myhuaweicloud.com/v1/private-providers/x/metadata',
    ]);
  });

  it('sends both BMS APIs to an explicit endpoint (a mock)', async () => {
    const bms = createBmsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk });
    const put = await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
      params: { path: { server_id: SERVER_ID, key: 'k' } },
      body: { meta: { k: 'v' } },
    });
    expect(put.data).toEqual({ meta: { k: 'v' } });
    expect(last().url).toBe(`/v2.1/${PROJECT_ID}/servers/${SERVER_ID}/metadata/k`);
    const post = await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: SERVER_ID } },
      body: { action: 'create', tags: [{ key: 'a' }] },
    });
    expect(post.response.status).toBe(204);
    expect(last().signature.ok).toBe(true);
  });

  it('needs a region or an endpoint', () => {
    expect(() => createEcsClient({ projectId: 'p', credentials: akSk })).toThrow(ValidationError);
    expect(() => createEcsClient({ region: { id: 'evil.example.com/x' }, credentials: akSk })).toThrow(/options.region/);
  });
});
