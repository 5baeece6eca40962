// The fidelity table: for every constraint in the documents, requests that keep it and requests that break it,
// with the field that must be named and the rule that catches it, in the one style of src/openapi/validators.ts
// (`body.meta.k`, `path.key`, `header.Client-Request-Id`; a JSON Schema keyword, `x-max-bytes`, or a named server
// rule). It drives the schema tests (test/openapi/fidelity.test.ts), and the mock, simulator and client suites.
//
// `kind` tells the suites apart what a schema says (`schema`: every validator built from the documents refuses it
// with 400) from what only a server can check (`server`: the schema accepts the request; the service answers with
// `expect`, possibly given a state of the world).
export interface OperationRequest {
  operationId: string;
  /** Path parameters (project_id included) */
  path: Record<string, string>;
  headers?: Record<string, string>;
  body?: unknown;
}

/** The audit items of issue 12 (and of issue 20's reads and deletes: `ecs-read-back`, `read-back`) a case belongs to (each has valid and invalid cases). */
export const AUDIT_ITEMS = [
  'bms-metadata-item',
  'rfs-provider-metadata',
  'change-os',
  'show-job',
  'error-codes',
  'bms-metadata-successor',
  'ecs-read-back',
  'read-back',
] as const;
export type AuditItem = (typeof AUDIT_ITEMS)[number];

/** The state of the world a server case needs (the simulator sets it up; a schema check ignores it). */
export interface Given {
  /** The server of the path: absent, or present in this `OS-EXT-STS:vm_state`. */
  server?: 'missing' | { vmState: string };
  /** The server already holds this many metadata keys (none of them the request's key). */
  metadataKeys?: number;
  /** The job of the path does not exist (never did, or was deleted after its retention time). */
  job?: 'missing';
  /** The private provider of the path: absent, or present with this ID. */
  provider?: 'missing' | { id: string };
}

/** What the service answers to a server case: the status, the code (for Nova faults, the fault name), maybe the message. */
export interface Expectation {
  status: number;
  code: string;
  message?: string;
}

export interface ValidCase extends OperationRequest {
  name: string;
  item?: AuditItem;
}

export interface InvalidCase extends OperationRequest {
  name: string;
  item?: AuditItem;
  /** `schema`: the documents' schemas refuse it; `server`: the schema accepts it and only the service refuses it. */
  kind: 'schema' | 'server';
  /** The field the error must name, in the validators' style: `body.meta.k`, `path.key`, `header.Client-Request-Id`. */
  field: string;
  /** The JSON Schema keyword (or `x-max-bytes`) that rejects it; for server cases, the name of the server rule. */
  rule: string;
  /** Server cases: the world they need. */
  given?: Given;
  /** Server cases: the documented answer. */
  expect?: Expectation;
}

/** A response body and whether the documented response schema accepts it (and if not, the field and rule). */
export interface ResponseCase {
  name: string;
  item: AuditItem;
  operationId: string;
  status: number;
  body: unknown;
  valid: boolean;
  field?: string;
  rule?: string;
}

export const projectId = 'c685484a8cc2416b97260938705deb65';
export const serverId = '95bf2490-5428-432c-ad9b-5e3406f869dd';
export const imageId = 'e215580f-73ad-429d-b6f2-5433947433b0';
export const providerName = 'my-hello-world-provider-name';
export const providerId = '1b15e005-bdbb-4bd7-8f9a-a09b6774b4b3';
export const clientRequestId = '5a2c6f0e-1c8d-4f3b-9a7e-2b1d0c9e8f7a';
export const jobId = 'ff80808288d41e1b018990260955686a';

const ecsPath = { project_id: projectId, server_id: serverId };
const rfsHeaders = { 'Client-Request-Id': clientRequestId };
const tags = (n: number) => Array.from({ length: n }, (_, i) => ({ key: `k${i}`, value: `v${i}` }));

/** One valid request per operation (the suites use it as the base of their calls). */
export const validRequests: Record<string, OperationRequest> = {
  UpdateServerMetadata: { operationId: 'UpdateServerMetadata', path: ecsPath, body: { metadata: { key: 'value' } } },
  ChangeServerOsWithoutCloudInit: {
    operationId: 'ChangeServerOsWithoutCloudInit',
    path: ecsPath,
    body: { 'os-change': { keyname: 'KeyPair-350b', imageid: imageId, mode: 'withStopServer' } },
  },
  ShowJob: { operationId: 'ShowJob', path: { project_id: projectId, job_id: jobId } },
  ShowServer: { operationId: 'ShowServer', path: ecsPath },
  DeleteServerMetadata: { operationId: 'DeleteServerMetadata', path: { ...ecsPath, key: 'env' } },
  UpdateBaremetalServerMetadata: { operationId: 'UpdateBaremetalServerMetadata', path: ecsPath, body: { metadata: { key: 'value' } } },
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
  ShowBaremetalServerTags: { operationId: 'ShowBaremetalServerTags', path: ecsPath },
  ListBareMetalServerDetails: { operationId: 'ListBareMetalServerDetails', path: ecsPath },
  ShowPrivateProviderMetadata: { operationId: 'ShowPrivateProviderMetadata', path: { provider_name: providerName }, headers: rfsHeaders },
};
/** BatchDeleteBaremetalServerTags shares BatchCreateBaremetalServerTags's method and path: its cases go there, with `action: delete`. */
const DELETE_TAGS = 'BatchDeleteBaremetalServerTags';

