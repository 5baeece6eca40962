// What we ship is what we test: once per run of the processes project, the packed tarballs of `hwc-openapi` and
// `hwc-openapi-dev` are installed into fresh projects outside the repository, which the consumer test and the
// samples test then use as a user would (`await installedConsumer()`). The packing and installing take 10-20 s: they
// run while the other projects' tests do, not before them, and only when the run includes a test of test/package/.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, watch, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { ensureBuilt } from '../support/built.ts';
import { consumerFiles } from './consumer-files.ts';

export interface Consumer {
  /** A project with both packages, @types/node and msw installed, and the files of consumer-files.ts. */
  app: string;
  /** A project with the client package alone, as most users install it. */
  clientOnly: string;
  tarballs: { client: string; dev: string };
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Where the consumer projects are being installed; null when the run has no test of test/package/. */
    consumerWork: string | null;
  }
}

/** Written into the work directory when the install ends: the consumer, or why there is none. */
const READY = 'ready.json';
/** How long the package tests wait for the install: about 15 s idle, a minute on a loaded machine. */
const INSTALL_LIMIT_MS = 10 * 60_000;

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

/** The version of a devDependency that package.json pins (what the consumer projects install beside ours). */
export function pinnedVersion(name: string): string {
  const { devDependencies } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { devDependencies: Record<string, string> };
  const version = devDependencies[name];
  if (!version) throw new Error(`package.json has no devDependency ${name}`);
  return version;
}

async function npm(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('npm', [...args, '--no-audit', '--no-fund', '--prefer-offline'], { cwd, maxBuffer: 16 << 20 });
  return stdout;
}

function project(dir: string, files: Record<string, string>): void {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
}

/** Builds if needed, packs both packages and installs them into two fresh projects under `work`. */
export async function installConsumer(work: string): Promise<Consumer> {
  await ensureBuilt();
  const packs = join(work, 'packs');
  const app = join(work, 'app');
  const clientOnly = join(work, 'client-only');
  for (const dir of [packs, app, clientOnly]) mkdirSync(dir, { recursive: true });
  const client = (await npm(root, 'pack', '--ignore-scripts', '--pack-destination', packs)).trim().split('\n').pop() ?? '';
  const dev = (await npm(join(root, 'packages/hwc-openapi-dev'), 'pack', '--ignore-scripts', '--pack-destination', packs)).trim().split('\n').pop() ?? '';
  const tarballs = { client: join(packs, client), dev: join(packs, dev) };
  const files = consumerFiles();
  project(app, files.full);
  project(clientOnly, files.clientOnly);
  const typesNode = `@types/node@${pinnedVersion('@types/node')}`;
  const msw = `msw@${pinnedVersion('msw')}`; // the optional peer of hwc-openapi-dev/msw
  await Promise.all([npm(app, 'install', tarballs.client, tarballs.dev, typesNode, msw), npm(clientOnly, 'install', tarballs.client)]);
  return { app, clientOnly, tarballs };
}

/**
 * Whether this run includes a file of test/package/. The CLI's file filters are not public in the API a global
 * setup gets, so they are read from the Vitest instance; should that field ever go away, every run prepares.
 */
async function runsPackageTests(project: TestProject): Promise<boolean> {
  const filters = (project.vitest as unknown as { filenamePattern?: string[] }).filenamePattern;
  if (!filters?.length) return true;
  const { testFiles } = await project.globTestFiles(filters);
  return testFiles.some((file) => file.includes('/test/package/'));
}

/** Writes the outcome whole (a rename), so that a reader never sees half of it. */
function writeOutcome(work: string, outcome: { consumer: Consumer } | { failed: string }): void {
  writeFileSync(join(work, `${READY}.part`), JSON.stringify(outcome));
  renameSync(join(work, `${READY}.part`), join(work, READY));
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!(await runsPackageTests(project))) {
    project.provide('consumerWork', null);
    return async () => {};
  }
  const work = mkdtempSync(join(tmpdir(), 'hwc-consumer-'));
  const started = performance.now();
  const installed = installConsumer(work).then(
    (consumer) => {
      writeOutcome(work, { consumer });
      console.log(`package tests: built, packed and installed both packages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
    },
    (error: Error) => writeOutcome(work, { failed: error.message }),
  );
  project.provide('consumerWork', work);
  return async () => {
    await installed;
    rmSync(work, { recursive: true, force: true });
  };
}

/** For the test files: the installed consumer projects, once the global setup's install has ended. */
export async function installedConsumer(work: string | null): Promise<Consumer> {
  if (!work) throw new Error('the processes global setup (test/package/global-setup.ts) installed no consumer project');
  const ready = join(work, READY);
  const read = (): { consumer?: Consumer; failed?: string } | undefined => {
    try {
      return JSON.parse(readFileSync(ready, 'utf8'));
    } catch {
      return undefined; // not written yet
    }
  };
  const outcome =
    read() ??
    (await new Promise<NonNullable<ReturnType<typeof read>>>((resolve) => {
      const settle = (found = read()) => {
        if (!found) return;
        clearTimeout(limit);
        watcher.close();
        resolve(found);
      };
      // A hung npm must fail the package tests, not hold the whole run until CI's own limit.
      const limit = setTimeout(() => settle({ failed: `no outcome within ${INSTALL_LIMIT_MS / 60_000} minutes` }), INSTALL_LIMIT_MS);
      const watcher = watch(work, () => settle());
      settle(); // written before the watch began
    }));
  if (!outcome?.consumer) throw new Error(`The package tests need the packed packages installed, and that failed: ${outcome?.failed}`);
  return outcome.consumer;
}
