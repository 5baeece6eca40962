// hwc-openapi-dev/msw in a browser: the READMEs' setupWorker recipe (browser.ts, as the portal's guide shows it),
// run as written behind MSW's setupWorker (a real service worker in Debian's Chromium), answering the real client at
// its default regional endpoint, with no simulator server. The page, its bundle (esbuild, platform browser: no Node
// built-in may come in) and MSW's worker script are served from loopback.
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RECIPES } from '../../src/docs/guide/in-your-tests.ts';
import { KEY, PROJECT, SERVER } from '../servers/sim/support/harness.ts';
import { useGuardedPage } from '../support/guarded-page.ts';

// The recipe word for word (its package names resolved to this repository's sources), then the test's calls.
const ENTRY = `${RECIPES['browser.ts']}
import { createEcsClient, HuaweiCloudError, unwrap } from 'hwc-openapi';
const path = '/v1/{project_id}/cloudservers/{server_id}/metadata';
globalThis.scenario = async ({ projectId, serverId, accessKey, secretKey }) => {
  const ecs = createEcsClient({ region: 'cn-north-4', projectId, credentials: { accessKey, secretKey } });
  const { metadata } = unwrap(await ecs.POST(path, { params: { path: { server_id: serverId } }, body: { metadata: { team: 'worker' } } }));
  const stored = sim.state().servers.find((s) => s.id === serverId)?.metadata;
  const wrong = createEcsClient({ region: 'cn-north-4', projectId, credentials: { accessKey, secretKey: 'wrong' } });
  const { error } = await wrong.POST(path, { params: { path: { server_id: serverId } }, body: { metadata: { a: 'b' } } });
  sim.reset();
  return {
    metadata,
    stored,
    denied: error instanceof HuaweiCloudError ? { status: error.status, code: error.code } : String(error),
    afterReset: sim.state().servers.find((s) => s.id === serverId)?.metadata,
  };
};
globalThis.ready = true;
`;

let server: Server;
let origin: string;
const session = useGuardedPage();

beforeAll(async () => {
  const bundled = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    // Resolved from the working directory: the repository's sources, as the packages are built from them.
    alias: { 'hwc-openapi-dev/msw': './src/dev/msw.ts', 'hwc-openapi': './src/index.ts' },
    write: false,
    logLevel: 'silent',
  });
  const files: Record<string, { type: string; body: string }> = {
    '/': { type: 'text/html', body: '<!doctype html><title>msw</title><link rel="icon" href="data:,"><script type="module" src="/app.js"></script>' },
    '/app.js': { type: 'text/javascript', body: bundled.outputFiles[0]?.text ?? '' },
    '/mockServiceWorker.js': { type: 'text/javascript', body: readFileSync('node_modules/msw/lib/mockServiceWorker.js', 'utf8') },
  };
  server = createServer((req, res) => {
    const file = files[req.url ?? ''];
    res.writeHead(file ? 200 : 404, { 'Content-Type': file?.type ?? 'text/plain' }).end(file?.body ?? 'not found');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  await session.page.goto(origin);
  await session.page.waitForFunction(() => (globalThis as { ready?: boolean }).ready === true);
});

afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

describe('simulatorHandlers with setupWorker in Chromium', () => {
  it('answers the signed client at https://ecs.cn-north-4.myhuaweicloud.com from the service worker, refuses a wrong secret, and resets', async () => {
    // Chromium logs every 4xx answer to the console: the refused wrong secret is the one expected.
    session.expectErrors(/status of 401/);
    const outcome = await session.page.evaluate((input) => (globalThis as unknown as { scenario: (i: unknown) => Promise<unknown> }).scenario(input), {
      projectId: PROJECT,
      serverId: SERVER,
      accessKey: KEY.access_key,
      secretKey: KEY.secret_key,
    });
    expect(outcome).toEqual({
      metadata: { env: 'dev', team: 'worker' },
      stored: { env: 'dev', team: 'worker' },
      denied: { status: 401, code: 'APIGW.0301' },
      afterReset: { env: 'dev' },
    });
  });
});
