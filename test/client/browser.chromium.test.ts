// The same client code in a browser: src/index.ts bundled by esbuild for the browser, loaded by a page in
// Debian's Chromium, makes AK/SK-signed calls that a local server verifies with verifySignature.
// Every request that would leave the machine is blocked and fails the test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type VerifyResult, verifySignature } from '../../src/signer.ts';
import { useGuardedPage } from '../support/guarded-page.ts';

const ACCESS_KEY = 'AKBROWSERTEST0001';
const SECRET_KEY = 'browser-secret-key-3c1d';
const SERVER_ID = '95bf2490-5428-432c-ad9b-5e3406f869dd';

// The page exposes one function that runs a call with the bundled client and returns what the caller would see.
const PAGE = `<!doctype html><meta charset="utf-8"><title>hwc-openapi client</title><link rel="icon" href="data:,">
<script type="module">
  import { createEcsClient, HuaweiCloudError, RedirectError } from '/client.js';
  window.updateMetadata = async (credentials, metadata, endpoint = location.origin) => {
    const ecs = createEcsClient({ endpoint, projectId: 'browser-project', credentials, timeoutMs: 5000 });
    try {
      const { data, error } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
        params: { path: { server_id: '${SERVER_ID}' } },
        body: { metadata },
      });
      return { data, error: error && { typed: error instanceof HuaweiCloudError, status: error.status, code: error.code, requestId: error.requestId } };
    } catch (error) {
      return { thrown: { redirect: error instanceof RedirectError, status: error.status, location: error.location, message: error.message } };
    }
  };
  window.ready = true;
</script>`;

interface Received {
  url: string;
  body: string;
  signature: VerifyResult;
}

let dir: string;
let server: Server;
let origin: string;
// A second local server, on another port: the target of the redirect, recording whatever reaches it.
let elsewhere: Server;
const reachedElsewhere: string[] = [];
const session = useGuardedPage();
let page: Page;
const received: Received[] = [];

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'hwc-client-browser-'));
  await build({ entryPoints: ['src/index.ts'], bundle: true, format: 'esm', platform: 'browser', outfile: join(dir, 'client.js'), logLevel: 'silent' });
  const bundle = readFileSync(join(dir, 'client.js'));

  server = createServer(async (req, res) => {
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    const url = req.url ?? '/';
    if (url === '/') return void res.writeHead(200, { 'Content-Type': 'text/html' }).end(PAGE);
    if (url === '/client.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    if (url.startsWith('/redirect/')) {
      const port = (elsewhere.address() as AddressInfo).port;
      return void res.writeHead(307, { Location: `http://127.0.0.1:${port}${url}` }).end();
    }
    const body = Buffer.concat(chunks).toString('utf8');
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, String(v)]));
    const signature = await verifySignature({ method: req.method ?? 'GET', url: `http://${req.headers.host}${url}`, headers, body }, (ak) =>
      ak === ACCESS_KEY ? SECRET_KEY : undefined,
    );
    received.push({ url, body, signature });
    if (!signature.ok) {
      res.writeHead(401, { 'Content-Type': 'application/json', 'X-Request-Id': 'rid-browser-401' });
      return void res.end(JSON.stringify({ error_code: 'APIGW.0301', error_msg: `Incorrect IAM authentication information: ${signature.reason}` }));
    }
    res.writeHead(200, { 'Content-Type': 'application/json', 'X-Request-Id': 'rid-browser' });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  elsewhere = createServer((req, res) => {
    reachedElsewhere.push(`${req.method} ${req.url} ${JSON.stringify(req.headers)}`);
    res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*' }).end('{}');
  });
  await new Promise<void>((resolve) => elsewhere.listen(0, '127.0.0.1', resolve));

  page = session.page;
  await page.goto(`${origin}/`);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
});

afterAll(async () => {
  for (const s of [server, elsewhere]) {
    s?.closeAllConnections();
    await new Promise((resolve) => s?.close(resolve));
  }
  rmSync(dir, { recursive: true, force: true });
});

type Outcome = {
  data?: unknown;
  error?: { typed: boolean; status: number; code?: string; requestId?: string };
  thrown?: { redirect: boolean; status: number; location?: string; message: string };
};
const updateMetadata = (credentials: unknown, metadata: Record<string, string>, endpoint?: string) =>
  page.evaluate(([c, m, e]) => (window as unknown as { updateMetadata: (c: unknown, m: unknown, e?: string) => Promise<Outcome> }).updateMetadata(c, m, e), [
    credentials,
    metadata,
    endpoint,
  ] as const);

describe('the bundled client in Chromium', () => {
  it('makes an AK/SK-signed call that the server verifies, over the exact UTF-8 body', async () => {
    const metadata = { owner: 'équipe-北京', note: 'signed in a browser' };
    const outcome = await updateMetadata({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, metadata);
    expect(outcome).toEqual({ data: { metadata } });
    const last = received.at(-1)!;
    expect(last.signature).toEqual({ ok: true, accessKey: ACCESS_KEY });
    expect(last.url).toBe(`/v1/browser-project/cloudservers/${SERVER_ID}/metadata`);
    expect(JSON.parse(last.body)).toEqual({ metadata });
  });

  it('gives a typed HuaweiCloudError when the signature is refused', async () => {
    // Chromium logs every non-2xx answer to a fetch.
    session.expectErrors(/^console: Failed to load resource: the server responded with a status of 401 .*\/metadata\)$/);
    const outcome = await updateMetadata({ accessKey: ACCESS_KEY, secretKey: 'not-the-secret' }, { a: 'b' });
    expect(outcome.error).toEqual({ typed: true, status: 401, code: 'APIGW.0301', requestId: 'rid-browser-401' });
    expect(received.at(-1)?.signature).toEqual({ ok: false, reason: 'signature mismatch' });
  });

  // A browser hides a redirect it does not follow: an opaque response, status 0, no Location.
  it('does not follow a redirect to another address with the signed request and its body, and says so', async () => {
    const outcome = await updateMetadata({ accessKey: ACCESS_KEY, secretKey: SECRET_KEY }, { a: 'b' }, `${origin}/redirect`);
    expect(reachedElsewhere).toEqual([]);
    expect(outcome.thrown).toEqual({
      redirect: true,
      status: 0,
      message: 'UpdateServerMetadata: HTTP 3xx redirect to a location the browser hides not followed, so that credentials and body stay with the endpoint',
    });
  });
});
