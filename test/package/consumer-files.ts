// The files of the consumer projects in consumer.process.test.ts: what a user writes, importing the installed
// packages by name.
import { projectId, serverId } from '../support/fidelity-cases.ts';

/**
 * The one-signed-call browser bundle may only shrink (esbuild --minify, gzip -9). 8192 until the client stopped
 * following redirects, bounded response bodies and checked regions (+909 B: 8123 → 9032).
 */
export const BUNDLE_BUDGET_BYTES = 9216;

export const SIGNED_CALL_PROGRAM = `import { createEcsClient } from 'hwc-openapi';
const ecs = createEcsClient({ endpoint: 'http://127.0.0.1:1', projectId: 'p', credentials: { accessKey: 'AK', secretKey: 'SK' } });
console.log(await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
  params: { path: { server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' } },
  body: { metadata: { key: 'value' } },
}));
`;

const ESM = `import { createEcsClient, unwrap } from 'hwc-openapi';
const endpoint = process.env.SIM_URL;
const call = (credentials, owner) =>
  createEcsClient({ endpoint, projectId: '${projectId}', credentials }).POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id: '${serverId}' } },
    body: { metadata: { owner } },
  });
const token = unwrap(await call({ token: 'sim-token' }, 'token')).metadata;
const signed = unwrap(await call({ accessKey: 'SIMACCESSKEYEXAMPLE01', secretKey: 'sim-secret-key-for-local-development-only' }, 'signed')).metadata;
console.log(JSON.stringify({ token, signed }));
`;

const CJS = `const hwc = require('hwc-openapi');
const ecs = require('hwc-openapi/openapi/ecs.json');
const { ecsSchemaValidator } = require('hwc-openapi/schema-validation');
ecsSchemaValidator()
  .then(() => 'ajv was found', (error) => error.message)
  .then((missingAjv) => console.log(JSON.stringify({ createEcsClient: typeof hwc.createEcsClient, unwrap: typeof hwc.unwrap, ecsTitle: ecs.info.title, missingAjv })));
`;

/** Strict user code: it must compile, and each @ts-expect-error line must be an error. */
const USE_TS = `import { createBmsClient, createEcsClient, createRfsClient, HuaweiCloudError, type Job, unwrap, waitForJob } from 'hwc-openapi';
import { ecsSchemaValidator } from 'hwc-openapi/schema-validation';

const ecs = createEcsClient({ region: 'cn-north-4', projectId: 'p', credentials: { token: 't' }, validateRequest: await ecsSchemaValidator() });
const bms = createBmsClient({ region: 'cn-north-4', projectId: 'p', credentials: { accessKey: 'a', secretKey: 's' } });
const rfs = createRfsClient({ region: 'cn-north-4', credentials: 'none' });

export async function changeOs(serverId: string): Promise<Job> {
  const { job_id } = unwrap(await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', { params: { path: { server_id: serverId } }, body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'kp' } } }));
  return waitForJob(ecs, job_id, { intervalMs: 5_000 });
}

export async function others(serverId: string): Promise<string | undefined> {
  const { error } = await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', { params: { path: { server_id: serverId } }, body: { action: 'create', tags: [{ key: 'k', value: 'v' }] } });
  if (error instanceof HuaweiCloudError) return error.code;
  const update = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', { params: { path: { provider_name: 'p' } }, body: { provider_description: 'd' } });
  return update.response.statusText;
}

export async function wrong(serverId: string): Promise<void> {
  // @ts-expect-error a wrong body: metadata values are strings
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id: serverId } }, body: { metadata: { a: 1 } } });
  // @ts-expect-error a path the ECS API does not have
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/nothing', { params: { path: { server_id: serverId } }, body: {} });
  // @ts-expect-error a missing path parameter: server_id
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: {} }, body: { metadata: {} } });
}
`;

const USE_CTS = `import hwc = require('hwc-openapi');
const ecs = hwc.createEcsClient({ region: 'cn-north-4', projectId: 'p', credentials: 'none' });
export const job = (jobId: string) => ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: jobId } } });
`;