function base(operationId: string): OperationRequest {
  const valid = validRequests[operationId];
  if (!valid) throw new Error(`no valid request for ${operationId}`);
  return valid;
}
const valid = (operationId: string, name: string, item: AuditItem | undefined, change: Partial<OperationRequest>): ValidCase => ({
  ...base(operationId),
  ...change,
  name,
  ...(item ? { item } : {}),
});

const long = (char: string, n: number) => char.repeat(n);
const key255 = long('k', 255);
const os = (change: Record<string, unknown>) => ({ 'os-change': { imageid: imageId, keyname: 'kp', ...change } });
const osPassword = (adminpass: unknown, extra: Record<string, unknown> = {}) => ({ 'os-change': { imageid: imageId, adminpass, ...extra } });

/** Valid requests beyond `validRequests`: each keeps a rule at its edge, or shows what a corrected rule now allows. */
export const validCases: ValidCase[] = [
  ...Object.entries(validRequests).map(([operationId, request]) => ({ ...request, name: `${operationId}: the base request` })),
  // BMS v2.1 metadata item: 255 bytes for the key and for the value, each (not for the pair).
  valid('UpdateBaremetalServerMetadataItem', 'value of 255 bytes (85 × €) beside its key: the pair takes 256 bytes', 'bms-metadata-item', {
    body: { meta: { key: long('€', 85) } },
  }),
  valid('UpdateBaremetalServerMetadataItem', 'key of 255 bytes with a value of 255 bytes', 'bms-metadata-item', {
    path: { ...ecsPath, key: key255 },
    body: { meta: { [key255]: long('v', 255) } },
  }),
  // RFS: both fields optional.
  valid('UpdatePrivateProviderMetadata', 'description and matching provider_id', 'rfs-provider-metadata', {
    body: { provider_description: 'my first private provider', provider_id: providerId },
  }),
  valid('UpdatePrivateProviderMetadata', 'empty description (0 characters)', 'rfs-provider-metadata', { body: { provider_description: '' } }),
  // ChangeServerOsWithoutCloudInit: exactly one login, the documented complexity, isAutoPay without an enum.
  valid('ChangeServerOsWithoutCloudInit', 'adminpass alone', 'change-os', { body: osPassword('Example-Passw0rd') }),
  valid('ChangeServerOsWithoutCloudInit', 'keyname alone', 'change-os', { body: { 'os-change': { keyname: 'KeyPair-350b', imageid: imageId } } }),
  valid('ChangeServerOsWithoutCloudInit', 'adminpass with a character outside the special list (no source forbids it)', 'change-os', {
    body: osPassword('Pass word1&'),
  }),
  valid('ChangeServerOsWithoutCloudInit', 'adminpass of 8 characters with three classes', 'change-os', { body: osPassword('abcDEF1!') }),
  valid('ChangeServerOsWithoutCloudInit', 'adminpass of 26 characters', 'change-os', { body: osPassword(`Ab1${long('x', 23)}`) }),
  valid('ChangeServerOsWithoutCloudInit', 'isAutoPay "true"', 'change-os', { body: osPassword('Example-Passw0rd', { isAutoPay: 'true' }) }),
  valid('ChangeServerOsWithoutCloudInit', 'isAutoPay "false"', 'change-os', { body: osPassword('Example-Passw0rd', { isAutoPay: 'false' }) }),
  // ShowJob: any job id of the documented form.
  valid('ShowJob', 'a job that exists', 'show-job', {}),
  // Error codes: requests that succeed, whose failing twins are the server cases below.
  valid('UpdateServerMetadata', 'metadata of a server in vm_state active', 'error-codes', {}),
  valid('UpdateServerMetadata', 'an empty metadata object (updates nothing)', undefined, { body: { metadata: {} } }),
  // UpdateBaremetalServerMetadata: the successor API.
  valid('UpdateBaremetalServerMetadata', 'several pairs', 'bms-metadata-successor', {
    body: { metadata: { env: 'production', owner: 'team-a', 'backup:policy': 'daily' } },
  }),
  valid('UpdateBaremetalServerMetadata', 'an empty metadata object (updates nothing)', 'bms-metadata-successor', { body: { metadata: {} } }),
  valid('UpdateBaremetalServerMetadata', 'key and value of 255 characters', 'bms-metadata-successor', { body: { metadata: { [key255]: long('v', 255) } } }),
  // ECS read-back: ShowServer and DeleteServerMetadata.
  valid('ShowServer', 'details of a server that exists', 'ecs-read-back', {}),
  valid('DeleteServerMetadata', 'a key with ":" and "." (URL-encoded in the path)', 'ecs-read-back', { path: { ...ecsPath, key: 'backup:policy.v2' } }),
  valid('DeleteServerMetadata', 'a key of 255 characters', 'ecs-read-back', { path: { ...ecsPath, key: key255 } }),
  // Reads and deletes (issue 20): the tag delete on the create's path, and the reads' base requests above.
  valid('BatchCreateBaremetalServerTags', `${DELETE_TAGS}: delete two tags (the reference's example)`, 'read-back', {
    body: {
      action: 'delete',
      tags: [
        { key: 'key1', value: 'value1' },
        { key: 'key2', value: 'value3' },
      ],
    },
  }),
  valid('BatchCreateBaremetalServerTags', `${DELETE_TAGS}: a tag named by its key alone`, 'read-back', { body: { action: 'delete', tags: [{ key: 'team' }] } }),
  valid('ShowPrivateProviderMetadata', 'a provider name of 64 characters', 'read-back', { path: { provider_name: long('p', 64) } }),
];

