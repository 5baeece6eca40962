// Options are checked when the client is made (per-call overrides when the call is made), before anything is
// sent: NaN passes no comparison, so unchecked it meant retrying forever or timing out every call.
import { describe, expect, it } from 'vitest';
import { type ClientOptions, type Credentials, createEcsClient, createRfsClient, ValidationError, waitForJob } from '../../src/index.ts';
import { ACCESS_KEY, ADMIN_PASS, akSk, PROJECT_ID, SECRET_KEY, SECURITY_TOKEN, SERVER_ID, TOKEN } from './support.ts';

const sent: Request[] = [];
const fetch = async (request: Request) => {
  sent.push(request);
  return new Response('{"status":"SUCCESS"}', { status: 200, headers: { 'content-type': 'application/json' } });
};
const base = { endpoint: 'https://api.test', projectId: PROJECT_ID, credentials: akSk, fetch } satisfies ClientOptions;

function refusal(make: () => unknown): ValidationError {
  let error: unknown;
  try {
    make();
  } catch (e) {
    error = e;
  }
  expect(error).toBeInstanceOf(ValidationError);
  return error as ValidationError;
}

describe('client options', () => {
  it.each([
    [{ timeoutMs: NaN }, 'options.timeoutMs', 'positive-number'],
    [{ timeoutMs: 0 }, 'options.timeoutMs', 'positive-number'],
    [{ timeoutMs: '1000' as unknown as number }, 'options.timeoutMs', 'positive-number'],
    [{ retry: { attempts: NaN } }, 'options.retry.attempts', 'positive-integer'],
    [{ retry: { attempts: 0 } }, 'options.retry.attempts', 'positive-integer'],
    [{ retry: { attempts: 2.5 } }, 'options.retry.attempts', 'positive-integer'],
    [{ retry: { attempts: Infinity } }, 'options.retry.attempts', 'positive-integer'],
    [{ retry: { baseDelayMs: -1 } }, 'options.retry.baseDelayMs', 'non-negative-number'],
    [{ retry: { maxDelayMs: NaN } }, 'options.retry.maxDelayMs', 'non-negative-number'],
    [{ maxResponseBytes: 0 }, 'options.maxResponseBytes', 'positive-integer'],
    [{ maxResponseBytes: NaN }, 'options.maxResponseBytes', 'positive-integer'],
    [{ maxResponseBytes: 1.5 }, 'options.maxResponseBytes', 'positive-integer'],
  ] satisfies [Partial<ClientOptions>, string, string][])('refuses %o, naming %s and %s', (bad, field, rule) => {
    const error = refusal(() => createEcsClient({ ...base, ...bad }));
    expect(error).toMatchObject({ field, rule });
    expect(error.message).toMatch(new RegExp(`^${field.replaceAll('.', '\\.')}: ${rule}: must be `));
  });

  it.each([
    [{ accessKey: ACCESS_KEY, secretKey: '' }, 'credentials.secretKey'],
    [{ accessKey: '', secretKey: SECRET_KEY }, 'credentials.accessKey'],
    [{ accessKey: ACCESS_KEY } as Credentials, 'credentials.secretKey'],
    [{ accessKey: ACCESS_KEY, secretKey: SECRET_KEY, securityToken: '' }, 'credentials.securityToken'],
    [{ token: '' }, 'credentials.token'],
  ] satisfies [Credentials, string][])('refuses credentials naming %s, without a secret in the message', (credentials, field) => {
    const error = refusal(() => createRfsClient({ ...base, credentials }));
    expect(error).toMatchObject({ field, rule: 'non-empty-string' });
    for (const secret of [SECRET_KEY, TOKEN]) expect(`${error.message} ${error.stack}`).not.toContain(secret);
  });

  // fetch's Headers would throw `Headers.set: "<the value>" is an invalid header value`, quoting the secret.
  it.each([
    ['credentials.token', { token: `${TOKEN}\r\nX-Injected: 1` }],
    ['credentials.token', { token: `${TOKEN}\n` }],
    ['credentials.token', { token: `${TOKEN}\u4ee4` }],
    ['credentials.securityToken', { ...akSk, securityToken: `${SECURITY_TOKEN}\0` }],
    ['credentials.accessKey', { accessKey: `${ACCESS_KEY}\r`, secretKey: SECRET_KEY }],
  ] satisfies [string, Credentials][])('refuses a credential that is not a valid header value (%#): %s, named, never the value', (field, credentials) => {
    const error = refusal(() => createEcsClient({ ...base, credentials }));
    expect(error).toMatchObject({ field, rule: 'header-value' });
    expect(error.message).toMatch(new RegExp(`^${field.replace('.', '\\.')}: header-value: must be a valid HTTP header value`));
    for (const secret of [TOKEN, SECURITY_TOKEN, ACCESS_KEY]) expect(`${error.message} ${error.stack}`).not.toContain(secret);
  });

  it('takes any text as the secret key, which is never sent', async () => {
    const ecs = createEcsClient({ ...base, credentials: { accessKey: ACCESS_KEY, secretKey: `${SECRET_KEY}\n\u4ee4` } });
    expect((await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } })).error).toBeUndefined();
  });

  it.each(['not a url', '127.0.0.1:4799', 'ftp://api.test', 'file:///etc/passwd', `http://user:${ADMIN_PASS}@api.test`, ''])(
    'refuses the endpoint %j when the client is made, naming options.endpoint',
    (endpoint) => {
      const error = refusal(() => createEcsClient({ ...base, endpoint }));
      expect(error).toMatchObject({ field: 'options.endpoint', rule: 'url' });
      expect(error.message).toBe('options.endpoint: url: must be an absolute http: or https: URL, without a user name or password');
      expect(error.stack).not.toContain(ADMIN_PASS);
    },
  );

  it('requires credentials, and "none" as the explicit choice of unauthenticated requests', async () => {
    for (const credentials of [undefined, null, 'None', 'token']) {
      const error = refusal(() => createEcsClient({ ...base, credentials } as unknown as ClientOptions));
      expect(error).toMatchObject({ field: 'options.credentials', rule: 'required' });
      expect(error.message).toBe("options.credentials: required: give { accessKey, secretKey }, { token }, or 'none' to send requests unauthenticated");
    }
    const ecs = createEcsClient({ ...base, credentials: 'none' });
    expect((await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } })).error).toBeUndefined();
    const request = sent.at(-1);
    for (const header of ['authorization', 'x-auth-token', 'x-sdk-date', 'x-security-token']) expect(request?.headers.get(header), header).toBeNull();
  });

  it('accepts the usual values, Infinity as a time limit, and retry: false', async () => {
    for (const options of [
      {},
      { timeoutMs: Infinity, retry: { attempts: 1, baseDelayMs: 0, maxDelayMs: Infinity } },
      { retry: false as const },
      { credentials: { token: TOKEN } },
    ]) {
      const ecs = createEcsClient({ ...base, ...options });
      expect((await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } })).error).toBeUndefined();
    }
  });
});

