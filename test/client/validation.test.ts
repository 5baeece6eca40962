import { describe, expect, it } from 'vitest';
import { bmsOperations } from '../../generated/operations.ts';
import { bmsSchemaValidator, ecsSchemaValidator, rfsSchemaValidator } from '../../src/client/schema-validation.ts';
import { createBmsClient, createEcsClient, createRfsClient, type RequestValidator, ValidationError } from '../../src/index.ts';
import { invalidCases, type OperationRequest, validCases } from '../support/fidelity-cases.ts';
import { akSk, PROJECT_ID, SERVER_ID } from './support.ts';

// Validation happens before anything is sent: this fetch records that it was (not) called.
const sent: Request[] = [];
const fetch = async (request: Request) => {
  sent.push(request);
  return new Response(request.method === 'PATCH' || request.url.includes('/tags/') ? null : '{}', {
    status: request.method === 'PATCH' || request.url.includes('/tags/') ? 204 : 200,
  });
};
const options = (validateRequest?: RequestValidator) => ({ endpoint: 'https://api.test', projectId: PROJECT_ID, credentials: akSk, fetch, validateRequest });

async function refusal(call: Promise<unknown>): Promise<ValidationError> {
  const before = sent.length;
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(sent.length, 'nothing may be sent').toBe(before);
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('rules the schema cannot express (always on)', () => {
  const bms = createBmsClient(options());
  const putMeta = (key: string, meta: Record<string, string>) =>
    bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', { params: { path: { server_id: SERVER_ID, key } }, body: { meta } });

  it('BMS meta: exactly one pair, whose key is the path key', async () => {
    for (const meta of [{ a: '1', b: '2' }, {}] as Record<string, string>[]) {
      const error = await refusal(putMeta('a', meta));
      expect(error).toMatchObject({ field: 'body.meta', rule: 'single-pair-matching-path-key' });
      expect(error.message).toBe('body.meta: single-pair-matching-path-key: must hold exactly one pair, whose key equals the path parameter key');
    }
    // One pair under another key: the service's "Request body and URI mismatch", refused under that rule's name.
    const error = await refusal(putMeta('a', { b: '1' }));
    expect(error).toMatchObject({ field: 'body.meta', rule: 'body-uri-key-match' });
    expect(error.message).toBe('body.meta: body-uri-key-match: must have the path parameter key as its key');
    expect((await putMeta('a', { a: '1' })).error).toBeUndefined();
  });

  it('BMS meta: key and value each fit in the document’s x-max-bytes (255) UTF-8 bytes, not characters', async () => {
    expect(bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'].byteLimits).toEqual([
      { path: ['meta'], of: 'keys', maxBytes: 255 },
      { path: ['meta'], of: 'values', maxBytes: 255 },
    ]);
    // 85 × 3 + 1 = 256 bytes in 86 characters: within every maxLength, over the byte limit.
    const error = await refusal(putMeta('k', { k: `${'€'.repeat(85)}a` }));
    expect(error).toMatchObject({ field: 'body.meta.k', rule: 'x-max-bytes' });
    expect(error.message).toBe('body.meta.k: x-max-bytes: must NOT be longer than 255 bytes (UTF-8)');
    // The limit is per field: a 255-byte value beside its key is accepted (the pair takes 256 bytes).
    expect((await putMeta('k', { k: '€'.repeat(85) })).error).toBeUndefined();
  });

  it('BMS tags: keys unique within the request', async () => {
    const call = bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: SERVER_ID } },
      body: { action: 'create', tags: [{ key: 'env', value: 'a' }, { key: 'team' }, { key: 'env', value: 'b' }] },
    });
    expect(await refusal(call)).toMatchObject({ field: 'body.tags[2].key', rule: 'unique' });
  });

  it('RFS update: refuses one that changes nothing ({}, provider_id alone, a description set to undefined), naming the service rule', async () => {
    const rfs = createRfsClient(options());
    for (const body of [{}, { provider_description: undefined }, { provider_id: SERVER_ID }] as unknown as { provider_description: string }[]) {
      const call = rfs.PATCH('/v1/private-providers/{provider_name}/metadata', { params: { path: { provider_name: 'p' } }, body });
      const error = await refusal(call);
      expect(error).toMatchObject({ field: 'body', rule: 'nothing-to-update' });
      expect(error.message).toBe('body: nothing-to-update: must change something: provider_description is the only field an update can change');
    }
  });
});

const [ecsValidator, bmsValidator, rfsValidator] = await Promise.all([ecsSchemaValidator(), bmsSchemaValidator(), rfsSchemaValidator()]);

