// Cross-site requests and DNS rebinding against the simulator, in real Chromium:
//   - a page of a foreign site, served from another loopback port under a name that resolves to 127.0.0.1
//     (evil.test), tries to reset the simulator with a no-cors POST, to write with one, and to read its state:
//     all refused, the state unchanged;
//   - a rebound name (rebind.test → 127.0.0.1, on the simulator's own port) that would make such a page
//     same-origin with the simulator gets 403, not the state;
//   - a page on an allowed origin (loopback, another port) uses the bundled browser client against the
//     simulator, with a token and with AK/SK (CORS).
// Every request to a name other than those two and loopback fails (Chromium's flags), is recorded and fails the test.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { CHROMIUM_ARGS, ensureChromium, guardNetwork, type NetworkGuard } from '../../support/chromium.ts';
import { KEY, PROJECT, SERVER, startTestSim, TOKEN } from './support/harness.ts';

const FOREIGN = ['evil.test', 'rebind.test'];

let dir: string;
let profile: string;
let sim: Simulator;
let simPort: number;
let context: BrowserContext;
const pages: Server[] = [];
let guard: NetworkGuard | undefined;

/** A page server on its own loopback port: `/` is `html`, `/client.js` the bundled client. */
async function pageServer(html: string, bundle: Buffer): Promise<number> {
  const server = createServer((req, res) => {
    if (req.url === '/client.js') return void res.writeHead(200, { 'Content-Type': 'text/javascript' }).end(bundle);
    res.writeHead(200, { 'Content-Type': 'text/html' }).end(html);
  });
  pages.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

const EVIL_PAGE = `<!doctype html><meta charset="utf-8"><title>evil</title><script>
  window.attack = async (sim, path) => {
    const outcome = {};
    // Simple requests need no preflight: the browser sends them, only the answer is hidden.
    await fetch(sim + '/__sim/reset', { method: 'POST', mode: 'no-cors' }).then(() => (outcome.reset = 'sent'), (e) => (outcome.reset = String(e)));
    await fetch(sim + path, { method: 'POST', mode: 'no-cors', headers: { 'Content-Type': 'text/plain' }, body: '{"metadata":{"evil":"yes"}}' })
      .then(() => (outcome.write = 'sent'), (e) => (outcome.write = String(e)));
    outcome.state = await fetch(sim + '/__sim/state').then((r) => r.text(), (e) => 'refused: ' + e);
    return outcome;
  };
  window.ready = true;
</script>`;

const APP_PAGE = `<!doctype html><meta charset="utf-8"><title>app</title><script type="module">
  import { createEcsClient } from '/client.js';
  window.update = async (endpoint, credentials, metadata) => {
    const ecs = createEcsClient({ endpoint, projectId: '${PROJECT}', credentials, timeoutMs: 5000 });
    const { data, error, response } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: '${SERVER}' } },
      body: { metadata },
    });
    return { data, error: error && { status: error.status, code: error.code, message: error.message }, requestId: response.headers.get('X-Request-Id') };
  };
  window.ready = true;
</script>`;

beforeAll(async () => {
  sim = await startTestSim();
  simPort = Number(new URL(sim.url).port);
  dir = mkdtempSync(join(tmpdir(), 'hwc-cross-site-'));
  await build({ entryPoints: ['src/index.ts'], bundle: true, format: 'esm', platform: 'browser', outfile: join(dir, 'client.js'), logLevel: 'silent' });
  profile = mkdtempSync(join(tmpdir(), 'hwc-cross-site-chromium-'));
  const resolver = `--host-resolver-rules=${FOREIGN.map((name) => `MAP ${name} 127.0.0.1`).join(', ')}, MAP * ~NOTFOUND, EXCLUDE 127.0.0.1`;
  // The foreign names reach their local servers directly, not through CHROMIUM_ARGS' dead proxy.
  const args = [...CHROMIUM_ARGS.map((arg) => (arg.startsWith('--host-resolver-rules=') ? resolver : arg)), `--proxy-bypass-list=${FOREIGN.join(';')}`];
  context = await chromium.launchPersistentContext(profile, { executablePath: ensureChromium(), headless: true, args });
  guard = guardNetwork(context, { alsoLocal: FOREIGN });
});

afterAll(async () => {
  expect(guard?.blocked ?? [], 'requests that would have left the machine').toEqual([]);
  await context?.close();
  for (const server of pages) {
    server.closeAllConnections();
    server.close();
  }
  await sim?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
  if (profile) rmSync(profile, { recursive: true, force: true, maxRetries: 20, retryDelay: 50 });
});

async function open(url: string): Promise<Page> {
  const page = await context.newPage();
  await page.goto(url);
  await page.waitForFunction(() => (window as unknown as { ready?: boolean }).ready === true);
  return page;
}

const metadata = () => sim.state.servers.find((s) => s.id === SERVER)?.metadata;

describe('a page of another site', () => {
  it('cannot reset the simulator, write to it or read its state', async () => {
    const evilPort = await pageServer(EVIL_PAGE, Buffer.alloc(0));
    sim.reset();
    // Something a reset would undo.
    const kept = await fetch(`${sim.url}/v1/${PROJECT}/cloudservers/${SERVER}/metadata`, {
      method: 'POST',
      headers: { 'X-Auth-Token': TOKEN, 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { kept: 'yes' } }),
    });
    expect(kept.status).toBe(200);
    const before = JSON.stringify(sim.state);
    const page = await open(`http://evil.test:${evilPort}/`);
    const path = `/v1/${PROJECT}/cloudservers/${SERVER}/metadata`;
    const outcome = (await page.evaluate(([url, p]) => (window as unknown as { attack: (u: string, p: string) => Promise<unknown> }).attack(url, p), [
      sim.url,
      path,
    ] as const)) as { reset: string; write: string; state: string };
    expect(outcome.state).toMatch(/^refused: TypeError/);
    expect(JSON.stringify(sim.state)).toBe(before);
    expect(metadata()).toEqual({ env: 'dev', kept: 'yes' });
    await page.close();
  });

  it('cannot read the state through a rebound name on the simulator’s own port', async () => {
    const page = await context.newPage();
    const response = await page.goto(`http://rebind.test:${simPort}/__sim/state`);
    expect(response?.status()).toBe(403);
    const text = await page.textContent('body');
    expect(text).toContain('is not a name of this server');
    expect(text).not.toContain(SERVER);
    await page.close();
  });
});