// A region builds the endpoint's host: a typo used to compile and fail on every call with getaddrinfo ENOTFOUND.
describe('region', () => {
  const regional = { projectId: PROJECT_ID, credentials: akSk, fetch };
  const made = (region: unknown) => refusal(() => createEcsClient({ ...regional, region } as ClientOptions));

  it.each([
    ['cn-nrth-4', 'cn-north-4'],
    ['cn-north4', 'cn-north-4'],
    ['ap-southeast-6', 'ap-southeast-1 or ap-southeast-2 or ap-southeast-3 or ap-southeast-4 or ap-southeast-5'],
    ['eu-west-1', 'eu-west-0'],
  ])('refuses the unknown region %s when the client is made, with "did you mean %s"', (region, suggestion) => {
    const error = made(region);
    expect(error).toMatchObject({ field: 'options.region', rule: 'known-region' });
    expect(error.message).toBe(
      `options.region: known-region: is not a region this client knows (did you mean ${suggestion}?); give a newer region as { id: 'xx-new-1' }`,
    );
  });

  it('suggests nothing when no known region is close', () => {
    expect(made('mars-base-1').message).toBe("options.region: known-region: is not a region this client knows; give a newer region as { id: 'xx-new-1' }");
  });

  it.each([undefined, '', 'Cn-North-4', 'evil.example.com/x', { id: '' }, { id: 'a.b' }, { id: 4 }, null])('refuses %j as a region', (region) => {
    expect(made(region)).toMatchObject({ field: 'options.region', rule: 'required' });
  });

  it('takes a region newer than the list as { id }, and a known one as is', async () => {
    await createEcsClient({ ...regional, region: { id: 'xx-new-1' } }).GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });
    expect(sent.at(-1)?.url).toBe(`https://ecs.xx-new-1.myhuaweicloud.com/v1/${PROJECT_ID}/jobs/j`);
    await createEcsClient({ ...regional, region: 'eu-west-101' }).GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });
    expect(sent.at(-1)?.url).toBe(`https://ecs.eu-west-101.myhuaweicloud.com/v1/${PROJECT_ID}/jobs/j`);
  });

  it('does not check a region that an endpoint replaces', () => {
    expect(() => createEcsClient({ ...base, region: 'cn-nrth-4' as never })).not.toThrow();
  });
});

