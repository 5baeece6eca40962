// One real Chromium page per test file, with every outside request blocked and console errors collected;
// both are asserted empty after each test, so a failure names the page that caused it.
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type FreshContext, guardNetwork, type NetworkGuard, newBrowserContext, watchErrors } from '../support/chromium.ts';

export const SCREENSHOTS = 'test-results/screenshots';

/** Registers the hooks; `page` is usable from the file's own beforeAll hooks and tests on. */
export function useGuardedPage(): { readonly page: Page } {
  let session: FreshContext | undefined;
  let guard: NetworkGuard;
  let errors: string[];
  beforeAll(async () => {
    mkdirSync(SCREENSHOTS, { recursive: true });
    session = await newBrowserContext();
    guard = guardNetwork(session.context);
    session.page.setDefaultTimeout(15_000); // fail with Playwright's message, well before the test timeout
    errors = watchErrors(session.page);
  });
  afterAll(async () => {
    await session?.close();
  });
  afterEach(() => {
    expect(guard.blocked, 'requests that would have left the machine').toEqual([]);
    expect(errors, 'console errors').toEqual([]);
  });
  return {
    get page(): Page {
      if (!session) throw new Error('the browser context opens in beforeAll: use the page inside hooks and tests');
      return session.page;
    },
  };
}

/**
 * The text a reader sees in an element. These tests assert what is shown, so they read the rendered text
 * (innerText: CSS-hidden parts left out, line breaks where the layout puts them), not the DOM's textContent.
 */
export function visibleText(locator: Locator): Promise<string> {
  // biome-ignore lint/performance/useDomNodeTextContent: the assertions are about rendered text, see above.
  return locator.innerText();
}
