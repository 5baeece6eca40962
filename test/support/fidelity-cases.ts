// The fidelity table: for every constraint in the documents, one payload that breaks it, with the field that
// must be named and the JSON Schema rule that catches it. Used by the schema tests (test/openapi), the mock's
// contract tests and the simulator.
export interface OperationRequest {
  operationId: string;
  /** Path parameters (project_id included) */
  path: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

export interface InvalidCase extends OperationRequest {
  name: string;
  /** Where the broken value is: the request body, or a path/header parameter. */
  location: 'body' | 'path' | 'header';
  /** The field the error must name: a JSON path in the body (`/metadata`) or the parameter name. */
  field: string;
  /** The JSON Schema keyword that rejects it. */
  rule: string;
}

export const projectId = 'c685484a8cc2416b97260938705deb65';
export const serverId = '95bf2490-5428-432c-ad9b-5e3406f869dd';
export const imageId = 'e215580f-73ad-429d-b6f2-5433947433b0';
export const providerName = 'my-hello-world-provider-name';
export const providerId = '1b15e005-bdbb-4bd7-8f9a-a09b6774b4b3';
export const clientRequestId = '5a2c6f0e-1c8d-4f3b-9a7e-2b1d0c9e8f7a';

const ecsPath = { project_id: projectId, server_id: serverId };
const rfsHeaders = { 'Client-Request-Id': clientRequestId };
const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));

export const validRequests: Record<string, OperationRequest> = {
  UpdateServerMetadata: { operationId: 'UpdateServerMetadata', path: ecsPath, body: { metadata: { key: 'value' } } },
  ChangeServerOsWithoutCloudInit: {
    operationId: 'ChangeServerOsWithoutCloudInit',
    path: ecsPath,
    body: { 'os-change': { keyname: 'KeyPair-350b', imageid: imageId, mode: 'withStopServer' } },
  },
  ShowJob: { operationId: 'ShowJob', path: { project_id: projectId, job_id: 'ff80808288d41e1b018990260955686a' } },
  UpdateBaremetalServerMetadataItem: {
    operationId: 'UpdateBaremetalServerMetadataItem',
    path: { ...ecsPath, key: 'key' },
    body: { meta: { key: 'value' } },
  },
  BatchCreateBaremetalServerTags: {
    operationId: 'BatchCreateBaremetalServerTags',
    path: ecsPath,
    body: { action: 'create', tags: tags(2) },
  },
  UpdatePrivateProviderMetadata: {
    operationId: 'UpdatePrivateProviderMetadata',
    path: { provider_name: providerName },
    headers: rfsHeaders,
    body: { provider_description: 'my first private provider' },
  },
};

const os = (change: Record<string, unknown>) => ({ 'os-change': { imageid: imageId, keyname: 'kp', ...change } });
const osWithout = (key: string) => {
  const change: Record<string, unknown> = { imageid: imageId, keyname: 'kp' };
  delete change[key];
  return { 'os-change': change };
};

function bodyCase(operationId: string, name: string, body: unknown, field: string, rule: string): InvalidCase {
  const valid = validRequests[operationId];
  if (!valid) throw new Error(`no valid request for ${operationId}`);
  return { ...valid, name, body, location: 'body', field, rule };
}
function paramCase(operationId: string, name: string, location: 'path' | 'header', values: Record<string, string>, rule: string): InvalidCase {
  const valid = validRequests[operationId];
  if (!valid) throw new Error(`no valid request for ${operationId}`);
  const field = Object.keys(values)[0] ?? '';
  return location === 'path'
    ? { ...valid, name, path: { ...valid.path, ...values }, location, field, rule }
    : { ...valid, name, headers: { ...valid.headers, ...values }, location, field, rule };
}

