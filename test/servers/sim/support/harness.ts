// Test harness for the simulator: start it on a random port, send requests over real HTTP (node:http, so paths
// and headers go out exactly as written), and check every response against the documents.
import { readFileSync } from 'node:fs';
import { Agent, request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { expect } from 'vitest';
import { readError, withMessage } from '../../../../src/openapi/error-formats.ts';
import { type Fixture, type Simulator, type SimulatorOptions, startSimulator } from '../../../../src/servers/sim/index.ts';
import { deref, describeViolations, type OperationInfo, operation, validatorAt } from '../../../support/openapi.ts';

export const fixture = JSON.parse(readFileSync(new URL('../../../../src/servers/sim/fixtures/default.json', import.meta.url), 'utf8')) as Fixture;
export const TOKEN = fixture.credentials.tokens[0] ?? '';
export const KEY = fixture.credentials.access_keys[0] ?? { access_key: '', secret_key: '' };
export const PROJECT = 'c685484a8cc2416b97260938705deb65';
export const SERVER = '95bf2490-5428-432c-ad9b-5e3406f869dd'; // stopped ECS; also an active BMS
export const ACTIVE_SERVER = '2a1e7f3c-6b1d-4c55-9d8e-0f6a3b2c1d00';
export const PAUSED_SERVER = '3b2f8a4d-7c2e-4d66-8e9f-1a7b4c3d2e01';
export const ERROR_SERVER = '7c9e6679-7425-40de-944b-e07fc1f90ae7';
export const ERROR_BMS = 'c2d9d8b0-3e4f-4a8b-9d1c-5b6a7e8f9a01';
export const UNKNOWN_SERVER = '00000000-0000-4000-8000-000000000000';
export const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
export const UNKNOWN_IMAGE = 'deadbeef-0000-4000-8000-000000000000';
export const PROVIDER = 'my-hello-world-provider-name';
export const PROVIDER_ID = '1b15e005-bdbb-4bd7-8f9a-a09b6774b4b3';
export const CLIENT_REQUEST_ID = '5a2c6f0e-1c8d-4f3b-9a7e-2b1d0c9e8f7a';

/** Short job durations so tests see INIT → RUNNING → SUCCESS without waiting. */
export const FAST_JOBS = { initMs: 40, stopMs: 40, runMs: 80 };

export function startTestSim(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator({ port: 0, jobDurations: FAST_JOBS, warn: () => undefined, ...options });
}

export interface Response {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  /** The parsed body; undefined when empty or not JSON. */
  json: unknown;
}

const agent = new Agent({ keepAlive: true, maxSockets: 128 });

export function send(base: string, method: string, path: string, headers: Record<string, string> = {}, body?: string | Buffer): Promise<Response> {
  return new Promise((resolve, reject) => {
    const url = new URL(base);
    const req = httpRequest(
      {
        host: url.hostname,
        port: url.port,
        method,
        path,
        agent,
        headers: body === undefined ? headers : { 'Content-Length': String(Buffer.byteLength(body)), ...headers },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json: unknown;
          try {
            json = text ? JSON.parse(text) : undefined;
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json });
        });
        res.on('error', reject);
      },
    );
    req.setTimeout(10_000, () => req.destroy(new Error(`${method} ${path}: no answer within 10 s`)));
    req.on('error', reject);
    req.end(body);
  });
}

export function pathOf(operationId: string, params: Record<string, string>): string {
  return operation(operationId).path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(params[name] ?? ''));
}

export interface Call {
  params: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  /** Default: the fixture's token. null: no credentials. */
  token?: string | null;
}

/** Sends one documented operation; the body is JSON-encoded unless it is already a string. */
export async function call(base: string, operationId: string, c: Call): Promise<Response> {
  const op = operation(operationId);
  const headers: Record<string, string> = { ...c.headers };
  const token = c.token === undefined ? TOKEN : c.token;
  if (token !== null) headers['X-Auth-Token'] = token;
  let body: string | undefined;
  if (c.body !== undefined) {
    body = typeof c.body === 'string' ? c.body : JSON.stringify(c.body);
    headers['Content-Type'] ??= 'application/json';
  }
  return send(base, op.method.toUpperCase(), pathOf(operationId, c.params), headers, body);
}

/**
 * Why a response does not conform to the operation in its document, or '' when it does: status listed,
 * body valid against that status's schema (or absent when none is documented), X-Request-Id present,
 * Retry-After an integer where documented.
 */
