// What issue 12's audit corrected, as facts of the bundled documents: error codes that Huawei publishes (or
// examples that say plainly that their code is illustrative), the deprecated v2.1 API and its successor, the
// per-field byte limit and what the generator derives from it, job statuses and retention, RFS's optional fields
// and 11-character codes, Retry-After as a client behaviour only.
import { describe, expect, it } from 'vitest';
import { bmsOperationRules, bmsOperations, ecsOperations } from '../../generated/operations.ts';
import { atPointer, deref, examplesOf, type Json, listOperations, type OpenApiDocument, responseOf, SERVICES } from '../../src/openapi/documents.ts';
import { readError } from '../../src/openapi/error-formats.ts';
import { loadDocuments } from '../../src/openapi/load.ts';

const documents = loadDocuments();
const operations = SERVICES.flatMap((service) => listOperations(documents[service], service));
const op = (operationId: string) => {
  const found = operations.find((o) => o.operationId === operationId);
  if (!found) throw new Error(operationId);
  return found;
};
const schema = (service: 'ecs' | 'bms' | 'rfs', name: string) => atPointer(documents[service], `/components/schemas/${name}`) as Json;

/**
 * Codes published for each status: ECS API reference, Error Codes (ecs_07_0002); BMS API reference, Error Codes
 * (bms_api_0802); RFS API reference, Error Codes (ErrorCode); the API gateway's APIGW.0301 (api-sign-0001); and the
 * OpenStack fault names of the Nova-compatible API. BMS.0040 is published with 400; the tags page lists 404.
 */
const PUBLISHED: Record<string, Record<number, string[]>> = {
  ecs: {
    400: ['Ecs.0005', 'Ecs.0100', 'Ecs.0031', 'Ecs.0011', 'Ecs.0314', 'Common.0011', 'Common.0025'],
    401: ['Common.0013', 'APIGW.0301'],
    403: ['Ecs.0003', 'Ecs.0110'],
    404: ['Ecs.0114'],
    500: ['Common.0001'],
    503: ['Common.1503'],
  },
  bms: {
    400: ['BMS.0001', 'BMS.0040', 'BMS.0288', 'badRequest'],
    401: ['APIGW.0301', 'unauthorized'],
    403: ['forbidden'],
    404: ['BMS.0040', 'itemNotFound'],
    409: ['conflictingRequest'],
    500: ['computeFault'],
  },
  rfs: {
    400: ['RF.10011001', 'RF.10011002', 'RF.10011005', 'RF.10011006', 'RF.10011032', 'RF.10011033', 'RF.10011166', 'RF.10011084'],
    401: ['RF.10012001', 'APIGW.0301'],
    403: ['RF.10012507'],
    429: ['RF.10014001'],
    500: ['RF.10010001'],
  },
};

function errorExamples(): Array<{ where: string; status: number; code?: string; summary?: string }> {
  return operations.flatMap((o) =>
    o.statuses
      .filter((status) => status >= 400)
      .flatMap((status) => {
        const doc = documents[o.service as 'ecs'];
        const media = ((responseOf(doc, o, status)?.response.content ?? {}) as Json)['application/json'];
        return examplesOf(doc, media).map((e) => ({
          where: `${o.operationId} ${status} ${e.name}`,
          status,
          code: readError(e.value).code,
          summary: e.summary,
        }));
      }),
  );
}

