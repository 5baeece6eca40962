// Real Chromium for browser tests: finds (or, as root on Debian, installs) the system Chromium, launches it once per
// Vitest worker with the flags headless Debian Chromium needs here, gives each test file a fresh context of it, and
// guards pages so that any request leaving the machine is blocked and recorded. A missing browser is an error, never
// a skipped test.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';

const SYSTEM_CHROMIUM = '/usr/bin/chromium';
const INSTALL_COMMAND = 'apt-get install -y --no-install-recommends chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox', // containers and CI run as root, where the sandbox cannot start
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // no update checks, safe-browsing lists, etc.
  '--disable-component-update',
  '--disable-sync',
  // Nothing leaves the machine: names other than 127.0.0.1 do not resolve, and a request to an IP address goes to a
  // proxy that is not there (Chromium never proxies loopback). guardNetwork records every such attempt.
  '--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1',
  '--proxy-server=http://127.0.0.1:9',
];

function apt(args: string[]): boolean {
  console.log(`chromium: apt-get ${args.join(' ')}`);
  const run = spawnSync('apt-get', args, {
    stdio: ['ignore', 'inherit', 'inherit'],
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
  if (run.error) throw new Error(`cannot run apt-get (${run.error.message}); install Chromium and set CHROMIUM_PATH`);
  return run.status === 0;
}

let found: string | undefined;

/**
 * Returns the Chromium executable: $CHROMIUM_PATH, else /usr/bin/chromium. As root it installs Debian's chromium
 * when missing (about 20 s); otherwise it throws with the command to run.
 */
export function ensureChromium(): string {
  found ??= findOrInstallChromium();
  return found;
}

function findOrInstallChromium(): string {
  const configured = process.env.CHROMIUM_PATH;
  if (configured) {
    if (!existsSync(configured)) throw new Error(`CHROMIUM_PATH=${configured} does not exist`);
    return configured;
  }
  if (existsSync(SYSTEM_CHROMIUM)) return SYSTEM_CHROMIUM;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Chromium is not installed (${SYSTEM_CHROMIUM}). Install it with:\n  sudo ${INSTALL_COMMAND}\n` +
        'or set CHROMIUM_PATH to a Chromium or Chrome executable.',
    );
  }
  console.log(`chromium: ${SYSTEM_CHROMIUM} is missing; installing Debian's chromium…`);
  const args = INSTALL_COMMAND.split(' ').slice(1);
  // A fresh machine often has no package lists yet: update only when the plain install fails.
  if (!apt(args) && !(apt(['update']) && apt(args))) throw new Error(`\`${INSTALL_COMMAND}\` failed (see above)`);
  if (!existsSync(SYSTEM_CHROMIUM)) throw new Error(`${SYSTEM_CHROMIUM} is still missing after installing chromium`);
  console.log(`chromium: installed ${SYSTEM_CHROMIUM}`);
  return SYSTEM_CHROMIUM;
}

export interface FreshContext {
  context: BrowserContext;
  /** The context's one page. */
  page: Page;
  /** Closes the context (the worker's browser stays for the next file). */
  close(): Promise<void>;
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium per Vitest worker, which runs many files: launching one took about 0.9 s and 1.6 CPU-s, nine times a
 * run. The browser goes when the worker does (Playwright closes what it launched when its process exits).
 */
function sharedBrowser(): Promise<Browser> {
  if (shared) return shared;
  const launching = chromium.launch({ executablePath: ensureChromium(), headless: true, args: [...CHROMIUM_ARGS] });
  shared = launching;
  // A browser that failed to start or went away is launched again by the next file.
  const forget = () => {
    if (shared === launching) shared = undefined;
  };
  launching.then((browser) => browser.on('disconnected', forget), forget);
  return launching;
}

/**
 * A fresh browser context with one page, in the worker's headless Chromium: as isolated as a new profile (its own
 * cache, storage, cookies and service workers), without launching a browser.
 */
export async function newBrowserContext(options: { viewport?: { width: number; height: number } } = {}): Promise<FreshContext> {
  const context = await (await sharedBrowser()).newContext({ viewport: options.viewport ?? { width: 1400, height: 900 } });
  const page = await context.newPage();
  return { context, page, close: () => context.close() };
}

/** True for URLs that cannot leave the machine: loopback hosts and in-browser schemes. */
export function isLocalUrl(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  if (['data:', 'blob:', 'about:', 'file:'].includes(protocol)) return true;
  return hostname === 'localhost' || hostname === '[::1]' || /^127(\.\d{1,3}){3}$/.test(hostname);
}

export interface NetworkGuard {
  /** URLs of every request for outside the machine (which CHROMIUM_ARGS make fail), in order. Assert that it is empty. */
  readonly blocked: string[];
}

/**
 * Records every request (HTTP and WebSocket) of the context for a URL outside the machine. It watches rather than
 * intercepts: Chromium's flags already stop such requests, and intercepting every request turns off the HTTP cache,
 * so each page load fetched and compiled Redoc's 2.2 MB script again (an eighth of the browser tests' CPU time).
 */
export function guardNetwork(context: BrowserContext, { alsoLocal = [] }: { alsoLocal?: readonly string[] } = {}): NetworkGuard {
  const blocked: string[] = [];
  // alsoLocal: host names a test maps to loopback itself (--host-resolver-rules), which count as this machine.
  const record = (url: string) => {
    if (!isLocalUrl(url) && !alsoLocal.includes(new URL(url).hostname)) blocked.push(url);
  };
  // Every request ends in a response or a failure; one a service worker answered (MSW's) never left the page.
  context.on('response', (response) => {
    if (!response.fromServiceWorker()) record(response.url());
  });
  context.on('requestfailed', (request) => record(request.url()));
  const watch = (page: Page) => page.on('websocket', (socket) => record(socket.url()));
  for (const page of context.pages()) watch(page);
  context.on('page', watch);
  return { blocked };
}

/** Collects console errors and uncaught page errors. Assert that the list is empty. */
export function watchErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()} (${message.location().url})`);
  });
  page.on('pageerror', (error) => errors.push(`page error: ${error.message}`));
  return errors;
}
