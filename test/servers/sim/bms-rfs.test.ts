// BMS (metadata through the current API and the deprecated Nova one, tags, the server's details) and RFS (private
// provider metadata) behaviour of the simulator: the writes, and the reads and deletes beside them. Every response
// is also checked against its document.
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { responseExamples } from '../../../src/openapi/documents.ts';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { BMS_METADATA_LIMIT } from '../../../src/servers/sim/world.ts';
import { loadDocument, operation } from '../../support/openapi.ts';
import {
  type Call,
  CLIENT_REQUEST_ID,
  conformingCall,
  documentedError,
  ERROR_BMS,
  errorMessage,
  field,
  fixture,
  PROJECT,
  PROVIDER,
  PROVIDER_ID,
  call as rawCall,
  SERVER,
  send,
  startTestSim,
  TOKEN,
  UNKNOWN_SERVER,
  violations,
} from './support/harness.ts';

/** The value of an operation's first example for a status. */
function documentedExample(operationId: string, status: number): Record<string, unknown> {
  const op = operation(operationId);
  return responseExamples(loadDocument(op.api), op, status)[0]?.value as Record<string, unknown>;
}

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
    // The clock has moved past the first update (its times have millisecond resolution): no fixed sleep.
    await vi.waitFor(() => expect(Date.now()).toBeGreaterThan(Date.parse(first ?? '')));
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

// Issue 20: every write above reads back, and every delete is gone on the next read.
describe('BatchDeleteBaremetalServerTags (action delete on the tags path) and ShowBaremetalServerTags', () => {
  const path = (server = SERVER) => ({ project_id: PROJECT, server_id: server });
  const action = (act: 'create' | 'delete', list: Array<{ key: string; value?: string }>, server = SERVER) =>
    call('BatchCreateBaremetalServerTags', { params: path(server), body: { action: act, tags: list } });
  const read = (server = SERVER) => call('ShowBaremetalServerTags', { params: path(server) });

  it('reads back what the create added, and a deleted tag is gone on the next read', async () => {
    expect((await read()).json).toEqual({ tags: [] });
    await action('create', [{ key: 'key1', value: 'value1' }, { key: 'key2', value: 'value3' }, { key: 'team' }]);
    expect((await read()).json).toEqual({
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key2', value: 'value3' },
        { key: 'team', value: '' },
      ],
    });
    const deleted = await action('delete', [{ key: 'key1', value: 'value1' }, { key: 'team' }]);
    expect(deleted.status).toBe(204);
    expect(deleted.text).toBe('');
    expect((await read()).json).toEqual({ tags: [{ key: 'key2', value: 'value3' }] });
  });

  it('is idempotent: deleting a tag the server does not have succeeds and changes nothing; a differing value keeps the tag', async () => {
    await action('create', [{ key: 'env', value: 'prod' }]);
    const before = sim.state;
    expect((await action('delete', [{ key: 'absent' }, { key: 'env', value: 'dev' }])).status).toBe(204);
    expect(sim.state).toEqual(before);
    expect((await action('delete', [{ key: 'env' }])).status).toBe(204);
    expect((await action('delete', [{ key: 'env' }])).status).toBe(204);
    expect((await read()).json).toEqual({ tags: [] });
  });

  it('deletes from a server in any state (the page names none) and frees room under the 20-tag limit', async () => {
    expect((await action('delete', [{ key: 'team', value: 'infra' }], ERROR_BMS)).status).toBe(204);
    expect((await read(ERROR_BMS)).json).toEqual({ tags: [] });
    const many = Array.from({ length: 20 }, (_, i) => ({ key: `k${i}` }));
    await action('create', many);
    expect((await action('create', [{ key: 'new' }])).status).toBe(400);
    await action('delete', [{ key: 'k0' }]);
    expect((await action('create', [{ key: 'new' }])).status).toBe(204);
  });

  it('answers an unknown server with 404 BMS.0040 for the delete and the read, and an unknown action names field and rule', async () => {
    const notFound = { error: { code: 'BMS.0040', message: 'The server does not exist.' } };
    for (const res of [await action('delete', [{ key: 'k' }], UNKNOWN_SERVER), await read(UNKNOWN_SERVER)]) {
      expect(res.status).toBe(404);
      expect(res.json).toEqual(notFound);
    }
    const bad = await rawCall(sim.url, 'BatchCreateBaremetalServerTags', { params: path(), body: { action: 'update', tags: [] } });
    expect(bad.status).toBe(400);
    expect(errorMessage(bad)).toBe('body.action: enum: must be one of "create", "delete"');
    const keyless = await rawCall(sim.url, 'BatchCreateBaremetalServerTags', { params: path(), body: { action: 'delete', tags: [{ value: 'v' }] } });
    expect(errorMessage(keyless)).toBe('body.tags[0].key: required: is required');
  });
});

