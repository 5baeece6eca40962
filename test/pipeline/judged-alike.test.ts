// One table of bad requests, judged by the three places that judge requests: the client before sending (its
// always-on rules plus the opt-in schema validator), the mock and the simulator (the one pipeline, with Prism's
// mocker or the simulation answering). Each must refuse with the same status and the same code, the most specific
// one the documents give for that mistake.
import { beforeAll, describe, expect, it } from 'vitest';
import { bmsSchemaValidator, ecsSchemaValidator, rfsSchemaValidator } from '../../src/client/schema-validation.ts';
import { createBmsClient, createEcsClient, createRfsClient, type RequestValidator, ValidationError } from '../../src/index.ts';
import { readError } from '../../src/openapi/error-formats.ts';
import type { Pipeline } from '../../src/pipeline/pipeline.ts';
import { loadMockDocuments } from '../../src/servers/mock/served.ts';
import { createMockPipeline } from '../../src/servers/mock/server.ts';
import { createSimulatorCore } from '../../src/servers/sim/core.ts';
import { fixture, PROJECT, PROVIDER, SERVER, TOKEN } from '../servers/sim/support/harness.ts';

type Service = 'ecs' | 'bms' | 'rfs';
interface BadRequest {
  name: string;
  service: Service;
  method: 'POST' | 'PUT' | 'PATCH';
  /** The path template, and its parameters (project_id is the client's). */
  path: string;
  params: Record<string, string>;
  body: unknown;
  /** The code the documents give for this mistake. */
  code: string;
}

const CLIENT_REQUEST_ID = '5a2c6f0e-1c8d-4f3b-9a7e-2b1d0c9e8f7a';
const tags = '/v1/{project_id}/baremetalservers/{server_id}/tags/action';
const item = '/v2.1/{project_id}/servers/{server_id}/metadata/{key}';
const provider = '/v1/private-providers/{provider_name}/metadata';
const metadata = '/v1/{project_id}/cloudservers/{server_id}/metadata';
const changeOs = '/v1/{project_id}/cloudservers/{server_id}/changeos';

const CASES: BadRequest[] = [
  {
    name: 'BMS tags: the same key twice in a create',
    service: 'bms',
    method: 'POST',
    path: tags,
    params: { server_id: SERVER },
    body: {
      action: 'create',
      tags: [
        { key: 'a', value: '1' },
        { key: 'a', value: '2' },
      ],
    },
    code: 'BMS.0001',
  },
  {
    name: 'RFS: a provider name in capitals',
    service: 'rfs',
    method: 'PATCH',
    path: provider,
    params: { provider_name: 'My-Provider' },
    body: { provider_description: 'd' },
    code: 'RF.10011166',
  },
  { name: 'RFS: nothing to update', service: 'rfs', method: 'PATCH', path: provider, params: { provider_name: PROVIDER }, body: {}, code: 'RF.10011084' },
  {
    name: 'RFS: an unknown field',
    service: 'rfs',
    method: 'PATCH',
    path: provider,
    params: { provider_name: PROVIDER },
    body: { provider_description: 'd', extra: 1 },
    code: 'RF.10011002',
  },
  {
    name: 'RFS: a description too long',
    service: 'rfs',
    method: 'PATCH',
    path: provider,
    params: { provider_name: PROVIDER },
    body: { provider_description: 'd'.repeat(1025) },
    code: 'RF.10011005',
  },
  {
    name: 'BMS v2.1: a body key other than the path key',
    service: 'bms',
    method: 'PUT',
    path: item,
    params: { server_id: SERVER, key: 'a' },
    body: { meta: { b: '1' } },
    code: 'badRequest',
  },
  {
    name: 'BMS v2.1: a value of 256 bytes',
    service: 'bms',
    method: 'PUT',
    path: item,
    params: { server_id: SERVER, key: 'a' },
    body: { meta: { a: 'é'.repeat(128) } },
    code: 'badRequest',
  },
  {
    name: 'ECS: a metadata key with a space',
    service: 'ecs',
    method: 'POST',
    path: metadata,
    params: { server_id: SERVER },
    body: { metadata: { 'a b': '1' } },
    code: 'Ecs.0005',
  },
  {
    name: 'ECS change OS: both adminpass and keyname',
    service: 'ecs',
    method: 'POST',
    path: changeOs,
    params: { server_id: SERVER },
    body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', adminpass: 'Aa1!aaaaaa', keyname: 'k' } },
    code: 'Ecs.0005',
  },
];

/** The client's answer: the ValidationError it throws before sending, as status and code. */
async function clientVerdict(c: BadRequest): Promise<{ status?: number; code?: string }> {
  const validators: Record<Service, () => Promise<RequestValidator>> = { ecs: ecsSchemaValidator, bms: bmsSchemaValidator, rfs: rfsSchemaValidator };
  let sent = false;
  const options = {
    endpoint: 'https://api.test',
    projectId: PROJECT,
    credentials: { token: TOKEN },
    validateRequest: await validators[c.service](),
    fetch: async () => {
      sent = true;
      return new Response('{}');
    },
  };
  const client = c.service === 'ecs' ? createEcsClient(options) : c.service === 'bms' ? createBmsClient(options) : createRfsClient(options);
  const call = (client as unknown as Record<string, (path: string, init: unknown) => Promise<unknown>>)[c.method];
  const error = await call?.(c.path, { params: { path: c.params }, body: c.body }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(sent, 'the client sends nothing').toBe(false);
  expect(error).toBeInstanceOf(ValidationError);
  return { status: (error as ValidationError).status, code: (error as ValidationError).code };
}

/** A server's answer to the same request, through its pipeline with no socket. */
async function serverVerdict(pipeline: Pipeline, c: BadRequest): Promise<{ status?: number; code?: string }> {
  const url = c.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(name === 'project_id' ? PROJECT : (c.params[name] ?? '')));
  const bytes = new TextEncoder().encode(JSON.stringify(c.body));
  const reply = await pipeline.handle({
    method: c.method,
    url,
    headers: { host: '127.0.0.1', 'content-type': 'application/json', 'x-auth-token': TOKEN, 'client-request-id': CLIENT_REQUEST_ID },
    body: async () => bytes,
  });
  return { status: reply.status, code: readError(reply.body).code };
}

let mock: Pipeline;
let simulator: Pipeline;

beforeAll(async () => {
  mock = createMockPipeline({ mock: await loadMockDocuments() });
  const core = createSimulatorCore({ fixture: structuredClone(fixture), warn: () => undefined });
  await core.simulation.start();
  simulator = core.pipeline;
}, 60_000);

describe('a bad request is judged alike by the client, the mock and the simulator', () => {
  it.each(CASES.map((c) => [c.name, c] as const))('%s', async (_, c) => {
    const expected = { status: 400, code: c.code };
    expect(await clientVerdict(c), 'the client').toEqual(expected);
    expect(await serverVerdict(mock, c), 'the mock').toEqual(expected);
    expect(await serverVerdict(simulator, c), 'the simulator').toEqual(expected);
  });
});
