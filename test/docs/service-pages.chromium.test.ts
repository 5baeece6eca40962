// The Redoc page of each API, opened in real Chromium from the local server with every outside request blocked:
// each operation opens from the landing page's deep link and is rendered with its code samples (curl and
// TypeScript, whole lines clear of the copy button) and every request and response example it declares; the pages
// share one cacheable Redoc script and link their documents. Each page is loaded once, from its first operation's
// deep link (a cold load must land on the operation); the other deep links are then followed in that page, as a
// reader's click on the landing page's next link would after going back.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { documentPath } from '../../src/openapi/load.ts';
import { SCREENSHOTS, useGuardedPage } from '../support/guarded-page.ts';
import { operation } from '../support/openapi.ts';
import { apis, operationsOf, sdkEntriesOf } from './expected-examples.ts';
import { expectedShown, showOperation } from './redoc-operation.ts';

const base = inject('docsUrl');

const session = useGuardedPage();
let page: Page;

/** The landing page's link of each SDK operation, by operationId. */
const deepLinks = new Map<string, string>();
/** The absolute URL of an operation's deep link (a URL that names the missing link, which no page answers). */
const deepLink = (operationId: string | undefined): string => new URL(deepLinks.get(operationId ?? '') ?? `no link for ${operationId}`, base).href;
/**
 * Opens an operation's deep link and waits until Redoc shows that operation as the active one, its address kept.
 * `fresh`: load the page anew (a cold load), rather than have the page already open follow the new address.
 */
async function openDeepLink(operationId: string | undefined, summary: string, fresh: boolean): Promise<void> {
  const target = deepLink(operationId);
  if (fresh) await page.goto('about:blank');
  await page.goto(target);
  await page.locator('[data-testid="menu-item-label"][data-active="true"]').filter({ hasText: summary }).waitFor();
  expect(page.url(), `${operationId}: the deep link kept`).toBe(target);
}
// The width the code samples are checked at: a laptop's.
const VIEWPORT = { width: 1280, height: 900 };

beforeAll(async () => {
  page = session.page;
  await page.setViewportSize(VIEWPORT);
  await page.goto(`${base}index.html`);
  const links = await page
    .locator('#operations a[href]')
    .evaluateAll((anchors) => anchors.map((a) => [a.textContent ?? '', a.getAttribute('href') ?? ''] as const));
  for (const [name, href] of links) deepLinks.set(name.trim(), href);
});

