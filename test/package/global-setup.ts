// What we ship is what we test: once per run of the processes project, the packed tarballs of `hwc-openapi` and
// `hwc-openapi-dev` are installed into fresh projects outside the repository (`inject('consumer')`), which the
// consumer test and the samples test then use as a user would. The packing and installing (about half a minute)
// happen only when the run includes a test of test/package/: a run of other process tests does not pay for them.
import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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
    /** The installed consumer projects; null when the run has no test of test/package/. */
    consumer: Consumer | null;
  }
}

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

export default async function setup(project: TestProject): Promise<() => void> {
  if (!(await runsPackageTests(project))) {
    project.provide('consumer', null);
    return () => {};
  }
  const work = mkdtempSync(join(tmpdir(), 'hwc-consumer-'));
  const started = performance.now();
  try {
    project.provide('consumer', await installConsumer(work));
  } catch (error) {
    rmSync(work, { recursive: true, force: true });
    throw new Error(`The package tests need the packed packages installed, and that failed: ${(error as Error).message}`);
  }
  console.log(`package tests: built, packed and installed both packages in ${((performance.now() - started) / 1000).toFixed(1)} s`);
  return () => rmSync(work, { recursive: true, force: true });
}
