// Credentials stay on the endpoint's host: a redirect from the endpoint to another address is not followed, so the
// token, the AK/SK signature, the security token and the body never reach it. A real endpoint answers with the
// redirect; a second local server on another port records whatever arrives there.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { type ClientOptions, createEcsClient, RedirectError } from '../../src/index.ts';
import { ADMIN_PASS, akSk, json, PROJECT_ID, SECURITY_TOKEN, SERVER_ID, startServer, type TestServer, TOKEN } from './support.ts';

let endpoint: TestServer;
let elsewhere: TestServer;
// The endpoint answers every request with this status and a Location on the other server (relative when asked).
let redirect = { status: 307, relative: false, echo: false };
beforeAll(async () => {
  elsewhere = await startServer((_, res) => json(res, 200, { metadata: { landed: 'elsewhere' } }));
  endpoint = await startServer((request, res) => {
    const location = redirect.relative
      ? '/moved/here'
      : `${elsewhere.url}/stolen${request.url}${redirect.echo ? `?token=${request.headers['x-auth-token']}` : ''}`;
    res.writeHead(redirect.status, { Location: location, 'Content-Type': 'text/plain' }).end('moved');
  });
});
afterAll(async () => {
  await endpoint.close();
  await elsewhere.close();
});
beforeEach(() => {
  redirect = { status: 307, relative: false, echo: false };
  elsewhere.requests.length = 0;
});

const PATH = '/v1/{project_id}/cloudservers/{server_id}/changeos';
const call = { params: { path: { server_id: SERVER_ID } }, body: { 'os-change': { adminpass: ADMIN_PASS, imageid: SERVER_ID } } };
const client = (options: Partial<ClientOptions>) => createEcsClient({ endpoint: endpoint.url, projectId: PROJECT_ID, credentials: akSk, ...options });

/** The call's outcome, after checking that nothing reached the other server. */
async function refusal(promise: Promise<unknown>): Promise<RedirectError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(elsewhere.requests, 'requests that reached the other server').toEqual([]);
  expect(error).toBeInstanceOf(RedirectError);
  return error as RedirectError;
}

describe('redirects', () => {
  it.each([301, 302, 303, 307, 308])('does not follow a %i with a token and a body: a RedirectError names the Location', async (status) => {
    redirect.status = status;
    const error = await refusal(client({ credentials: { token: TOKEN } }).POST(PATH, call));
    const location = `${elsewhere.url}/stolen/v1/${PROJECT_ID}/cloudservers/${SERVER_ID}/changeos`;
    expect(error).toMatchObject({ name: 'RedirectError', operation: 'ChangeServerOsWithoutCloudInit', status, location });
    expect(error.message).toBe(
      `ChangeServerOsWithoutCloudInit: HTTP ${status} redirect to ${location} not followed, so that credentials and body stay with the endpoint`,
    );
    expect(endpoint.requests.at(-1)?.headers['x-auth-token']).toBe(TOKEN);
  });

  it('does not follow one with an AK/SK signature and a security token, and does not retry it', async () => {
    const ecs = client({ credentials: { ...akSk, securityToken: SECURITY_TOKEN }, retry: { attempts: 3, baseDelayMs: 1 } });
    const before = endpoint.requests.length;
    await refusal(ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } }));
    expect(endpoint.requests.length - before).toBe(1);
  });

  it('does not follow one for a request that middleware rebuilt, asking to follow redirects', async () => {
    const ecs = client({ credentials: { token: TOKEN } });
    ecs.use({ onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: request.headers, body: '{}', redirect: 'follow' }) });
    await refusal(ecs.POST(PATH, call));
  });

  it('hands a custom fetch requests that say not to follow redirects', async () => {
    const modes: RequestRedirect[] = [];
    const fetch = async (request: Request) => {
      modes.push(request.redirect);
      return globalThis.fetch(request);
    };
    const ecs = client({ fetch });
    ecs.use({ onRequest: ({ request }) => new Request(request.url, { method: request.method, headers: request.headers, redirect: 'follow' }) });
    await refusal(ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } }));
    expect(modes).toEqual(['manual']);
  });

  it('names a relative Location as sent', async () => {
    redirect = { status: 302, relative: true, echo: false };
    const error = await refusal(client({}).POST(PATH, call));
    expect(error.location).toBe('/moved/here');
  });

  it("redacts the request's secrets from a Location that echoes them", async () => {
    redirect.echo = true;
    const error = await refusal(client({ credentials: { token: TOKEN } }).POST(PATH, call));
    expect(error.location).toMatch(/\?token=\[REDACTED\]$/);
    expect(`${error.message} ${error.stack}`).not.toContain(TOKEN);
  });
});
