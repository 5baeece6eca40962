// The documents say what the seeds say: every example validates, every constraint rejects what it should with
// an error naming the field and the rule, and every seed status code is documented with its error format.
import { describe, expect, it } from 'vitest';
import { invalidCases, validRequests } from '../support/fidelity-cases.ts';
import {
  type ApiName,
  deref,
  describeErrors,
  loadDocument,
  operation,
  operations,
  parameterSchemaPointer,
  requestBodyPointer,
  validatorAt,
} from '../support/openapi.ts';

type Json = Record<string, unknown>;
const escapeKey = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

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
  for (const api of ['ecs', 'bms', 'rfs'] as const) {
    const examples = examplesOf(api);
    it(`${api}: has examples for every response with a body`, () => {
      expect(examples.length).toBeGreaterThan(5);
    });
    for (const { where, pointer, value } of examples) {
      it(`${api}: ${where} validates against its schema`, () => {
        const validate = validatorAt(api, pointer);
        expect(validate(value), describeErrors(validate.errors).join('\n')).toBe(true);
      });
    }
  }
});

describe('seed examples are in the documents verbatim', () => {
  const requestExamples = (operationId: string) => {
    const op = operation(operationId);
    const content = (op.operation.requestBody as Json).content as Record<string, Json>;
    return Object.values((content['application/json']?.examples ?? {}) as Record<string, { value: unknown }>).map((e) => e.value);
  };
  it.each([
    ['UpdateServerMetadata', { metadata: { key: 'value' } }],
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
  ])('%s request example %#', (operationId, seedExample) => {
    expect(requestExamples(operationId)).toContainEqual(seedExample);
  });
});

describe('status codes and error formats', () => {
  // From the seeds (and api-facts.md where the seed points to a shared "Error Codes" page).
  const expected: Record<string, string[]> = {
    UpdateServerMetadata: ['200', '400', '401', '403', '404', '409', '429', '500'],
    ChangeServerOsWithoutCloudInit: ['200', '400', '401', '403', '404', '409', '429', '500'],
    ShowJob: ['200', '400', '401', '403', '404', '429', '500'],
    UpdateBaremetalServerMetadataItem: ['200', '400', '401', '403', '404', '409', '413', '500'],
    BatchCreateBaremetalServerTags: ['204', '400', '401', '403', '404', '500'],
    UpdatePrivateProviderMetadata: ['204', '400', '401', '403', '404', '429', '500'],
  };
  const errorSchemas: Record<string, string[]> = {
    UpdateServerMetadata: ['EcsError', 'EcsUnauthorizedError'],
    ChangeServerOsWithoutCloudInit: ['EcsError', 'EcsUnauthorizedError'],
    ShowJob: ['EcsError', 'EcsUnauthorizedError'],
    UpdateBaremetalServerMetadataItem: ['NovaFault', 'NovaUnauthorizedFault'],
    BatchCreateBaremetalServerTags: ['BmsError', 'BmsUnauthorizedError'],
    UpdatePrivateProviderMetadata: ['RfsError', 'RfsUnauthorizedError'],
  };

  it('documents exactly the six operations', () => {
    expect(
      operations()
        .map((o) => o.operationId)
        .sort(),
    ).toEqual(Object.keys(expected).sort());
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
    for (const api of ['ecs', 'bms', 'rfs'] as const) {
      expect(loadDocument(api).security).toEqual([{ TokenAuth: [] }, { AkSkSignature: [], AkSkDate: [] }]);
    }
  });
});

describe('valid requests pass', () => {
  for (const request of Object.values(validRequests)) {
    it(request.operationId, () => {
      const op = operation(request.operationId);
      for (const [name, value] of Object.entries({ ...request.path, ...request.headers })) {
        const validate = validatorAt(op.api, parameterSchemaPointer(op, name));
        expect(validate(value), `${name}: ${describeErrors(validate.errors).join('\n')}`).toBe(true);
      }
      if (request.body !== undefined) {
        const validate = validatorAt(op.api, requestBodyPointer(op));
        expect(validate(request.body), describeErrors(validate.errors).join('\n')).toBe(true);
      }
    });
  }
});

describe('invalid requests are rejected, naming the field and the rule', () => {
  for (const c of invalidCases) {
    it(`${c.operationId}: ${c.name}`, () => {
      const op = operation(c.operationId);
      const [validate, value, prefix] =
        c.location === 'body'
          ? [validatorAt(op.api, requestBodyPointer(op)), c.body, '']
          : [validatorAt(op.api, parameterSchemaPointer(op, c.field)), c.location === 'path' ? c.path[c.field] : c.headers?.[c.field], c.field];
      expect(validate(value)).toBe(false);
      const lines = describeErrors(validate.errors, prefix);
      expect(
        lines.some((line) => line.includes(c.field) && line.includes(`${c.rule}:`)),
        lines.join('\n'),
      ).toBe(true);
    });
  }
});
