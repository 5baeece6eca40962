// The Redoc pages together, in real Chromium from the local server with every outside request blocked: one
// cacheable Redoc script and stylesheet, pages that open from a file, layouts at 390 and 1280 px, and the
// documents for download. (Apart from service-pages.chromium.test.ts, so that the two run side by side.)
import { readFileSync } from 'node:fs';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { documentPath } from '../../src/openapi/load.ts';
import { apis, operationsOf } from './expected-examples.ts';
import { SCREENSHOTS, showTab, useGuardedPage } from './guarded-page.ts';

const base = inject('docsUrl');

const session = useGuardedPage();
let page: Page;

beforeAll(() => {
  page = session.page;
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
          await showTab(page, request, op.codeSamples[0]?.label ?? 'curl');
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
