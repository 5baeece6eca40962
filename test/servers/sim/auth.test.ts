// Authentication: X-Auth-Token against the configured tokens, AK/SK signatures verified with src/signer.ts
// (including requests from the official ECS SDK), and 401s in the gateway format. Secrets never leak.
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
import {
  ChangeServerOsWithoutCloudInitOption,
  ChangeServerOsWithoutCloudInitRequest,
  ChangeServerOsWithoutCloudInitRequestBody,
  DeleteServerMetadataRequest,
  EcsClient,
  ServerDetail,
  ShowJobRequest,
  ShowServerRequest,
  UpdateServerMetadataRequest,
  UpdateServerMetadataRequestBody,
} from '@huaweicloud/huaweicloud-sdk-ecs';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { signRequest } from '../../../src/signer.ts';
import { call, IMAGE, KEY, oneRequestPerOperation, PROJECT, pathOf, SERVER, send, startTestSim, TOKEN, violations } from './support/harness.ts';

let sim: Simulator;
const logLines: string[] = [];
beforeAll(async () => {
  sim = await startTestSim({ log: (line) => logLines.push(line) });
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

/** One valid request per operation (ShowJob gets a real job first). */
async function requests(): Promise<Array<{ operationId: string; params: Record<string, string>; headers?: Record<string, string>; body?: unknown }>> {
  const started = await call(sim.url, 'ChangeServerOsWithoutCloudInit', {
    params: { project_id: PROJECT, server_id: '2a1e7f3c-6b1d-4c55-9d8e-0f6a3b2c1d00' },
    body: { 'os-change': { imageid: IMAGE, keyname: 'kp', mode: 'withStopServer' } },
  });
  const jobId = String((started.json as { job_id: string }).job_id);
  return oneRequestPerOperation(jobId, { adminpass: 'Example-Passw0rd' });
}

const METHOD: Record<string, string> = {
  UpdateServerMetadata: 'POST',
  ChangeServerOsWithoutCloudInit: 'POST',
  ShowJob: 'GET',
  ShowServer: 'GET',
  DeleteServerMetadata: 'DELETE',
  UpdateBaremetalServerMetadata: 'POST',
  UpdateBaremetalServerMetadataItem: 'PUT',
  BatchCreateBaremetalServerTags: 'POST',
  UpdatePrivateProviderMetadata: 'PATCH',
};

/** Sends a request signed with our signer; `tamper` changes it after signing. */
async function signed(
  r: Awaited<ReturnType<typeof requests>>[number],
  opts: { ak?: string; sk?: string; date?: Date; tamper?: (h: Record<string, string>, body: string) => string; to?: Simulator } = {},
) {
  const base = opts.to?.url ?? sim.url;
  const path = pathOf(r.operationId, r.params);
  const body = r.body === undefined ? '' : JSON.stringify(r.body);
  const url = `${base}${path}`;
  const headers: Record<string, string> = { ...r.headers, ...(body ? { 'Content-Type': 'application/json' } : {}), Host: new URL(url).host };
  const signedHeaders = await signRequest(
    { method: METHOD[r.operationId] ?? 'GET', url, headers, body },
    { accessKey: opts.ak ?? KEY.access_key, secretKey: opts.sk ?? KEY.secret_key },
    opts.date ? { date: opts.date } : {},
  );
  const out: Record<string, string> = {};
  for (const [k, v] of signedHeaders) out[k] = v;
  const sentBody = opts.tamper ? opts.tamper(out, body) : body;
  return send(base, METHOD[r.operationId] ?? 'GET', path, out, sentBody || undefined);
}

describe('X-Auth-Token', () => {
  it('lets the configured token through and refuses a missing or wrong one with 401 APIGW.0301', async () => {
    for (const r of await requests()) {
      const ok = await call(sim.url, r.operationId, r);
      expect(ok.status, `${r.operationId}: ${ok.text}`).toBeLessThan(300);
      for (const token of [null, 'not-a-token']) {
        const res = await call(sim.url, r.operationId, { ...r, token });
        expect(violations(r.operationId, res)).toBe('');
        expect(res.status).toBe(401);
        expect(res.json).toMatchObject({ error_code: 'APIGW.0301', request_id: res.headers['x-request-id'] });
        expect(res.text).not.toContain('not-a-token');
      }
    }
  });
});

describe('AK/SK signatures (src/signer.ts verifySignature)', () => {
  it('accepts a correctly signed request for every operation', async () => {
    for (const r of await requests()) {
      const res = await signed(r);
      expect(violations(r.operationId, res)).toBe('');
      expect(res.status, `${r.operationId}: ${res.text}`).toBeLessThan(300);
    }
  });

  it.each([
    ['a wrong secret key', { sk: 'wrong-secret-key-123' }, 'signature mismatch'],
    ['an unknown access key', { ak: 'UNKNOWNAK' }, 'unknown access key'],
    ['a date 16 minutes in the past', { date: new Date(Date.now() - 16 * 60_000) }, 'too far'],
    ['a date 16 minutes in the future', { date: new Date(Date.now() + 16 * 60_000) }, 'too far'],
    ['a body changed after signing', { tamper: (_: Record<string, string>, body: string) => body.replace('"v"', '"w"') }, 'signature mismatch'],
    [
      'a signed header changed after signing',
      {
        tamper: (h: Record<string, string>, body: string) => {
          h['content-type'] = 'application/json; charset=utf-8';
          return body;
        },
      },
      'signature mismatch',
    ],
  ])('refuses %s with 401 APIGW.0301', async (_name, opts, reason) => {
    const [metadata] = await requests();
    const res = await signed(metadata!, opts);
    expect(violations('UpdateServerMetadata', res)).toBe('');
    expect(res.status).toBe(401);
    expect(res.json).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining(reason) });
    expect(res.text).not.toContain(KEY.secret_key);
  });

  it('refuses a body changed after signing with 401 even when every request draws an injected 429 or 500', async () => {
    const faulty = await startTestSim({ faults: { rate429: 1, rate5xx: 1, retryAfterSeconds: 1 } });
    try {
      const [metadata] = await requests();
      const tampered = await signed(metadata!, { to: faulty, tamper: (_h, body) => body.replace('"v"', '"w"') });
      expect(tampered.status).toBe(401);
      expect((await signed(metadata!, { to: faulty })).status).toBe(503);
    } finally {
      await faulty.close();
    }
  });

  it('accepts a date 14 minutes off', async () => {
    const [metadata] = await requests();
    expect((await signed(metadata!, { date: new Date(Date.now() - 14 * 60_000) })).status).toBe(200);
  });
});