function bodyCase(operationId: string, name: string, body: unknown, field: string, rule: string, item?: AuditItem): InvalidCase {
  return { ...base(operationId), name, body, kind: 'schema', field, rule, ...(item ? { item } : {}) };
}
function paramCase(
  operationId: string,
  name: string,
  location: 'path' | 'header',
  values: Record<string, string>,
  rule: string,
  item?: AuditItem,
): InvalidCase {
  const request = base(operationId);
  const parameter = Object.keys(values)[0] ?? '';
  const changed = location === 'path' ? { path: { ...request.path, ...values } } : { headers: { ...request.headers, ...values } };
  return { ...request, ...changed, name, kind: 'schema', field: `${location}.${parameter}`, rule, ...(item ? { item } : {}) };
}
function serverCase(
  operationId: string,
  name: string,
  item: AuditItem,
  rule: string,
  field: string,
  expect: Expectation,
  change: Partial<InvalidCase>,
): InvalidCase {
  return { ...base(operationId), name, item, kind: 'server', field, rule, expect, ...change };
}

const schemaCases: InvalidCase[] = [
  // ECS read-back
  paramCase('ShowServer', 'server_id that is not a UUID', 'path', { server_id: 'not-a-uuid' }, 'format', 'ecs-read-back'),
  paramCase('DeleteServerMetadata', 'key of 256 characters', 'path', { key: long('k', 256) }, 'maxLength', 'ecs-read-back'),
  // ECS UpdateServerMetadata
  bodyCase('UpdateServerMetadata', 'metadata key with a space', { metadata: { 'a b': 'v' } }, 'body.metadata["a b"]', 'pattern'),
  bodyCase('UpdateServerMetadata', 'metadata key of 256 characters', { metadata: { [long('k', 256)]: 'v' } }, `body.metadata.${long('k', 256)}`, 'maxLength'),
  bodyCase('UpdateServerMetadata', 'metadata key empty', { metadata: { '': 'v' } }, 'body.metadata[""]', 'minLength'),
  bodyCase('UpdateServerMetadata', 'metadata value of 256 characters', { metadata: { k: long('v', 256) } }, 'body.metadata.k', 'maxLength'),
  bodyCase('UpdateServerMetadata', 'metadata value not a string', { metadata: { k: 1 } }, 'body.metadata.k', 'type'),
  bodyCase('UpdateServerMetadata', 'metadata missing', {}, 'body.metadata', 'required'),
  bodyCase('UpdateServerMetadata', 'unknown top-level field', { metadata: {}, metadta: {} }, 'body.metadta', 'additionalProperties'),
  paramCase('UpdateServerMetadata', 'server_id not a UUID', 'path', { server_id: 'not-a-uuid' }, 'format'),
  // ECS ChangeServerOsWithoutCloudInit
  bodyCase('ChangeServerOsWithoutCloudInit', 'imageid missing', { 'os-change': { keyname: 'kp' } }, 'body.os-change.imageid', 'required'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'imageid not a UUID', os({ imageid: 'ubuntu-22.04' }), 'body.os-change.imageid', 'format'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'neither adminpass nor keyname', { 'os-change': { imageid: imageId } }, 'body.os-change', 'oneOf', 'change-os'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'both adminpass and keyname', os({ adminpass: 'Example-Passw0rd' }), 'body.os-change', 'oneOf', 'change-os'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'adminpass of 7 characters', osPassword('Ab1!Ab1'), 'body.os-change.adminpass', 'minLength', 'change-os'),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    'adminpass of 27 characters',
    osPassword(`Ab1!${long('x', 23)}`),
    'body.os-change.adminpass',
    'maxLength',
    'change-os',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    'adminpass with two character classes',
    osPassword('abcdefgh12'),
    'body.os-change.adminpass',
    'pattern',
    'change-os',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    'adminpass whose third class is a character outside the special list',
    osPassword('abcdefg1&'),
    'body.os-change.adminpass',
    'pattern',
    'change-os',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    'isAutoPay not a string',
    osPassword('Example-Passw0rd', { isAutoPay: true }),
    'body.os-change.isAutoPay',
    'type',
    'change-os',
  ),
  bodyCase('ChangeServerOsWithoutCloudInit', 'mode other than withStopServer', os({ mode: 'force' }), 'body.os-change.mode', 'enum'),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    '__system__encrypted other than 0 or 1',
    os({ metadata: { __system__encrypted: '2' } }),
    'body.os-change.metadata.__system__encrypted',
    'enum',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    '__system__cmkid without __system__encrypted',
    os({ metadata: { __system__cmkid: '83cdb52d-9ebf-4469-9cfa-e7b5b80da846' } }),
    'body.os-change.metadata.__system__encrypted',
    'dependentRequired',
  ),
  bodyCase(
    'ChangeServerOsWithoutCloudInit',
    '__system__cmkid not 36 characters',
    os({ metadata: { __system__encrypted: '1', __system__cmkid: 'abc' } }),
    'body.os-change.metadata.__system__cmkid',
    'minLength',
  ),
  bodyCase('ChangeServerOsWithoutCloudInit', 'BYOL other than true', os({ metadata: { BYOL: 'false' } }), 'body.os-change.metadata.BYOL', 'enum'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'unknown field in os-change', os({ image_id: imageId }), 'body.os-change.image_id', 'additionalProperties'),
  bodyCase('ChangeServerOsWithoutCloudInit', 'os-change missing', {}, 'body.os-change', 'required'),
  // ECS ShowJob
  // BMS UpdateBaremetalServerMetadataItem (native OpenStack, deprecated)
  bodyCase(
    'UpdateBaremetalServerMetadataItem',
    'value of 256 bytes in 86 characters',
    { meta: { key: `${long('€', 85)}a` } },
    'body.meta.key',
    'x-max-bytes',
    'bms-metadata-item',
  ),
  {
    ...paramCase(
      'UpdateBaremetalServerMetadataItem',
      'key of 256 bytes in 128 characters',
      'path',
      { key: long('é', 128) },
      'x-max-bytes',
      'bms-metadata-item',
    ),
    body: { meta: { [long('é', 128)]: 'v' } },
  },
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS key with a colon', { meta: { 'a:b': 'v' } }, 'body.meta["a:b"]', 'pattern'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS value with a double quote', { meta: { key: 'say "hi"' } }, 'body.meta.key', 'pattern'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS value with a backslash', { meta: { key: 'C:\\dir' } }, 'body.meta.key', 'pattern'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS value of 256 characters', { meta: { key: long('v', 256) } }, 'body.meta.key', 'maxLength'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS meta with two pairs', { meta: { key: 'v', other: 'w' } }, 'body.meta', 'maxProperties'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS meta empty', { meta: {} }, 'body.meta', 'minProperties'),
  bodyCase('UpdateBaremetalServerMetadataItem', 'BMS meta missing', {}, 'body.meta', 'required'),
  paramCase('UpdateBaremetalServerMetadataItem', 'BMS path key with a question mark', 'path', { key: 'a?b' }, 'pattern'),
  // BMS UpdateBaremetalServerMetadata (the successor)
  bodyCase('UpdateBaremetalServerMetadata', 'key with a space', { metadata: { 'a b': 'v' } }, 'body.metadata["a b"]', 'pattern', 'bms-metadata-successor'),
  bodyCase(
    'UpdateBaremetalServerMetadata',
    'key of 256 characters',
    { metadata: { [long('k', 256)]: 'v' } },
    `body.metadata.${long('k', 256)}`,
    'maxLength',
    'bms-metadata-successor',
  ),
  bodyCase(
    'UpdateBaremetalServerMetadata',
    'value of 256 characters',
    { metadata: { k: long('v', 256) } },
    'body.metadata.k',
    'maxLength',
    'bms-metadata-successor',
  ),
  bodyCase('UpdateBaremetalServerMetadata', 'metadata missing', {}, 'body.metadata', 'required', 'bms-metadata-successor'),
  bodyCase('UpdateBaremetalServerMetadata', 'unknown field', { metadata: {}, meta: {} }, 'body.meta', 'additionalProperties', 'bms-metadata-successor'),
  paramCase('UpdateBaremetalServerMetadata', 'server_id not a UUID', 'path', { server_id: 'not-a-uuid' }, 'format', 'bms-metadata-successor'),
  // BMS BatchCreateBaremetalServerTags
  bodyCase(
    'BatchCreateBaremetalServerTags',
    'tag key of 37 characters',
    { action: 'create', tags: [{ key: long('k', 37), value: 'v' }] },
    'body.tags[0].key',
    'maxLength',
  ),
  bodyCase('BatchCreateBaremetalServerTags', 'tag key empty', { action: 'create', tags: [{ key: '', value: 'v' }] }, 'body.tags[0].key', 'minLength'),
  bodyCase(
    'BatchCreateBaremetalServerTags',
    'tag key with a control character',
    { action: 'create', tags: [{ key: 'a\u0001b' }] },
    'body.tags[0].key',
    'pattern',
  ),
  bodyCase('BatchCreateBaremetalServerTags', 'tag key with =', { action: 'create', tags: [{ key: 'a=b' }] }, 'body.tags[0].key', 'pattern'),
  bodyCase('BatchCreateBaremetalServerTags', 'tag value with <', { action: 'create', tags: [{ key: 'k', value: '<b>' }] }, 'body.tags[0].value', 'pattern'),
  bodyCase(
    'BatchCreateBaremetalServerTags',
    'tag value of 44 characters',
    { action: 'create', tags: [{ key: 'k', value: long('v', 44) }] },
    'body.tags[0].value',
    'maxLength',
  ),
  bodyCase('BatchCreateBaremetalServerTags', '21 tags', { action: 'create', tags: tags(21) }, 'body.tags', 'maxItems'),
  bodyCase('BatchCreateBaremetalServerTags', 'action neither create nor delete', { action: 'update', tags: tags(1) }, 'body.action', 'enum', 'read-back'),
  bodyCase('BatchCreateBaremetalServerTags', 'action missing', { tags: tags(1) }, 'body.action', 'required', 'read-back'),
  bodyCase(
    'BatchCreateBaremetalServerTags',
    `${DELETE_TAGS}: tag without key`,
    { action: 'delete', tags: [{ value: 'v' }] },
    'body.tags[0].key',
    'required',
    'read-back',
  ),
  bodyCase('BatchCreateBaremetalServerTags', `${DELETE_TAGS}: tags missing`, { action: 'delete' }, 'body.tags', 'required', 'read-back'),
  paramCase('ShowBaremetalServerTags', 'server_id not a UUID', 'path', { server_id: 'not-a-uuid' }, 'format', 'read-back'),
  paramCase('ListBareMetalServerDetails', 'server_id not a UUID', 'path', { server_id: 'not-a-uuid' }, 'format', 'read-back'),
  paramCase('ShowPrivateProviderMetadata', 'provider name in capitals', 'path', { provider_name: 'My-Provider' }, 'pattern', 'read-back'),
  paramCase('ShowPrivateProviderMetadata', 'Client-Request-Id of 35 characters', 'header', { 'Client-Request-Id': long('c', 35) }, 'minLength', 'read-back'),
  bodyCase('BatchCreateBaremetalServerTags', 'tag without key', { action: 'create', tags: [{ value: 'v' }] }, 'body.tags[0].key', 'required'),
  bodyCase('BatchCreateBaremetalServerTags', 'tags missing', { action: 'create' }, 'body.tags', 'required'),
  // RFS UpdatePrivateProviderMetadata
  bodyCase(
    'UpdatePrivateProviderMetadata',
    'provider_description of 1025 characters',
    { provider_description: long('d', 1025) },
    'body.provider_description',
    'maxLength',
    'rfs-provider-metadata',
  ),
  bodyCase(
    'UpdatePrivateProviderMetadata',
    'provider_id of 35 characters',
    { provider_description: 'd', provider_id: long('a', 35) },
    'body.provider_id',
    'minLength',
  ),
  bodyCase(
    'UpdatePrivateProviderMetadata',
    'unknown RFS field',
    { provider_description: 'd', provider_name: 'x' },
    'body.provider_name',
    'additionalProperties',
  ),
  paramCase('UpdatePrivateProviderMetadata', 'provider_name with upper case', 'path', { provider_name: 'My-Provider' }, 'pattern'),
  paramCase('UpdatePrivateProviderMetadata', 'provider_name ending with -', 'path', { provider_name: 'provider-' }, 'pattern'),
  paramCase('UpdatePrivateProviderMetadata', 'provider_name of 65 characters', 'path', { provider_name: long('p', 65) }, 'maxLength'),
  paramCase('UpdatePrivateProviderMetadata', 'Client-Request-Id of 35 characters', 'header', { 'Client-Request-Id': long('c', 35) }, 'minLength'),
];