/**
 * hwc-openapi-dev as a user's tests use it: MSW handlers answering the real client at its default regional endpoint,
 * then the simulator on a free port under `await using`. Compiled under the strict settings and run; it prints
 * what it saw as JSON.
 */
const DEV_TS = `import { createServer } from 'node:net';
import { createEcsClient, HuaweiCloudError, unwrap } from 'hwc-openapi';
import { defineFixture, startSimulator } from 'hwc-openapi-dev';
import { simulatorHandlers } from 'hwc-openapi-dev/msw';
import { setupServer } from 'msw/node';

const projectId = '${projectId}';
const server_id = '${serverId}';
const credentials = { accessKey: 'SIMACCESSKEYEXAMPLE01', secretKey: 'sim-secret-key-for-local-development-only' };
const setMetadata = (ecs: ReturnType<typeof createEcsClient>, metadata: Record<string, string>) =>
  ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id } }, body: { metadata } });
const typed = (error: unknown) => (error instanceof HuaweiCloudError ? { status: error.status, code: error.code } : 'untyped');

async function withHandlers() {
  const sim = simulatorHandlers();
  const mocks = setupServer(...sim.handlers);
  mocks.listen({ onUnhandledRequest: 'error' });
  try {
    const ecs = createEcsClient({ region: 'cn-north-4', projectId, credentials });
    const metadata = unwrap(await setMetadata(ecs, { owner: 'msw' })).metadata;
    const stored = sim.state().servers.find((s) => s.id === server_id)?.metadata;
    const badRequest = typed((await setMetadata(ecs, { 'bad key!': 'v' })).error);
    const wrongSecret = createEcsClient({ region: 'cn-north-4', projectId, credentials: { ...credentials, secretKey: 'wrong' } });
    const unauthorized = typed((await setMetadata(wrongSecret, { a: 'b' })).error);
    sim.reset();
    const afterReset = sim.state().servers.find((s) => s.id === server_id)?.metadata;
    return { metadata, stored, badRequest, unauthorized, afterReset };
  } finally {
    mocks.close();
    sim.close();
  }
}

// Never called: the declarations must be exact, so each of these lines must be a compile error (a declaration that
// stopped resolving, or loosened to \`any\`, would let it through and fail the unused @ts-expect-error).
export function mustNotCompile(sim: Awaited<ReturnType<typeof startSimulator>>) {
  // @ts-expect-error the fixture's servers are a list
  defineFixture({ servers: 'none', baremetal_servers: [], private_providers: [], images: [], credentials: { tokens: [], access_keys: [] } });
  // @ts-expect-error baseUrl is a URL string, or a list of them
  simulatorHandlers({ baseUrl: 4020 });
  // @ts-expect-error the port is a number
  const port: string = sim.port;
  return port;
}

const portIsFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen(port, '127.0.0.1', () => probe.close(() => resolve(true)));
  });

async function withServer() {
  const fixture = defineFixture({
    servers: [{ id: server_id, project_id: projectId, vm_state: 'stopped', metadata: { env: 'test' } }],
    baremetal_servers: [],
    private_providers: [],
    images: [],
    credentials: { tokens: ['my-token'], access_keys: [] },
  });
  let port = 0;
  let metadata: Record<string, string> | undefined;
  let inUse = false;
  {
    await using sim = await startSimulator({ port: 0, fixture });
    port = sim.port;
    const ecs = createEcsClient({ endpoint: sim.url, projectId, credentials: { token: 'my-token' } });
    metadata = unwrap(await setMetadata(ecs, { owner: 'server' })).metadata;
    inUse = !(await portIsFree(port));
  }
  return { metadata, inUse, freed: await portIsFree(port) };
}

console.log(JSON.stringify({ handlers: await withHandlers(), server: await withServer() }));
`;

