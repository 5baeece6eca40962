// The landing page in real Chromium: it lists every service and operation of the documents, each link resolves
// (pages answer 200, deep links land on their operation in Redoc), and nothing is fetched from outside.
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { isLocalUrl } from '../support/chromium.ts';
import { apis, loadDocument, operationsOf } from './documents.ts';
import { SCREENSHOTS, useGuardedPage, visibleText } from './guarded-page.ts';

const base = inject('docsUrl');
const landing = `${base}index.html`;
const operations = apis.flatMap(operationsOf);

const session = useGuardedPage();
let page: Page;

beforeAll(async () => {
  page = session.page;
  await page.goto(landing);
});

/** The link of an operation in the landing page's operations table. */
async function operationHref(operationId: string): Promise<string | null> {
  if (new URL(page.url()).href !== landing) await page.goto(landing);
  return page.locator('#operations').getByRole('link', { name: operationId, exact: true }).getAttribute('href');
}

describe('index.html', () => {
  test('renders the portal and the guide', async () => {
    await page.goto(landing);
    expect(await page.title()).toContain('Huawei Cloud API reference');
    const text = await visibleText(page.locator('body'));
    for (const expected of [
      'X-Auth-Token',
      'SDK-HMAC-SHA256',
      'Authorization: SDK-HMAC-SHA256 Access=',
      'https://ecs.{region}.myhuaweicloud.com',
      'ChangeServerOsWithoutCloudInit',
      'waitForJob',
      'http://127.0.0.1:4010',
      'APIGW.0301',
    ]) {
      expect(text).toContain(expected);
    }
    // The documents cite their sources for maintainers; none of those working files is named to readers here.
    expect(text).not.toMatch(/api-facts|\bseeds?\b|shared\//i);
    await page.screenshot({ path: `${SCREENSHOTS}/index.png`, fullPage: true });
  });

  test.each(apis)('lists the %s service with a link to its page', async (api) => {
    const info = loadDocument(api).info as { title: string };
    const card = page.locator(`#service-${api}`);
    await expect(visibleText(card)).resolves.toContain(info.title);
    await expect(card.locator(`a[href="${api}.html"]`).count()).resolves.toBeGreaterThan(0);
  });

  test.each(operations)('lists $api $operationId with its summary and a deep link', async (op) => {
    const row = page.locator(`#operations tr`, { has: page.getByRole('link', { name: op.operationId, exact: true }) });
    await expect(visibleText(row)).resolves.toContain(op.summary);
    await expect(visibleText(row)).resolves.toContain(op.path);
    expect(await operationHref(op.operationId)).toMatch(new RegExp(`^${op.api}\\.html#.`));
  });

  test('every link on the page resolves', async () => {
    await page.goto(landing);
    const hrefs = await page.locator('a[href]').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
    expect(hrefs.length).toBeGreaterThan(operations.length);
    for (const href of new Set(hrefs)) {
      const url = new URL(href);
      if (!isLocalUrl(href)) continue; // an outside link is not a request; the guard covers requests
      if (url.pathname.endsWith('/index.html') && url.hash) {
        // A section of this page.
        await expect(page.locator(`[id="${decodeURIComponent(url.hash.slice(1))}"]`).count(), href).resolves.toBe(1);
        continue;
      }
      url.hash = '';
      const response = await fetch(url);
      expect(response.status, href).toBe(200);
      expect(response.headers.get('content-type'), href).toBe('text/html; charset=utf-8');
    }
  });

  // The build writes Redoc's own route (#/<tag>/<operation>): Redoc must open it as is, without rewriting it.
  test.each(operations)('the deep link of $operationId opens it in Redoc', async (op) => {
    const href = await operationHref(op.operationId);
    const target = new URL(href ?? '', landing).href;
    await page.goto('about:blank');
    await page.goto(target);
    await page.locator('[data-testid="menu-item-label"][data-active="true"]').filter({ hasText: op.summary }).waitFor();
    const route = decodeURIComponent(new URL(target).hash.slice(2));
    await page.locator(`[id="${route}"]`).getByRole('heading', { name: op.summary }).first().waitFor();
    expect(page.url()).toBe(target);
  });
});
