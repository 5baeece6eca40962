// The Redoc page of each API, opened in real Chromium from the local server with every outside request blocked:
// each operation of the document is rendered, with its two code samples (curl and TypeScript) and every request
// and response example it declares; the pages share one cacheable Redoc script and link their documents.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { documentPath } from '../../src/openapi/load.ts';
import { operation } from '../support/openapi.ts';
import { apis, type ExampleCase, operationsOf } from './documents.ts';
import { SCREENSHOTS, useGuardedPage, visibleText } from './guarded-page.ts';

const base = inject('docsUrl');

const session = useGuardedPage();
let page: Page;

beforeAll(() => {
  page = session.page;
});

/** The JSON shown by a Redoc sample panel, fully expanded. */
async function shownJson(panel: Locator): Promise<unknown> {
  const viewer = panel.getByTestId('json-viewer');
  const expand = viewer.getByTestId('expand-all');
  if ((await expand.count()) > 0) await expand.click();
  const text = await visibleText(viewer.locator('pre'));
  try {
    return JSON.parse(text);
  } catch {
    return text; // shows up in the assertion's diff
  }
}

// A code sample's label is its language, or `curl: BatchDeleteBaremetalServerTags` where a path serves two SDK operations.
const LANGUAGES = /^(curl|TypeScript|Payload)/;

/** Shows one tab of the request panel (a code sample's language, or the payload) and returns the code shown. */
async function showTab(panel: Locator, language: string): Promise<void> {
  const menu = panel.getByRole('button', { name: LANGUAGES });
  if ((await visibleText(menu)) !== language) {
    await menu.click();
    await page.getByRole('menuitem', { name: language, exact: true }).click();
  }
  await expect.poll(() => visibleText(menu), { message: `${language} selected` }).toBe(language);
}

/** Picks each example in the panel's example menu (there is one only for several examples) and compares it. */
async function expectExamples(panel: Locator, examples: ExampleCase[]): Promise<void> {
  const picker = panel.getByRole('button', { name: 'Example', exact: true });
  if (examples.length === 1) {
    await expect.poll(() => shownJson(panel)).toEqual(examples[0]?.value);
    return;
  }
  for (const example of examples) {
    await picker.click();
    await page.getByRole('menuitem', { name: example.label, exact: true }).click();
    await expect.poll(() => visibleText(picker), { message: `example "${example.name}" selected` }).toBe(example.label);
    await expect.poll(() => shownJson(panel), { message: `example "${example.name}" shown` }).toEqual(example.value);
  }
}

describe.each(apis)('%s.html', (api) => {
  test('opens offline, titled after the document', async () => {
    await page.goto(`${base}${api}.html`);
    await page.locator('[data-component-name="Menu/MenuItem"]').first().waitFor();
    expect(await page.title()).toMatch(/^Huawei Cloud /);
    await page.screenshot({ path: `${SCREENSHOTS}/${api}.png` });
  });

  test.each(operationsOf(api))(
    '$operationId: rendered with its code samples and its request and response examples',
    async (op) => {
      await page.goto('about:blank'); // a fresh page load for every operation
      // The legacy anchor is resolved by Redoc itself, so this does not depend on how the build writes links.
      await page.goto(`${base}${api}.html#operation/${op.operationId}`);
      await page.locator('[data-testid="menu-item-label"][data-active="true"]').filter({ hasText: op.summary }).waitFor();
      await expect.poll(() => new URL(page.url()).hash).toMatch(/^#\/./);
      const route = decodeURIComponent(new URL(page.url()).hash.slice(2));
      const section = page.locator(`[id="${route}"]`);
      await section.getByRole('heading', { name: op.summary }).first().waitFor();
      const panels = section.locator('[data-component-name="Panel/Panel"]');
      await expect(section.getByText(op.path, { exact: true }).count()).resolves.toBeGreaterThan(0);

      // The two code samples, exactly as the document holds them, then the request examples under Payload.
      const request = section.locator('[data-component-name="Panel/Panel"].panel-request-samples');
      const sdkNames = ((operation(op.operationId).operation['x-sdk-operations'] ?? []) as Array<{ operationId: string }>).map((sdk) => `: ${sdk.operationId}`);
      expect(op.codeSamples.map((sample) => sample.label)).toEqual((sdkNames.length ? sdkNames : ['']).flatMap((name) => [`curl${name}`, `TypeScript${name}`]));
      for (const sample of op.codeSamples) {
        await showTab(request, sample.label);
        const code = request.locator('[data-component-name="CodeBlock/CodeBlock"]');
        await expect.poll(() => visibleText(code), { message: `the ${sample.label} sample shown` }).toBe(sample.source);
      }
      // The page with its (first) TypeScript sample, as a reader sees it.
      await showTab(request, op.codeSamples[1]?.label ?? 'TypeScript');
      await request.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/${api}-${op.operationId}-samples.png` });
      if (op.requestExamples.length > 0) {
        await showTab(request, 'Payload');
        await expectExamples(request, op.requestExamples);
      }

      const response = panels.filter({
        has: page.locator('[data-component-name="Panel/PanelHeaderTitle"]', { hasText: /^Response$/ }),
      });
      for (const { status, examples } of op.responses) {
        await response.getByRole('button', { name: status, exact: true }).click();
        if (examples.length > 0) await expectExamples(response, examples);
      }
      await section
        .getByRole('heading', { name: op.summary })
        .first()
        .evaluate((heading) => heading.scrollIntoView());
      await page.screenshot({ path: `${SCREENSHOTS}/${api}-${op.operationId}.png` });
    },
    60_000,
  ); // the BMS tags operation shows four code samples (two SDK operations)
});

describe('the service pages together', () => {
  test('load Redoc from one shared script that the server lets browsers keep, and nothing from a CDN', async () => {
    const scripts = new Set<string>();
    for (const api of apis) {
      const text = await (await fetch(`${base}${api}.html`)).text();
      expect(text, api).not.toMatch(/cdn\.redoc\.ly|cdn\.redocly\.com/);
      const names = new Set([...text.matchAll(/\.\/(redoc\.[0-9a-f]{12}\.js)"/g)].map((match) => match[1]));
      expect(names.size, `${api}: one Redoc script, preloaded and imported`).toBe(1);
      for (const name of names) scripts.add(name ?? '');
      // Redoc itself (2.2 MB) is not inlined: the page is the rendered document and its data.
      expect(text.length, api).toBeLessThan(512 * 1024);
    }
    expect(scripts.size).toBe(1);
    const response = await fetch(`${base}${[...scripts][0]}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  test.each(apis)('%s.html links its document for download, and serves the bundled document', async (api) => {
    await page.goto(`${base}${api}.html`);
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
});