describe('ListBareMetalServerDetails', () => {
  const details = (server = SERVER) => call('ListBareMetalServerDetails', { params: { project_id: PROJECT, server_id: server } });
  const server = async (id = SERVER) => field(await details(id), 'server') as Record<string, unknown>;

  it('fills every field from the documented example, and identity and state from the world', async () => {
    const res = await details();
    expect(res.status).toBe(200);
    const example = documentedExample('ListBareMetalServerDetails', 200).server as Record<string, unknown>;
    const got = field(res, 'server') as Record<string, unknown>;
    expect(Object.keys(got).sort()).toEqual(Object.keys(example).sort());
    expect(got).toMatchObject({ id: SERVER, name: 'bms-docs-example', tenant_id: PROJECT, status: 'ACTIVE', 'OS-EXT-STS:vm_state': 'active' });
    expect(await server(ERROR_BMS)).toMatchObject({ status: 'ERROR', 'OS-EXT-STS:vm_state': 'error', tags: ['team=infra'] });
  });

  it('shows metadata written through both BMS metadata APIs, beside the service keys', async () => {
    await postMetadata({ env: 'production' });
    const put = await call('UpdateBaremetalServerMetadataItem', {
      params: { project_id: PROJECT, server_id: SERVER, key: 'owner' },
      body: { meta: { owner: 'team-a' } },
    });
    expect(put.status).toBe(200);
    const { metadata } = (await server()) as { metadata: Record<string, string> };
    expect(metadata).toMatchObject({ env: 'production', owner: 'team-a', chargingMode: '1', os_type: 'Linux' });
    // The example's user pair (key=value) is documentation, not this server's metadata.
    expect(metadata.key).toBeUndefined();
  });

  it('shows the tags the tags API wrote, as key=value strings', async () => {
    await call('BatchCreateBaremetalServerTags', {
      params: { project_id: PROJECT, server_id: SERVER },
      body: { action: 'create', tags: [{ key: 'env', value: 'prod' }, { key: 'solo' }] },
    });
    expect((await server()).tags).toEqual(['env=prod', 'solo']);
  });

  it('takes per-server details from the fixture, without letting them override the world', async () => {
    const custom = structuredClone(fixture);
    const target = custom.baremetal_servers.find((b) => b.id === SERVER);
    if (!target) throw new Error('no BMS in the fixture');
    target.details = { key_name: 'my-key', 'OS-EXT-AZ:availability_zone': 'cn-north-4b', name: 'ignored', status: 'ERROR' };
    const own = await startTestSim({ fixture: custom });
    try {
      const res = await conformingCall(own.url, 'ListBareMetalServerDetails', { params: { project_id: PROJECT, server_id: SERVER } });
      expect(field(res, 'server')).toMatchObject({
        key_name: 'my-key',
        'OS-EXT-AZ:availability_zone': 'cn-north-4b',
        name: 'bms-docs-example',
        status: 'ACTIVE',
      });
    } finally {
      await own.close();
    }
  });

  it('answers an unknown server, or one of another project, with 404 BMS.0040', async () => {
    const unknown = await details(UNKNOWN_SERVER);
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual({ error: { code: 'BMS.0040', message: 'The server does not exist.' } });
    const other = await call('ListBareMetalServerDetails', { params: { project_id: 'another-project', server_id: SERVER } });
    expect(other.status).toBe(404);
  });
});

describe('ShowPrivateProviderMetadata', () => {
  const show = (name = PROVIDER, headers: Record<string, string> = { 'Client-Request-Id': CLIENT_REQUEST_ID }) =>
    call('ShowPrivateProviderMetadata', { params: { provider_name: name }, headers });

  it('reads back the description and update time the update wrote', async () => {
    const before = await show();
    expect(before.status).toBe(200);
    expect(before.json).toEqual({
      provider_id: PROVIDER_ID,
      provider_name: PROVIDER,
      provider_description: 'my first private provider',
      provider_source: `huawei.com/private-provider/${PROVIDER}`,
      create_time: '2024-03-01T08:00:00.000Z',
      update_time: '2024-03-01T08:00:00.000Z',
    });
    await call('UpdatePrivateProviderMetadata', {
      params: { provider_name: PROVIDER },
      headers: { 'Client-Request-Id': CLIENT_REQUEST_ID },
      body: { provider_description: 'read me back' },
    });
    const after = await show();
    expect(field(after, 'provider_description')).toBe('read me back');
    expect(Date.parse(String(field(after, 'update_time')))).toBeGreaterThan(Date.parse('2024-03-01T08:00:00.000Z'));
    expect(field(after, 'create_time')).toBe('2024-03-01T08:00:00.000Z');
  });

  it('checks provider_id: the current one reads, another gets the documented 400', async () => {
    const base = `/v1/private-providers/${PROVIDER}/metadata?provider_id=`;
    const headers = { 'X-Auth-Token': TOKEN, 'Client-Request-Id': CLIENT_REQUEST_ID };
    expect((await send(sim.url, 'GET', `${base}${PROVIDER_ID}`, headers)).status).toBe(200);
    const other = await send(sim.url, 'GET', `${base}1b15e005-bdbb-4bd7-8f9a-a09b6774b4b4`, headers);
    expect(other.status).toBe(400);
    expect(other.json).toEqual(documentedError('ShowPrivateProviderMetadata', 400, 'ProviderIdMismatch').value);
  });

  it('answers an unknown provider with the documented 404, and names a bad name and a missing Client-Request-Id with their RFS codes', async () => {
    const unknown = await show('no-such-provider');
    expect(unknown.status).toBe(404);
    expect(unknown.json).toEqual(documentedError('ShowPrivateProviderMetadata', 404, 'ProviderNotFound').value);
    expect(
      field(
        await rawCall(sim.url, 'ShowPrivateProviderMetadata', { params: { provider_name: 'Bad-Name' }, headers: { 'Client-Request-Id': CLIENT_REQUEST_ID } }),
        'error_code',
      ),
    ).toBe('RF.10011166');
    const missing = await rawCall(sim.url, 'ShowPrivateProviderMetadata', { params: { provider_name: PROVIDER } });
    expect(missing.json).toEqual({ error_code: 'RF.10011001', error_msg: 'header.Client-Request-Id: required: is required' });
  });
});
