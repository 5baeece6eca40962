import type { Locator, Page } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { operation } from '../support/openapi.ts';
import { apis, type ExampleCase, operationsOf } from './expected-examples.ts';
import { SCREENSHOTS, showTab, useGuardedPage, visibleText } from './guarded-page.ts';

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
        await showTab(page, request, sample.label);
        const code = request.locator('[data-component-name="CodeBlock/CodeBlock"]');
        await expect.poll(() => visibleText(code), { message: `the ${sample.label} sample shown` }).toBe(sample.source);
      }
      // The page with its (first) TypeScript sample, as a reader sees it.
      await showTab(page, request, op.codeSamples[1]?.label ?? 'TypeScript');
      await request.scrollIntoViewIfNeeded();
      await page.screenshot({ path: `${SCREENSHOTS}/${api}-${op.operationId}-samples.png` });
      if (op.requestExamples.length > 0) {
        await showTab(page, request, 'Payload');
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
