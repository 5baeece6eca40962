// The Redoc page of each API, opened in real Chromium from the local server with every outside request blocked:
// each operation of the document is rendered, with its two code samples (curl and TypeScript) and every request
// and response example it declares; the pages share one cacheable Redoc script and link their documents.
import { readFileSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { documentPath } from '../../src/openapi/load.ts';
import { operation } from '../support/openapi.ts';
import { apis, type ExampleCase, operationsOf } from './expected-examples.ts';
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

  // One page load and a dozen tab and example switches each: 14–20 s on a busy 2-core machine; a hang still fails.
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

  test('on a 390 px screen the title keeps its words whole and the portal bar is one line', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      for (const api of apis) {
        await page.goto(`${base}${api}.html`);
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
        expect(broken, `${api}: words of the title broken across lines`).toEqual([]);
        const bar = await page.getByRole('navigation', { name: 'Docs portal' }).boundingBox();
        expect(bar?.height, `${api}: the portal bar's height`).toBeLessThanOrEqual(44);
        await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(390);
        await page.screenshot({ path: `${SCREENSHOTS}/${api}-390.png` });
      }
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  test.each(apis)(
    '%s.html: code samples show their whole lines, clear of the copy button',
    async (api) => {
      await page.setViewportSize({ width: 1280, height: 900 });
      try {
        for (const op of operationsOf(api)) {
          await page.goto('about:blank');
          await page.goto(`${base}${api}.html#operation/${op.operationId}`);
          const request = page.locator('.panel-request-samples').filter({ visible: true }).first();
          // A path that serves two SDK operations labels its samples with them: its first curl sample.
          await showTab(request, op.codeSamples[0]?.label ?? 'curl');
          const block = request.locator('[data-component-name="CodeBlock/CodeBlock"]').first();
          const fit = await block.evaluate((element) => {
            const pre = element.querySelector('pre');
            const code = pre?.querySelector('code');
            const controls = element.querySelector('[data-component-name="CodeBlock/CodeBlockControls"]');
            if (!pre || !code || !controls) return 'missing parts';
            const lastLetter = document.createRange();
            lastLetter.selectNodeContents(code);
            const right = Math.max(...[...lastLetter.getClientRects()].map((rect) => rect.right));
            return { hidden: pre.scrollWidth - pre.clientWidth, clear: controls.getBoundingClientRect().left - right };
          });
          expect(fit, `${op.operationId}: curl sample`).toEqual({ hidden: 0, clear: expect.any(Number) });
          expect(typeof fit === 'object' && fit.clear, `${op.operationId}: space between the text and the copy button`).toBeGreaterThanOrEqual(0);
        }
        await page.screenshot({ path: `${SCREENSHOTS}/${api}-samples-1280.png` });
      } finally {
        await page.setViewportSize({ width: 1400, height: 900 });
      }
    },
    90_000,
  );

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
