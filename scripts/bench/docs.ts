// Section `docs`: the docs portal as the installed command ships it (Redoc pages sharing one cacheable script and
// stylesheet)
// against stock Swagger UI (swagger-ui-dist) on the same documents, both served by the project's static server
// (same compression, ETags and cache rules), in Debian's Chromium: bytes transferred and the time until every
// operation of the document is shown, for a first page with an empty cache, then a second page with a warm one.
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { listOperations, type OpenApiDocument } from '../../src/openapi/documents.ts';
import { startStaticServer } from '../../src/servers/static.ts';
import { CHROMIUM_ARGS, ensureChromium } from '../../test/support/chromium.ts';
import type { Context, Section } from './context.ts';
import { watchLoad } from './machine.ts';
import { alternate, median, pairwise } from './method.ts';
import { fixed, kb, type Row } from './report.ts';

const require = createRequire(import.meta.url);
const swaggerDir = dirname(require.resolve('swagger-ui-dist/package.json'));
const SWAGGER_VERSION = (require('swagger-ui-dist/package.json') as { version: string }).version;
const SWAGGER_FILES = ['swagger-ui.css', 'index.css', 'favicon-32x32.png', 'favicon-16x16.png', 'swagger-ui-bundle.js', 'swagger-ui-standalone-preset.js'];
const PAGES = ['ecs', 'bms'] as const;
type Viewer = 'ours' | 'swagger';
/**
 * Tall enough that every operation of either page fits on screen: Redoc 3 renders a tag's section only once it
 * scrolls into view, so in a 900-pixel window some operations are never shown until the reader scrolls.
 */
const WINDOW = { width: 1400, height: 3200 };

/**
 * Swagger UI as its README deploys it: the stock index.html, its initializer pointed at the document. The
 * validator badge is off (validatorUrl: null), as an offline page must: it would call validator.swagger.io.
 */
function swaggerSite(work: string, documents: string): string {
  const dir = join(work, 'swagger-ui');
  mkdirSync(dir, { recursive: true });
  for (const file of SWAGGER_FILES) copyFileSync(join(swaggerDir, file), join(dir, file));
  const index = readFileSync(join(swaggerDir, 'index.html'), 'utf8');
  for (const api of PAGES) {
    copyFileSync(join(documents, `${api}.json`), join(dir, `${api}.json`));
    const init = `<script>window.onload = function () { window.ui = SwaggerUIBundle({ url: './${api}.json', dom_id: '#swagger-ui', deepLinking: true, validatorUrl: null, presets: [SwaggerUIBundle.presets.apis, SwaggerUIStandalonePreset], plugins: [SwaggerUIBundle.plugins.DownloadUrl], layout: 'StandaloneLayout' }); };</script>`;
    const page = index.replace(/<script src="\.\/swagger-initializer\.js"[^>]*>\s*<\/script>/, init);
    if (page === index) throw new Error('swagger-ui-dist/index.html no longer loads swagger-initializer.js: update the docs bench');
    writeFileSync(join(dir, `${api}.html`), page);
  }
  return dir;
}

/** "method path" of every operation a page must show. */
function operations(documents: string, api: string): string[] {
  const doc = JSON.parse(readFileSync(join(documents, `${api}.json`), 'utf8')) as OpenApiDocument;
  return listOperations(doc, api).map((op) => `${op.method} ${op.path}`);
}

/**
 * In the page: performance.now() (ms since navigation start) once every expected operation is shown, else false.
 * Redoc lists each operation of a tag as a link (method, path); Swagger UI renders one .opblock per operation.
 * With `report`, the operations shown so far instead (for the message when they never all are).
 */
function allShown([viewer, expected, report]: [Viewer, string[], boolean]): number | false | string[] {
  const seen = new Set<string>();
  if (viewer === 'ours') {
    for (const link of document.querySelectorAll('#api-content a[href^="#/"]')) {
      // <a><button><span><Tag>post</Tag><span>/v1/…</span>[<Tag>deprecated</Tag>]</span></button></a>
      const method = link.querySelector('[data-component-name="Tag/Tag"]')?.textContent?.toLowerCase();
      const path = link.querySelector('button > span > span')?.textContent;
      if (method && path && link.checkVisibility()) seen.add(`${method} ${path}`);
    }
  } else {
    for (const block of document.querySelectorAll('.opblock')) {
      const method = block.querySelector('.opblock-summary-method')?.textContent?.toLowerCase();
      // .opblock-summary-path, or .opblock-summary-path__deprecated for a deprecated operation
      const path = block.querySelector('[data-path]')?.getAttribute('data-path');
      if (method && path && block.checkVisibility()) seen.add(`${method} ${path}`);
    }
  }
  if (report) return [...seen];
  return expected.every((op) => seen.has(op)) ? performance.now() : false;
}

interface Visit {
  ms: number;
  bytes: number;
}

