// BMS (metadata through the current API and the deprecated Nova one, tags) and RFS (private provider metadata)
// behaviour of the simulator. Every response is also checked against its document.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { BMS_METADATA_LIMIT } from '../../../src/servers/sim/world.ts';
import {
  type Call,
  CLIENT_REQUEST_ID,
  conformingCall,
  documentedError,
  ERROR_BMS,
  errorMessage,
  field,
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
const postMetadata = (metadata: Record<string, string>, server = SERVER) =>
  call('UpdateBaremetalServerMetadata', { params: { project_id: PROJECT, server_id: server }, body: { metadata } });

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

  it('refuses a body key different from the path key with Nova\'s badRequest "Request body and URI mismatch"', async () => {
    const res = await put('key', { other: 'value' });
    expect(res.status).toBe(400);
    expect(res.json).toEqual({ badRequest: { code: 400, message: 'Request body and URI mismatch' } });
    expect(bms()?.metadata).toEqual({});
  });

  it('counts the key and the value in UTF-8 bytes, each: 255 pass, 256 are refused', async () => {
    // 127 × 'é' (2 bytes each) + 'a' = 255 bytes; 128 × 'é' = 256 bytes, still only 128 characters.
    const value255 = `${'é'.repeat(127)}a`;
    const key255 = `${'é'.repeat(127)}k`;
    expect((await put(key255, { [key255]: value255 })).status).toBe(200); // 510 bytes together: no combined limit
    const res = await put('k', { k: 'é'.repeat(128) });
    expect(res.status).toBe(400);
    expect(errorMessage(res)).toBe('body.meta.k: x-max-bytes: must NOT be longer than 255 bytes (UTF-8)');
    const key = await put('é'.repeat(128), { ['é'.repeat(128)]: 'v' });
    expect(errorMessage(key)).toMatch(/^path\.key: x-max-bytes: must NOT be longer than 255 bytes \(UTF-8\); body\.meta\S*: x-max-bytes: /);
    expect(bms()?.metadata).toEqual({ [key255]: value255 });
  });

  it('names the field and rule for a forbidden character, in the Nova format', async () => {
    const res = await put('a?b', { 'a?b': 'v' });
    expect(res.status).toBe(400);
    // Both places the key breaks the rule are named, in one answer.
    expect(errorMessage(res)).toMatch(/^path\.key: pattern: must match \S+; body\.meta\["a\?b"\]: pattern: must match \S+$/);
    const value = await put('k', { k: 'say "hi"' });
    expect(errorMessage(value)).toMatch(/^body\.meta\.k: pattern: must match \S+$/);
  });

  it("answers itemNotFound for an unknown server and conflictingRequest for one in vm_state error, in Nova's words", async () => {
    const unknown = await put('k', { k: 'v' }, UNKNOWN_SERVER);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ itemNotFound: { code: 404, message: `Instance ${UNKNOWN_SERVER} could not be found.` } });
    const broken = await put('k', { k: 'v' }, ERROR_BMS);
    expect(broken.status).toBe(409);
    expect(broken.json).toEqual({ conflictingRequest: { code: 409, message: `Cannot 'update metadata' instance ${ERROR_BMS} while it is in vm_state error` } });
  });

  it(`refuses a new key once ${BMS_METADATA_LIMIT} are stored with 403 forbidden (Nova's quota), and still overwrites`, async () => {
    const many = Object.fromEntries(Array.from({ length: BMS_METADATA_LIMIT - 1 }, (_, i) => [`k${i}`, 'v']));
    expect((await postMetadata(many)).status).toBe(200);
    expect((await put('last', { last: 'v' })).status).toBe(200);
    const refused = await put('one-more', { 'one-more': 'v' });
    expect(refused.status).toBe(403);
    expect(refused.json).toEqual({ forbidden: { code: 403, message: 'Maximum number of metadata items exceeds 128' } });
    expect(documentedError('UpdateBaremetalServerMetadataItem', 403, 'quota').value).toEqual(refused.json); // Nova's own text
    expect((await put('k0', { k0: 'changed' })).status).toBe(200);
    expect(Object.keys(bms()?.metadata ?? {})).toHaveLength(BMS_METADATA_LIMIT);
  });
});

