// Serves the docs portal the command ships (packages/hwc-openapi-dev/dist/assets/docs, which `npm run build` makes
// with the same buildDocs as `npm run docs`) on a free loopback port for the browser tests: what users get is what
// these tests open. The build is redone first when a source is newer than it. The tests only read the portal.
import type { TestProject } from 'vitest/node';
import { startStaticServer } from '../../src/servers/static.ts';
import { ensureBuilt, PORTAL } from '../support/built.ts';
import { ensureChromium } from '../support/chromium.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the served portal, ending in `/`. */
    docsUrl: string;
    /** Directory of the served portal. */
    docsDir: string;
  }
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // Before any test file starts: installing Chromium (as root, when missing) prints progress and takes ~20 s.
  ensureChromium();
  await ensureBuilt();
  const server = await startStaticServer({ root: PORTAL, host: '127.0.0.1', port: 0 });
  project.provide('docsUrl', server.url);
  project.provide('docsDir', PORTAL);
  return async () => {
    await server.close();
  };
}
