// The try-it console (console.html) in real Chromium, offline, against a simulator and a mock started in this
// process on free loopback ports: an AK/SK-signed UpdateServerMetadata that the simulator's state then shows, a
// change OS whose job the page follows to SUCCESS by itself, a documented 404 from the mock, and a redirect that it
// does not follow. Credentials are canary
// values: afterwards none may be found in the address, the page's storage, its console messages or what it shows.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, test } from 'vitest';
import { type RunningMock, startMock } from '../../src/cli/mock.ts';
import { type Simulator, startSimulator } from '../../src/servers/sim/index.ts';
import { SCREENSHOTS, useGuardedPage, visibleText } from '../support/guarded-page.ts';
import { apis, sdkEntriesOf } from './expected-examples.ts';

const PROJECT = 'c685484a8cc2416b97260938705deb65';
const SERVER = '95bf2490-5428-432c-ad9b-5e3406f869dd';
const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';
const CANARY = {
  token: 'canary-token-3f1d9a7c5e',
  accessKey: 'CANARYACCESSKEY7Q2W',
  secretKey: 'canary-secret-key-8b4e2c6a0d',
  securityToken: 'canary-security-token-5a7c9e1b',
  adminpass: 'Canary-Passw0rd-61',
};
/** What must never be stored, logged or shown (the access key is an identifier, shown on purpose). */
const SECRETS = [CANARY.token, CANARY.secretKey, CANARY.securityToken, CANARY.adminpass];

const session = useGuardedPage();
let page: Page;
let sim: Simulator;
let mock: RunningMock;
/** Every console message of the page, of every level: none may hold a secret. */
const consoleMessages: string[] = [];

beforeAll(async () => {
  [sim, mock] = await Promise.all([
    startSimulator({
      port: 0,
      jobDurations: { initMs: 100, stopMs: 100, runMs: 300 },
      credentials: { tokens: [CANARY.token], access_keys: [{ access_key: CANARY.accessKey, secret_key: CANARY.secretKey }] },
      warn: () => {},
    }),
    startMock({ name: 'mock', host: '127.0.0.1', port: 0, portOption: '--port', print: () => {} }),
  ]);
  page = session.page;
  page.on('console', (message) => consoleMessages.push(`${message.type()}: ${message.text()}`));
  await page.goto(`${inject('docsUrl')}console.html`);
});

afterAll(async () => {
  await sim?.close();
  await mock?.close();
});

async function pick(operationId: string): Promise<void> {
  await page.getByLabel('Operation', { exact: true }).selectOption(operationId);
  expect(new URL(page.url()).hash).toBe(`#${operationId}`);
}

async function target(which: 'mock' | 'sim'): Promise<void> {
  if (which === 'sim') {
    await page.getByLabel('Simulator', { exact: true }).check();
    await page.getByLabel('Simulator URL').fill(sim.url);
  } else {
    await page.getByLabel('Mock', { exact: true }).check();
    await page.getByLabel('Mock URL').fill(mock.url);
  }
}

async function useToken(): Promise<void> {
  await page.getByLabel('Token', { exact: true }).check();
  await page.getByLabel('Token (X-Auth-Token)').fill(CANARY.token);
}

/** Sends and waits for the answer's status line. */
async function sendFor(status: RegExp): Promise<void> {
  await page.getByRole('button', { name: 'Send request' }).click();
  await expect.poll(() => visibleText(page.locator('#status'))).toMatch(status);
}

const body = (value: unknown) => page.getByLabel('Body (JSON)').fill(JSON.stringify(value, null, 2));
const shown = (id: string) => visibleText(page.locator(`#${id}`));