/** The CommonJS declarations of hwc-openapi-dev, as a .cts file compiles against them. */
const USE_DEV_CTS = `import dev = require('hwc-openapi-dev');
export const start = (): Promise<dev.Simulator> => dev.startSimulator({ port: 0, jobDurations: { runMs: 10 } });
export const mock = (): Promise<dev.Mock> => dev.startMock({ port: 0 });
`;

/** The strictest settings a user may compile with; every TypeScript file of the consumer projects must pass them. */
const STRICT = {
  target: 'es2022',
  lib: ['ES2022'],
  types: ['node'],
  strict: true,
  exactOptionalPropertyTypes: true,
  noPropertyAccessFromIndexSignature: true,
  noUncheckedIndexedAccess: true,
  skipLibCheck: false,
  // TypeScript's own lib files (lib.dom.d.ts and the rest) are TypeScript's to check; checking them took half of
  // each run's time. Every declaration file of node_modules, ours among them, is still checked.
  skipDefaultLibCheck: true,
  noEmit: true,
};

const tsconfig = (module: string, moduleResolution: string, files: string[], extra: Record<string, unknown> = {}) =>
  `${JSON.stringify({ compilerOptions: { ...STRICT, module, moduleResolution, ...extra }, files }, null, 2)}\n`;

// Checking every declaration file of node_modules (skipLibCheck: false) costs seconds a tsc run, @types/node's most.
// The client's declarations are checked that way under node16 (ESM and CJS). The other projects check code against
// the declarations: one that stops resolving fails their imports, one that loosens their @ts-expect-error lines.
const TRUSTING_LIBRARIES = { skipLibCheck: true };

// The node16 project checks every declaration file it loads: ours and openapi-fetch's (which ours expose). Without
// @types/node, whose 60,000 lines are not ours to check and took a third of that run: the fetch types come from
// the DOM library, as in a browser project, so this also shows that the client's declarations need no Node types.
const CHECKING_OUR_DECLARATIONS = { types: [], lib: ['ES2022', 'DOM'] };

/** The code samples' project: strict, Node ESM, and emitted, so that the programs it type-checks also run. */
export const samplesTsconfig = (files: string[], outDir: string) => tsconfig('nodenext', 'nodenext', files, { ...TRUSTING_LIBRARIES, noEmit: false, outDir });

export function consumerFiles() {
  const packageJson = (name: string) => `${JSON.stringify({ name, private: true, type: 'module' }, null, 2)}\n`;
  return {
    full: {
      'package.json': packageJson('consumer-app'),
      'esm.mjs': ESM,
      'use.ts': USE_TS,
      'use-cjs.cts': USE_CTS,
      'tsconfig.node16.json': tsconfig('node16', 'node16', ['use.ts', 'use-cjs.cts'], CHECKING_OUR_DECLARATIONS),
      'tsconfig.nodenext.json': tsconfig('nodenext', 'nodenext', ['use.ts', 'use-cjs.cts'], TRUSTING_LIBRARIES),
      'tsconfig.bundler.json': tsconfig('esnext', 'bundler', ['use.ts'], TRUSTING_LIBRARIES),
      'dev.ts': DEV_TS,
      'use-dev-cjs.cts': USE_DEV_CTS,
      // Emitted, so that the program it type-checks also runs (Node 20 has no \`await using\` of its own).
      // MSW's declarations need the DOM library (MSW says so), whatever the project runs on.
      // Trusting libraries like the other resolutions (checking msw's and the DOM's declarations took 10 s): the
      // expected errors of dev.ts (mustNotCompile) stand for ours.
      'tsconfig.dev.json': tsconfig('nodenext', 'nodenext', ['dev.ts', 'use-dev-cjs.cts'], {
        ...TRUSTING_LIBRARIES,
        lib: ['ES2022', 'DOM'],
        noEmit: false,
        outDir: 'dev-out',
      }),
    },
    clientOnly: { 'package.json': packageJson('consumer-client-only'), 'cjs.cjs': CJS },
  };
}
