// One real Chromium page per test file, with every outside request blocked and console errors collected. After each
// test nothing may have been blocked, and the only console errors are the ones the test said it causes: a failure
// names the test that caused it. Not for the guard's own test, nor for cross-site.chromium.test.ts (its own Chromium,
// with names that resolve to loopback).
import { mkdirSync } from 'node:fs';
import type { Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { type FreshContext, guardNetwork, type NetworkGuard, newBrowserContext, watchErrors } from './chromium.ts';

export const SCREENSHOTS = 'test-results/screenshots';

export interface GuardedPage {
  /** Usable from the file's own beforeAll hooks and tests on. */
  readonly page: Page;
  /**
   * Console errors the running test causes on purpose, one pattern each: after the test, each must match exactly one
   * logged error, and no other error may have been logged. Chromium logs every 4xx or 5xx answer to a fetch as
   * "Failed to load resource", which no page code can prevent.
   */
  expectErrors(...patterns: RegExp[]): void;
}

/**
 * Registers the hooks of a test file's one page: a fresh context of the worker's Chromium, closed after the file.
 * After each test, nothing may have been blocked and the console errors must be the ones it expected.
 */
export function useGuardedPage(): GuardedPage {
  let session: FreshContext | undefined;
  let guard: NetworkGuard;
  let errors: string[];
  let expected: RegExp[] = [];
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
    // Judged per test, then cleared: a failing test's errors are not blamed on the next one.
    const logged = errors.splice(0);
    const patterns = expected;
    expected = [];
    expect(guard.blocked.splice(0), 'requests that would have left the machine').toEqual([]);
    expect(
      logged.filter((error) => !patterns.some((pattern) => pattern.test(error))),
      'console errors',
    ).toEqual([]);
    for (const pattern of patterns) {
      expect(
        logged.filter((error) => pattern.test(error)),
        `console errors matching ${pattern}`,
      ).toHaveLength(1);
    }
  });
  return {
    get page(): Page {
      if (!session) throw new Error('the browser context opens in beforeAll: use the page inside hooks and tests');
      return session.page;
    },
    expectErrors(...patterns) {
      expected.push(...patterns);
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