describe('per-call options', () => {
  const ecs = createEcsClient(base);
  const showJob = (extra: { timeoutMs?: number; retry?: { attempts?: number; baseDelayMs?: number } }) =>
    ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, ...extra });

  it.each([
    [{ timeoutMs: NaN }, 'timeoutMs', 'positive-number'],
    [{ retry: { attempts: NaN } }, 'retry.attempts', 'positive-integer'],
    [{ retry: { baseDelayMs: -5 } }, 'retry.baseDelayMs', 'non-negative-number'],
  ])('refuses %o before sending, naming %s and %s', async (bad, field, rule) => {
    const before = sent.length;
    await expect(showJob(bad)).rejects.toMatchObject({ name: 'ValidationError', field, rule });
    expect(sent.length).toBe(before);
  });
});

describe('header values given per call', () => {
  const rfs = createRfsClient(base);
  const path = { provider_name: 'my-provider' };
  const body = { provider_description: 'd' };
  const secret = `${TOKEN}\r\nX-Injected: 1`;

  it.each([
    ['params.header', 'header.Client-Request-Id', { params: { path, header: { 'Client-Request-Id': secret } }, body }],
    ['headers', 'headers.X-Trace', { params: { path }, body, headers: { 'X-Trace': secret } }],
    ['headers (array values)', 'headers.X-Trace', { params: { path }, body, headers: { 'X-Trace': ['ok', secret] } }],
    ['headers (pairs)', 'headers.X-Trace', { params: { path }, body, headers: [['X-Trace', secret]] }],
  ])('refuses a line break in %s before sending, naming %s, never the value', async (_, field, init) => {
    const before = sent.length;
    const error = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', init as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
    expect(error).toMatchObject({ field, rule: 'header-value' });
    expect(`${(error as Error).message} ${(error as Error).stack}`).not.toContain(TOKEN);
    expect(sent.length).toBe(before);
  });

  it('sends valid header values, numbers and arrays included', async () => {
    const ecs = createEcsClient(base);
    const call = ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: SERVER_ID } },
      body: { metadata: { a: 'b' } },
      headers: { 'X-Trace': 'café\tau lait', 'X-Count': 3, 'X-Many': ['a', 'b'] },
    });
    expect((await call).error).toBeUndefined();
    expect(sent.at(-1)?.headers.get('x-trace')).toBe('café\tau lait');
    expect(sent.at(-1)?.headers.get('x-many')).toBe('a, b');
  });
});

describe('waitForJob options', () => {
  it.each([
    [{ timeoutMs: NaN }, 'options.timeoutMs'],
    [{ intervalMs: NaN }, 'options.intervalMs'],
    [{ intervalMs: -1 }, 'options.intervalMs'],
  ])('refuses %o before polling, naming %s', async (bad, field) => {
    const before = sent.length;
    await expect(waitForJob(createEcsClient(base), 'job-1', bad)).rejects.toMatchObject({ name: 'ValidationError', field });
    expect(sent.length).toBe(before);
  });
});
