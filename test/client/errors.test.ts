import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBmsClient, createEcsClient, createRfsClient, HuaweiCloudError, InvalidResponseError, NetworkError, unwrap } from '../../src/index.ts';
import { akSk, json, PROJECT_ID, SERVER_ID, startServer, type TestServer } from './support.ts';

// The server answers with whatever the test puts in `next`.
let next: { status: number; body?: unknown; text?: string; headers?: Record<string, string> };
let server: TestServer;
beforeAll(async () => {
  server = await startServer((_request, res) => {
    if (next.text !== undefined) return void res.writeHead(next.status, { 'Content-Type': 'text/html', ...next.headers }).end(next.text);
    if (next.body === undefined) return void res.writeHead(next.status, next.headers).end();
    json(res, next.status, next.body, next.headers);
  });
});
afterAll(() => server.close());

const options = () => ({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, retry: false as const });
const ecs = () => createEcsClient(options());
const updateMetadata = () =>
  ecs().POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id: SERVER_ID } }, body: { metadata: { a: 'b' } } });

describe('HTTP errors become a HuaweiCloudError', () => {
  it('parses the ECS/BMS format {"error": {code, message}} and reads X-Request-Id', async () => {
    next = { status: 404, body: { error: { code: 'Ecs.0114', message: 'Instance does not exist.' } }, headers: { 'X-Request-Id': 'rid-404' } };
    const { data, error, response } = await updateMetadata();
    expect(data).toBeUndefined();
    expect(response.status).toBe(404);
    expect(error).toBeInstanceOf(HuaweiCloudError);
    expect(error).toBeInstanceOf(Error);
    expect(error).toMatchObject({
      name: 'HuaweiCloudError',
      status: 404,
      code: 'Ecs.0114',
      message: 'Instance does not exist.',
      requestId: 'rid-404',
      operation: 'UpdateServerMetadata',
      body: next.body,
    });
  });

  it('parses a Nova fault {"badRequest": {code, message}}: the fault name is the code', async () => {
    next = { status: 400, body: { badRequest: { code: 400, message: 'Metadata item was not found' } } };
    const bms = createBmsClient(options());
    const { error } = await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
      params: { path: { server_id: SERVER_ID, key: 'k' } },
      body: { meta: { k: 'v' } },
    });
    expect(error).toMatchObject({ status: 400, code: 'badRequest', message: 'Metadata item was not found', operation: 'UpdateBaremetalServerMetadataItem' });
  });

  it('parses the RFS flat format {error_code, error_msg}', async () => {
    next = { status: 400, body: { error_code: 'LPA.00000400', error_msg: 'provider_id does not match', details: [] }, headers: { 'X-Request-Id': 'rid-rfs' } };
    const rfs = createRfsClient(options());
    const { error } = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: 'p' } },
      body: { provider_description: 'd', provider_id: SERVER_ID },
    });
    expect(error).toMatchObject({
      status: 400,
      code: 'LPA.00000400',
      message: 'provider_id does not match',
      requestId: 'rid-rfs',
      operation: 'UpdatePrivateProviderMetadata',
    });
  });

  it('parses the API gateway format and takes the request id from the body when the header is empty', async () => {
    next = {
      status: 401,
      body: { error_code: 'APIGW.0301', error_msg: 'Incorrect IAM authentication information: verify aksk signature fail', request_id: 'rid-gw' },
      headers: { 'X-Request-Id': '' },
    };
    const { error } = await updateMetadata();
    expect(error).toMatchObject({ status: 401, code: 'APIGW.0301', requestId: 'rid-gw' });
    expect(error?.message).toMatch(/verify aksk signature fail/);
  });

  it('still gives a typed error for a non-JSON or empty error body', async () => {
    next = { status: 502, text: '<html>Bad Gateway</html>' };
    const html = (await updateMetadata()).error;
    expect(html).toMatchObject({ status: 502, code: undefined, message: 'HTTP 502 Bad Gateway', body: '<html>Bad Gateway</html>', requestId: undefined });

    next = { status: 403 };
    const empty = (await updateMetadata()).error;
    expect(empty).toBeInstanceOf(HuaweiCloudError);
    expect(empty).toMatchObject({ status: 403, message: 'HTTP 403 Forbidden', body: undefined });
  });

  it('narrows the body by status', async () => {
    next = { status: 404, body: { error: { code: 'Ecs.0114', message: 'gone' } } };
    const { error } = await updateMetadata();
    // Compiles only because status 404 narrows body to the EcsError schema.
    expect(error?.status === 404 ? error.body.error.code : 'not narrowed').toBe('Ecs.0114');
  });
});