describe('a page on an allowed origin', () => {
  it('uses the browser client against the simulator, with a token and with AK/SK', async () => {
    const appPort = await pageServer(APP_PAGE, readFileSync(join(dir, 'client.js')));
    expect(appPort).not.toBe(simPort);
    sim.reset();
    const page = await open(`http://127.0.0.1:${appPort}/`);
    type Outcome = { data?: { metadata: Record<string, string> }; error?: unknown; requestId: string | null };
    const update = (credentials: unknown, m: Record<string, string>) =>
      page.evaluate(([url, c, body]) => (window as unknown as { update: (u: string, c: unknown, b: unknown) => Promise<Outcome> }).update(url, c, body), [
        sim.url,
        credentials,
        m,
      ] as const);
    const withToken = await update({ token: TOKEN }, { from: 'browser' });
    expect(withToken.error).toBeUndefined();
    expect(withToken.data?.metadata).toMatchObject({ from: 'browser' });
    expect(withToken.requestId).toMatch(/^[0-9a-f]{32}$/); // exposed to the page by CORS
    const signed = await update({ accessKey: KEY.access_key, secretKey: KEY.secret_key }, { signed: 'yes' });
    expect(signed.error).toBeUndefined();
    expect(metadata()).toEqual({ env: 'dev', from: 'browser', signed: 'yes' });
    await page.close();
  });
});