describe('error examples', () => {
  const examples = errorExamples();
  it.each(examples.map((e) => [e.where, e] as const))('%s uses a published code or says it is illustrative', (where, e) => {
    const service = operations.find((o) => where.startsWith(`${o.operationId} `))?.service ?? '';
    const published = PUBLISHED[service]?.[e.status] ?? [];
    if (!published.includes(e.code ?? '')) expect(e.summary ?? '', `${where}: ${e.code}`).toMatch(/illustrative/i);
  });
  it('never use the codes the audit found in no source, nor Ecs.0013 for a permission error', () => {
    const codes = examples.map((e) => `${e.status} ${e.code}`);
    for (const banned of [/Ecs\.0409/, /BMS\.040[34]/, /LPA\./, /^403 Ecs\.0013$/]) expect(codes.filter((c) => banned.test(c))).toEqual([]);
  });
  it('an illustrative code is visibly not a real one', () => {
    for (const e of examples.filter((x) => /illustrative/i.test(x.summary ?? '') && !['Common.0013', 'Common.0001'].includes(x.code ?? ''))) {
      expect(e.code, e.where).toMatch(/X/);
    }
  });
  it('every RFS code is 11 characters', () => {
    for (const e of examples.filter((x) => x.where.startsWith('UpdatePrivateProviderMetadata') && !x.code?.startsWith('APIGW.'))) {
      expect(e.code, e.where).toHaveLength(11);
    }
    expect(schema('rfs', 'RfsError').properties).toMatchObject({ error_code: { minLength: 11, maxLength: 11 } });
  });
  it('Retry-After is described as honoured by clients, not as sent by Huawei', () => {
    for (const service of SERVICES) {
      const text = JSON.stringify(documents[service]);
      if (!text.includes('Retry-After')) continue;
      const headers = operations
        .filter((o) => o.service === service)
        .flatMap((o) => o.statuses.map((s) => (responseOf(documents[service], o, s)?.response.headers as Json | undefined)?.['Retry-After']))
        .filter(Boolean)
        .map((h) => deref<{ description: string }>(documents[service], h).description);
      for (const description of headers) expect(description).toMatch(/honour/);
      for (const description of headers) expect(description).toMatch(/No Huawei Cloud API reference says/);
    }
  });
});

describe('BMS native v2.1 metadata item', () => {
  const item = op('UpdateBaremetalServerMetadataItem');
  it('is deprecated and points to its successor', () => {
    expect(item.operation.deprecated).toBe(true);
    expect(item.operation.description).toMatch(/UpdateBaremetalServerMetadata\b/);
    expect(item.operation.description).toMatch(/bms_api_0631/);
  });
  it('limits key and value to 255 bytes each (x-max-bytes), with no pair limit', () => {
    expect(item.operation['x-max-pair-bytes']).toBeUndefined();
    expect(schema('bms', 'NovaMetadataKey')['x-max-bytes']).toBe(255);
    expect(schema('bms', 'NovaMetadataValue')['x-max-bytes']).toBe(255);
    const key = item.parameters.find((p) => p.name === 'key');
    expect(deref<Json>(documents.bms, key?.schema)['x-max-bytes']).toBe(255);
  });
  it('gives generated/operations.ts the byte limits of the request body', () => {
    expect(bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'].byteLimits).toEqual([
      { path: ['meta'], of: 'keys', maxBytes: 255 },
      { path: ['meta'], of: 'values', maxBytes: 255 },
    ]);
    expect(bmsOperations['POST /v1/{project_id}/baremetalservers/{server_id}/metadata'].byteLimits).toEqual([]);
    expect(ecsOperations['POST /v1/{project_id}/cloudservers/{server_id}/metadata'].byteLimits).toEqual([]);
  });
  it('answers a quota error with 403, as Nova does, and documents no 413', () => {
    expect(item.statuses).not.toContain(413);
    const media = ((responseOf(documents.bms, item, 403)?.response.content ?? {}) as Json)['application/json'];
    expect(examplesOf(documents.bms, media).map((e) => readError(e.value).message)).toContain('Maximum number of metadata items exceeds 128');
  });
});

describe('UpdateBaremetalServerMetadata (the successor)', () => {
  const successor = op('UpdateBaremetalServerMetadata');
  it('is POST /v1/{project_id}/baremetalservers/{server_id}/metadata on the BMS endpoint, idempotent, with its vm states', () => {
    expect([successor.method, successor.path]).toEqual(['post', '/v1/{project_id}/baremetalservers/{server_id}/metadata']);
    expect(bmsOperations['POST /v1/{project_id}/baremetalservers/{server_id}/metadata']).toMatchObject({
      operationId: 'UpdateBaremetalServerMetadata',
      idempotent: true,
      host: 'bms',
    });
    expect(bmsOperationRules['POST /v1/{project_id}/baremetalservers/{server_id}/metadata'].allowedVmStates).toEqual(['active', 'stopped', 'paused']);
    expect(successor.operation.tags).toEqual(['Metadata']);
  });
});

