// The documents say what the reference pages say: every example validates, every constraint rejects what it
// should with an error naming the field and the rule (in the validators' one style), what only a server can check
// is accepted by the schema and documented with its answer, and every operation lists the statuses and error
// formats the references give.
import { describe, expect, it } from 'vitest';
import { type OpenApiDocument, responseOf } from '../../src/openapi/documents.ts';
import { readError } from '../../src/openapi/error-formats.ts';
import { loadDocuments } from '../../src/openapi/load.ts';
import { sdkOperationsOf } from '../../src/openapi/samples.ts';
import { compileSchema, createRequestValidators, formatViolation, type Violation } from '../../src/openapi/validators.ts';
import { AUDIT_ITEMS, type InvalidCase, invalidCases, type OperationRequest, responseCases, validCases } from '../support/fidelity-cases.ts';
import { type ApiName, apiNames, deref, describeViolations, loadDocument, type OperationInfo, operation, operations, validatorAt } from '../support/openapi.ts';

type Json = Record<string, unknown>;
const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

const documents = loadDocuments();
const validatorFor = createRequestValidators(documents);
const check = (request: OperationRequest): Violation[] =>
  validatorFor(operation(request.operationId))({ path: request.path, header: request.headers ?? {}, body: request.body });

/** Every (schema pointer, example) pair of a document: request bodies, responses and parameters. */
function examplesOf(api: ApiName): Array<{ where: string; pointer: string; value: unknown }> {
  const found: Array<{ where: string; pointer: string; value: unknown }> = [];
  for (const op of operations().filter((o) => o.api === api)) {
    const opPointer = `/paths/${escapeKey(op.path)}/${op.method}`;
    const media = (content: unknown, base: string, where: string) => {
      for (const [type, m] of Object.entries((content ?? {}) as Record<string, Json>)) {
        for (const [name, example] of Object.entries((m.examples ?? {}) as Record<string, unknown>)) {
          found.push({
            where: `${op.operationId} ${where} example ${name}`,
            pointer: `${base}/content/${escapeKey(type)}/schema`,
            value: deref<{ value: unknown }>(api, example).value,
          });
        }
      }
    };
    const body = op.operation.requestBody as Json | undefined;
    if (body) media(body.content, `${opPointer}/requestBody`, 'request');
    for (const [status, raw] of Object.entries(op.operation.responses as Record<string, Json>)) {
      const base = typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `${opPointer}/responses/${status}`;
      media(deref(api, raw).content, base, `response ${status}`);
    }
  }
  return found;
}

