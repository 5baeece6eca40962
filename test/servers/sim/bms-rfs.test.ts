// BMS (native metadata item, tags) and RFS (private provider metadata) behaviour of the simulator.
// Every response is also checked against its document.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import {
  type Call,
  CLIENT_REQUEST_ID,
  conformingCall,
  ERROR_BMS,
  errorMessage,
  PROJECT,
  PROVIDER,
  PROVIDER_ID,
  call as rawCall,
  SERVER,
  startTestSim,
  UNKNOWN_SERVER,
  violations,
} from './support/harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());
beforeEach(() => sim.reset());

const call = (operationId: string, c: Call) => conformingCall(sim.url, operationId, c);
const bms = (id = SERVER) => sim.state.baremetal_servers.find((b) => b.id === id);

describe('UpdateBaremetalServerMetadataItem (native OpenStack)', () => {
  const put = (key: string, meta: Record<string, string>, server = SERVER) =>
    call('UpdateBaremetalServerMetadataItem', { params: { project_id: PROJECT, server_id: server, key }, body: { meta } });

  it('sets the item and echoes it', async () => {
    const res = await put('env', { env: 'prod' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ meta: { env: 'prod' } });
    await put('env', { env: 'staging' });
    expect(bms()?.metadata).toEqual({ env: 'staging' });
  });

  it('refuses a body key different from the path key with a Nova badRequest', async () => {
    const res = await put('key', { other: 'value' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ badRequest: { code: 400, message: 'Metadata item key and URI key do not match.' } });
    expect(bms()?.metadata).toEqual({});
  });

  it('counts key and value in UTF-8 bytes: 255 pass, 256 are refused', async () => {
    // 'k' + 127 × 'é' (2 bytes each) = 255 bytes; 128 × 'é' = 257 bytes, still only 129 characters.
    expect((await put('k', { k: 'é'.repeat(127) })).status).toBe(200);
    const res = await put('k', { k: 'é'.repeat(128) });
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toContain('257 bytes');
    expect(bms()?.metadata).toEqual({ k: 'é'.repeat(127) });
  });

  it('names the field and rule for a forbidden character, in the Nova format', async () => {
    const res = await put('a?b', { 'a?b': 'v' });
    expect(res.status).toBe(400);
    // Both places the key breaks the rule are named, in one answer.
    expect(errorMessage(res)).toMatch(/^path\.key: pattern: must match \S+; body\.meta\["a\?b"\]: pattern: must match \S+$/);
    const value = await put('k', { k: 'say "hi"' });
    expect(errorMessage(value)).toMatch(/^body\.meta\.k: pattern: must match \S+$/);
  });

  it('answers itemNotFound for an unknown server and conflictingRequest for one in vm_state error', async () => {
    const unknown = await put('k', { k: 'v' }, UNKNOWN_SERVER);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toHaveProperty('itemNotFound.code', 404);
    const broken = await put('k', { k: 'v' }, ERROR_BMS);
    expect(broken.status).toBe(409);
    expect(broken.json).toHaveProperty('conflictingRequest.message', expect.stringContaining('vm_state error'));
  });
});

