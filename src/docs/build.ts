// Builds the offline docs portal: one Redoc page per service (redoc.ts) sharing one Redoc script and stylesheet, a
// landing page with one search across every service (landing.ts, search.ts), the documents for download, the icon,
// and the try-it console (console/build.ts). All from the bundled documents of SERVICES; used by `npm run docs`,
// `npm start`, `npm run build` and the browser tests' globalSetup, so the tests check exactly what users get.
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { documentPath, loadDocuments } from '../openapi/load.ts';
import { ROOT } from '../tooling/generate.ts';
import { writeHashed } from './assets.ts';
import { buildConsole } from './console/build.ts';
import { faviconIco } from './favicon.ts';
import { html } from './html.ts';
import { currentPortalPages, INPUTS_STAMP, portalInputsHash, writeInputsStamp } from './inputs.ts';
import { renderLanding } from './landing.ts';
import { type Documents, portalModel, type ServiceModel } from './model.ts';
import { defaultOutDir } from './out-dir.ts';
import { buildRedocPage, linkStylesheet, redocPageStylesheet, writeRedocScript } from './redoc.ts';
import { searchIndex, writeSearchScript } from './search.ts';

export interface BuildOptions {
  /** Where to write the pages (created if missing); default generated/docs. */
  outDir?: string;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
  /**
   * Keep the portal already in outDir when it was built from the same inputs (inputs.ts), as `npm start` does;
   * default false (`npm run docs` always builds).
   */
  reuse?: boolean;
}

const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(0)} KB`;
const seconds = (since: number) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

function bundledDocuments(): Documents {
  try {
    return loadDocuments();
  } catch (error) {
    throw new Error(`cannot read the bundled documents (run \`npm run bundle\` first): ${(error as Error).message}`, { cause: error });
  }
}

/** The bar above each Redoc page: the landing page, every service (this one marked), the console, the downloads. */
function portalBar(services: readonly ServiceModel[], current: ServiceModel, consolePage: string): string {
  return html`<a class="home" href="index.html">← <span class="wide">Huawei Cloud </span>API reference</a>
    ${services.map((s) => (s === current ? html`<a class="current" href="${s.page}" aria-current="page">${s.label}</a>` : html`<a href="${s.page}">${s.label}</a>`))}
    <a href="${consolePage}">Console</a>
    <span class="downloads">${current.label} document:<a href="${current.downloads.json}" download>JSON</a><a href="${current.downloads.yaml}" download>YAML</a></span>`.toString();
}

function shownDir(dir: string): string {
  const shown = relative(process.cwd(), dir);
  return `${shown && !shown.startsWith('..') ? shown : dir}/`;
}

export async function buildDocs({ outDir = defaultOutDir, log = console.log, reuse = false }: BuildOptions = {}): Promise<{ outDir: string; pages: string[] }> {
  const started = performance.now();
  const dir = resolve(outDir);
  // Hashed before anything is read: an input edited during the build makes the next start rebuild.
  const inputs = portalInputsHash();
  const current = reuse ? currentPortalPages(dir, inputs) : undefined;
  if (current) {
    log(
      `docs: ${shownDir(dir)} is up to date (built from the same documents and code, inputs sha256 ${inputs.slice(0, 12)}): not rebuilt. \`npm run docs\` rebuilds it.`,
    );
    return { outDir: dir, pages: current };
  }
  rmSync(join(dir, INPUTS_STAMP), { force: true }); // a build that fails half-way leaves no stamp
  mkdirSync(join(dir, 'openapi'), { recursive: true });
  const documents = bundledDocuments();
  const model = portalModel(documents);
  const { services } = model;

  const script = writeRedocScript(dir);
  for (const service of services) {
    copyFileSync(documentPath(service.name, 'json'), join(dir, service.downloads.json));
    copyFileSync(documentPath(service.name, 'yaml'), join(dir, service.downloads.yaml));
  }
  writeFileSync(join(dir, 'favicon.ico'), faviconIco());
  const consolePage = await buildConsole({ outDir: dir, log, documents, model });

  log(`docs: building ${services.map((s) => s.page).join(', ')} with Redoc (in parallel)…`);
  const built = await Promise.all(
    services.map(async (service) => {
      const since = performance.now();
      const portal = portalBar(services, service, consolePage);
      const page = await buildRedocPage(
        { name: service.name, document: documentPath(service.name, 'json'), output: service.page, portalBar: portal, script, downloads: service.downloads },
        ROOT,
        dir,
      );
      return { service, html: page, time: seconds(since) };
    }),
  );
  // What the pages have in common goes into one cacheable file: the portal's own styles.
  const stylesheet = writeHashed(dir, 'redoc', redocPageStylesheet(), 'css');
  for (const { service, html: page, time } of built) {
    const text = linkStylesheet(page, stylesheet);
    writeFileSync(join(dir, service.page), text);
    log(`docs:   ${service.page}  ${kb(text)}  ${time}`);
  }
  log(
    `docs:   ${script} and ${stylesheet}  ${kb(readFileSync(join(dir, script), 'utf8'))} and ${kb(readFileSync(join(dir, stylesheet), 'utf8'))}, shared by the service pages`,
  );

  const search = { index: searchIndex(documents, model), script: writeSearchScript(dir) };
  writeFileSync(join(dir, 'index.html'), renderLanding(model, { search, consolePage }));
  const operations = services.reduce((n, s) => n + s.operations.length, 0);
  log(`docs:   index.html  ${services.length} services, ${operations} operations, ${search.index.length} search entries`);
  const pages = ['index.html', ...services.map((s) => s.page), consolePage];
  writeInputsStamp(dir, inputs, pages);
  log(`docs: built ${shownDir(dir)} in ${seconds(started)}`);
  return { outDir: dir, pages };
}