describe('ShowJob', () => {
  it('documents PENDING_PAYMENT for jobs and four statuses for sub-jobs', () => {
    expect(schema('ecs', 'JobStatus').enum).toEqual(['SUCCESS', 'RUNNING', 'FAIL', 'INIT', 'PENDING_PAYMENT']);
    expect(schema('ecs', 'SubJobStatus').enum).toEqual(['SUCCESS', 'RUNNING', 'FAIL', 'INIT']);
  });
  it('states retention, what to do with an unknown status, and the not-found answer, citing ecs_02_0901', () => {
    const description = String(op('ShowJob').operation.description);
    for (const fact of [/one day later/, /14 days later/, /ecs_02_0901/, /keep polling/, /Common\.0011/]) expect(description).toMatch(fact);
    expect(op('ShowJob').statuses).not.toContain(404);
  });
});

describe('ChangeServerOsWithoutCloudInit', () => {
  const osChange = schema('ecs', 'OsChange');
  it('asks for exactly one of adminpass and keyname', () => {
    expect(osChange.oneOf).toEqual([
      { required: ['adminpass'], properties: { adminpass: true, keyname: false } },
      { required: ['keyname'], properties: { keyname: true, adminpass: false } },
    ]);
  });
  it('describes isAutoPay without an enum', () => {
    const isAutoPay = (osChange.properties as Json).isAutoPay as Json;
    expect(isAutoPay.enum).toBeUndefined();
    expect(isAutoPay.description).toMatch(/manually/);
  });
});

describe('RFS UpdatePrivateProviderMetadata', () => {
  it('has no required field: nothing-to-update is a server rule stated in the description', () => {
    const request = schema('rfs', 'UpdatePrivateProviderMetadataRequest');
    expect(request.required).toBeUndefined();
    expect(request.minProperties).toBeUndefined();
    expect(String(op('UpdatePrivateProviderMetadata').operation.description)).toMatch(/RF\.10011084/);
  });
});

describe("issue 23's audit, checked against the current pages and the SDKs", () => {
  const description = (operationId: string) => String(op(operationId).operation.description);
  const parameter = (operationId: string, name: string) => {
    const found = op(operationId).parameters.find((p) => p.name === name);
    return deref<Json>(documents[op(operationId).service as 'ecs'], found);
  };
  it("the v2.1 metadata item allows the states of the current bms_api_0720, and records Huawei's name for its path", () => {
    expect(bmsOperationRules['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'].allowedVmStates).toEqual(['active', 'stopped', 'paused']);
    expect(description('UpdateBaremetalServerMetadataItem')).toMatch(/NovaUpdateServerMetadataItem[\s\S]*ecs_03_1006/);
  });
  it('change OS lists the spot-pricing rule of the current ecs_02_0204', () => {
    expect(description('ChangeServerOsWithoutCloudInit')).toMatch(/spot pricing ECSs do not support OS changes/i);
  });
  it('UpdateServerMetadata says that an empty map is allowed and changes nothing', () => {
    expect(description('UpdateServerMetadata')).toMatch(/\{"metadata": \{\}\}`, is allowed and changes nothing/);
  });
  it('sets no length that no source gives: project and job IDs, keyname', () => {
    expect(deref<Json>(documents.ecs, parameter('ShowJob', 'project_id').schema).maxLength).toBeUndefined();
    expect(deref<Json>(documents.ecs, parameter('ShowJob', 'job_id').schema).maxLength).toBeUndefined();
    expect(((schema('ecs', 'OsChange').properties as Json).keyname as Json).minLength).toBeUndefined();
  });
  it('X-Project-Id does not tie itself to a project in the path, which RFS paths do not have', () => {
    const header = String(parameter('UpdatePrivateProviderMetadata', 'X-Project-Id').description);
    expect(header).not.toMatch(/should equal the project of the path/);
    expect(header).toMatch(/RFS\s+paths\s+carry\s+no\s+project/);
  });
  it('BmsMetadataKey rests its rules on bms_api_0631, not on the Go model, which states neither', () => {
    const text = String(schema('bms', 'BmsMetadataKey').description);
    expect(text).toMatch(/Source: BMS API reference, Updating BMS Metadata \(bms_api_0631\)\./);
    expect(text).not.toMatch(/Sources?:[^.]*UpdateBaremetalServerMetadataReq/);
  });
});

describe('one reading of the documents', () => {
  it('the documents of this test are the bundles', () => {
    for (const service of SERVICES) expect((documents[service] as OpenApiDocument).openapi).toBe('3.1.0');
  });
});
