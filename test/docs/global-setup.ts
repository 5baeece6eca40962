// Builds the docs portal once (the same buildDocs as `npm run docs`) and serves it on a free loopback port for
// the browser tests. It builds into a temporary directory rather than generated/docs, so a test run never
// rewrites the pages a developer is serving with `npm start` in the same tree.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildDocs } from '../../src/docs/build.ts';
import { startStaticServer } from '../../src/servers/static.ts';
import { ensureChromium } from '../support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the served portal, ending in `/`. */
    docsUrl: string;
    /** Directory the portal was built into. */
    docsDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Before any test file starts: installing Chromium (as root, when missing) prints progress and takes ~20 s.
  ensureChromium();
  const dir = mkdtempSync(join(tmpdir(), 'hwc-docs-'));
  await buildDocs({ outDir: dir });
  const server = await startStaticServer({ root: dir, host: '127.0.0.1', port: 0 });
  project.provide('docsUrl', server.url);
  project.provide('docsDir', dir);
  return async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  };
}
