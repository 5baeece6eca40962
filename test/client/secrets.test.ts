import { inspect } from 'node:util';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';
import { ecsSchemaValidator } from '../../src/client/schema-validation.ts';
import {
  createEcsClient,
  createRfsClient,
  HuaweiCloudError,
  InvalidResponseError,
  NetworkError,
  TimeoutError,
  unwrap,
  ValidationError,
  waitForJob,
} from '../../src/index.ts';
import { ACCESS_KEY, ADMIN_PASS, IMAGE_ID, json, PROJECT_ID, SECRET_KEY, SECURITY_TOKEN, SERVER_ID, startServer, type TestServer, TOKEN } from './support.ts';

const CANARIES = [SECRET_KEY, SECURITY_TOKEN, TOKEN, ADMIN_PASS];

/** Every way a user or a logger might turn a value into text. */
function renderings(value: unknown): string[] {
  const out = [String(value), inspect(value, { depth: Infinity, showHidden: true, getters: true }), JSON.stringify(value) ?? ''];
  if (value instanceof Error) out.push(value.message, value.stack ?? '', inspect(value.cause, { depth: Infinity, showHidden: true }));
  return out;
}
function expectNoSecrets(value: unknown): void {
  for (const text of renderings(value)) for (const canary of CANARIES) expect(text).not.toContain(canary);
}

// The worst server: it echoes the whole request (headers and body) in its error message, or in its request id
// (header and body), or in an HTML page with status 200, or it says something about the token in plain words.
let mode: 'echo' | 'hang' | 'echo-id' | 'html-200' | 'words' = 'echo';
let server: TestServer;
beforeAll(async () => {
  server = await startServer((request, res) => {
    if (mode === 'hang') return;
    const echo = `${JSON.stringify(request.headers)} ${request.body}`;
    const token = request.headers['x-auth-token'] ?? request.headers['x-security-token'] ?? '';
    if (mode === 'echo-id') return json(res, 401, { error_code: 'APIGW.0301', error_msg: 'refused', request_id: `body-${token}` }, { 'X-Request-Id': token });
    if (mode === 'html-200') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(`${token} <html>${echo}</html>`);
    if (mode === 'words') {
      const message = `Incorrect IAM authentication information: token ${token} (${token}) is not valid; prefix${token}suffix; ${token}の`;
      return json(res, 401, { error_code: 'APIGW.0301', error_msg: message });
    }
    json(res, 400, { error: { code: 'Ecs.0005', message: `bad request: ${echo}`, details: [{ code: 'x', message: echo }] } }, { 'X-Request-Id': 'rid' });
  });
});
afterAll(() => server.close());

const logged: unknown[] = [];
beforeEach(() => {
  mode = 'echo';
  logged.length = 0;
  for (const method of ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const)
    vi.spyOn(console, method).mockImplementation((...args) => void logged.push(...args));
});
afterEach(() => {
  vi.restoreAllMocks();
  // Nothing is logged, whatever happens.
  expect(logged).toEqual([]);
});

const temporary = { accessKey: ACCESS_KEY, secretKey: SECRET_KEY, securityToken: SECURITY_TOKEN };
/** A fetch that drops the X-Request-Id header of the answer, so that the client takes the body's request_id. */
const withoutRequestIdHeader = async (request: Request) => {
  const response = await fetch(request);
  const headers = new Headers(response.headers);
  headers.delete('x-request-id');
  return new Response(await response.text(), { status: response.status, headers });
};
const changeOs = (ecs: ReturnType<typeof createEcsClient>) =>
  ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
    params: { path: { server_id: SERVER_ID } },
    body: { 'os-change': { imageid: IMAGE_ID, adminpass: ADMIN_PASS } },
  });

