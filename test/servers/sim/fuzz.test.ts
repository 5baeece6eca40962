// Property-based fuzzing of all twelve operations (thirteen SDK operations: the tags path serves two) over real HTTP. Requests are generated from the documents'
// schemas (valid ones) and mutated (invalid ones). For every response: no 5xx, a status the document lists
// for the operation, a body that matches that status's schema, an X-Request-Id; schema-invalid input is
// refused with 400 (or 401 without credentials); no server ever holds more than 20 tags.
// Runs: FUZZ_RUNS per operation (default 300; `npm run fuzz` does 10,000), and bounded in time.
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { BMS_METADATA_LIMIT, ECS_METADATA_LIMIT } from '../../../src/servers/sim/world.ts';
import { operation, parameterSchemaPointer, validatorAt } from '../../support/openapi.ts';
import { arbitraryOf } from './support/arbitrary.ts';
import {
  ACTIVE_SERVER,
  CLIENT_REQUEST_ID,
  ERROR_BMS,
  ERROR_SERVER,
  fixture,
  IMAGE,
  PAUSED_SERVER,
  PROJECT,
  PROVIDER,
  PROVIDER_ID,
  pathOf,
  SERVER,
  send,
  startTestSim,
  TOKEN,
  UNKNOWN_IMAGE,
  UNKNOWN_SERVER,
  violations,
} from './support/harness.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 300);
const TIME_LIMIT_MS = RUNS > 1000 ? 300_000 : 8_000; // per operation; an interrupted run still has to pass
const OPERATIONS = [
  'UpdateServerMetadata',
  'ChangeServerOsWithoutCloudInit',
  'ShowJob',
  'ShowServer',
  'DeleteServerMetadata',
  'UpdateBaremetalServerMetadata',
  'UpdateBaremetalServerMetadataItem',
  'BatchCreateBaremetalServerTags',
  'UpdatePrivateProviderMetadata',
  'ShowBaremetalServerTags',
  'ListBareMetalServerDetails',
  'ShowPrivateProviderMetadata',
] as const;

interface FuzzRequest {
  params: Record<string, string>;
  headers: Record<string, string>;
  /** Raw body text, exactly as sent. */
  body?: string;
  token: string | null;
}

const jobIds: string[] = []; // job ids seen in responses, so ShowJob asks for real jobs too

/** Parameter values: mostly ones the fixture knows, sometimes anything the schema allows. */
function paramArbitrary(operationId: string, name: string): fc.Arbitrary<string> {
  const op = operation(operationId);
  const schema = arbitraryOf(op.api, { $ref: `#${parameterSchemaPointer(op, name)}` }) as fc.Arbitrary<string>;
  const known: Record<string, string[]> = {
    project_id: [PROJECT],
    server_id: op.api === 'bms' ? [SERVER, SERVER, ERROR_BMS, UNKNOWN_SERVER] : [SERVER, ACTIVE_SERVER, PAUSED_SERVER, ERROR_SERVER, UNKNOWN_SERVER],
    provider_name: [PROVIDER],
    'Client-Request-Id': [CLIENT_REQUEST_ID],
  };
  if (op.parameters.find((p) => p.name === name)?.in === 'header') {
    // HTTP itself allows only visible ASCII here (and trims spaces): a transport rule, not the document's.
    return fc.oneof(
      { weight: 4, arbitrary: fc.constantFrom(...(known[name] ?? ['x'])) },
      { weight: 1, arbitrary: schema.filter((v) => /^[!-~]([ -~]*[!-~])?$/.test(v)) },
    );
  }
  if (name === 'job_id')
    return fc.oneof({ weight: 4, arbitrary: fc.nat().map((n) => jobIds[n % Math.max(1, jobIds.length)] ?? 'no-job') }, { weight: 1, arbitrary: schema });
  const values = known[name];
  return values ? fc.oneof({ weight: 4, arbitrary: fc.constantFrom(...values) }, { weight: 1, arbitrary: schema }) : schema;
}

