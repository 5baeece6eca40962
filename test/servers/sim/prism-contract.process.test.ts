// Contract check by an independent validator: the simulator behind real Prism proxies (one per document, with
// --errors, all in one process: support/prism-proxies.mjs). Prism forwards only requests that conform, and answers
// 500 with `sl-violations` when the simulator's response does not conform. Here every scenario of the twelve
// operations (the BMS tags path with both actions), success and failure, must come back from Prism unchanged.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SERVICES } from '../../../src/openapi/documents.ts';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import {
  ACTIVE_SERVER,
  type Call,
  CLIENT_REQUEST_ID,
  call,
  ERROR_BMS,
  ERROR_SERVER,
  field,
  IMAGE,
  PROJECT,
  PROVIDER,
  PROVIDER_ID,
  type Response,
  SERVER,
  startTestSim,
  UNKNOWN_IMAGE,
  UNKNOWN_SERVER,
  violations,
} from './support/harness.ts';
import { type PrismProxies, startPrismProxies } from './support/prism.ts';

let sim: Simulator;
let prism: PrismProxies | undefined;
const documentOf = (api: string): string => `generated/openapi/${api}.yaml`;
beforeAll(async () => {
  sim = await startTestSim({ jobDurations: { initMs: 10_000, stopMs: 10_000, runMs: 10_000 } });
  prism = await startPrismProxies(SERVICES.map(documentOf), sim.url);
}, 60_000);
afterAll(async () => {
  await prism?.stop();
  await sim?.close();
});

const API: Record<string, string> = {
  UpdateServerMetadata: 'ecs',
  ChangeServerOsWithoutCloudInit: 'ecs',
  ShowJob: 'ecs',
  ShowServer: 'ecs',
  DeleteServerMetadata: 'ecs',
  UpdateBaremetalServerMetadata: 'bms',
  UpdateBaremetalServerMetadataItem: 'bms',
  BatchCreateBaremetalServerTags: 'bms',
  ShowBaremetalServerTags: 'bms',
  ListBareMetalServerDetails: 'bms',
  UpdatePrivateProviderMetadata: 'rfs',
  ShowPrivateProviderMetadata: 'rfs',
};

/** Through Prism; asserts the expected status, that Prism saw no violation, and our own check agrees. */
async function viaPrism(operationId: string, c: Call, status: number): Promise<Response> {
  const res = await call(prism?.urls[documentOf(API[operationId] ?? '')] ?? '', operationId, c);
  expect(res.headers['sl-violations'], res.text).toBeUndefined();
  expect(res.status, res.text).toBe(status);
  expect(res.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/);
  expect(violations(operationId, res)).toBe('');
  return res;
}

const ecs = (server: string) => ({ project_id: PROJECT, server_id: server });
const os = (change: Record<string, unknown>) => ({ 'os-change': { imageid: IMAGE, keyname: 'kp', ...change } });
const rfs = { params: { provider_name: PROVIDER }, headers: { 'Client-Request-Id': CLIENT_REQUEST_ID } };

