// The guard the docs tests rely on must really catch outside traffic; otherwise "nothing was blocked" proves
// nothing. A page from the local server tries to reach out by name, by IP address and over a WebSocket.
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type FreshContext, guardNetwork, isLocalUrl, type NetworkGuard, newBrowserContext } from '../support/chromium.ts';

let session: FreshContext;
let guard: NetworkGuard;

beforeAll(async () => {
  session = await newBrowserContext();
  guard = guardNetwork(session.context);
});
afterAll(async () => {
  await session?.close();
});

describe('network guard', () => {
  test('classifies loopback and in-browser URLs as local, everything else as outside', () => {
    for (const url of ['http://127.0.0.1:8080/x', 'http://localhost/', 'http://[::1]:4010/', 'data:text/plain,x', 'blob:null/1', 'about:blank']) {
      expect(isLocalUrl(url), url).toBe(true);
    }
    for (const url of ['https://cdn.redoc.ly/x.svg', 'http://203.0.113.7/', 'http://127.0.0.1.example.com/', 'wss://example.com/']) {
      expect(isLocalUrl(url), url).toBe(false);
    }
  });

  test('blocks and records outside requests while loopback ones pass', async () => {
    const { page } = session;
    // A page without the landing page's Content-Security-Policy, which would stop these requests by itself.
    await page.goto(`${inject('docsUrl')}not-a-page`);
    const results = await page.evaluate(async () => {
      const attempt = (url: string) =>
        fetch(url, { mode: 'no-cors' }).then(
          () => 'reached',
          () => 'failed',
        );
      const socket = new Promise<string>((done) => {
        const ws = new WebSocket('wss://example.com/socket');
        ws.onopen = () => done('reached');
        ws.onerror = () => done('failed');
        ws.onclose = () => done('failed');
      });
      return {
        byName: await attempt('https://example.com/track'),
        byAddress: await attempt('http://203.0.113.7/pixel.gif'),
        webSocket: await socket,
        local: await attempt(location.href),
      };
    });
    expect(results).toEqual({ byName: 'failed', byAddress: 'failed', webSocket: 'failed', local: 'reached' });
    expect(guard.blocked).toEqual(expect.arrayContaining(['https://example.com/track', 'http://203.0.113.7/pixel.gif', 'wss://example.com/socket']));
    expect(guard.blocked.some((url) => isLocalUrl(url))).toBe(false);
  });
});