describe('UpdateBaremetalServerMetadata (the successor)', () => {
  it('merges into the same metadata as the Nova API and answers with all pairs', async () => {
    await call('UpdateBaremetalServerMetadataItem', { params: { project_id: PROJECT, server_id: SERVER, key: 'env' }, body: { meta: { env: 'prod' } } });
    const res = await postMetadata({ owner: 'team-a', env: 'staging' });
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ metadata: { env: 'staging', owner: 'team-a' } });
    expect(bms()?.metadata).toEqual({ env: 'staging', owner: 'team-a' });
  });

  it('answers {metadata: {}} with all pairs and changes nothing', async () => {
    await postMetadata({ env: 'prod' });
    const res = await postMetadata({});
    expect(res.status).toBe(200);
    expect(res.json).toEqual({ metadata: { env: 'prod' } });
  });

  it('answers 400 BMS.0040 for an unknown server or one of another project (no 404)', async () => {
    const unknown = await postMetadata({ k: 'v' }, UNKNOWN_SERVER);
    expect(unknown.status).toBe(400);
    expect(unknown.json).toEqual({ error: { code: 'BMS.0040', message: 'The server does not exist.' } });
    const foreign = await call('UpdateBaremetalServerMetadata', { params: { project_id: 'another-project', server_id: SERVER }, body: { metadata: {} } });
    expect(foreign.json).toEqual(unknown.json);
  });

  it("refuses a server whose vm_state does not allow it with 400 and the document's example code", async () => {
    const res = await postMetadata({ k: 'v' }, ERROR_BMS);
    expect(res.status).toBe(400);
    const example = documentedError('UpdateBaremetalServerMetadata', 400, 'VmState');
    expect(field(res, 'error', 'code')).toBe(example.code);
    expect(errorMessage(res)).toBe(
      `${example.message} Server ${ERROR_BMS} is in vm_state error; metadata can be updated only in vm_state active, stopped, paused.`,
    );
    expect(bms(ERROR_BMS)?.metadata).toEqual({});
  });

  it(`keeps at most ${BMS_METADATA_LIMIT} items per server: a merge past it is refused whole with 400 BMS.0001`, async () => {
    const keys = (n: number, prefix: string) => Object.fromEntries(Array.from({ length: n }, (_, i) => [`${prefix}${i}`, 'v']));
    expect((await postMetadata(keys(BMS_METADATA_LIMIT - 1, 'a'))).status).toBe(200);
    const refused = await postMetadata({ ...keys(2, 'b'), a0: 'changed' });
    expect(refused.status).toBe(400);
    expect(field(refused, 'error', 'code')).toBe('BMS.0001');
    expect(errorMessage(refused)).toBe(
      `body.metadata: metadata-quota: the server would hold ${BMS_METADATA_LIMIT + 1} metadata items; this simulator keeps at most ${BMS_METADATA_LIMIT} per bare metal server (OpenStack Nova's default quota; BMS publishes none). Nothing was changed.`,
    );
    expect(bms()?.metadata?.a0).toBe('v');
    expect((await postMetadata({ ...keys(1, 'b'), a0: 'changed' })).status).toBe(200); // exactly the limit
    expect(Object.keys(bms()?.metadata ?? {})).toHaveLength(BMS_METADATA_LIMIT);
  });

  it('names the field and rule of a bad key, in the BMS format', async () => {
    const res = await postMetadata({ 'a b': 'v' });
    expect(res.status).toBe(400);
    expect(field(res, 'error', 'code')).toBe('BMS.0001');
    expect(errorMessage(res)).toBe('body.metadata["a b"]: pattern: must match ^[A-Za-z0-9_:.-]+$');
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
    expect(res.json).toMatchObject({ error: { code: 'BMS.0001', message: 'body.tags[2].key: unique: repeats tags[0].key; tag keys must be unique' } });
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

  it('answers 404 BMS.0040 for an unknown server and names field and rule for a bad tag', async () => {
    const unknown = await tags(many(1), UNKNOWN_SERVER);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'BMS.0040', message: 'The server does not exist.' } });
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

  it('refuses a request without a body (RF.10011032), and {} or provider_id alone: nothing to update (RF.10011084)', async () => {
    const none = await rawCall(sim.url, 'UpdatePrivateProviderMetadata', {
      params: { provider_name: PROVIDER },
      headers: { 'Client-Request-Id': CLIENT_REQUEST_ID },
    });
    expect(violations('UpdatePrivateProviderMetadata', none)).toBe('');
    expect(none.json).toEqual({ error_code: 'RF.10011032', error_msg: 'body: required: is required' });
    const nothing = { error_code: 'RF.10011084', error_msg: 'No parameters in the request need to be modified.' };
    expect((await patch({})).json).toEqual(nothing);
    expect((await patch({ provider_id: PROVIDER_ID })).json).toEqual(nothing);
    // A request-only rule: answered before the provider is looked up.
    expect((await patch({}, 'no-such-provider')).json).toEqual(nothing);
    expect(provider()?.update_time).toBe('2024-03-01T08:00:00.000Z');
  });

  it('refuses a provider_id that is not the current one (400) and an unknown provider (404), with the documented examples', async () => {
    const mismatch = await patch({ provider_description: 'x', provider_id: '1b15e005-bdbb-4bd7-8f9a-a09b6774b4b4' });
    expect(mismatch.status).toBe(400);
    expect(mismatch.json).toEqual(documentedError('UpdatePrivateProviderMetadata', 400, 'ProviderIdMismatch').value);
    expect(provider()?.description).toBe('my first private provider');
    const unknown = await patch({ provider_description: 'x' }, 'no-such-provider');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual(documentedError('UpdatePrivateProviderMetadata', 404, 'ProviderNotFound').value);
    for (const res of [mismatch, unknown]) expect(String(field(res, 'error_code'))).toHaveLength(11);
  });

  it('gives each kind of broken rule its RFS code', async () => {
    const code = async (body: unknown, name = PROVIDER, headers: Record<string, string> = { 'Client-Request-Id': CLIENT_REQUEST_ID }) =>
      field(await patch(body, name, headers), 'error_code');
    expect(await code({ provider_description: 'x' }, PROVIDER, {})).toBe('RF.10011001');
    expect(await code({ provider_description: 'x', provider_name: 'p' })).toBe('RF.10011002');
    expect(await code({ provider_description: 'd'.repeat(1025) })).toBe('RF.10011005');
    expect(await code({ provider_description: 'x' }, 'Bad-Name')).toBe('RF.10011166');
    expect(await code({ provider_description: 'x' }, PROVIDER, { 'Client-Request-Id': 'abc' })).toBe('RF.10011006');
    expect(await code('{"provider_description": ')).toBe('RF.10011033');
  });

  it('requires Client-Request-Id of 36 to 128 characters', async () => {
    const missing = await patch({ provider_description: 'x' }, PROVIDER, {});
    expect(errorMessage(missing)).toBe('header.Client-Request-Id: required: is required');
    const short = await patch({ provider_description: 'x' }, PROVIDER, { 'Client-Request-Id': 'abc' });
    expect(errorMessage(short)).toBe('header.Client-Request-Id: minLength: must NOT have fewer than 36 characters');
  });
});