describe('BatchCreateBaremetalServerTags', () => {
  const tags = (list: Array<{ key: string; value?: string }>, server = SERVER) =>
    call('BatchCreateBaremetalServerTags', { params: { project_id: PROJECT, server_id: server }, body: { action: 'create', tags: list } });
  const many = (n: number, prefix = 'k') => Array.from({ length: n }, (_, i) => ({ key: `${prefix}${i}`, value: `v${i}` }));

  it('adds tags (204, no body); same key and value is a no-op; same key with a new value overwrites', async () => {
    const res = await tags([
      { key: 'key1', value: 'value1' },
      { key: 'key2', value: 'value3' },
    ]);
    expect(res.status).toBe(204);
    expect(res.text).toBe('');
    expect((await tags([{ key: 'key1', value: 'value1' }])).status).toBe(204);
    expect((await tags([{ key: 'key2', value: 'value2' }, { key: 'team' }])).status).toBe(204);
    expect(bms()?.tags).toEqual([
      { key: 'key1', value: 'value1' },
      { key: 'key2', value: 'value2' },
      { key: 'team', value: '' },
    ]);
  });

  it('refuses duplicate keys within one request, applying nothing', async () => {
    const res = await tags([{ key: 'a', value: '1' }, { key: 'b' }, { key: 'a', value: '2' }]);
    expect(res.status).toBe(400);
    expect(res.json).toMatchObject({ error: { code: 'BMS.0001', message: expect.stringContaining('tags[2].key repeats tags[0].key') } });
    expect(bms()?.tags).toEqual([]);
  });

  it('refuses, whole, a request that would take the server past 20 tags', async () => {
    await tags(many(18));
    const refused = await tags([{ key: 'k0', value: 'changed' }, ...many(3, 'new')]);
    expect(refused.status).toBe(400);
    expect(errorMessage(refused)).toContain('at most 20 tags');
    expect(bms()?.tags).toHaveLength(18);
    expect(bms()?.tags?.[0]).toEqual({ key: 'k0', value: 'v0' }); // the overwrite in the refused request did not happen
    expect((await tags(many(2, 'new'))).status).toBe(204);
    expect((await tags([{ key: 'k0', value: 'changed' }])).status).toBe(204); // at 20, overwriting is still fine
    expect(bms()?.tags).toHaveLength(20);
  });

  it('answers 404 BMS.0404 for an unknown server and names field and rule for a bad tag', async () => {
    expect((await tags(many(1), UNKNOWN_SERVER)).json).toMatchObject({ error: { code: 'BMS.0404' } });
    const bad = await tags([{ key: 'a=b' }]);
    expect(bad.status).toBe(400);
    expect(errorMessage(bad)).toMatch(/^body\.tags\[0\]\.key: pattern: must match \S+$/);
  });
});

describe('UpdatePrivateProviderMetadata', () => {
  const patch = (body: unknown, name = PROVIDER, headers: Record<string, string> = { 'Client-Request-Id': CLIENT_REQUEST_ID }) =>
    call('UpdatePrivateProviderMetadata', { params: { provider_name: name }, headers, body });
  const provider = () => sim.state.private_providers.find((p) => p.name === PROVIDER);

  it('updates the description and refreshes update_time (204)', async () => {
    const before = provider()?.update_time ?? '';
    const res = await patch({ provider_description: 'updated', provider_id: PROVIDER_ID });
    expect(res.status).toBe(204);
    expect(provider()?.description).toBe('updated');
    expect(Date.parse(provider()?.update_time ?? '')).toBeGreaterThan(Date.parse(before));
    // Setting the same value again is still an update: the time moves on.
    const first = provider()?.update_time;
    await new Promise((r) => setTimeout(r, 5));
    expect((await patch({ provider_description: 'updated' })).status).toBe(204);
    expect(provider()?.update_time).not.toBe(first);
  });

  it('refuses an empty body, {} and a body with nothing to update (400, flat RFS format)', async () => {
    const none = await rawCall(sim.url, 'UpdatePrivateProviderMetadata', {
      params: { provider_name: PROVIDER },
      headers: { 'Client-Request-Id': CLIENT_REQUEST_ID },
    });
    expect(violations('UpdatePrivateProviderMetadata', none)).toBe('');
    expect(none.json).toEqual({ error_code: 'LPA.00000400', error_msg: 'body: required: is required' });
    expect((await patch({})).json).toMatchObject({ error_code: 'LPA.00000400', error_msg: expect.stringContaining('minProperties') });
    // Refused by the document's schema (provider_description is required), before the handler runs.
    expect((await patch({ provider_id: PROVIDER_ID })).json).toMatchObject({
      error_code: 'LPA.00000400',
      error_msg: 'body.provider_description: required: is required',
    });
    expect(provider()?.update_time).toBe('2024-03-01T08:00:00.000Z');
  });

  it('refuses a provider_id that is not the current one (400) and an unknown provider (404)', async () => {
    const mismatch = await patch({ provider_description: 'x', provider_id: '1b15e005-bdbb-4bd7-8f9a-a09b6774b4b4' });
    expect(mismatch.status).toBe(400);
    expect(errorMessage(mismatch)).toContain('does not match');
    expect(provider()?.description).toBe('my first private provider');
    const unknown = await patch({ provider_description: 'x' }, 'no-such-provider');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toMatchObject({ error_code: 'LPA.00000404' });
  });

  it('requires Client-Request-Id of 36 to 128 characters', async () => {
    const missing = await patch({ provider_description: 'x' }, PROVIDER, {});
    expect(errorMessage(missing)).toBe('header.Client-Request-Id: required: is required');
    const short = await patch({ provider_description: 'x' }, PROVIDER, { 'Client-Request-Id': 'abc' });
    expect(errorMessage(short)).toBe('header.Client-Request-Id: minLength: must NOT have fewer than 36 characters');
  });
});