export const invalidCases: InvalidCase[] = [
  // ECS UpdateServerMetadata
  bodyCase('UpdateServerMetadata', 'metadata key with a space', { metadata: { 'a b': 'v' } }, '/metadata', 'pattern'),
  bodyCase('UpdateServerMetadata', 'metadata key of 256 characters', { metadata: { ['k'.repeat(256)]: 'v' } }, '/metadata', 'maxLength'),
  bodyCase('UpdateServerMetadata', 'metadata key empty', { metadata: { '': 'v' } }, '/metadata', 'minLength'),
  bodyCase('UpdateServerMetadata', 'metadata value of 256 characters', { metadata: { k: 'v'.repeat(256) } }, '/metadata/k', 'maxLength'),
  bodyCase('UpdateServerMetadata', 'metadata value not a string', { metadata: { k: 1 } }, '/metadata/k', 'type'),
  bodyCase('UpdateServerMetadata', 'metadata missing', {}, 'metadata', 'required'),
  bodyCase('UpdateServerMetadata', 'unknown top-level field', { metadata: {}, metadta: {} }, 'metadta', 'additionalProperties'),
  paramCase('UpdateServerMetadata', 'server_id not a UUID', 'path', { server_id: 'not-a-uuid' }, 'format'),
  // ECS ChangeServerOsWithoutCloudInit
  bodyCase('ChangeServerOsWithoutCloudInit', 'imageid missing', osWithout('imageid'), 'imageid', 'required'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'imageid not a UUID', os({ imageid: 'ubuntu-22.04' }), '/os-change/imageid', 'format'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'neither adminpass nor keyname', osWithout('keyname'), 'keyname', 'required'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'adminpass of 7 characters', os({ adminpass: 'Ab1!Ab1' }), '/os-change/adminpass', 'minLength'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'adminpass of 27 characters', os({ adminpass: `Ab1!${'x'.repeat(23)}` }), '/os-change/adminpass', 'maxLength'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'adminpass with two character classes', os({ adminpass: 'abcdefgh12' }), '/os-change/adminpass', 'pattern'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'mode other than withStopServer', os({ mode: 'force' }), '/os-change/mode', 'enum'),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    '__system__encrypted other than 0 or 1',
    os({ metadata: { __system__encrypted: '2' } }),
    '/os-change/metadata/__system__encrypted',
    'enum',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    '__system__cmkid without __system__encrypted',
    os({ metadata: { __system__cmkid: '83cdb52d-9ebf-4469-9cfa-e7b5b80da846' } }),
    '__system__encrypted',
    'dependentRequired',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    '__system__cmkid not 36 characters',
    os({ metadata: { __system__encrypted: '1', __system__cmkid: 'abc' } }),
    '/os-change/metadata/__system__cmkid',
    'minLength',
  ),
  bodyCase('ChangeServerOsWithoutCloudInit', 'BYOL other than true', os({ metadata: { BYOL: 'false' } }), '/os-change/metadata/BYOL', 'enum'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'isAutoPay not a boolean string', os({ isAutoPay: 'yes' }), '/os-change/isAutoPay', 'enum'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'unknown field in os-change', os({ image_id: imageId }), 'image_id', 'additionalProperties'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'os-change missing', {}, 'os-change', 'required'),
  // BMS UpdateBaremetalServerMetadataItem (native OpenStack)
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS key with a colon', { meta: { 'a:b': 'v' } }, '/meta', 'pattern'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS value with a double quote', { meta: { key: 'say "hi"' } }, '/meta/key', 'pattern'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS value with a backslash', { meta: { key: 'C:\\dir' } }, '/meta/key', 'pattern'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS value of 256 characters', { meta: { key: 'v'.repeat(256) } }, '/meta/key', 'maxLength'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS meta with two pairs', { meta: { key: 'v', other: 'w' } }, '/meta', 'maxProperties'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS meta empty', { meta: {} }, '/meta', 'minProperties'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS meta missing', {}, 'meta', 'required'),
  paramCase('UpdateBaremetalServerMetadataItem', 'BMS path key with a question mark', 'path', { key: 'a?b' }, 'pattern'),
  // BMS BatchCreateBaremetalServerTags
  bodyCase(
    'BatchCreateBaremetalServerTags',
    'tag key of 37 characters',
    { action: 'create', tags: [{ key: 'k'.repeat(37), value: 'v' }] },
    '/tags/0/key',
    'maxLength',
  ),
  bodyCase('BatchCreateBaremetalServerTags', 'tag key empty', { action: 'create', tags: [{ key: '', value: 'v' }] }, '/tags/0/key', 'minLength'),
  bodyCase('BatchCreateBaremetalServerTags', 'tag key with a control character', { action: 'create', tags: [{ key: 'a\u0001b' }] }, '/tags/0/key', 'pattern'),
  bodyCase('BatchCreateBaremetalServerTags', 'tag key with =', { action: 'create', tags: [{ key: 'a=b' }] }, '/tags/0/key', 'pattern'),
  bodyCase('BatchCreateBaremetalServerTags', 'tag value with <', { action: 'create', tags: [{ key: 'k', value: '<b>' }] }, '/tags/0/value', 'pattern'),
  bodyCase(
    'BatchCreateBaremetalServerTags',
    'tag value of 44 characters',
    { action: 'create', tags: [{ key: 'k', value: 'v'.repeat(44) }] },
    '/tags/0/value',
    'maxLength',
  ),
  bodyCase('BatchCreateBaremetalServerTags', '21 tags', { action: 'create', tags: tags(21) }, '/tags', 'maxItems'),
  bodyCase('BatchCreateBaremetalServerTags', 'action other than create', { action: 'delete', tags: tags(1) }, '/action', 'enum'),
  bodyCase('BatchCreateBaremetalServerTags', 'tag without key', { action: 'create', tags: [{ value: 'v' }] }, 'key', 'required'),
  bodyCase('BatchCreateBaremetalServerTags', 'tags missing', { action: 'create' }, 'tags', 'required'),
  // RFS UpdatePrivateProviderMetadata
  bodyCase('UpdatePrivateProviderMetadata', 'empty RFS body', {}, '(body)', 'minProperties'),
  bodyCase('UpdatePrivateProviderMetadata', 'RFS body with only provider_id', { provider_id: providerId }, 'provider_description', 'required'),
  bodyCase(
    'UpdatePrivateProviderMetadata',
    'provider_description of 1025 characters',
    { provider_description: 'd'.repeat(1025) },
    '/provider_description',
    'maxLength',
  ),
  bodyCase(
    'UpdatePrivateProviderMetadata',
    'provider_id of 35 characters',
    { provider_description: 'd', provider_id: 'a'.repeat(35) },
    '/provider_id',
    'minLength',
  ),
  bodyCase('UpdatePrivateProviderMetadata', 'unknown RFS field', { provider_description: 'd', provider_name: 'x' }, 'provider_name', 'additionalProperties'),
  paramCase('UpdatePrivateProviderMetadata', 'provider_name with upper case', 'path', { provider_name: 'My-Provider' }, 'pattern'),
  paramCase('UpdatePrivateProviderMetadata', 'provider_name ending with -', 'path', { provider_name: 'provider-' }, 'pattern'),
  paramCase('UpdatePrivateProviderMetadata', 'provider_name of 65 characters', 'path', { provider_name: 'p'.repeat(65) }, 'maxLength'),
  paramCase('UpdatePrivateProviderMetadata', 'Client-Request-Id of 35 characters', 'header', { 'Client-Request-Id': 'c'.repeat(35) }, 'minLength'),
];