describe('the official ECS SDK (@huaweicloud/huaweicloud-sdk-ecs) with AK/SK', () => {
  it('updates metadata, changes the OS and follows the job', async () => {
    const client = EcsClient.newBuilder()
      .withCredential(new BasicCredentials().withAk(KEY.access_key).withSk(KEY.secret_key).withProjectId(PROJECT))
      .withEndpoint(sim.url)
      .build();
    const metadata = await client.updateServerMetadata(
      new UpdateServerMetadataRequest().withServerId(SERVER).withBody(new UpdateServerMetadataRequestBody().withMetadata({ owner: 'sdk' })),
    );
    expect(metadata.httpStatusCode).toBe(200);
    expect(metadata.metadata).toEqual({ env: 'dev', owner: 'sdk' });

    const changed = await client.changeServerOsWithoutCloudInit(
      new ChangeServerOsWithoutCloudInitRequest()
        .withServerId(SERVER)
        .withBody(
          new ChangeServerOsWithoutCloudInitRequestBody().withOsChange(
            new ChangeServerOsWithoutCloudInitOption().withImageid(IMAGE).withAdminpass('Example-Passw0rd'),
          ),
        ),
    );
    // The SDK hands back the body as received (snake_case keys), plus httpStatusCode.
    const jobId = (changed as unknown as { job_id?: string }).job_id ?? '';
    expect(jobId).toMatch(/^[0-9a-f]{32}$/);
    sim.advanceJobs();
    const job = await client.showJob(new ShowJobRequest().withJobId(jobId));
    expect(job).toMatchObject({ httpStatusCode: 200, status: 'SUCCESS', job_id: jobId, entities: { sub_jobs: [{ status: 'SUCCESS' }] } });
  });

  it('reads the server back with showServer, every ServerDetail field filled, and deletes a key with deleteServerMetadata', async () => {
    const client = EcsClient.newBuilder()
      .withCredential(new BasicCredentials().withAk(KEY.access_key).withSk(KEY.secret_key).withProjectId(PROJECT))
      .withEndpoint(sim.url)
      .build();
    const shown = await client.showServer(new ShowServerRequest().withServerId(SERVER));
    expect(shown.httpStatusCode).toBe(200);
    const server = shown.server;
    expect(server).toMatchObject({
      id: SERVER,
      status: 'SHUTOFF',
      'OS-EXT-STS:vm_state': 'stopped',
      metadata: { env: 'dev' },
      image: { id: '1189efbf-d48b-46ad-a823-94b942e2a000' },
      flavor: { id: 's6.small.1' },
    });
    // The response model is filled: every field the SDK model's constructor sets (its always-present fields)
    // is in the answer, and so are the fixture's optional ones.
    const required = Object.getOwnPropertyNames(new ServerDetail());
    expect(required).toHaveLength(35);
    expect(
      required.filter((f) => !(f in (server ?? {}))),
      'ServerDetail fields the simulator left out',
    ).toEqual([]);
    expect(server).toHaveProperty('enterprise_project_id', '0');
    expect(server).toHaveProperty('sys_tags', [{ key: '_sys_enterprise_project_id', value: '0' }]);

    const deleted = await client.deleteServerMetadata(new DeleteServerMetadataRequest().withServerId(SERVER).withKey('env'));
    expect(deleted.httpStatusCode).toBe(204);
    const after = await client.showServer(new ShowServerRequest().withServerId(SERVER));
    expect(after.server?.metadata).toEqual({});
    // On a non-2xx the SDK dumps the request, credentials included, to stdout (log4js); keep it out of the test log.
    const quiet = vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
    try {
      await expect(client.deleteServerMetadata(new DeleteServerMetadataRequest().withServerId(SERVER).withKey('env'))).rejects.toMatchObject({
        name: 'ClientRequestException',
        httpStatusCode: 404,
        errorCode: 'Ecs.XXXX',
      });
    } finally {
      quiet.mockRestore();
    }
  });
});

describe('secrets stay out of the state dump and the request log', () => {
  it('has no token, secret key, signature or password in GET /__sim/state or the log lines', async () => {
    for (const r of await requests()) await signed(r);
    await call(sim.url, 'ChangeServerOsWithoutCloudInit', {
      params: { project_id: PROJECT, server_id: SERVER },
      body: { 'os-change': { imageid: IMAGE, adminpass: 'Example-Passw0rd' } },
    });
    const dump = (await send(sim.url, 'GET', '/__sim/state')).text;
    expect(dump).toContain(SERVER);
    expect(logLines.length).toBeGreaterThan(5);
    for (const text of [dump, logLines.join('\n')]) {
      for (const secret of [TOKEN, KEY.secret_key, 'Example-Passw0rd', 'SDK-HMAC-SHA256', 'Signature=']) expect(text).not.toContain(secret);
    }
  });
});
