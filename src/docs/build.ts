// Builds the offline docs portal: one self-contained Redoc page per service (redoc.ts) and a landing page
// (landing.ts), all from the bundled documents of SERVICES. Used by `npm run docs`, `npm start` and the browser
// tests' globalSetup, so the tests check exactly what users get.
import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { documentPath, loadDocuments } from '../openapi/load.ts';
import { html } from './html.ts';
import { renderLanding } from './landing.ts';
import { type Documents, portalModel } from './model.ts';
import { buildRedocPage } from './redoc.ts';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultOutDir = join(repoRoot, 'generated', 'docs');

export interface BuildOptions {
  /** Where to write the pages (created if missing); default generated/docs. */
  outDir?: string;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
}

const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function bundledDocuments(): Documents {
  try {
    return loadDocuments();
  } catch (error) {
    throw new Error(`cannot read the bundled documents (run \`npm run bundle\` first): ${(error as Error).message}`, { cause: error });
  }
}

export async function buildDocs({ outDir = defaultOutDir, log = console.log }: BuildOptions = {}): Promise<{ outDir: string; pages: string[] }> {
  const started = performance.now();
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const model = portalModel(bundledDocuments());
  const { services } = model;
  const serviceLinks = html`${services.map((s) => html`<a href="${s.page}">${s.label}</a>`)}`.toString();

  log(`docs: building ${services.map((s) => s.page).join(', ')} with Redoc (in parallel)…`);
  await Promise.all(
    services.map(async (service) => {
      const since = performance.now();
      const output = join(dir, service.page);
      await buildRedocPage({ name: service.name, document: documentPath(service.name, 'json'), output, serviceLinks }, repoRoot);
      log(`docs:   ${service.page}  ${(statSync(output).size / 1024 / 1024).toFixed(1)} MB  ${seconds(since)}`);
    }),
  );

  writeFileSync(join(dir, 'index.html'), renderLanding(model));
  const operations = services.reduce((n, s) => n + s.operations.length, 0);
  log(`docs:   index.html  ${services.length} services, ${operations} operations`);
  const shown = relative(process.cwd(), dir);
  log(`docs: built ${shown && !shown.startsWith('..') ? shown : dir}/ in ${seconds(started)}`);
  return { outDir: dir, pages: ['index.html', ...services.map((s) => s.page)] };
}
