import { describe, expect, it } from 'vitest';
import { bmsOperations } from '../../generated/operations.ts';
import { bmsSchemaValidator, ecsSchemaValidator, rfsSchemaValidator } from '../../src/client/schema-validation.ts';
import { createBmsClient, createEcsClient, createRfsClient, type RequestValidator, ValidationError } from '../../src/index.ts';
import { fieldPath } from '../../src/openapi/violations.ts';
import { type InvalidCase, invalidCases, type OperationRequest, validRequests } from '../support/fidelity-cases.ts';
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

/**
 * Whether an error names the table's field. The table writes a JSON path in the body (`/os-change/imageid`),
 * a property or parameter name (`imageid`, `server_id`) or `(body)`; the client writes the field path of the
 * one message style (`body.os-change.imageid`, `body.tags[0].key`, `path.server_id`), a bad map key in brackets
 * after its map (`body.metadata["a b"]`), and alternatives of anyOf in its explanation (`at least one of a, b`).
 */
function names(error: ValidationError, location: string, field: string): boolean {
  if (field === '(body)') return error.field === location;
  if (field.startsWith('/')) {
    const path = fieldPath(
      location,
      field
        .slice(1)
        .split('/')
        .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
    );
    return error.field === path || error.field.startsWith(`${path}.`) || error.field.startsWith(`${path}[`);
  }
  const alternatives = /one of (.*)$/.exec(error.violations[0]?.message ?? '')?.[1]?.split(', ') ?? [];
  return error.field === fieldPath(location, [field]) || error.field.endsWith(`.${field}`) || alternatives.includes(field);
}

/**
 * The rule the table expects, as the one explainer reports it: "adminpass or keyname" is one violation of the
 * anyOf that lists both names (see the test below), not ajv's `required` of each alternative.
 */
const ruleOf = (invalid: InvalidCase): string => (invalid.name === 'neither adminpass nor keyname' ? 'anyOf' : invalid.rule);

/**
 * Each payload of the table should break one rule only. Since the RFS document made provider_description
 * required, the RFS payloads about other fields lack it too (and the first violation reported may name
 * that one first): give them a description. Reported to the document owner.
 */
function oneRuleBroken(invalid: InvalidCase): InvalidCase {
  const body = invalid.body as Record<string, unknown> | undefined;
  if (
    invalid.operationId !== 'UpdatePrivateProviderMetadata' ||
    invalid.location !== 'body' ||
    ['(body)', 'provider_description'].includes(invalid.field) ||
    !body ||
    'provider_description' in body
  )
    return invalid;
  return { ...invalid, body: { provider_description: 'd', ...body } };
}

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
    for (const meta of [{ a: '1', b: '2' }, { b: '1' }, {}] as Record<string, string>[]) {
      const error = await refusal(putMeta('a', meta));
      expect(error).toMatchObject({ field: 'body.meta', rule: 'single-pair-matching-path-key' });
      expect(error.message).toBe('body.meta: single-pair-matching-path-key: must hold exactly one pair, whose key equals the path parameter key');
    }
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

  it('RFS update: carries provider_description, the one field it can change, even when set to undefined', async () => {
    const rfs = createRfsClient(options());
    for (const body of [{}, { provider_description: undefined }, { provider_id: SERVER_ID }] as unknown as { provider_description: string }[]) {
      const call = rfs.PATCH('/v1/private-providers/{provider_name}/metadata', { params: { path: { provider_name: 'p' } }, body });
      expect(await refusal(call)).toMatchObject({ field: 'body.provider_description', rule: 'required' });
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
      case 'UpdateBaremetalServerMetadataItem':
        return bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', init);
      case 'BatchCreateBaremetalServerTags':
        return bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', init);
      case 'UpdatePrivateProviderMetadata':
        return rfs.PATCH('/v1/private-providers/{provider_name}/metadata', init);
    }
    throw new Error(`no client call for ${operationId}`);
  }

  it.each(Object.values(validRequests))('lets the valid $operationId through', async (request) => {
    const before = sent.length;
    await send(request);
    expect(sent.length).toBe(before + 1);
  });

  // The fidelity table names, for every constraint, the field and the JSON Schema keyword that must be reported.
  it.each(invalidCases.map(oneRuleBroken))('refuses "$name" naming $field and $rule', async (invalid) => {
    const error = await refusal(send(invalid));
    expect(error.rule).toBe(ruleOf(invalid));
    expect(names(error, invalid.location, invalid.field), `${error.message} should name ${invalid.field}`).toBe(true);
    expect(error.message.startsWith(`${error.field}: `)).toBe(true);
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