describe('examples in the documents', () => {
  for (const api of apiNames) {
    const examples = examplesOf(api);
    it(`${api}: has examples for every response with a body`, () => {
      expect(examples.length).toBeGreaterThan(5);
    });
    for (const { where, pointer, value } of examples) {
      it(`${api}: ${where} validates against its schema`, () => {
        expect(describeViolations(validatorAt(api, pointer)(value))).toEqual([]);
      });
    }
  }
  it('request examples also pass the validators of the servers (x-max-bytes included)', () => {
    for (const op of operations().filter((o) => o.body)) {
      const content = ((op.operation.requestBody as Json).content as Record<string, Json>)['application/json'];
      for (const [name, raw] of Object.entries((content?.examples ?? {}) as Record<string, unknown>)) {
        const value = deref<{ value: unknown }>(op.api, raw).value as Json;
        const key = op.operationId === 'UpdateBaremetalServerMetadataItem' ? Object.keys(value.meta as Json)[0] : undefined;
        const path = { project_id: 'p', server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd', provider_name: 'p', ...(key ? { key } : {}) };
        const header = { 'Client-Request-Id': '5a2c6f0e-1c8d-4f3b-9a7e-2b1d0c9e8f7a' };
        expect(validatorFor(op)({ path, header, body: value }).map(formatViolation), `${op.operationId} ${name}`).toEqual([]);
      }
    }
  });
});

describe('the reference pages’ own request examples are in the documents verbatim', () => {
  const requestExamples = (operationId: string) => {
    const op = operation(operationId);
    const content = (op.operation.requestBody as Json).content as Record<string, Json>;
    return Object.values((content['application/json']?.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value);
  };
  it.each([
    ['UpdateServerMetadata', { metadata: { key: 'value' } }],
    ['UpdateBaremetalServerMetadata', { metadata: { key: 'value' } }],
    ['UpdateBaremetalServerMetadataItem', { meta: { key: 'value' } }],
    ['UpdatePrivateProviderMetadata', { provider_description: 'my first private provider' }],
    ['UpdatePrivateProviderMetadata', { provider_description: 'my first private provider', provider_id: '1b15e005-bdbb-4bd7-8f9a-a09b6774b4b3' }],
    [
      'ChangeServerOsWithoutCloudInit',
      {
        'os-change': {
          keyname: 'KeyPair-350b',
          userid: '7e25b1da389f4697a79df3a0e5bd494e',
          imageid: 'e215580f-73ad-429d-b6f2-5433947433b0',
          metadata: { __system__encrypted: '1', __system__cmkid: '83cdb52d-9ebf-4469-9cfa-e7b5b80da846' },
          mode: 'withStopServer',
        },
      },
    ],
    [
      'BatchCreateBaremetalServerTags',
      {
        action: 'create',
        tags: [
          { key: 'key1', value: 'value1' },
          { key: 'key2', value: 'value3' },
        ],
      },
    ],
    [
      'BatchCreateBaremetalServerTags',
      {
        action: 'delete',
        tags: [
          { key: 'key1', value: 'value1' },
          { key: 'key2', value: 'value3' },
        ],
      },
    ],
  ])('%s request example %#', (operationId, referenceExample) => {
    expect(requestExamples(operationId)).toContainEqual(referenceExample);
  });
});

describe('status codes and error formats', () => {
  // From each operation's reference page and its service's Error Codes page (openapi/README.md lists them).
  const expected: Record<string, string[]> = {
    UpdateServerMetadata: ['200', '400', '401', '403', '404', '500', '503'],
    ChangeServerOsWithoutCloudInit: ['200', '400', '401', '403', '404', '500', '503'],
    ShowJob: ['200', '400', '401', '403', '500', '503'],
    ShowServer: ['200', '400', '401', '403', '404', '500', '503'],
    DeleteServerMetadata: ['204', '400', '401', '403', '404', '500', '503'],
    UpdateBaremetalServerMetadata: ['200', '400', '401', '403', '500'],
    UpdateBaremetalServerMetadataItem: ['200', '400', '401', '403', '404', '409', '500'],
    BatchCreateBaremetalServerTags: ['204', '400', '401', '403', '404', '500'],
    UpdatePrivateProviderMetadata: ['204', '400', '401', '403', '404', '429', '500'],
    ShowBaremetalServerTags: ['200', '400', '401', '403', '404', '500'],
    ListBareMetalServerDetails: ['200', '400', '401', '403', '404', '500'],
    ShowPrivateProviderMetadata: ['200', '400', '401', '403', '404', '429', '500'],
  };
  const errorSchemas: Record<string, string[]> = {
    UpdateServerMetadata: ['EcsError', 'EcsUnauthorizedError'],
    ChangeServerOsWithoutCloudInit: ['EcsError', 'EcsUnauthorizedError'],
    ShowJob: ['EcsError', 'EcsUnauthorizedError'],
    ShowServer: ['EcsError', 'EcsUnauthorizedError'],
    DeleteServerMetadata: ['EcsError', 'EcsUnauthorizedError'],
    UpdateBaremetalServerMetadata: ['BmsError', 'BmsUnauthorizedError'],
    UpdateBaremetalServerMetadataItem: ['NovaFault', 'NovaUnauthorizedFault'],
    BatchCreateBaremetalServerTags: ['BmsError', 'BmsUnauthorizedError'],
    UpdatePrivateProviderMetadata: ['RfsError', 'RfsUnauthorizedError'],
    ShowBaremetalServerTags: ['BmsError', 'BmsUnauthorizedError'],
    ListBareMetalServerDetails: ['BmsError', 'BmsUnauthorizedError'],
    ShowPrivateProviderMetadata: ['RfsError', 'RfsUnauthorizedError'],
  };
  // BatchDeleteBaremetalServerTags shares BatchCreateBaremetalServerTags's method and path (x-sdk-operations).
  const sdkNames = [...Object.keys(expected), 'BatchDeleteBaremetalServerTags'];

  it('documents exactly the thirteen SDK operations, in twelve OpenAPI operations', () => {
    expect(
      operations()
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(Object.keys(expected).sort());
    expect(
      operations()
        .flatMap((o) => sdkOperationsOf(o).map((sdk) => sdk.operationId))
        .sort(),
    ).toEqual(sdkNames.sort());
  });
  for (const op of operations()) {
    const responses = op.operation.responses as Record<string, Json>;
    it(`${op.operationId} documents ${expected[op.operationId]?.join(', ')}`, () => {
      expect(Object.keys(responses).sort()).toEqual(expected[op.operationId]);
    });
    it(`${op.operationId}: every error response uses the service's error schema and has an example`, () => {
      for (const [status, raw] of Object.entries(responses).filter(([s]) => Number(s) >= 400)) {
        const media = (deref(op.api, raw).content as Record<string, Json>)['application/json'];
        const schemaRef = (media?.schema as { $ref?: string } | undefined)?.$ref ?? '';
        expect(errorSchemas[op.operationId], `${status} of ${op.operationId}`).toContain(schemaRef.split('/').pop());
        expect(Object.keys(media?.examples ?? {}).length, `${status} examples`).toBeGreaterThan(0);
      }
    });
    it(`${op.operationId}: a 204 has no body`, () => {
      if (responses['204']) expect(deref(op.api, responses['204']).content).toBeUndefined();
    });
  }
  it('every document offers both authentication methods', () => {
    for (const api of apiNames) {
      expect(loadDocument(api).security).toEqual([{ TokenAuth: [] }, { AkSkSignature: [], AkSkDate: [] }]);
    }
  });
});

describe('valid requests pass the validators', () => {
  it.each(validCases.map((c) => [`${c.operationId}: ${c.name}`, c] as const))('%s', (_, c) => {
    expect(check(c).map(formatViolation)).toEqual([]);
  });
});

describe('invalid requests are refused by the schema, naming the field and the rule', () => {
  const schemaCases = invalidCases.filter((c) => c.kind === 'schema');
  it.each(schemaCases.map((c) => [`${c.operationId}: ${c.name} → ${c.field}: ${c.rule}`, c] as const))('%s', (_, c) => {
    const violations = check(c);
    expect(
      violations.some((v) => v.field === c.field && v.rule === c.rule),
      violations.map(formatViolation).join('\n'),
    ).toBe(true);
  });
});

/** The code of every example of a response (for Nova faults, the fault name). */
function documentedCodes(doc: OpenApiDocument, op: OperationInfo, status: number): Array<{ code?: string; message?: string }> {
  const found = responseOf(doc, op, status);
  const media = ((found?.response.content ?? {}) as Record<string, Json>)['application/json'];
  return Object.values((media?.examples ?? {}) as Record<string, unknown>).map((raw) => readError(deref<{ value: unknown }>(op.api, raw).value));
}

describe('server rules: the schema accepts the request, the document gives the answer', () => {
  const serverCases = invalidCases.filter((c): c is InvalidCase & { expect: NonNullable<InvalidCase['expect']> } => c.kind === 'server' && !!c.expect);
  it('every server case says what the service answers', () => {
    expect(serverCases).toHaveLength(invalidCases.filter((c) => c.kind === 'server').length);
  });
  it.each(serverCases.map((c) => [`${c.operationId}: ${c.name} → ${c.expect.status} ${c.expect.code}`, c] as const))('%s', (_, c) => {
    expect(check(c).map(formatViolation), 'a server rule must not be a schema rule').toEqual([]);
    const op = operation(c.operationId);
    expect(op.statuses).toContain(c.expect.status);
    const examples = documentedCodes(documents[op.api], op, c.expect.status);
    const match = examples.find((e) => e.code === c.expect.code);
    expect(match, `${c.expect.status} of ${c.operationId} documents ${c.expect.code}`).toBeDefined();
    if (c.expect.message) expect(match?.message).toBe(c.expect.message);
  });
});

describe('response bodies against the documented response schemas', () => {
  it.each(responseCases.map((c) => [`${c.operationId} ${c.status}: ${c.name}`, c] as const))('%s', (_, c) => {
    const op = operation(c.operationId);
    const doc = documents[op.api];
    const pointer = responseOf(doc, op, c.status)?.schemaPointer;
    expect(pointer).toBeDefined();
    const violations = compileSchema({ $ref: `#${pointer}`, paths: doc.paths, components: doc.components }, 'body')(c.body);
    if (c.valid) expect(violations.map(formatViolation)).toEqual([]);
    else
      expect(
        violations.some((v) => v.field === c.field && v.rule === c.rule),
        violations.map(formatViolation).join('\n'),
      ).toBe(true);
  });
});

describe('the table covers every audit item', () => {
  it.each(AUDIT_ITEMS.map((item) => [item]))('%s has valid and invalid cases', (item) => {
    const valid = [...validCases.filter((c) => c.item === item), ...responseCases.filter((c) => c.item === item && c.valid)];
    const invalid = [...invalidCases.filter((c) => c.item === item), ...responseCases.filter((c) => c.item === item && !c.valid)];
    expect(valid.length, 'valid cases').toBeGreaterThan(0);
    expect(invalid.length, 'invalid cases').toBeGreaterThan(0);
  });
  it('names every field in the validators’ style', () => {
    for (const c of invalidCases) expect(c.field, c.name).toMatch(/^(body|path\.|header\.)/);
  });
});