const rfsNothing: Expectation = { status: 400, code: 'RF.10011084', message: 'No parameters in the request need to be modified.' };
const serverCases: InvalidCase[] = [
  // ECS read-back: the documented 404s and the delete's vm_state rule (Deleting Specified ECS Metadata, ecs_02_0702).
  serverCase(
    'ShowServer',
    'server does not exist',
    'ecs-read-back',
    'server-exists',
    'path.server_id',
    { status: 404, code: 'Ecs.0114', message: 'The ECS does not exist.' },
    {
      given: { server: 'missing' },
    },
  ),
  serverCase(
    'DeleteServerMetadata',
    'server does not exist',
    'ecs-read-back',
    'server-exists',
    'path.server_id',
    { status: 404, code: 'Ecs.0114' },
    {
      given: { server: 'missing' },
    },
  ),
  serverCase(
    'DeleteServerMetadata',
    'the server has no such key',
    'ecs-read-back',
    'metadata-key-exists',
    'path.key',
    { status: 404, code: 'Ecs.XXXX' },
    {
      path: { ...ecsPath, key: 'absent' },
      given: { metadataKeys: 0 },
    },
  ),
  serverCase(
    'DeleteServerMetadata',
    'server in vm_state error',
    'ecs-read-back',
    'vm-state',
    'path.server_id',
    { status: 400, code: 'Ecs.0100' },
    {
      given: { server: { vmState: 'error' } },
    },
  ),
  // BMS v2.1 metadata item: Nova's rules.
  serverCase(
    'UpdateBaremetalServerMetadataItem',
    'body key differs from the path key',
    'bms-metadata-item',
    'body-uri-key-match',
    'body.meta',
    { status: 400, code: 'badRequest', message: 'Request body and URI mismatch' },
    { body: { meta: { other: 'v' } } },
  ),
  serverCase(
    'UpdateBaremetalServerMetadataItem',
    'a new key on a server whose metadata quota is full',
    'bms-metadata-item',
    'metadata-quota',
    'body.meta',
    { status: 403, code: 'forbidden' },
    { given: { metadataKeys: 128 } },
  ),
  serverCase(
    'UpdateBaremetalServerMetadataItem',
    'server in vm_state error',
    'bms-metadata-item',
    'x-allowed-vm-states',
    'path.server_id',
    { status: 409, code: 'conflictingRequest' },
    { given: { server: { vmState: 'error' } } },
  ),
  // RFS: nothing to update.
  serverCase('UpdatePrivateProviderMetadata', 'empty body: nothing to update', 'rfs-provider-metadata', 'nothing-to-update', 'body', rfsNothing, { body: {} }),
  serverCase('UpdatePrivateProviderMetadata', 'provider_id alone: nothing to update', 'rfs-provider-metadata', 'nothing-to-update', 'body', rfsNothing, {
    body: { provider_id: providerId },
  }),
  // ShowJob: an unknown or deleted job.
  serverCase('ShowJob', 'unknown or deleted job', 'show-job', 'job-exists', 'path.job_id', { status: 400, code: 'Common.0011' }, { given: { job: 'missing' } }),
  // Published codes for the cases the documents list.
  serverCase(
    'UpdateServerMetadata',
    'server in vm_state error',
    'error-codes',
    'x-allowed-vm-states',
    'path.server_id',
    { status: 400, code: 'Ecs.0100' },
    { given: { server: { vmState: 'error' } } },
  ),
  serverCase(
    'ChangeServerOsWithoutCloudInit',
    'active server without mode withStopServer',
    'error-codes',
    'server-stopped',
    'path.server_id',
    { status: 400, code: 'Ecs.0100' },
    { body: { 'os-change': { keyname: 'KeyPair-350b', imageid: imageId } }, given: { server: { vmState: 'active' } } },
  ),
  serverCase(
    'UpdateServerMetadata',
    'server does not exist',
    'error-codes',
    'server-exists',
    'path.server_id',
    { status: 404, code: 'Ecs.0114' },
    { given: { server: 'missing' } },
  ),
  serverCase(
    'BatchCreateBaremetalServerTags',
    'server does not exist',
    'error-codes',
    'server-exists',
    'path.server_id',
    { status: 404, code: 'BMS.0040' },
    { given: { server: 'missing' } },
  ),
  serverCase(
    'UpdateBaremetalServerMetadata',
    'server does not exist',
    'bms-metadata-successor',
    'server-exists',
    'path.server_id',
    { status: 400, code: 'BMS.0040' },
    { given: { server: 'missing' } },
  ),
  // The simulator's issue-12 rules beyond the first set: the successor's state rule, Nova's unknown server, and
  // the RFS provider the path names.
  serverCase(
    'UpdateBaremetalServerMetadata',
    'server in vm_state error',
    'bms-metadata-successor',
    'x-allowed-vm-states',
    'path.server_id',
    { status: 400, code: 'BMS.XXXX' },
    { given: { server: { vmState: 'error' } } },
  ),
  serverCase(
    'UpdateBaremetalServerMetadataItem',
    'server does not exist',
    'bms-metadata-item',
    'server-exists',
    'path.server_id',
    { status: 404, code: 'itemNotFound' },
    { given: { server: 'missing' } },
  ),
  serverCase(
    'UpdatePrivateProviderMetadata',
    'provider_id of another provider',
    'rfs-provider-metadata',
    'provider-id-match',
    'body.provider_id',
    { status: 400, code: 'RF.10011XXX', message: 'provider_id does not match the current private provider.' },
    { body: { provider_description: 'd', provider_id: '00000000-0000-4000-8000-000000000000' }, given: { provider: { id: providerId } } },
  ),
  serverCase(
    'UpdatePrivateProviderMetadata',
    'provider does not exist',
    'rfs-provider-metadata',
    'provider-exists',
    'path.provider_name',
    { status: 404, code: 'RF.10013XXX' },
    { given: { provider: 'missing' } },
  ),
];