function validRequest(operationId: string): fc.Arbitrary<FuzzRequest> {
  const op = operation(operationId);
  const names = op.parameters.map((p) => ({ name: String(p.name), in: String(p.in) }));
  const params = fc.record(Object.fromEntries(names.map((p) => [p.name, paramArbitrary(operationId, p.name)])));
  const bodySchema = op.operation.requestBody ? validatorAt(op.api, op.body!.schemaPointer) : undefined;
  let body: fc.Arbitrary<unknown> = fc.constant(undefined);
  if (bodySchema) {
    body = arbitraryOf(op.api, { $ref: `#${op.body!.schemaPointer}` }).filter((v) => bodySchema(v).length === 0);
    if (operationId === 'ChangeServerOsWithoutCloudInit') {
      // Known and unknown images, so jobs both succeed and fail.
      body = fc.tuple(body, fc.constantFrom(IMAGE, UNKNOWN_IMAGE, ...fixture.images.map((i) => i.id))).map(([b, image]) => {
        const change = (b as { 'os-change': Record<string, unknown> })['os-change'];
        return fc.sample(fc.boolean(), 1)[0] ? b : { 'os-change': { ...change, imageid: image } };
      });
    }
  }
  return fc.record({ values: params, body, agree: fc.nat(3) }).map(({ values, body: b, agree }) => {
    // Semantic rules no schema states, made to hold most of the time so requests get past them:
    // the Nova body key equals the path key; an RFS provider_id is the provider's.
    if (operationId === 'UpdateBaremetalServerMetadataItem' && agree && b) values.key = Object.keys((b as { meta: object }).meta)[0] ?? values.key ?? 'k';
    if (operationId === 'UpdatePrivateProviderMetadata' && agree && b && 'provider_id' in (b as object)) b = { ...(b as object), provider_id: PROVIDER_ID };
    const headers = Object.fromEntries(names.filter((p) => p.in === 'header').map((p) => [p.name, values[p.name] ?? '']));
    const pathParams = Object.fromEntries(names.filter((p) => p.in === 'path').map((p) => [p.name, values[p.name] ?? '']));
    return { params: pathParams, headers, body: b === undefined ? undefined : JSON.stringify(b), token: TOKEN };
  });
}

