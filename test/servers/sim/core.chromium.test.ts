// The simulator's core needs no socket and no Node: bundled by esbuild for the browser (platform 'browser', which
// fails on any `node:` import), it answers AK/SK-signed plain requests inside Debian's Chromium, with no server.
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { useGuardedPage } from '../../support/guarded-page.ts';
import { KEY, PROJECT, SERVER } from './support/harness.ts';

// Bundled from stdin, resolved from the repository: what an in-page simulator imports.
const ENTRY = `
import { createSimulatorCore } from './src/servers/sim/core.ts';
import { parseFixture } from './src/servers/sim/fixture.ts';
import { signHeaders } from './src/signer.ts';
import fixture from './src/servers/sim/fixtures/default.json';
const core = createSimulatorCore({ fixture: parseFixture(structuredClone(fixture)), warn: () => undefined });
globalThis.simulate = async ({ method, url, body, accessKey, secretKey }) => {
  const headers = new Headers({ Host: new URL(url).host, 'Content-Type': 'application/json' });
  signHeaders({ method, url, headers, body }, { accessKey, secretKey });
  const bytes = new TextEncoder().encode(body);
  const target = new URL(url);
  const reply = await core.handle({
    method,
    url: target.pathname + target.search,
    headers: Object.fromEntries([...headers].map(([k, v]) => [k.toLowerCase(), v])),
    body: async () => bytes,
  });
  return { status: reply.status, body: reply.body, requestId: reply.headers['X-Request-Id'] };
};
`;

const session = useGuardedPage();

beforeAll(async () => {
  const bundled = await build({
    stdin: { contents: ENTRY, resolveDir: process.cwd(), loader: 'ts' },
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  await session.page.goto('about:blank');
  await session.page.addScriptTag({ content: bundled.outputFiles[0]?.text ?? '' });
});

interface Outcome {
  status: number;
  body: unknown;
  requestId: string;
}
const simulate = (request: { method: string; url: string; body: string; accessKey: string; secretKey: string }) =>
  session.page.evaluate((r) => (globalThis as unknown as { simulate: (r: unknown) => Promise<Outcome> }).simulate(r), request);

describe("the simulator's core in Chromium", () => {
  const url = `https://ecs.cn-north-4.myhuaweicloud.com/v1/${PROJECT}/cloudservers/${SERVER}/metadata`;

  it('answers a signed metadata update with the merged metadata, then a read of the state shows it', async () => {
    const outcome = await simulate({
      method: 'POST',
      url,
      body: JSON.stringify({ metadata: { team: 'in-page' } }),
      accessKey: KEY.access_key,
      secretKey: KEY.secret_key,
    });
    expect(outcome.status).toBe(200);
    expect((outcome.body as { metadata: Record<string, string> }).metadata).toMatchObject({ team: 'in-page' });
    expect(outcome.requestId).toMatch(/^[0-9a-f]{32}$/);
  });

  it('refuses a wrong secret with the documented 401', async () => {
    const outcome = await simulate({
      method: 'POST',
      url,
      body: JSON.stringify({ metadata: { a: 'b' } }),
      accessKey: KEY.access_key,
      secretKey: 'not-the-secret',
    });
    expect(outcome.status).toBe(401);
    expect(outcome.body).toMatchObject({ error_code: 'APIGW.0301', error_msg: expect.stringContaining('signature mismatch') });
  });
});