// Reads and deletes (issue 20): an unknown server or provider gets the documented 404 in the service's format.
const bmsUnknown: Expectation = { status: 404, code: 'BMS.0040' };
const readBackCases: InvalidCase[] = [
  serverCase('ShowBaremetalServerTags', 'server does not exist', 'read-back', 'server-exists', 'path.server_id', bmsUnknown, { given: { server: 'missing' } }),
  serverCase('ListBareMetalServerDetails', 'server does not exist', 'read-back', 'server-exists', 'path.server_id', bmsUnknown, {
    given: { server: 'missing' },
  }),
  serverCase('BatchCreateBaremetalServerTags', `${DELETE_TAGS}: server does not exist`, 'read-back', 'server-exists', 'path.server_id', bmsUnknown, {
    body: { action: 'delete', tags: [{ key: 'key1' }] },
    given: { server: 'missing' },
  }),
  serverCase(
    'ShowPrivateProviderMetadata',
    'provider does not exist',
    'read-back',
    'provider-exists',
    'path.provider_name',
    { status: 404, code: 'RF.10013XXX' },
    { given: { provider: 'missing' } },
  ),
];

export const invalidCases: InvalidCase[] = [...schemaCases, ...serverCases, ...readBackCases];

const job = (status: unknown, subStatus: unknown = 'INIT') => ({
  status,
  job_id: jobId,
  job_type: 'changeOS',
  begin_time: '2024-03-01T08:00:00.604Z',
  end_time: '',
  error_code: null,
  fail_reason: null,
  entities: {
    server_id: serverId,
    sub_jobs_total: 1,
    sub_jobs: [{ status: subStatus, job_id: 'ff80808288d41e1b018990260a5b686b', job_type: 'changeOSSubJob' }],
  },
});