/** Opens `url` in `page`; bytes are DevTools' encoded data (headers and compressed bodies; 0 from the cache). */
async function visit(page: Page, url: string, viewer: Viewer, expected: string[], failures: string[]): Promise<Visit> {
  const cdp = await page.context().newCDPSession(page);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (event) => {
    bytes += event.encodedDataLength;
  });
  cdp.on('Network.loadingFailed', (event) => failures.push(`${viewer} ${url}: ${event.errorText}`));
  await cdp.send('Network.enable');
  await page.goto(url, { waitUntil: 'commit' });
  const shown = await page
    .waitForFunction(allShown, [viewer, expected, false] as [Viewer, string[], boolean], { polling: 'raf', timeout: 60_000 })
    .catch(async (error: Error) => {
      const seen = await page.evaluate(allShown, [viewer, expected, true] as [Viewer, string[], boolean]).catch(() => 'nothing');
      throw new Error(
        `${viewer === 'ours' ? 'our portal' : 'Swagger UI'}, ${url}: not every operation was shown within 60 s (${error.message.split('\n')[0]}); expected ${expected.join(', ')}; shown: ${JSON.stringify(seen)}`,
      );
    });
  const ms = (await shown.jsonValue()) as number;
  await page.waitForLoadState('networkidle', { timeout: 10_000 }).catch(() => undefined);
  await cdp.detach();
  return { ms, bytes };
}

async function session(browser: Browser, base: string, viewer: Viewer, expected: Record<string, string[]>, failures: string[]): Promise<Visit[]> {
  const context = await browser.newContext({ viewport: WINDOW }); // a fresh, empty cache
  try {
    const page = await context.newPage();
    const visits: Visit[] = [];
    for (const api of PAGES) visits.push(await visit(page, new URL(`${api}.html`, base).href, viewer, expected[api]!, failures));
    return visits;
  } finally {
    await context.close();
  }
}

/** Keeps a session's visits; its first page's time is the sample. */
function record(into: Visit[][], visits: Visit[]): number {
  into.push(visits);
  return visits[0]!.ms;
}

export const docsSection: Section = {
  name: 'docs',
  summary: `docs page weight and time until every operation is shown, first and warm second page, against Swagger UI ${SWAGGER_VERSION}, in Chromium`,
  run: async (context: Context): Promise<Row[]> => {
    const installed = await context.install();
    context.note(
      `Docs: the portal the installed command ships (Redoc 3 pages sharing one cacheable script and stylesheet) and stock swagger-ui-dist ${SWAGGER_VERSION} (its index.html pointed at the document, validator badge off), both served by src/servers/static.ts (the same compression, ETags and cache rules), in Debian's Chromium with a fresh browser context per round. Bytes are Chromium's encoded data length (headers and compressed bodies; nothing for a cache hit). Times run from navigation start until every operation of the document is shown, in a ${WINDOW.width}×${WINDOW.height} window where all fit.`,
    );
    const documents = join(installed.portal, 'openapi');
    const expected = Object.fromEntries(PAGES.map((api) => [api, operations(documents, api)]));
    const ours = await startStaticServer({ root: installed.portal, port: 0 });
    const swagger = await startStaticServer({ root: swaggerSite(context.work, documents), port: 0 });
    const browser = await chromium.launch({ executablePath: ensureChromium(), args: [...CHROMIUM_ARGS] });
    const failures: string[] = [];
    try {
      const visits: Record<Viewer, Visit[][]> = { ours: [], swagger: [] };
      const busy = watchLoad();
      await alternate(
        'docs in Chromium',
        {
          ours: async () => record(visits.ours, await session(browser, ours.url, 'ours', expected, failures)),
          swagger: async () => record(visits.swagger, await session(browser, swagger.url, 'swagger', expected, failures)),
        },
        context.rounds,
      );
      const load = busy.stop();
      if (failures.length > 0) context.note(`Docs: requests that failed: ${[...new Set(failures)].join('; ')}.`);
      const rows: Row[] = [];
      PAGES.forEach((api, i) => {
        const pick = (viewer: Viewer, key: keyof Visit) => visits[viewer].map((pages) => pages[i]![key]);
        const [oursBytes, peerBytes, oursMs, peerMs] = [pick('ours', 'bytes'), pick('swagger', 'bytes'), pick('ours', 'ms'), pick('swagger', 'ms')];
        const which = i === 0 ? `first page (${api}.html, empty cache)` : `warm second page (${api}.html after ecs.html)`;
        const sides = `our Redoc page vs Swagger UI ${SWAGGER_VERSION}, same ${api.toUpperCase()} document`;
        // Issue 23.11: a first page no heavier than Swagger UI's, a warm next page of at most 20 KB.
        const goal =
          i === 0 ? { goal: `≤ Swagger UI's`, met: median(oursBytes) <= median(peerBytes) } : { goal: '≤ 20 KB', met: median(oursBytes) <= 20 * 1024 };
        rows.push(
          {
            label: `Docs, ${which}, KB transferred: ${sides}`,
            ours: kb(median(oursBytes)),
            peer: kb(median(peerBytes)),
            ratio: pairwise(oursBytes, peerBytes),
            ...goal,
            busy: load,
          },
          {
            label: `Docs, ${which}, ms until all ${expected[api]!.length} operations are shown: ${sides}`,
            ours: `${fixed(median(oursMs), 0)} ms`,
            peer: `${fixed(median(peerMs), 0)} ms`,
            ratio: pairwise(oursMs, peerMs),
            busy: load,
          },
        );
      });
      return rows;
    } finally {
      await browser.close();
      await Promise.all([ours.close(), swagger.close()]);
    }
  },
};