describe('simulator responses pass Prism proxy validation', () => {
  it('ECS: metadata, change OS, jobs — successes and every documented failure', async () => {
    sim.reset();
    await viaPrism('UpdateServerMetadata', { params: ecs(SERVER), body: { metadata: { key: 'value' } } }, 200);
    await viaPrism('UpdateServerMetadata', { params: ecs(UNKNOWN_SERVER), body: { metadata: { key: 'value' } } }, 404);
    await viaPrism('UpdateServerMetadata', { params: ecs(ERROR_SERVER), body: { metadata: { key: 'value' } } }, 400);
    await viaPrism('UpdateServerMetadata', { params: ecs(SERVER), body: { metadata: { key: 'value' } }, token: 'wrong-token' }, 401);
    const metadataKey = (server: string, key: string) => ({ params: { ...ecs(server), key } });
    await viaPrism('ShowServer', { params: ecs(SERVER) }, 200);
    await viaPrism('ShowServer', { params: ecs(UNKNOWN_SERVER) }, 404);
    await viaPrism('ShowServer', { params: ecs(ERROR_SERVER) }, 200); // with its fault
    await viaPrism('DeleteServerMetadata', metadataKey(SERVER, 'key'), 204);
    await viaPrism('DeleteServerMetadata', metadataKey(SERVER, 'key'), 404); // gone
    await viaPrism('DeleteServerMetadata', metadataKey(UNKNOWN_SERVER, 'key'), 404);
    await viaPrism('DeleteServerMetadata', metadataKey(ERROR_SERVER, 'key'), 400);
    await viaPrism('ChangeServerOsWithoutCloudInit', { params: ecs(ACTIVE_SERVER), body: os({}) }, 400);
    const job = String(
      field(await viaPrism('ChangeServerOsWithoutCloudInit', { params: ecs(ACTIVE_SERVER), body: os({ mode: 'withStopServer' }) }, 200), 'job_id'),
    );
    const failing = String(
      field(await viaPrism('ChangeServerOsWithoutCloudInit', { params: ecs(SERVER), body: os({ imageid: UNKNOWN_IMAGE }) }, 200), 'job_id'),
    );
    await viaPrism('ChangeServerOsWithoutCloudInit', { params: ecs(SERVER), body: os({}) }, 400); // busy
    await viaPrism('UpdateServerMetadata', { params: ecs(SERVER), body: { metadata: { key: 'value' } } }, 400); // busy
    for (const step of [0, 15_000, 10_000, undefined]) {
      if (step !== 0) sim.advanceJobs(step);
      await viaPrism('ShowJob', { params: { project_id: PROJECT, job_id: job } }, 200);
      await viaPrism('ShowJob', { params: { project_id: PROJECT, job_id: failing } }, 200);
      await viaPrism('ShowServer', { params: ecs(ACTIVE_SERVER) }, 200); // powering-off, REBUILD, ACTIVE
    }
    expect(field(await viaPrism('ShowJob', { params: { project_id: PROJECT, job_id: failing } }, 200), 'status')).toBe('FAIL');
    await viaPrism('ShowJob', { params: { project_id: PROJECT, job_id: 'no-such-job' } }, 400);
    sim.advanceJobs(24 * 60 * 60 * 1000); // a day later: expired
    await viaPrism('ShowJob', { params: { project_id: PROJECT, job_id: failing } }, 400);
  });

  it('BMS: metadata (both APIs), tags (created, read, deleted) and server details — successes and every documented failure', async () => {
    sim.reset();
    const metadata = (entries: Record<string, string>, server = SERVER) => ({ params: ecs(server), body: { metadata: entries } });
    await viaPrism('UpdateBaremetalServerMetadata', metadata({ key: 'value' }), 200);
    await viaPrism('UpdateBaremetalServerMetadata', metadata({}), 200);
    await viaPrism('UpdateBaremetalServerMetadata', metadata({ k: 'v' }, UNKNOWN_SERVER), 400);
    await viaPrism('UpdateBaremetalServerMetadata', metadata({ k: 'v' }, ERROR_BMS), 400);
    await viaPrism('UpdateBaremetalServerMetadata', metadata(Object.fromEntries(Array.from({ length: 128 }, (_, i) => [`k${i}`, 'v']))), 400);
    await viaPrism('UpdateBaremetalServerMetadata', { ...metadata({}), token: 'wrong-token' }, 401);
    const item = (key: string, meta: Record<string, string>, server = SERVER) => ({ params: { ...ecs(server), key }, body: { meta } });
    await viaPrism('UpdateBaremetalServerMetadataItem', item('key', { key: 'value' }), 200);
    await viaPrism('UpdateBaremetalServerMetadataItem', item('key', { other: 'value' }), 400);
    await viaPrism('UpdateBaremetalServerMetadataItem', item('k', { k: 'é'.repeat(128) }), 400);
    await viaPrism('UpdateBaremetalServerMetadataItem', item('k', { k: 'v' }, UNKNOWN_SERVER), 404);
    await viaPrism('UpdateBaremetalServerMetadataItem', item('k', { k: 'v' }, ERROR_BMS), 409);
    await viaPrism('UpdateBaremetalServerMetadataItem', { ...item('k', { k: 'v' }), token: 'wrong-token' }, 401);
    await viaPrism('UpdateBaremetalServerMetadata', metadata(Object.fromEntries(Array.from({ length: 127 }, (_, i) => [`k${i}`, 'v']))), 200);
    await viaPrism('UpdateBaremetalServerMetadataItem', item('one-more', { 'one-more': 'v' }), 403); // 128 stored: Nova's quota
    const tags = (list: Array<{ key: string; value?: string }>, server = SERVER) => ({ params: ecs(server), body: { action: 'create', tags: list } });
    await viaPrism('BatchCreateBaremetalServerTags', tags([{ key: 'key1', value: 'value1' }, { key: 'team' }]), 204);
    await viaPrism('BatchCreateBaremetalServerTags', tags([{ key: 'a' }, { key: 'a' }]), 400);
    await viaPrism('BatchCreateBaremetalServerTags', tags(Array.from({ length: 19 }, (_, i) => ({ key: `k${i}` }))), 400);
    await viaPrism('BatchCreateBaremetalServerTags', tags([{ key: 'k' }], UNKNOWN_SERVER), 404);
    await viaPrism('BatchCreateBaremetalServerTags', { ...tags([{ key: 'k' }]), token: 'wrong-token' }, 401);
    // Read back, delete (the same path, action delete), read again.
    await viaPrism('ShowBaremetalServerTags', { params: ecs(SERVER) }, 200);
    await viaPrism('ShowBaremetalServerTags', { params: ecs(UNKNOWN_SERVER) }, 404);
    await viaPrism('ShowBaremetalServerTags', { params: ecs(SERVER), token: 'wrong-token' }, 401);
    await viaPrism('BatchCreateBaremetalServerTags', { params: ecs(SERVER), body: { action: 'delete', tags: [{ key: 'team' }] } }, 204);
    await viaPrism('BatchCreateBaremetalServerTags', { params: ecs(UNKNOWN_SERVER), body: { action: 'delete', tags: [{ key: 'team' }] } }, 404);
    await viaPrism('ShowBaremetalServerTags', { params: ecs(ERROR_BMS) }, 200);
    for (const server of [SERVER, ERROR_BMS]) await viaPrism('ListBareMetalServerDetails', { params: ecs(server) }, 200);
    await viaPrism('ListBareMetalServerDetails', { params: ecs(UNKNOWN_SERVER) }, 404);
    await viaPrism('ListBareMetalServerDetails', { params: ecs(SERVER), token: 'wrong-token' }, 401);
  });

  it('RFS: private provider metadata, written and read — successes and every documented failure', async () => {
    sim.reset();
    await viaPrism('UpdatePrivateProviderMetadata', { ...rfs, body: { provider_description: 'd', provider_id: PROVIDER_ID } }, 204);
    await viaPrism('UpdatePrivateProviderMetadata', { ...rfs, body: { provider_description: 'd', provider_id: PROVIDER_ID.replace(/3$/, '4') } }, 400);
    await viaPrism('UpdatePrivateProviderMetadata', { ...rfs, body: {} }, 400); // nothing to update
    await viaPrism('UpdatePrivateProviderMetadata', { ...rfs, body: { provider_id: PROVIDER_ID } }, 400);
    await viaPrism('UpdatePrivateProviderMetadata', { ...rfs, params: { provider_name: 'no-such-provider' }, body: { provider_description: 'd' } }, 404);
    await viaPrism('UpdatePrivateProviderMetadata', { ...rfs, body: { provider_description: 'd' }, token: 'wrong-token' }, 401);
    await viaPrism('ShowPrivateProviderMetadata', rfs, 200);
    await viaPrism('ShowPrivateProviderMetadata', { ...rfs, params: { provider_name: 'no-such-provider' } }, 404);
    await viaPrism('ShowPrivateProviderMetadata', { ...rfs, token: 'wrong-token' }, 401);
  });
});