/** A ShowServer body with only the fields the document requires (values from its example). */
const serverDetail = (drop?: string) => {
  const server: Record<string, unknown> = {
    status: 'ACTIVE',
    updated: '2024-03-01T08:03:13Z',
    auto_terminate_time: '',
    hostId: 'c7145889b2e3202cd295ceddb1742ff8941b827b586861fd0acedf64',
    'OS-EXT-SRV-ATTR:host': 'c7145889b2e3202cd295ceddb1742ff8941b827b586861fd0acedf64',
    addresses: {},
    key_name: '',
    image: { id: imageId },
    'OS-EXT-STS:task_state': null,
    'OS-EXT-STS:vm_state': 'active',
    'OS-EXT-SRV-ATTR:instance_name': 'instance-0048a91b',
    'OS-EXT-SRV-ATTR:hypervisor_hostname': 'c7145889b2e3202cd295ceddb1742ff8941b827b586861fd0acedf64',
    flavor: { id: 's6.small.1', name: 's6.small.1', disk: '0', vcpus: '1', ram: '1024' },
    id: serverId,
    security_groups: [],
    'OS-EXT-AZ:availability_zone': 'cn-north-4a',
    user_id: '7e25b1da389f4697a79df3a0e5bd494e',
    name: 'ecs-docs-example',
    created: '2024-03-01T07:40:12Z',
    tenant_id: projectId,
    accessIPv4: '',
    accessIPv6: '',
    'OS-EXT-STS:power_state': 1,
    config_drive: '',
    metadata: {},
    'OS-SRV-USG:launched_at': '2024-03-01T07:41:05.000000',
    'OS-SRV-USG:terminated_at': '',
    'os-extended-volumes:volumes_attached': [],
    host_status: 'UP',
    'OS-EXT-SRV-ATTR:hostname': 'ecs-docs-example',
    'OS-EXT-SRV-ATTR:launch_index': 0,
    'OS-EXT-SRV-ATTR:kernel_id': '',
    'OS-EXT-SRV-ATTR:ramdisk_id': '',
    'OS-EXT-SRV-ATTR:root_device_name': '/dev/vda',
    locked: false,
  };
  if (drop) delete server[drop];
  return { server };
};

