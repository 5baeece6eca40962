// The code-sample generator on its own: quoting, URLs, client options, and the documents' examples. That every
// published sample compiles and runs is proven against the installed package (test/package/samples.process.test.ts).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { listOperations, SERVICES } from '../../src/openapi/documents.ts';
import { loadDocuments } from '../../src/openapi/load.ts';
import {
  curlSample,
  exampleRequest,
  operationCodeSamples,
  requestUrl,
  type SampleRequest,
  sdkOperationsOf,
  shellQuote,
  tsLiteral,
  tsString,
  typescriptSample,
} from '../../src/openapi/samples.ts';

const documents = loadDocuments();
const operations = SERVICES.flatMap((service) => listOperations(documents[service], service).map((op) => ({ service, op })));

const base: SampleRequest = {
  service: 'ecs',
  operationId: 'UpdateServerMetadata',
  method: 'post',
  path: '/v1/{project_id}/cloudservers/{server_id}/metadata',
  pathParams: { project_id: 'p1', server_id: 's1' },
  body: { metadata: { key: 'value' } },
  baseUrl: 'https://ecs.cn-north-4.myhuaweicloud.com',
  auth: 'token',
};

describe('quoting', () => {
  it('quotes shell words that are not plainly safe, and closes single quotes inside them', () => {
    expect(shellQuote('https://h.example/a/b')).toBe('https://h.example/a/b');
    expect(shellQuote(`it's $(rm -rf /) "x"`)).toBe(`'it'\\''s $(rm -rf /) "x"'`);
  });

  it('writes TypeScript string literals that read back as the same text', () => {
    for (const text of [`it's`, 'a "b" \\ c', 'line\nbreak', 'u\u2028v', `\`\${x}\``]) {
      // The literal is evaluated to prove that it reads back unchanged.
      expect(new Function(`return ${tsString(text)};`)()).toBe(text);
    }
  });

  it('writes object literals with bare keys where they are identifiers, on one line while they fit', () => {
    expect(tsLiteral({ metadata: { key: 'value', 'backup:policy': 'daily' } })).toBe("{ metadata: { key: 'value', 'backup:policy': 'daily' } }");
    const long = tsLiteral({ a: 'x'.repeat(60), b: 'y'.repeat(60) });
    expect(long.split('\n')).toEqual(['{', `  a: '${'x'.repeat(60)}',`, `  b: '${'y'.repeat(60)}',`, '}']);
    expect(tsLiteral([])).toBe('[]');
    expect(tsLiteral({ n: 1, t: true, z: null })).toBe('{ n: 1, t: true, z: null }');
  });
});