describe('unwrap, the throwing variant', () => {
  it('returns data on success', async () => {
    next = { status: 200, body: { job_id: 'job-1' } };
    const { job_id } = unwrap(
      await ecs().POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
        params: { path: { server_id: SERVER_ID } },
        body: { 'os-change': { imageid: SERVER_ID, keyname: 'kp' } },
      }),
    );
    expect(job_id).toBe('job-1');
  });

  it('throws the HuaweiCloudError on failure', async () => {
    next = { status: 409, body: { error: { code: 'Ecs.0001', message: 'busy' } } };
    const result = await updateMetadata();
    expect(() => unwrap(result)).toThrow(result.error);
    expect(() => unwrap(result)).toThrow(HuaweiCloudError);
  });
});

describe('errors without an HTTP error response', () => {
  const showJob = (client: ReturnType<typeof createEcsClient>) => client.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });

  it('names the cause code and host:port of a refused connection', async () => {
    const closed = await startServer(() => {});
    await closed.close();
    const error = await showJob(createEcsClient({ ...options(), endpoint: closed.url })).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(error).toMatchObject({
      operation: 'ShowJob',
      code: 'ECONNREFUSED',
      message: `ShowJob failed: connect ECONNREFUSED ${closed.url.slice('http://'.length)}`,
    });
  });

  it('finds the code however deep fetch buried it, and says the host when the error does not', async () => {
    const system = Object.assign(new Error('connect ETIMEDOUT 10.0.0.1:443'), { code: 'ETIMEDOUT', syscall: 'connect', address: '10.0.0.1', port: 443 });
    const reset = Object.assign(new Error('read ECONNRESET'), { code: 'ECONNRESET', syscall: 'read' });
    const dns = Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND', syscall: 'getaddrinfo', hostname: 'ecs.example.invalid' });
    const cases: [unknown, string][] = [
      [
        new TypeError('fetch failed', { cause: new Error('wrapper', { cause: new AggregateError([new Error('first'), system]) }) }),
        'connect ETIMEDOUT 10.0.0.1:443',
      ],
      [new TypeError('fetch failed', { cause: new Error('a', { cause: new Error('b', { cause: reset }) }) }), 'read ECONNRESET api.test:8443'],
      [new TypeError('fetch failed', { cause: dns }), 'getaddrinfo ENOTFOUND ecs.example.invalid'],
      [new TypeError('Failed to fetch'), 'network error (api.test:8443)'],
    ];
    for (const [thrown, detail] of cases) {
      const fetch = async () => {
        throw thrown;
      };
      const error = await showJob(createEcsClient({ ...options(), endpoint: 'https://api.test:8443', fetch })).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(NetworkError);
      expect((error as NetworkError).message).toBe(`ShowJob failed: ${detail}`);
      expect((error as NetworkError).cause).toBe(thrown);
    }
  });

  it('gives an InvalidResponseError, not a SyntaxError, for a 2xx body that is not JSON', async () => {
    next = { status: 200, text: '<html>Welcome to the hotel Wi-Fi</html>' };
    const error = await updateMetadata().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InvalidResponseError);
    expect(error).toMatchObject({ operation: 'UpdateServerMetadata', status: 200, message: 'UpdateServerMetadata: the HTTP 200 response is not valid JSON' });
  });

  it('gives undefined data for a 2xx without a body', async () => {
    next = { status: 200 };
    const { data, error, response } = await updateMetadata();
    expect([data, error, response.status]).toEqual([undefined, undefined, 200]);
  });
});