describe.each(apis)('%s.html', (api) => {
  test('opens offline from its first deep link, titled after the document, and links the bundled document for download', async () => {
    const [first] = sdkEntriesOf(api);
    await openDeepLink(first?.operationId, first?.summary ?? '', true);
    expect(await page.title()).toMatch(/^Huawei Cloud /);
    await page.screenshot({ path: `${SCREENSHOTS}/${api}.png` });
    const bar = page.getByRole('navigation', { name: 'Docs portal' });
    for (const [format, type] of [
      ['json', 'application/json; charset=utf-8'],
      ['yaml', 'application/yaml; charset=utf-8'],
    ] as const) {
      const href = await bar.getByRole('link', { name: format.toUpperCase(), exact: true }).getAttribute('href');
      expect(href).toBe(`openapi/${api}.${format}`);
      const response = await fetch(new URL(href ?? '', `${base}${api}.html`));
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(type);
      expect(await response.text()).toBe(readFileSync(documentPath(api, format), 'utf8'));
    }
  });

  // Opened from the landing page's deep link (Redoc's own route, which it must keep as is): every SDK operation of
  // the path, followed in the page the first test loaded; the last one followed is then worked panel by panel.
  test.each(operationsOf(api))(
    '$operationId: opened from the landing page, rendered with its code samples and its request and response examples',
    async (op) => {
      for (const entry of sdkEntriesOf(api).filter((sdk) => sdk.path === op.path && sdk.method === op.method)) {
        // In the page the first test loaded (loaded here when this test runs alone): Redoc follows the new address.
        const fresh = new URL(page.url()).pathname !== new URL(deepLink(entry.operationId)).pathname;
        await openDeepLink(entry.operationId, op.summary, fresh);
      }
      const route = decodeURIComponent(new URL(page.url()).hash.slice(2));
      const section = page.locator(`[id="${route}"]`);
      await section.getByRole('heading', { name: op.summary }).first().waitFor();
      await expect(section.getByText(op.path, { exact: true }).count()).resolves.toBeGreaterThan(0);
      const sdkNames = ((operation(op.operationId).operation['x-sdk-operations'] ?? []) as Array<{ operationId: string }>).map((sdk) => `: ${sdk.operationId}`);
      expect(op.codeSamples.map((sample) => sample.label)).toEqual((sdkNames.length ? sdkNames : ['']).flatMap((name) => [`curl${name}`, `TypeScript${name}`]));

      const { fit, ...shown } = await showOperation(page, route, op);
      expect(shown).toEqual(expectedShown(op));
      // At 1280 px the curl sample shows its whole lines, clear of the copy button.
      expect(fit, 'the curl sample: hidden width, and room before the copy button').toEqual({ hidden: 0, clear: expect.any(Number) });
      expect(typeof fit === 'object' && fit.clear, 'space between the text and the copy button').toBeGreaterThanOrEqual(0);
      await section
        .getByRole('heading', { name: op.summary })
        .first()
        .evaluate((heading) => heading.scrollIntoView());
      await page.screenshot({ path: `${SCREENSHOTS}/${api}-${op.operationId}.png` });
    },
    30_000,
  );

  // On the page the tests above worked, narrowed as a phone's: the layout follows the width without a reload.
  test('on a 390 px screen the title keeps its words whole and the portal bar is one line', async () => {
    if (new URL(page.url()).pathname !== `/${api}.html`) await page.goto(`${base}${api}.html`); // this test alone
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.evaluate(() => window.scrollTo(0, 0));
      const title = page.locator('h1[data-component-name="Typography/H1"]').first();
      await title.waitFor();
      // Each word of the title on one line: a word broken in two has two boxes.
      const broken = await title.evaluate((h1) => {
        const text = h1.firstChild;
        if (!text || text.nodeType !== Node.TEXT_NODE) return ['the title is not one text'];
        const words: string[] = [];
        const content = text.textContent ?? '';
        for (const match of content.matchAll(/\S+/g)) {
          const range = document.createRange();
          range.setStart(text, match.index);
          range.setEnd(text, match.index + match[0].length);
          const lines = new Set([...range.getClientRects()].map((rect) => Math.round(rect.top)));
          if (lines.size > 1) words.push(match[0]);
        }
        return words;
      });
      expect(broken, 'words of the title broken across lines').toEqual([]);
      const bar = await page.getByRole('navigation', { name: 'Docs portal' }).boundingBox();
      expect(bar?.height, "the portal bar's height").toBeLessThanOrEqual(44);
      await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
      await page.screenshot({ path: `${SCREENSHOTS}/${api}-390.png` });
    } finally {
      await page.setViewportSize(VIEWPORT);
    }
  });
});

describe('the service pages together', () => {
  test('load Redoc and its styles from one shared script and stylesheet that the server lets browsers keep, and nothing from a CDN', async () => {
    const shared = new Set<string>();
    for (const api of apis) {
      const text = await (await fetch(`${base}${api}.html`)).text();
      expect(text, api).not.toMatch(/cdn\.redoc\.ly|cdn\.redocly\.com/);
      const names = new Set([...text.matchAll(/\.\/(redoc\.[0-9a-f]{12}\.(?:js|css))"/g)].map((match) => match[1]));
      expect([...names].map((name) => name?.split('.').pop()).sort(), `${api}: one Redoc script and one stylesheet`).toEqual(['css', 'js']);
      for (const name of names) shared.add(name ?? '');
      // Neither Redoc (2.2 MB) nor its styles (about 240 KB) are inlined: the page is the rendered document and its data.
      expect(text, api).not.toContain('<style');
      expect(text.length, api).toBeLessThan(100 * 1024);
    }
    expect(shared.size).toBe(2);
    for (const name of shared) {
      const response = await fetch(`${base}${name}`);
      expect(response.status).toBe(200);
      expect(response.headers.get('content-type')).toBe(name.endsWith('.js') ? 'text/javascript; charset=utf-8' : 'text/css; charset=utf-8');
      expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    }
  });

  test.each(apis)('%s.html works opened from a file, as `docs --help` says', async (api) => {
    const first = operationsOf(api)[0];
    await page.goto('about:blank');
    await page.goto(`file://${inject('docsDir')}/${api}.html#operation/${first?.operationId}`);
    // Redoc ran: it resolved the legacy anchor to its route and shows the operation.
    await page
      .locator('[data-testid="menu-item-label"][data-active="true"]')
      .filter({ hasText: first?.summary ?? '' })
      .waitFor();
    await page
      .getByRole('heading', { name: first?.summary ?? '' })
      .first()
      .waitFor();
  });
});