describe('console.html', () => {
  test('offers every operation of every service, each with its named examples and documented statuses', async () => {
    const operations = apis.flatMap(sdkEntriesOf);
    const picker = page.getByLabel('Operation', { exact: true });
    const offered = await picker.locator('option').evaluateAll((options: HTMLOptionElement[]) => options.map((o) => o.value));
    expect([...offered].sort()).toEqual(operations.map((op) => op.operationId).sort());
    for (const op of operations) {
      // Opened by its link, as the landing page and the reference pages link it.
      await page.goto(`${inject('docsUrl')}console.html#${op.operationId}`);
      await expect(picker.inputValue()).resolves.toBe(op.operationId);
      const examples = await page
        .getByLabel('Start from example')
        .locator('option')
        .evaluateAll((options: HTMLOptionElement[]) => options.map((o) => o.value));
      expect(examples, op.operationId).toEqual(op.requestExamples.map((e) => e.name));
      if (op.requestExamples[0]) expect(JSON.parse(await page.getByLabel('Body (JSON)').inputValue())).toEqual(op.requestExamples[0].value);
      const statuses = await page
        .getByLabel('Mock response (Prefer code)')
        .locator('option')
        .evaluateAll((options: HTMLOptionElement[]) => options.map((o) => o.value));
      expect(statuses.slice(1), op.operationId).toEqual(op.responses.map((r) => r.status));
    }
  });

  test('UpdateServerMetadata against the simulator, signed with AK/SK in the page', async () => {
    await pick('UpdateServerMetadata');
    await target('sim');
    await page.getByLabel('AK/SK (signed in this page)').check();
    await page.getByLabel('Access key (AK)').fill(CANARY.accessKey);
    await page.getByLabel('Secret key (SK)').fill(CANARY.secretKey);
    await page.getByLabel('Security token (temporary keys only)').fill(CANARY.securityToken);
    await page.getByLabel('project_id').fill(PROJECT);
    await page.getByLabel('server_id').fill(SERVER);
    await body({ metadata: { 'console-key': 'from the console' } });
    await sendFor(/^200\b/);

    const sent = await shown('sent');
    expect(sent).toContain(`POST ${sim.url}/v1/${PROJECT}/cloudservers/${SERVER}/metadata`);
    expect(sent).toMatch(new RegExp(`authorization: SDK-HMAC-SHA256 Access=${CANARY.accessKey}, SignedHeaders=[a-z0-9;-]+, Signature=\\[REDACTED\\]`));
    expect(sent).toContain('x-security-token: [REDACTED]');
    expect(sent).toMatch(/x-sdk-date: \d{8}T\d{6}Z/);
    expect(sent).toContain('"console-key": "from the console"');
    await expect(shown('response-body')).resolves.toContain('"console-key": "from the console"');

    // The sample code is for this request: the simulator as endpoint, AK/SK from the environment, the body sent.
    const typescript = await shown('sample-ts');
    expect(typescript).toContain(`endpoint: '${sim.url}'`);
    expect(typescript).toContain(`projectId: '${PROJECT}'`);
    expect(typescript).toContain("credentials: { accessKey: env('HWC_ACCESS_KEY'), secretKey: env('HWC_SECRET_KEY') }");
    expect(typescript).toContain(`ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata'`);
    expect(typescript).toContain("'console-key': 'from the console'");
    await expect(shown('sample-curl')).resolves.toContain(`curl -sS -i -X POST ${sim.url}/v1/${PROJECT}/cloudservers/${SERVER}/metadata`);

    const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { servers: Array<{ id: string; metadata: Record<string, string> }> };
    expect(state.servers.find((s) => s.id === SERVER)?.metadata).toMatchObject({ 'console-key': 'from the console' });
    await page.screenshot({ path: `${SCREENSHOTS}/console-update-metadata.png`, fullPage: true });
  });

  test('reads back a write on the simulator: ShowServer shows the metadata, DeleteServerMetadata removes it', async () => {
    await pick('UpdateServerMetadata');
    await target('sim');
    await useToken();
    await page.getByLabel('project_id').fill(PROJECT);
    await page.getByLabel('server_id').fill(SERVER);
    await body({ metadata: { 'read:back': 'written in the console' } });
    await sendFor(/^200\b/);

    const showServer = async () => {
      await pick('ShowServer');
      await page.getByLabel('project_id').fill(PROJECT);
      await page.getByLabel('server_id').fill(SERVER);
      await sendFor(/^200\b/);
      return shown('response-body');
    };
    await expect(showServer()).resolves.toContain('"read:back": "written in the console"');

    await pick('DeleteServerMetadata');
    await page.getByLabel('project_id').fill(PROJECT);
    await page.getByLabel('server_id').fill(SERVER);
    await page.getByLabel('key', { exact: true }).fill('read:back');
    await sendFor(/^204\b/);
    await expect(shown('sent')).resolves.toContain(`DELETE ${sim.url}/v1/${PROJECT}/cloudservers/${SERVER}/metadata/read%3Aback`);
    await expect(showServer()).resolves.not.toContain('read:back');
  });

  test('a change OS on the simulator, its job followed to SUCCESS without a click', async () => {
    await pick('ChangeServerOsWithoutCloudInit');
    await target('sim');
    await useToken();
    await page.getByLabel('Start from example').selectOption('Password');
    await body({ 'os-change': { adminpass: CANARY.adminpass, imageid: IMAGE, mode: 'withStopServer' } });
    await sendFor(/^200\b/);
    // Followed at once, as the README says: no button to press first.
    await expect(page.getByRole('button', { name: 'Stop following' }).isVisible()).resolves.toBe(true);
    const sent = await shown('sent');
    expect(sent).toContain('x-auth-token: [REDACTED]');
    expect(sent).toContain('"adminpass": "[REDACTED]"');
    const typescript = await shown('sample-ts');
    expect(typescript).toContain('await waitForJob(ecs, job_id');
    expect(typescript).toContain("adminpass: '[REDACTED]'");
    await expect(shown('sample-curl')).resolves.toContain('"adminpass": "[REDACTED]"');
    const jobId = /"job_id": "([^"]+)"/.exec(await shown('response-body'))?.[1];
    expect(jobId).toBeTruthy();

    await expect.poll(() => shown('job-status'), { timeout: 15_000 }).toMatch(/^SUCCESS: job /);
    await expect(page.getByRole('button', { name: 'Follow the job again' }).isVisible()).resolves.toBe(true);
    await expect(page.locator('#job-progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).resolves.toBe(true);
    const state = (await (await fetch(`${sim.url}/__sim/state`)).json()) as { servers: Array<{ id: string; image_id: string; vm_state: string }> };
    expect(state.servers.find((s) => s.id === SERVER)).toMatchObject({ image_id: IMAGE, vm_state: 'stopped' });
    await page.screenshot({ path: `${SCREENSHOTS}/console-change-os.png`, fullPage: true });
  });

  test('says what is wrong instead of sending: a target off this machine, bad JSON, a missing path value', async () => {
    await pick('UpdateServerMetadata');
    await target('mock');
    await useToken();
    await sendFor(/^200\b/); // an answer on screen, which a refused request must take away
    const problem = page.getByRole('alert');
    await page.getByLabel('Mock URL').fill('http://203.0.113.7:4010');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(visibleText(problem)).resolves.toContain('The target must be an http URL on this machine');
    await page.getByLabel('Mock URL').fill(mock.url);
    await page.getByLabel('Body (JSON)').fill(`{"metadata": {"k": "${CANARY.adminpass}"`);
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(visibleText(problem)).resolves.toMatch(/^The body is not valid JSON/);
    await expect(visibleText(problem)).resolves.not.toContain(CANARY.adminpass); // the parser's message quotes the text
    // Only the problem shows: no earlier answer beside it, which could be taken for this request's.
    await expect(page.locator('#exchange').isHidden()).resolves.toBe(true);
    await expect(shown('placeholder')).resolves.toContain('Nothing sent yet');
    await body({ metadata: { k: 'v' } });
    await page.getByLabel('server_id').fill('');
    await page.getByRole('button', { name: 'Send request' }).click();
    await expect(problem.isHidden()).resolves.toBe(true);
    await expect.poll(() => shown('sent')).toBe('Nothing was sent: path.server_id: required: is required');
    await page.getByLabel('server_id').fill(SERVER);
  });

  test('a documented error from the mock, chosen with Prefer: code=404', async () => {
    await pick('UpdateServerMetadata');
    await target('mock');
    await useToken();
    await page.getByLabel('Mock response (Prefer code)').selectOption('404');
    const url = `${mock.url}/v1/${PROJECT}/cloudservers/${SERVER}/metadata`;
    // Chromium logs the documented 404 the test asks for.
    session.expectErrors(
      new RegExp(`^console: Failed to load resource: the server responded with a status of 404 \\(Not Found\\) \\(${url.replace(/[.]/g, '\\.')}\\)$`),
    );
    await sendFor(/^404\b/);
    await expect(shown('sent')).resolves.toContain('prefer: code=404');
    await expect(shown('sample-curl')).resolves.toContain(`-H "X-Auth-Token: $HWC_TOKEN" \\\n  -H 'Prefer: code=404'`);
    await expect(shown('sample-ts')).resolves.toContain("headers: { Prefer: 'code=404' }");
    const answer = JSON.parse(await shown('response-body')) as unknown;
    expect(answer).toEqual({ error: { code: 'Ecs.0114', message: 'The ECS does not exist.' } });
    await page.screenshot({ path: `${SCREENSHOTS}/console-mock-404.png`, fullPage: true });
  });

  test('before the first send, the result column says what will show there', async () => {
    await page.goto('about:blank');
    await page.setViewportSize({ width: 1280, height: 900 });
    try {
      await page.goto(`${inject('docsUrl')}console.html`);
      const placeholder = page.locator('#placeholder');
      await expect(visibleText(placeholder)).resolves.toContain('Nothing sent yet');
      // Beside the form, at the top: not an empty column.
      const [form, result] = await Promise.all([page.locator('#request').boundingBox(), page.locator('#result').boundingBox()]);
      expect(result?.x).toBeGreaterThan((form?.x ?? 0) + (form?.width ?? 0) - 1);
      expect(result?.y).toBe(form?.y);
      await page.screenshot({ path: `${SCREENSHOTS}/console-1280-placeholder.png` });
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  test('on a 390 px screen, sending brings the result into view', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      await page.goto(`${inject('docsUrl')}console.html#UpdateServerMetadata`);
      await target('mock');
      await useToken();
      await page.evaluate(() => window.scrollTo(0, 0));
      await sendFor(/^200\b/);
      await expect
        .poll(() => page.locator('#status').evaluate((status) => status.getBoundingClientRect().top), { message: 'the status line is on screen' })
        .toBeLessThan(844);
      await expect(page.locator('#status').evaluate((status) => status.getBoundingClientRect().top)).resolves.toBeGreaterThanOrEqual(0);
      await page.screenshot({ path: `${SCREENSHOTS}/console-390-result.png` });
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
  });

  test('never follows a redirect: the credentials stay with the target, and the page says why nothing came back', async () => {
    // The target answers 307 to another loopback server, which must see no request at all.
    const reached: IncomingMessage[] = [];
    const elsewhere = createServer((req, res) => {
      reached.push(req);
      res.writeHead(200, { 'Access-Control-Allow-Origin': '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': '*' }).end('{}');
    });
    const redirecting = createServer((req, res) => {
      const cors = { 'Access-Control-Allow-Origin': req.headers.origin ?? '*', 'Access-Control-Allow-Headers': '*', 'Access-Control-Allow-Methods': '*' };
      if (req.method === 'OPTIONS') return void res.writeHead(204, cors).end();
      res.writeHead(307, { ...cors, Location: `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}${req.url}` }).end();
    });
    const listen = (server: Server) => new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
    await Promise.all([listen(elsewhere), listen(redirecting)]);
    try {
      await page.goto(`${inject('docsUrl')}console.html#UpdateServerMetadata`);
      await page.getByLabel('Mock', { exact: true }).check();
      await page.getByLabel('Mock URL').fill(`http://127.0.0.1:${(redirecting.address() as AddressInfo).port}`);
      await useToken();
      await sendFor(/^no answer$/);
      await expect(shown('response-body')).resolves.toMatch(/^The target answered with a redirect \(HTTP 3xx\), which the console does not follow/);
      expect(reached.map((req) => `${req.method} ${req.url}`)).toEqual([]);
    } finally {
      await Promise.all([elsewhere, redirecting].map((server) => new Promise((done) => server.close(done))));
    }
  });

  test('an address with a malformed escape (console.html#%) opens the first operation', async () => {
    await page.goto('about:blank');
    await page.goto(`${inject('docsUrl')}console.html#%`);
    const first = apis.flatMap(sdkEntriesOf)[0]?.operationId;
    await expect(page.getByLabel('Operation', { exact: true }).inputValue()).resolves.toBe(first);
    // Its form is filled: the first path parameter starts from the documented example.
    await expect(page.getByLabel('project_id').inputValue()).resolves.not.toBe('');
    await page.goto(`${inject('docsUrl')}console.html#%E0%A4%A`); // and as a hash change
    await expect(page.getByLabel('Operation', { exact: true }).inputValue()).resolves.toBe(first);
  });

  test("opened from a file, runs, and says that the mock and the simulator need the portal's server", async () => {
    await page.goto(`file://${inject('docsDir')}/console.html`);
    await expect(visibleText(page.locator('#from-file'))).resolves.toContain("The mock and the simulator answer the portal's own pages only");
    await expect(page.locator('#needs-server').isHidden()).resolves.toBe(true);
    // The target that answers there is chosen (test/docs/console-in-page.chromium.test.ts sends to it from a file).
    await expect(page.getByLabel('In this page', { exact: true }).isChecked()).resolves.toBe(true);
    await expect.poll(() => shown('in-page-status')).toBe('ready');
    await page.goto(`${inject('docsUrl')}console.html`);
    await expect(page.locator('#from-file').isHidden()).resolves.toBe(true);
  });

  test('says that its scripts did not run when they cannot load', async () => {
    session.expectErrors(/^console: Failed to load resource: net::ERR_FAILED \(.*\/assets\/console\.[0-9a-f]+\.js\)$/);
    await page.route('**/assets/console.*.js', (route) => route.abort('failed'));
    try {
      await page.goto(`${inject('docsUrl')}console.html`);
      await expect(visibleText(page.locator('#needs-server'))).resolves.toContain("The console's scripts did not run");
    } finally {
      await page.unroute('**/assets/console.*.js');
    }
    await page.goto(`${inject('docsUrl')}console.html`);
    await expect(page.locator('#needs-server').isHidden()).resolves.toBe(true);
  });

  test('fits a 390 px screen without horizontal scrolling, every control labelled', async () => {
    await page.setViewportSize({ width: 390, height: 844 });
    try {
      const widths = await page.evaluate(() => ({ page: document.documentElement.scrollWidth, screen: window.innerWidth }));
      expect(widths.page).toBeLessThanOrEqual(widths.screen);
      await page.screenshot({ path: `${SCREENSHOTS}/console-390.png`, fullPage: true });
    } finally {
      await page.setViewportSize({ width: 1400, height: 900 });
    }
    const unlabelled = await page.evaluate(() =>
      [...document.querySelectorAll<HTMLInputElement>('input, select, textarea')]
        .filter((control) => !control.labels?.length && !control.getAttribute('aria-label'))
        .map((control) => control.id || control.name),
    );
    expect(unlabelled).toEqual([]);
  });

  test('loads scripts from the portal only, and leaves no secret in the address, storage, logs or output', async () => {
    const scripts = await page.evaluate(() => [...document.scripts].map((s) => ({ src: s.src, type: s.type, inline: s.text.length > 0 })));
    for (const script of scripts) {
      if (script.inline)
        expect(script.type).toBe('application/json'); // data, not code
      else expect(new URL(script.src).origin).toBe(new URL(inject('docsUrl')).origin);
    }
    await expect(page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content')).resolves.toContain("script-src 'self';");

    const traces = await page.evaluate(() => ({
      url: location.href,
      history: history.length,
      local: JSON.stringify(Object.entries(localStorage)),
      session: JSON.stringify(Object.entries(sessionStorage)),
      cookies: document.cookie,
      shown: document.body.textContent ?? '',
    }));
    const logs = consoleMessages.join('\n');
    for (const secret of SECRETS) {
      expect(traces.url).not.toContain(secret);
      expect(traces.local).not.toContain(secret);
      expect(traces.session).not.toContain(secret);
      expect(traces.cookies).not.toContain(secret);
      expect(traces.shown).not.toContain(secret);
      expect(logs).not.toContain(secret);
    }
    expect(traces.local).toBe('[]');
    expect(traces.session).toBe('[]');
  });
});