describe('curlSample', () => {
  it('sends the token from the environment, the path parameters encoded, and the JSON body', () => {
    const sample = curlSample({ ...base, pathParams: { project_id: 'p1', server_id: 'a/b c' } });
    expect(sample).toContain('curl -sS -i -X POST https://ecs.cn-north-4.myhuaweicloud.com/v1/p1/cloudservers/a%2Fb%20c/metadata');
    expect(sample).toContain('-H "X-Auth-Token: $HWC_TOKEN"');
    expect(sample).toContain(`-d '{"metadata":{"key":"value"}}'`);
    expect(sample).not.toContain('X-Sdk-Date');
  });

  it('quotes hostile header values and bodies so that the shell runs nothing', () => {
    const sample = curlSample({ ...base, headers: { Prefer: `code=404'; touch /tmp/x; '` }, body: { metadata: { k: `$(id) 'q'` } } });
    expect(sample).toContain(`-H 'Prefer: code=404'\\''; touch /tmp/x; '\\'''`);
    expect(sample).toContain(`-d '{"metadata":{"k":"$(id) '\\''q'\\''"}}'`);
  });

  it('leaves GET without -X and without a body', () => {
    const sample = curlSample({
      ...base,
      method: 'GET',
      path: '/v1/{project_id}/jobs/{job_id}',
      pathParams: { project_id: 'p', job_id: 'j' },
      body: undefined,
    });
    expect(sample).toBe('curl -sS -i https://ecs.cn-north-4.myhuaweicloud.com/v1/p/jobs/j \\\n  -H "X-Auth-Token: $HWC_TOKEN"\n');
  });

  it('says what an AK/SK-signed request needs, and never shows a secret', () => {
    const sample = curlSample({ ...base, auth: 'aksk' });
    expect(sample).toMatch(/^# AK\/SK: X-Sdk-Date and Authorization/);
    expect(sample).toContain('-H "Authorization: $HWC_AUTHORIZATION"');
  });

  it('fails on a path parameter without a value', () => {
    expect(() => requestUrl({ ...base, pathParams: { project_id: 'p' } })).toThrow(/UpdateServerMetadata: no value for the path parameter server_id/);
  });
});

describe('typescriptSample', () => {
  it('uses the region of a regional endpoint, the project from the path, and credentials from the environment', () => {
    const sample = typescriptSample({ ...base, auth: 'aksk' });
    expect(sample).toContain("import { createEcsClient, unwrap } from 'hwc-openapi';");
    expect(sample).toContain("  region: 'cn-north-4',\n  projectId: 'p1',\n");
    expect(sample).toContain("credentials: { accessKey: env('HWC_ACCESS_KEY'), secretKey: env('HWC_SECRET_KEY') }");
    expect(sample).toContain("params: { path: { server_id: 's1' } }"); // project_id comes from the client
    expect(sample).toContain('console.log(data);');
  });

  it('uses any other base URL as the endpoint, and passes extra headers on the call', () => {
    const sample = typescriptSample({ ...base, baseUrl: 'http://127.0.0.1:4010/', headers: { Prefer: 'code=404' } });
    expect(sample).toContain("  endpoint: 'http://127.0.0.1:4010',");
    expect(sample).toContain("credentials: { token: env('HWC_TOKEN') }");
    expect(sample).toContain("headers: { Prefer: 'code=404' }");
  });

  it('leaves Client-Request-Id to the client, and uses { error, response } for an answer without a body', () => {
    const sample = typescriptSample(
      {
        ...base,
        service: 'rfs',
        method: 'patch',
        path: '/v1/private-providers/{provider_name}/metadata',
        pathParams: { provider_name: 'p' },
        headerParams: { 'Client-Request-Id': 'c' },
        baseUrl: 'https://rfs.cn-north-4.myhuaweicloud.com',
      },
      { outcome: 'status' },
    );
    expect(sample).not.toContain('Client-Request-Id');
    expect(sample).not.toContain('projectId');
    expect(sample).toContain('const { error, response } = await rfs.PATCH(');
    expect(sample).toContain('if (error) throw error;');
  });

  it('follows a job to its end, handling JobFailedError and JobTimeoutError', () => {
    const sample = typescriptSample(base, { outcome: 'job' });
    expect(sample).toContain('const { job_id } = unwrap(');
    expect(sample).toContain('await waitForJob(ecs, job_id,');
    expect(sample).toMatch(/error instanceof JobFailedError[\s\S]*error instanceof JobTimeoutError[\s\S]*else throw error;/);
  });
});

describe('the samples of the documents', () => {
  it.each(operations.map(({ service, op }) => [op.operationId, service, op] as const))('%s: from its first named request example', (_, service, op) => {
    const doc = documents[service];
    const { request } = exampleRequest(doc, op, 'token');
    expect(request.baseUrl).toMatch(/^https:\/\/[a-z]+\.cn-north-4\.myhuaweicloud\.com$/);
    expect(request.path).toBe(op.path);
    for (const name of op.path.match(/\{[^}]+\}/g) ?? []) expect(request.pathParams[name.slice(1, -1)]).toEqual(expect.any(String));
    const [curl, typescript] = operationCodeSamples(doc, op);
    const labelled = sdkOperationsOf(op).length > 1 ? `: ${op.operationId}` : '';
    expect(curl).toMatchObject({ lang: 'curl', label: `curl${labelled}` });
    expect(typescript).toMatchObject({ lang: 'TypeScript', label: `TypeScript${labelled}` });
    // The body, read back from its shell quoting, is the example's value.
    const data = /-d '([\s\S]*)'\n$/.exec(curl?.source ?? '')?.[1]?.replace(/'\\''/g, "'");
    expect(data === undefined ? undefined : JSON.parse(data)).toEqual(request.body);
  });

  it('an operation that serves two SDK operations has a curl and a TypeScript sample of each, from its own example', () => {
    const tags = operations.find(({ op }) => op.operationId === 'BatchCreateBaremetalServerTags');
    if (!tags) throw new Error('no BatchCreateBaremetalServerTags');
    const samples = operationCodeSamples(documents.bms, tags.op);
    expect(samples.map((s) => s.label)).toEqual([
      'curl: BatchCreateBaremetalServerTags',
      'TypeScript: BatchCreateBaremetalServerTags',
      'curl: BatchDeleteBaremetalServerTags',
      'TypeScript: BatchDeleteBaremetalServerTags',
    ]);
    expect(samples[2]?.source).toContain('"action":"delete"');
    expect(samples[3]?.source).toContain("action: 'delete'");
    expect(samples[1]?.source).toContain("action: 'create'");
  });

  it('the change-OS sample follows its job; the other samples do not', () => {
    const followed = operations.filter(({ service, op }) => exampleRequest(documents[service], op, 'aksk').options.outcome === 'job');
    expect(followed.map(({ op }) => op.operationId)).toEqual(['ChangeServerOsWithoutCloudInit']);
  });

  it('the generator imports no Node built-in, so that the console can run it in the browser', () => {
    const source = readFileSync(new URL('../../src/openapi/samples.ts', import.meta.url), 'utf8');
    expect(source.match(/^import .* from '([^']+)';$/gm)).toEqual([
      "import { deref, examplesOf, type Json, type OpenApiDocument, type OperationInfo, responseOf, type ServiceName } from './documents.ts';",
    ]);
  });
});
