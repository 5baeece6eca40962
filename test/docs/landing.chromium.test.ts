// The landing page in real Chromium: it lists every service and operation of the documents, each link resolves
// (pages answer 200, downloads are the documents; service-pages.chromium.test.ts follows each deep link into Redoc),
// one search finds operations and schemas of every service, it fits a phone's screen, and nothing is fetched from
// outside.
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { documentPath } from '../../src/openapi/load.ts';
import { isLocalUrl } from '../support/chromium.ts';
import { SCREENSHOTS, useGuardedPage, visibleText } from '../support/guarded-page.ts';
import { apis, loadDocument, sdkEntriesOf } from './expected-examples.ts';

const base = inject('docsUrl');
const landing = `${base}index.html`;
const operations = apis.flatMap(sdkEntriesOf);

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
      // The quick start is for the installed packages, and handles a job that fails or takes too long.
      'npm install hwc-openapi',
      'npm install -D hwc-openapi-dev',
      'npx hwc-openapi mock',
      'JobFailedError',
      'JobTimeoutError',
      // The simulator's default credentials and project, and the variable that points the program at it.
      'sim-token',
      'SIMACCESSKEYEXAMPLE01 / sim-secret-key-for-local-development-only',
      'c685484a8cc2416b97260938705deb65',
      "process.env['HWC_ENDPOINT']",
    ]) {
      expect(text).toContain(expected);
    }
    // The documents cite their sources for maintainers; none of those working files, nor a command that only
    // works in this repository, is named to readers here.
    expect(text).not.toMatch(/api-facts|\bseeds?\b|shared\/|\bnpm run\b|generated\/|\bsrc\//i);
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
      const type = url.pathname.endsWith('.json') ? 'application/json' : url.pathname.endsWith('.yaml') ? 'application/yaml' : 'text/html';
      expect(response.headers.get('content-type'), href).toBe(`${type}; charset=utf-8`);
    }
  });

  test.each(apis)('the %s card offers its document for download, as JSON and as YAML', async (api) => {
    await page.goto(landing);
    const card = page.locator(`#service-${api}`);
    for (const format of ['json', 'yaml'] as const) {
      const href = await card.getByRole('link', { name: format.toUpperCase(), exact: true }).getAttribute('href');
      expect(href).toBe(`openapi/${api}.${format}`);
      expect(await (await fetch(new URL(href ?? '', landing))).text()).toBe(readFileSync(documentPath(api, format), 'utf8'));
    }
  });

  test('the errors section names only codes and faults the documents use', async () => {
    await page.goto(landing);
    const errors = await visibleText(page.locator('#errors'));
    for (const gone of ['overLimit', 'LPA.']) expect(errors).not.toContain(gone);
    // Every string and key of the documents, and the codes the section lists.
    const used = new Set<string>();
    const collect = (value: unknown): void => {
      if (typeof value === 'string') used.add(value);
      else if (value !== null && typeof value === 'object') {
        for (const [key, item] of Object.entries(value)) {
          used.add(key);
          collect(item);
        }
      }
    };
    for (const api of apis) collect(loadDocument(api));
    const listed = await page.locator('#errors .codes code').allInnerTexts();
    expect(listed).toEqual(expect.arrayContaining(['badRequest', 'APIGW.0301']));
    expect(listed.filter((code) => !used.has(code))).toEqual([]);
  });

  test('one search finds operations and schemas of every service', async () => {
    await page.goto(landing);
    const input = page.getByRole('searchbox', { name: 'Search every service' });
    const results = page.locator('#search-results');
    const search = async (query: string) => {
      await input.fill(query);
      // What the reader sees of each result, one line each.
      return (await results.locator('li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    };
    // An operation of each service, by a word of its summary or path.
    // Operations come first, then schemas.
    const [read, update, ...rest] = await search('provider metadata');
    expect(read).toMatch(/^RFS ShowPrivateProviderMetadata GET \/v1\/private-providers\/\{provider_name\}\/metadata Query /);
    expect(update).toMatch(/^RFS UpdatePrivateProviderMetadata PATCH \/v1\/private-providers\/\{provider_name\}\/metadata Update /);
    expect(rest.every((line) => line.startsWith('RFS schema '))).toBe(true);
    const tags = await search('tags');
    expect(tags.some((line) => line.startsWith('BMS BatchCreateBaremetalServerTags POST'))).toBe(true);
    expect(tags.some((line) => line.startsWith('BMS BatchDeleteBaremetalServerTags POST'))).toBe(true);
    expect((await search('GET jobs')).some((line) => line.startsWith('ECS ShowJob GET'))).toBe(true);
    // A schema, with the operation that uses it; its link opens that operation.
    const [osChange] = await search('schema OsChange');
    expect(osChange).toMatch(/^ECS schema OsChange\w* used by ChangeServerOsWithoutCloudInit/);
    const href = await results.getByRole('link', { name: 'ChangeServerOsWithoutCloudInit' }).first().getAttribute('href');
    expect(href).toBe(await operationHref('ChangeServerOsWithoutCloudInit'));
    await page.goto(landing);
    expect(await search('no such thing')).toEqual([]);
    await expect(visibleText(page.locator('#search-status'))).resolves.toBe('Nothing matches.');
  });

  test('the search finds error codes, with their status and the operations that answer them', async () => {
    await page.goto(landing);
    const input = page.getByRole('searchbox', { name: 'Search every service' });
    await input.fill('Ecs.0100');
    const lines = (await page.locator('#search-results li').allInnerTexts()).map((text) => text.replace(/\s+/g, ' ').trim());
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^ECS error Ecs\.0100 400 .+ answered by (?=.*UpdateServerMetadata)(?=.*ChangeServerOsWithoutCloudInit)(?=.*DeleteServerMetadata).+$/,
    );
    await expect(visibleText(page.locator('#search-status'))).resolves.toBe('1 match');
    // Every code the documents' error examples give is found by its name.
    for (const code of ['Common.0011', 'APIGW.0301']) {
      await input.fill(code);
      await expect(page.locator('#search-results li').count(), code).resolves.toBeGreaterThan(0);
    }
  });

  test('Arrow-down then Enter opens a result, Arrow-up goes back to the box', async () => {
    await page.goto(landing);
    const input = page.getByRole('searchbox', { name: 'Search every service' });
    await input.fill('ShowJob');
    const first = page.locator('#search-results a').first();
    const href = new URL((await first.getAttribute('href')) ?? '', landing).href;
    await input.press('ArrowDown');
    await expect(first.evaluate((link) => link === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('ArrowUp');
    await expect(input.evaluate((box) => box === document.activeElement)).resolves.toBe(true);
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('Enter');
    await page.waitForURL(href);
  });

  test('has an icon, also at /favicon.ico, so that no browser logs a 404', async () => {
    await page.goto(landing);
    const href = await page.locator('link[rel="icon"]').getAttribute('href');
    for (const url of [new URL(href ?? '', landing), new URL('/favicon.ico', landing)]) {
      const response = await fetch(url);
      expect(response.status, url.href).toBe(200);
      expect(response.headers.get('content-type')).toBe('image/x-icon');
      const icon = Buffer.from(await response.arrayBuffer());
      expect([...icon.subarray(0, 4)]).toEqual([0, 0, 1, 0]); // an ICO file…
      expect(icon.subarray(23, 26).toString('latin1')).toBe('PNG'); // …holding a PNG
    }
  });

  test('fits a 390 px wide phone screen without scrolling sideways', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(landing);
      await page.getByRole('searchbox', { name: 'Search every service' }).fill('metadata');
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      await page.screenshot({ path: `${SCREENSHOTS}/index-390px.png`, fullPage: true });
      expect(width).toBeLessThanOrEqual(390);
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });
});