describe('opt-in schema validation (schema-validation.ts, compiled from generated/openapi/*.json)', () => {
  const ecs = createEcsClient(options(ecsValidator));
  const bms = createBmsClient(options(bmsValidator));
  const rfs = createRfsClient(options(rfsValidator));

  /** Sends a fidelity-table request through the typed client, as an untyped caller could. */
  function send({ operationId, path, headers, body }: OperationRequest): Promise<unknown> {
    const init = { params: { path, header: headers }, body } as never;
    switch (operationId) {
      case 'UpdateServerMetadata':
        return ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', init);
      case 'ChangeServerOsWithoutCloudInit':
        return ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', init);
      case 'ShowJob':
        return ecs.GET('/v1/{project_id}/jobs/{job_id}', init);
      case 'ShowServer':
        return ecs.GET('/v1/{project_id}/cloudservers/{server_id}', init);
      case 'DeleteServerMetadata':
        return ecs.DELETE('/v1/{project_id}/cloudservers/{server_id}/metadata/{key}', init);
      case 'UpdateBaremetalServerMetadata':
        return bms.POST('/v1/{project_id}/baremetalservers/{server_id}/metadata', init);
      case 'UpdateBaremetalServerMetadataItem':
        return bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', init);
      case 'BatchCreateBaremetalServerTags':
        return bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', init);
      case 'UpdatePrivateProviderMetadata':
        return rfs.PATCH('/v1/private-providers/{provider_name}/metadata', init);
      case 'ShowBaremetalServerTags':
        return bms.GET('/v1/{project_id}/baremetalservers/{server_id}/tags', init);
      case 'ListBareMetalServerDetails':
        return bms.GET('/v1/{project_id}/baremetalservers/{server_id}', init);
      case 'ShowPrivateProviderMetadata':
        return rfs.GET('/v1/private-providers/{provider_name}/metadata', init);
    }
    throw new Error(`no client call for ${operationId}`);
  }

  it.each(validCases)('lets "$name" ($operationId) through', async (request) => {
    const before = sent.length;
    await send(request);
    expect(sent.length).toBe(before + 1);
  });

  // The fidelity table names, for every constraint of the schemas, the field and the rule that must be reported:
  // the first violation of the refusal is exactly that one, in the one message style.
  it.each(invalidCases.filter((c) => c.kind === 'schema'))('refuses "$name" naming $field and $rule', async (invalid) => {
    const error = await refusal(send(invalid));
    expect({ field: error.field, rule: error.rule }).toEqual({ field: invalid.field, rule: invalid.rule });
    expect(error.message.startsWith(`${invalid.field}: ${invalid.rule}: `), error.message).toBe(true);
  });

  // Server cases pass the schema. The two that need no state of the world (RFS nothing to update, BMS v2.1 body
  // key other than the path key) are refused by the client's own rules, before sending, under the rule's name.
  it.each(invalidCases.filter((c) => c.kind === 'server' && c.given === undefined))(
    'refuses "$name" before sending, naming the service rule $rule',
    async (invalid) => {
      const error = await refusal(send(invalid));
      expect({ field: error.field, rule: error.rule }).toEqual({ field: invalid.field, rule: invalid.rule });
      expect(error.message.startsWith(`${invalid.field}: ${invalid.rule}: `), error.message).toBe(true);
    },
  );

  // The others depend on the state of the world (`given`: a missing server or job, a full quota, a vm_state), which
  // only the service knows: the client must send them. Their answers are tested against the simulator
  // (test/servers/sim), which keeps that state.
  it.each(invalidCases.filter((c) => c.kind === 'server' && c.given !== undefined))('sends "$name": only the service knows its state', async (request) => {
    const before = sent.length;
    await send(request);
    expect(sent.length).toBe(before + 1);
  });

  it('explains "adminpass or keyname" with both names', async () => {
    const call = ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id: SERVER_ID } },
      // @ts-expect-error neither adminpass nor keyname: the generated type requires exactly one
      body: { 'os-change': { imageid: SERVER_ID } },
    });
    const error = await refusal(call);
    expect(error.message).toBe('body.os-change: oneOf: must have exactly one of adminpass, keyname');
    expect(error).toMatchObject({ field: 'body.os-change', rule: 'oneOf', violations: [{ field: 'body.os-change', rule: 'oneOf' }] });
  });

  it('names a bad metadata key without echoing values', async () => {
    const call = ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: SERVER_ID } },
      body: { metadata: { 'bad key': 'v' } },
    });
    const error = await refusal(call);
    expect(error).toMatchObject({ field: 'body.metadata["bad key"]', rule: 'pattern' });
    expect(error.message).toBe('body.metadata["bad key"]: pattern: must match ^[A-Za-z0-9_:.-]+$');
  });
});
