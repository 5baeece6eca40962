// Guide: the simulator inside your tests: a Vitest globalSetup with startSimulator, a test file with MSW's
// setupServer, a browser page with MSW's setupWorker. The recipes are the ones both READMEs carry, word for word:
// test/package/consumer.process.test.ts checks the READMEs against RECIPES and runs the Vitest ones as written on
// the packed packages; test/dev/msw.chromium.test.ts runs the browser one as written in Chromium.
import { html, type SafeHtml } from '../html.ts';
import type { Section } from './section.ts';

/** The recipes by file name; each README block is `// <name>` and then this text. */
export const RECIPES = {
  'vitest.config.ts': `import { defineConfig } from 'vitest/config';

export default defineConfig({ test: { globalSetup: ['./simulator.global-setup.ts'] } });
`,
  'simulator.global-setup.ts': `import { startSimulator } from 'hwc-openapi-dev';
import type { TestProject } from 'vitest/node';

declare module 'vitest' {
  export interface ProvidedContext {
    simulatorUrl: string;
  }
}

export default async function setup(project: TestProject) {
  const sim = await startSimulator({ port: 0, jobDurations: { initMs: 10, stopMs: 10, runMs: 10 } });
  project.provide('simulatorUrl', sim.url);
  return () => sim.close();
}
`,
  'metadata.test.ts': `import { createEcsClient, unwrap } from 'hwc-openapi';
import { expect, inject, it } from 'vitest';

const ecs = createEcsClient({ endpoint: inject('simulatorUrl'), projectId: 'c685484a8cc2416b97260938705deb65', credentials: { token: 'sim-token' } });

it('merges metadata', async () => {
  const { metadata } = unwrap(
    await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' } },
      body: { metadata: { team: 'payments' } },
    }),
  );
  expect(metadata).toMatchObject({ env: 'dev', team: 'payments' });
});
`,
  'ecs.msw.test.ts': `import { createEcsClient, HuaweiCloudError, unwrap } from 'hwc-openapi';
import { simulatorHandlers } from 'hwc-openapi-dev/msw';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';

const sim = simulatorHandlers();
const server = setupServer(...sim.handlers);
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterEach(() => sim.reset());
afterAll(() => {
  server.close();
  sim.close();
});

const projectId = 'c685484a8cc2416b97260938705deb65';
const serverId = '95bf2490-5428-432c-ad9b-5e3406f869dd';
const credentials = { accessKey: 'SIMACCESSKEYEXAMPLE01', secretKey: 'sim-secret-key-for-local-development-only' };
const ecs = createEcsClient({ region: 'cn-north-4', projectId, credentials });

it('merges metadata, and the simulator remembers it', async () => {
  const { metadata } = unwrap(
    await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
      params: { path: { server_id: serverId } },
      body: { metadata: { team: 'payments' } },
    }),
  );
  expect(metadata).toEqual({ env: 'dev', team: 'payments' });
  expect(sim.state().servers.find((s) => s.id === serverId)?.metadata).toEqual(metadata);
});

it('runs a change-OS job to its end', async () => {
  const { job_id } = unwrap(
    await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id: serverId } },
      body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'KeyPair-350b' } },
    }),
  );
  sim.advanceJobs();
  const job = unwrap(await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id } } }));
  expect(job.status).toBe('SUCCESS');
});

it('refuses a wrong secret key with a typed 401', async () => {
  const wrong = createEcsClient({ region: 'cn-north-4', projectId, credentials: { ...credentials, secretKey: 'wrong' } });
  const { error } = await wrong.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id: serverId } },
    body: { metadata: { team: 'payments' } },
  });
  expect(error).toBeInstanceOf(HuaweiCloudError);
  expect(error?.status).toBe(401);
});
`,
  'browser.ts': `import { simulatorHandlers } from 'hwc-openapi-dev/msw';
import { setupWorker } from 'msw/browser';

const sim = simulatorHandlers();
await setupWorker(...sim.handlers).start({ onUnhandledRequest: 'bypass' });
// From here on, a client created with { region: 'cn-north-4' } is answered by the simulator in this page.
`,
} as const;

type RecipeName = keyof typeof RECIPES;

/** A recipe as the READMEs show it: its file name as the first line. */
const recipe = (name: RecipeName): SafeHtml => html`<pre><code>// ${name}\n${RECIPES[name]}</code></pre>`;

export const inYourTestsSection: Section = {
  id: 'in-your-tests',
  toc: 'The simulator in your tests',
  render: ({ consolePage }) => html`
  <p>The simulator also runs inside your tests, with what <code>npx hwc-openapi sim</code> has: the fixture's state,
    token and AK/SK checks, and change-OS jobs. Install <code>hwc-openapi-dev</code> as a development dependency, and
    MSW 2 (<code>npm install -D msw@2</code>) for the second and third recipes. This project's tests run each recipe
    as written.</p>
  <h3>One simulator for the whole Vitest run</h3>
  <p><code>startSimulator({ port: 0 })</code> starts it on a free port in a <code>globalSetup</code>, which hands its
    URL to the test files and closes it at the end. Short <code>jobDurations</code> make jobs end in milliseconds.</p>
  ${recipe('vitest.config.ts')}
  ${recipe('simulator.global-setup.ts')}
  ${recipe('metadata.test.ts')}
  <h3>No port at all: MSW's <code>setupServer</code> in a test file</h3>
  <p><code>simulatorHandlers()</code> answers at every region's real hosts (<code>https://ecs.{region}.myhuaweicloud.com</code>,
    <code>bms.…</code>, <code>rfs.…</code>), so the code under test keeps its production configuration: a region, no
    endpoint. <code>state()</code>, <code>reset()</code> and <code>advanceJobs()</code> let a test look at the state,
    start again from the fixture and end jobs at once. MSW's types need <code>"lib": ["DOM"]</code> in
    <code>tsconfig.json</code>, as MSW says.</p>
  ${recipe('ecs.msw.test.ts')}
  <h3>In a browser page: MSW's <code>setupWorker</code></h3>
  <p>In a dev build of your app or in browser-mode tests, the same handlers run in MSW's service worker. Copy its
    script into the folder your dev server serves (<code>npx msw init public/</code>), then start the worker before
    the app makes its first call.</p>
  ${recipe('browser.ts')}
  <p>${
    consolePage
      ? html`The <a href="${consolePage}">console</a>'s <strong>In this page</strong> target is this simulator too, called by the console page itself: it needs no server, so it also works where this portal is hosted as static files.`
      : html`The console's <strong>In this page</strong> target is this simulator too, called by the console page itself: it needs no server.`
  }</p>
`,
};