export function violations(operationId: string, res: Response): string {
  const op: OperationInfo = operation(operationId);
  const responses = op.operation.responses as Record<string, Record<string, unknown>>;
  const raw = responses[String(res.status)];
  if (!raw) return `status ${res.status} is not documented for ${operationId} (${Object.keys(responses).join(', ')}): ${res.text}`;
  const problems: string[] = [];
  if (!res.headers['x-request-id']) problems.push('no X-Request-Id header');
  const resolved = deref<{ content?: Record<string, unknown>; headers?: Record<string, unknown> }>(op.api, raw);
  if (resolved.content?.['application/json']) {
    if (!/^application\/json/.test(String(res.headers['content-type']))) problems.push(`content-type ${res.headers['content-type']}`);
    const base =
      typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `/paths/${op.path.replace(/~/g, '~0').replace(/\//g, '~1')}/${op.method}/responses/${res.status}`;
    problems.push(...describeViolations(validatorAt(op.api, `${base}/content/application~1json/schema`)(res.json)));
  } else if (res.text !== '') problems.push(`a body where none is documented: ${res.text}`);
  if (resolved.headers?.['Retry-After'] && res.headers['retry-after'] !== undefined && !/^\d+$/.test(String(res.headers['retry-after']))) {
    problems.push(`Retry-After ${res.headers['retry-after']} is not an integer`);
  }
  return problems.length ? `${operationId} ${res.status}: ${problems.join('; ')} — ${res.text}` : '';
}

/** `call`, asserting that the response conforms to the operation's document. */
export async function conformingCall(base: string, operationId: string, c: Call): Promise<Response> {
  const res = await call(base, operationId, c);
  expect(violations(operationId, res)).toBe('');
  return res;
}

/** The error message of any of the services' formats (ECS/BMS, Nova, RFS, gateway). */
export function errorMessage(res: Response): string {
  const b = res.json as { error_msg?: string; error?: { message?: string } } | undefined;
  if (!b || typeof b !== 'object') return '';
  if (typeof b.error_msg === 'string') return b.error_msg;
  if (typeof b.error?.message === 'string') return b.error.message;
  const fault = Object.values(b)[0] as { message?: unknown } | undefined; // Nova: {"badRequest": {"message": ...}}
  return typeof fault?.message === 'string' ? fault.message : '';
}

/** A field of the JSON body, by path: `field(res, 'entities', 'sub_jobs', 0, 'status')`. */
export function field(res: Response, ...path: Array<string | number>): unknown {
  let at: unknown = res.json;
  for (const key of path) at = at !== null && typeof at === 'object' ? (at as Record<string | number, unknown>)[key] : undefined;
  return at;
}

/** An error example of an operation's response in its document (read with the test's own document loader). */
export interface DocumentedError {
  name: string;
  code: string;
  message: string;
  value: unknown;
}

/** The error examples an operation's document gives for a status, in document order, gateway ones included. */
export function documentedErrors(operationId: string, status: number): DocumentedError[] {
  const op = operation(operationId);
  const raw = (op.operation.responses as Record<string, unknown>)[String(status)];
  if (raw === undefined) return [];
  const media = deref<{ content?: Record<string, { examples?: Record<string, unknown> }> }>(op.api, raw).content?.['application/json'];
  return Object.entries(media?.examples ?? {}).map(([name, example]) => {
    const value = deref<{ value: unknown }>(op.api, example).value;
    const { code = '', message = '' } = readError(value);
    return { name, code, message, value };
  });
}

/** The example `name` of an operation's error response (or the first); fails the test when there is none. */
export function documentedError(operationId: string, status: number, name?: string): DocumentedError {
  const all = documentedErrors(operationId, status);
  const found = name === undefined ? all[0] : all.find((e) => e.name === name);
  if (!found) throw new Error(`${operationId} ${status} documents no error example ${name ?? ''}: ${all.map((e) => e.name).join(', ')}`);
  return found;
}

/** The body with its error message replaced: compares code and format, leaving the message to other checks. */
export function withoutMessage(body: unknown): unknown {
  return withMessage(body, '…');
}

/**
 * One valid request per operation, on the fixture's resources; ShowJob asks for `jobId` and change OS sends
 * `osChange` (a key pair by default).
 */
export function oneRequestPerOperation(jobId: string, osChange: Record<string, unknown> = { keyname: 'kp' }): Array<Call & { operationId: string }> {
  const server = { project_id: PROJECT, server_id: SERVER };
  return [
    { operationId: 'UpdateServerMetadata', params: server, body: { metadata: { k: 'v' } } },
    { operationId: 'ShowServer', params: server },
    { operationId: 'DeleteServerMetadata', params: { ...server, key: 'env' } }, // before the OS change, which locks the server
    { operationId: 'ChangeServerOsWithoutCloudInit', params: server, body: { 'os-change': { imageid: IMAGE, ...osChange } } },
    { operationId: 'ShowJob', params: { project_id: PROJECT, job_id: jobId } },
    { operationId: 'UpdateBaremetalServerMetadata', params: server, body: { metadata: { k: 'v' } } },
    { operationId: 'UpdateBaremetalServerMetadataItem', params: { ...server, key: 'k' }, body: { meta: { k: 'v' } } },
    { operationId: 'BatchCreateBaremetalServerTags', params: server, body: { action: 'create', tags: [{ key: 'k' }] } },
    {
      operationId: 'UpdatePrivateProviderMetadata',
      params: { provider_name: PROVIDER },
      headers: { 'Client-Request-Id': CLIENT_REQUEST_ID },
      body: { provider_description: 'd' },
    },
  ];
}