/** The details' metadata, as the reference describes it: the service's keys and user-defined pairs, all strings. */
const details = (metadata: unknown) => ({ server: { id: serverId, name: 'bms', tenant_id: projectId, status: 'ACTIVE', metadata } });

export const responseCases: ResponseCase[] = [
  { name: 'server with the required fields only', item: 'ecs-read-back', operationId: 'ShowServer', status: 200, body: serverDetail(), valid: true },
  {
    name: 'server without its vm_state',
    item: 'ecs-read-back',
    operationId: 'ShowServer',
    status: 200,
    body: serverDetail('OS-EXT-STS:vm_state'),
    valid: false,
    field: 'body.server["OS-EXT-STS:vm_state"]',
    rule: 'required',
  },
  {
    name: 'BMS details: metadata with the service keys and a user pair',
    item: 'read-back',
    operationId: 'ListBareMetalServerDetails',
    status: 200,
    body: details({ chargingMode: '1', os_type: 'Linux', env: 'production' }),
    valid: true,
  },
  {
    name: 'BMS details: a metadata value that is not a string',
    item: 'read-back',
    operationId: 'ListBareMetalServerDetails',
    status: 200,
    body: details({ env: 1 }),
    valid: false,
    field: 'body.server.metadata.env',
    rule: 'type',
  },
  {
    name: 'BMS tags: a tag without key',
    item: 'read-back',
    operationId: 'ShowBaremetalServerTags',
    status: 200,
    body: { tags: [{ value: 'v' }] },
    valid: false,
    field: 'body.tags[0].key',
    rule: 'required',
  },
  { name: 'job waiting for payment', item: 'show-job', operationId: 'ShowJob', status: 200, body: job('PENDING_PAYMENT'), valid: true },
  { name: 'job running', item: 'show-job', operationId: 'ShowJob', status: 200, body: job('RUNNING', 'RUNNING'), valid: true },
  {
    name: 'sub-job waiting for payment (sub-jobs have four statuses)',
    item: 'show-job',
    operationId: 'ShowJob',
    status: 200,
    body: job('PENDING_PAYMENT', 'PENDING_PAYMENT'),
    valid: false,
    field: 'body.entities.sub_jobs[0].status',
    rule: 'enum',
  },
  {
    name: 'RFS error code of 11 characters',
    item: 'rfs-provider-metadata',
    operationId: 'UpdatePrivateProviderMetadata',
    status: 400,
    body: { error_code: rfsNothing.code, error_msg: rfsNothing.message },
    valid: true,
  },
  {
    name: 'RFS error code of 12 characters',
    item: 'rfs-provider-metadata',
    operationId: 'UpdatePrivateProviderMetadata',
    status: 400,
    body: { error_code: 'LPA.00000400', error_msg: 'Bad request.' },
    valid: false,
    field: 'body.error_code',
    rule: 'maxLength',
  },
  {
    name: 'ECS permission error',
    item: 'error-codes',
    operationId: 'UpdateServerMetadata',
    status: 403,
    body: { error: { code: 'Ecs.0003', message: 'You do not have permission to perform this operation.' } },
    valid: true,
  },
  {
    name: 'ECS error without a code',
    item: 'error-codes',
    operationId: 'UpdateServerMetadata',
    status: 403,
    body: { error: { message: 'Forbidden.' } },
    valid: false,
    field: 'body.error.code',
    rule: 'required',
  },
];

/**
 * The 400 example a server answers a schema case with, when the operation's document gives one per kind of mistake
 * (RFS, by the RFS Error Codes page); undefined for the operation's first 400 example.
 */
export function expectedBadRequest(c: InvalidCase): string | undefined {
  if (c.operationId !== 'UpdatePrivateProviderMetadata' && c.operationId !== 'ShowPrivateProviderMetadata') return undefined;
  if (c.field === 'path.provider_name' && c.rule === 'pattern') return 'RF.10011166';
  return ({ required: 'RF.10011001', additionalProperties: 'RF.10011002', maxLength: 'RF.10011005', minLength: 'RF.10011006' } as Record<string, string>)[
    c.rule
  ];
}