/** A valid request with one thing broken: junk body, junk field, junk parameter, missing header or credentials. */
function invalidRequest(operationId: string): fc.Arbitrary<FuzzRequest> {
  const segment = fc.string({ unit: 'binary', minLength: 1, maxLength: 80 }).filter((s) => s !== '.' && s !== '..');
  return fc.tuple(validRequest(operationId), fc.nat(), fc.jsonValue(), segment, fc.string({ unit: 'binary' })).chain(([r, n, junk, seg, text]) =>
    fc.constantFrom<FuzzRequest>(
      { ...r, body: JSON.stringify(junk) },
      { ...r, body: text },
      { ...r, body: undefined },
      {
        ...r,
        body:
          r.body?.startsWith('{') && r.body !== '{}'
            ? // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what it strips from the key
              r.body.replace(/^\{/, `{"${seg.replace(/["\\\u0000-\u001f]/g, '')}x":${JSON.stringify(junk)},`)
            : r.body,
      },
      { ...r, params: { ...r.params, [Object.keys(r.params)[n % Object.keys(r.params).length] ?? 'x']: seg } },
      { ...r, headers: {} },
      { ...r, token: null },
      { ...r, token: 'not-a-valid-token' },
    ),
  );
}

/** Whether the documents' own validators accept the request's parameters and body. */
function schemaValid(operationId: string, r: FuzzRequest): boolean {
  const op = operation(operationId);
  for (const p of op.parameters) {
    const name = String(p.name);
    const value = p.in === 'path' ? r.params[name] : r.headers[name];
    if (value === undefined || value === '') {
      if (p.required) return false;
      continue;
    }
    if (validatorAt(op.api, parameterSchemaPointer(op, name))(value).length > 0) return false;
  }
  if (!op.operation.requestBody) return true;
  if (r.body === undefined || r.body === '') return !(op.operation.requestBody as { required?: boolean }).required;
  let body: unknown;
  try {
    body = JSON.parse(r.body);
  } catch {
    return false;
  }
  return validatorAt(op.api, op.body!.schemaPointer)(body).length === 0;
}

function tagCounts(sim: Simulator): number[] {
  return sim.state.baremetal_servers.map((b) => (b.tags ?? []).length);
}

/** Finished and failed jobs for ShowJob to find (resets while fuzzing the other operations drop old ones). */
async function startJobs(sim: Simulator): Promise<void> {
  sim.reset();
  jobIds.length = 0; // the reset dropped them
  for (const imageid of [IMAGE, UNKNOWN_IMAGE, IMAGE, UNKNOWN_IMAGE]) {
    const path = pathOf('ChangeServerOsWithoutCloudInit', { project_id: PROJECT, server_id: ACTIVE_SERVER });
    const body = JSON.stringify({ 'os-change': { imageid, keyname: 'kp', mode: 'withStopServer' } });
    const res = await send(sim.url, 'POST', path, { 'X-Auth-Token': TOKEN, 'Content-Type': 'application/json' }, body);
    jobIds.push(String((res.json as { job_id: string }).job_id));
    sim.advanceJobs(); // done (or failed, which still allows the next change)
  }
}

async function fuzz(sim: Simulator, operationId: string, allow5xx: boolean): Promise<void> {
  const op = operation(operationId);
  if (operationId === 'ShowJob') await startJobs(sim);
  let runs = 0;
  await fc.assert(
    fc.asyncProperty(fc.oneof({ weight: 3, arbitrary: validRequest(operationId) }, { weight: 2, arbitrary: invalidRequest(operationId) }), async (r) => {
      if (++runs % 200 === 0 && operationId !== 'ShowJob') sim.reset(); // keep servers in varied states instead of all broken or busy
      const headers: Record<string, string> = { ...r.headers };
      if (r.token !== null) headers['X-Auth-Token'] = r.token;
      if (r.body !== undefined) headers['Content-Type'] = 'application/json';
      const res = await send(sim.url, op.method.toUpperCase(), pathOf(operationId, r.params), headers, r.body);
      expect(violations(operationId, res)).toBe('');
      if (!allow5xx) expect(res.status, res.text).toBeLessThan(500);
      if (res.status === 200 && operationId === 'ChangeServerOsWithoutCloudInit') jobIds.push(String((res.json as { job_id: string }).job_id));
      if (res.status === 401 || res.status >= 429) return;
      if (!schemaValid(operationId, r)) expect(res.status, `schema-invalid request accepted: ${JSON.stringify(r)} → ${res.text}`).toBe(400);
      else if (res.status === 400)
        expect(res.text, 'a schema-valid request refused for a schema rule').not.toMatch(
          /(^|; |")(body|path|header)([.[].*?)?: (type|pattern|format|required|enum|minLength|maxLength|minItems|maxItems|minProperties|maxProperties|additionalProperties|anyOf|oneOf|dependentRequired|x-max-bytes): /,
        );
      if (operationId === 'BatchCreateBaremetalServerTags' && runs % 25 === 0) expect(Math.max(...tagCounts(sim))).toBeLessThanOrEqual(20);
    }),
    { numRuns: RUNS, interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
  );
}

describe(`fuzzing the twelve operations (${RUNS} runs each)`, () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ jobDurations: { initMs: 5, stopMs: 5, runMs: 10 } });
  });
  afterAll(() => sim.close());

  for (const operationId of OPERATIONS) {
    it(`${operationId}: every response conforms, no 5xx, invalid input is refused`, () => fuzz(sim, operationId, false), TIME_LIMIT_MS + 30_000);
  }

  it('no server ever holds more than 20 tags', () => {
    expect(Math.max(...tagCounts(sim))).toBeLessThanOrEqual(20);
  });

  it('no server ever holds more metadata items than the simulator keeps', () => {
    const items = (servers: Array<{ metadata?: Record<string, string> }>) => Math.max(...servers.map((x) => Object.keys(x.metadata ?? {}).length));
    expect(items(sim.state.servers)).toBeLessThanOrEqual(ECS_METADATA_LIMIT);
    expect(items(sim.state.baremetal_servers)).toBeLessThanOrEqual(BMS_METADATA_LIMIT);
  });
});

describe('fuzzing with fault injection on', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startTestSim({ faults: { rate429: 0.2, rate5xx: 0.2, retryAfterSeconds: 2 } });
  });
  afterAll(() => sim.close());

  it(
    'every response still conforms to the documents (injected 429/503/500 included)',
    async () => {
      for (const operationId of OPERATIONS) {
        await fc.assert(
          fc.asyncProperty(fc.oneof(validRequest(operationId), invalidRequest(operationId)), async (r) => {
            const headers: Record<string, string> = { ...r.headers, ...(r.token === null ? {} : { 'X-Auth-Token': r.token }) };
            if (r.body !== undefined) headers['Content-Type'] = 'application/json';
            const res = await send(sim.url, operation(operationId).method.toUpperCase(), pathOf(operationId, r.params), headers, r.body);
            expect(violations(operationId, res)).toBe('');
          }),
          { numRuns: Math.ceil(RUNS / 3), interruptAfterTimeLimit: TIME_LIMIT_MS, markInterruptAsFailure: false },
        );
      }
    },
    6 * TIME_LIMIT_MS + 30_000,
  );
});