describe('secrets never leak', () => {
  it('not from an error whose server echoes the signed request, its security token and adminpass', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: temporary });
    const result = await changeOs(ecs);
    const { error } = result;
    // The server did receive them: the echo is real, and redacted.
    expect(server.requests.at(-1)?.body).toContain(ADMIN_PASS);
    expect(server.requests.at(-1)?.headers['x-security-token']).toBe(SECURITY_TOKEN);
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error?.message).toContain('[REDACTED]');
    expectNoSecrets(error);
    // The throwing variant throws that same error.
    let thrown: unknown;
    try {
      unwrap(result);
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBe(error);
    expectNoSecrets(thrown);
  });

  it('not with a token, nor from an error thrown by waitForJob', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    const { error } = await changeOs(ecs);
    expect(server.requests.at(-1)?.headers['x-auth-token']).toBe(TOKEN);
    expectNoSecrets(error);
    const thrown = await waitForJob(ecs, 'job-1', { intervalMs: 10 }).catch((e: unknown) => e);
    expect(thrown).toBeInstanceOf(HuaweiCloudError);
    expectNoSecrets(thrown);
  });

  it('not from the clients, nor from timeout and network errors', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: temporary, timeoutMs: 100 });
    const rfs = createRfsClient({ region: 'cn-north-4', credentials: { token: TOKEN } });
    expectNoSecrets(ecs);
    expectNoSecrets(rfs);

    mode = 'hang';
    const timeout = await changeOs(ecs).catch((e: unknown) => e);
    expect(timeout).toBeInstanceOf(TimeoutError);
    expectNoSecrets(timeout);

    const unreachable = createEcsClient({ endpoint: 'http://127.0.0.1:9', projectId: PROJECT_ID, credentials: temporary });
    const network = await changeOs(unreachable).catch((e: unknown) => e);
    expect(network).toBeInstanceOf(NetworkError);
    expectNoSecrets(network);
  });

  it('not from a validation error about the password itself', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: temporary, validateRequest: await ecsSchemaValidator() });
    const weak = 'canarypassword';
    const error = await ecs
      .POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
        params: { path: { server_id: SERVER_ID } },
        body: { 'os-change': { imageid: IMAGE_ID, adminpass: weak } },
      })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field: 'body.os-change.adminpass', rule: 'pattern' });
    for (const text of renderings(error)) expect(text).not.toContain(weak);
    expectNoSecrets(error);
  });

  it('not from the request id, in the X-Request-Id header or in the body', async () => {
    mode = 'echo-id';
    for (const credentials of [{ token: TOKEN }, temporary]) {
      const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials });
      const { error } = await changeOs(ecs);
      expect(error).toMatchObject({ status: 401, code: 'APIGW.0301', requestId: '[REDACTED]' });
      expectNoSecrets(error);
      const viaBody = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials, fetch: withoutRequestIdHeader });
      const fromBody = (await changeOs(viaBody)).error;
      expect(fromBody?.requestId).toBe('body-[REDACTED]');
      expectNoSecrets(fromBody);
    }
  });

  it('not from a 2xx answer that is not JSON: a typed error naming the operation and the status', async () => {
    mode = 'html-200';
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    const error = await changeOs(ecs).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ operation: 'ChangeServerOsWithoutCloudInit', status: 200 });
    expect((error as Error).message).toBe('ChangeServerOsWithoutCloudInit: the HTTP 200 response is not valid JSON');
    expectNoSecrets(error);
  });

  it('not from a header value with a line break, given per call', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    const error = await ecs
      .GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, headers: { 'X-Trace': `${SECURITY_TOKEN}\n` } })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'ValidationError', field: 'headers.X-Trace', rule: 'header-value' });
    expectNoSecrets(error);
  });
});

describe('redaction keeps the text around a secret', () => {
  beforeEach(() => {
    mode = 'words';
  });

  it('replaces a short token only where it stands alone, so that the words around it survive', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: 't' } });
    const { error } = await changeOs(ecs);
    expect(error?.message).toBe('Incorrect IAM authentication information: token [REDACTED] ([REDACTED]) is not valid; prefixtsuffix; tの');
  });

  it('replaces a long token wherever it occurs, inside a word too', async () => {
    const ecs = createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: { token: TOKEN } });
    const { error } = await changeOs(ecs);
    expect(error?.message).toBe('Incorrect IAM authentication information: token [REDACTED] ([REDACTED]) is not valid; prefix[REDACTED]suffix; [REDACTED]の');
    expectNoSecrets(error);
  });
});
