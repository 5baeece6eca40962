// What we ship is what we test: the packed tarballs of `hwc-openapi` and `hwc-openapi-dev`, installed into fresh
// projects outside the repository by the processes project's global setup (global-setup.ts), and used as a user
// would: Node ESM and CommonJS, tsc under strict settings with each module resolution, a browser bundle, and
// `npx hwc-openapi mock|sim`.
import { type ChildProcess, execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { RECIPES } from '../../src/docs/guide/in-your-tests.ts';
import { SERVICES } from '../../src/openapi/documents.ts';
import { BUNDLE_BUDGET_BYTES, SIGNED_CALL_PROGRAM } from './consumer-files.ts';
import { installedConsumer } from './global-setup.ts';
import { startCommand, stopCommands } from './installed-command.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;
const consumer = await installedConsumer(inject('consumerWork'));
const { app: full, clientOnly, tarballs } = consumer;
const children: ChildProcess[] = [];

afterAll(() => {
  stopCommands(children);
});

/** The consumer projects of consumer-files.ts: one per module resolution, and the dev package's. */
const PROJECTS = ['tsconfig.node16.json', 'tsconfig.nodenext.json', 'tsconfig.bundler.json', 'tsconfig.dev.json'];
let checking: Promise<{ stdout?: string }> | undefined;
/**
 * tsc's report on every consumer project, from one `tsc -b` (its diagnostics; nothing when all of them pass): one
 * process loads TypeScript, the lib files and our declarations once instead of four times (about 7 CPU-s less).
 */
const typeChecked = (): Promise<{ stdout?: string }> => {
  checking ??= run(process.execPath, [join(root, 'node_modules/typescript/bin/tsc'), '-b', ...PROJECTS], { cwd: full }).catch(
    (error: { stdout?: string }) => error,
  );
  return checking;
};

describe('the client package, installed from its tarball', () => {
  it('publishes built JavaScript, declarations, the documents and the licence, and nothing else', async () => {
    const { stdout } = await run('tar', ['tzf', tarballs.client]);
    const files = stdout.trim().split('\n');
    expect(files.filter((f) => /\.(ts|mjs)$/.test(f) && !/\.d\.c?ts$/.test(f))).toEqual([]);
    for (const name of ['package/dist/index.js', 'package/dist/index.cjs', 'package/dist/index.d.ts', 'package/dist/index.d.cts', 'package/LICENSE']) {
      expect(files).toContain(name);
    }
    for (const api of SERVICES) expect(files).toContain(`package/generated/openapi/${api}.json`);
    expect(files.some((f) => /test|scripts|\.ci/.test(f))).toBe(false);
  });

  it('installs without Prism or Redocly, in under 10 MB', async () => {
    const installed = readdirSync(join(clientOnly, 'node_modules'));
    expect(installed.filter((name) => /stoplight|redocly|ajv/.test(name))).toEqual([]);
    const { stdout } = await run('du', ['-sk', join(clientOnly, 'node_modules')]);
    expect(Number(stdout.split('\t')[0])).toBeLessThan(10 * 1024);
  });

  it('loads with CommonJS require, exports the documents, and names the install command when ajv is missing', async () => {
    const { stdout } = await run(process.execPath, ['cjs.cjs'], { cwd: clientOnly });
    expect(JSON.parse(stdout)).toEqual({
      createEcsClient: 'function',
      unwrap: 'function',
      ecsTitle: expect.stringContaining('ECS'),
      missingAjv: expect.stringContaining('npm install ajv'),
    });
  });

  it('makes a token call and an AK/SK-signed call from Node ESM to the installed simulator', async () => {
    const url = await startCommand(full, children, 'sim');
    const { stdout } = await run(process.execPath, ['esm.mjs'], { cwd: full, env: { ...process.env, SIM_URL: url } });
    expect(JSON.parse(stdout)).toEqual({ token: { env: 'dev', owner: 'token' }, signed: { env: 'dev', owner: 'signed' } });
  });

  it('type-checks under strict settings with moduleResolution node16, nodenext and bundler, and still refuses wrong calls', async () => {
    // use.ts's @ts-expect-error lines (a wrong body, a wrong path, a missing path parameter) must each be errors.
    expect((await typeChecked()).stdout ?? '').toBe('');
  }, 120_000);

  it(`bundles for the browser with no Node built-ins, within ${BUNDLE_BUDGET_BYTES} bytes gzip for one signed call`, async () => {
    const entry = join(full, 'browser.ts');
    writeFileSync(entry, SIGNED_CALL_PROGRAM);
    const result = await build({ entryPoints: [entry], bundle: true, minify: true, format: 'esm', platform: 'browser', write: false, logLevel: 'silent' });
    const code = result.outputFiles[0]?.contents ?? new Uint8Array();
    const text = new TextDecoder().decode(code);
    expect(text).not.toMatch(/node:|require\("(fs|http|crypto)"\)/);
    // The rules only the simulator reads (generated/operations.ts, <service>OperationRules) stay out.
    expect(text).not.toContain('allowedVmStates');
    expect(gzipSync(code, { level: 9 }).length).toBeLessThanOrEqual(BUNDLE_BUDGET_BYTES);
  });

  it('passes publint and @arethetypeswrong/cli', async () => {
    const bin = (name: string) => join(root, 'node_modules/.bin', name);
    const publint = await run(bin('publint'), ['run', '--strict', tarballs.client]).catch((error: { stdout?: string; stderr?: string }) => error);
    expect(`${publint.stdout ?? ''}${publint.stderr ?? ''}`).toMatch(/All good/);
    const attw = await run(bin('attw'), ['--format', 'ascii', tarballs.client]).catch((error: { stdout?: string }) => error);
    expect(attw.stdout ?? '').toMatch(/No problems found/);
  });
});

describe('the hwc-openapi command, installed from its tarball', () => {
  it('runs the mock with npx, answering a documented request', async () => {
    const url = await startCommand(full, children, 'mock');
    const response = await fetch(`${url}/v1/c685484a8cc2416b97260938705deb65/cloudservers/95bf2490-5428-432c-ad9b-5e3406f869dd/metadata`, {
      method: 'POST',
      headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json' },
      body: JSON.stringify({ metadata: { key: 'value' } }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ metadata: { key: 'value' } });
  });

  it('writes the prebuilt docs portal into the project with `docs`', async () => {
    const { stdout } = await run('npx', ['--no-install', 'hwc-openapi', 'docs'], { cwd: full });
    expect(stdout).toMatch(/the portal is in .*hwc-openapi-docs/);
    for (const page of ['index.html', 'ecs.html', 'console.html', 'openapi/ecs.yaml'])
      expect(existsSync(join(full, 'hwc-openapi-docs', page)), page).toBe(true);
  });

  it('prints its commands with --help, its version with --version, and no word of the repository it came from', async () => {
    // As the project's npm scripts run it (npx is tried above, and costs half a second of CPU a run).
    const command = join(full, 'node_modules/.bin/hwc-openapi');
    const { stdout } = await run(command, ['--help'], { cwd: full });
    for (const command of ['start', 'mock', 'proxy', 'sim', 'docs']) expect(stdout).toMatch(new RegExp(`^  ${command} `, 'm'));
    const { version } = JSON.parse(readFileSync(join(full, 'node_modules/hwc-openapi-dev/package.json'), 'utf8')) as { version: string };
    expect((await run(command, ['--version'], { cwd: full })).stdout).toBe(`hwc-openapi-dev ${version}\n`);
    const start = (await run(command, ['start', '--help'], { cwd: full })).stdout;
    expect(start).toContain('Serves the docs portal this package ships (prebuilt: nothing is built)');
    for (const help of [stdout, start]) expect(help).not.toMatch(/From this repository|npm start|npm run|Builds/);
  });
});

describe('hwc-openapi-dev as a library, installed from its tarball with msw 2', () => {
  it('compiles under strict settings (ESM and CommonJS), and its MSW handlers and `await using` simulator serve the real client', async () => {
    // Its project (tsconfig.dev.json) is one of the four that typeChecked builds; it emits dev-out/dev.js.
    expect((await typeChecked()).stdout ?? '').toBe('');
    const { stdout } = await run(process.execPath, ['dev-out/dev.js'], { cwd: full });
    expect(JSON.parse(stdout)).toEqual({
      handlers: {
        metadata: { env: 'dev', owner: 'msw' },
        stored: { env: 'dev', owner: 'msw' },
        badRequest: { status: 400, code: expect.any(String) },
        unauthorized: { status: 401, code: 'APIGW.0301' },
        afterReset: { env: 'dev' },
      },
      server: { metadata: { env: 'test', owner: 'server' }, inUse: true, freed: true },
    });
  }, 90_000);

  it('names the install command when hwc-openapi-dev/msw is imported without msw', async () => {
    // The installed package, copied into a project whose other packages are links to the installed ones, but no msw.
    const bare = join(full, '../no-msw'); // beside the project, not in it: Node would find its msw
    const modules = join(bare, 'node_modules');
    mkdirSync(modules, { recursive: true });
    cpSync(join(full, 'node_modules/hwc-openapi-dev'), join(modules, 'hwc-openapi-dev'), { recursive: true });
    for (const name of readdirSync(join(full, 'node_modules'))) {
      if (!['msw', 'hwc-openapi-dev'].includes(name) && !name.startsWith('.') && !existsSync(join(modules, name)))
        symlinkSync(join(full, 'node_modules', name), join(modules, name));
    }
    writeFileSync(join(bare, 'package.json'), '{ "type": "module" }\n');
    writeFileSync(join(bare, 'msw.mjs'), "await import('hwc-openapi-dev/msw').then(() => console.log('imported'), (error) => console.log(error.message));\n");
    const { stdout } = await run(process.execPath, ['msw.mjs'], { cwd: bare });
    expect(stdout).toContain('npm install -D msw@2');
  });

  it('passes publint and @arethetypeswrong/cli, `./msw` being ES modules only by design', async () => {
    const bin = (name: string) => join(root, 'node_modules/.bin', name);
    const publint = await run(bin('publint'), ['run', '--strict', tarballs.dev]).catch((error: { stdout?: string; stderr?: string }) => error);
    expect(`${publint.stdout ?? ''}${publint.stderr ?? ''}`).toMatch(/All good/);
    // msw.ts loads its optional peer with a top-level await, which CommonJS cannot require.
    const attw = await run(bin('attw'), ['--format', 'ascii', tarballs.dev, '--ignore-rules', 'cjs-resolves-to-esm']).catch(
      (error: { stdout?: string }) => error,
    );
    expect(attw.stdout ?? '').toMatch(/No problems found/);
  });

  it("runs the READMEs' Vitest recipes as written: a globalSetup with startSimulator, a test file with setupServer", async () => {
    const recipes = readmeRecipes('packages/hwc-openapi-dev/README.md');
    // browser.ts (setupWorker) runs as written in test/dev/msw.chromium.test.ts.
    expect(Object.keys(recipes)).toEqual(['vitest.config.ts', 'simulator.global-setup.ts', 'metadata.test.ts', 'ecs.msw.test.ts', 'browser.ts']);
    // The client's README and the portal's guide carry the same recipes, word for word.
    expect(readmeRecipes('README.md')).toEqual(recipes);
    expect(recipes).toEqual(RECIPES);
    const dir = join(full, 'recipes');
    mkdirSync(dir, { recursive: true });
    for (const [name, text] of Object.entries(recipes)) writeFileSync(join(dir, name), text);
    // The repository's Vitest, linked in rather than installed: the recipes need a Vitest, not a fresh copy of it.
    const vitest = join(full, 'node_modules/vitest');
    if (!existsSync(vitest)) symlinkSync(join(root, 'node_modules/vitest'), vitest);
    const result = await run(process.execPath, [join(vitest, 'vitest.mjs'), 'run'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } }).catch(
      (error: { stdout?: string; stderr?: string }) => error,
    );
    expect(`${result.stdout ?? ''}${result.stderr ?? ''}`).toMatch(/Tests\s+4 passed \(4\)/);
  }, 90_000);
});

/** The ```typescript blocks of a README that start with a file name comment (`// name.ts`), by file name. */
function readmeRecipes(readme: string): Record<string, string> {
  const text = readFileSync(join(root, readme), 'utf8');
  return Object.fromEntries([...text.matchAll(/^```typescript\n\/\/ (\S+)\n([\s\S]*?)^```$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
}
