// The console's "In this page" target in real Chromium with no mock and no simulator server running: the page
// loads the simulator's core (its own file, fetched only when the target is chosen) and answers the client's
// requests itself, under the page's real Content-Security-Policy (no 'unsafe-eval': its validators are compiled at
// build time). A metadata update read back with ShowServer, the same update signed with AK/SK, a change OS whose
// job the page follows to SUCCESS, and a reset. The only requests that leave the page are for the portal's files.
import type { Request } from 'playwright-core';
import { beforeAll, describe, expect, inject, test } from 'vitest';
import { SCREENSHOTS, useGuardedPage, visibleText } from '../support/guarded-page.ts';

const PROJECT = 'c685484a8cc2416b97260938705deb65';
const SERVER = '95bf2490-5428-432c-ad9b-5e3406f869dd';
const IMAGE = 'e215580f-73ad-429d-b6f2-5433947433b0';

const guarded = useGuardedPage();
/** Every request the page made, as URLs. */
const requested: string[] = [];

beforeAll(async () => {
  guarded.page.on('request', (request: Request) => requested.push(request.url()));
  // The page's clock runs as usual, and the job test moves it on: the change-OS job takes some seconds of it.
  await guarded.page.clock.install();
  await guarded.page.goto(`${inject('docsUrl')}console.html#UpdateServerMetadata`);
});

const shown = (id: string) => visibleText(guarded.page.locator(`#${id}`));

async function pick(operationId: string): Promise<void> {
  const { page } = guarded;
  await page.getByLabel('Operation', { exact: true }).selectOption(operationId);
  await page.getByLabel('project_id').fill(PROJECT);
  await page.getByLabel('server_id').fill(SERVER);
}

/** Sends and waits for the answer's status line. */
async function sendFor(status: RegExp): Promise<void> {
  await guarded.page.getByRole('button', { name: 'Send request' }).click();
  await expect.poll(() => shown('status')).toMatch(status);
}

async function showServerMetadata(): Promise<Record<string, string>> {
  await pick('ShowServer');
  await sendFor(/^200\b/);
  return (JSON.parse(await shown('response-body')) as { server: { metadata: Record<string, string> } }).server.metadata;
}

describe('console.html, "In this page"', () => {
  test('loads the simulator only when chosen, and fills in the credentials it accepts', async () => {
    const { page } = guarded;
    const inPageFile = /\/assets\/console-in-page\.[0-9a-f]+\.js$/;
    expect(requested.filter((url) => inPageFile.test(url))).toEqual([]);
    await expect(page.getByLabel('Token (X-Auth-Token)').inputValue()).resolves.toBe('');
    await page.getByLabel('In this page', { exact: true }).check();
    await expect.poll(() => shown('in-page-status')).toBe('ready');
    expect(requested.filter((url) => inPageFile.test(url))).toHaveLength(1);
    // The default fixture's token and AK/SK: the console's default request works as it is.
    await expect(page.getByLabel('Token (X-Auth-Token)').inputValue()).resolves.toBe('sim-token');
    await expect(page.getByLabel('Access key (AK)').inputValue()).resolves.toBe('SIMACCESSKEYEXAMPLE01');
    // No URL to fill in: nothing goes to a server.
    await expect(page.locator('#page-url').count()).resolves.toBe(0);
  });

  test('UpdateServerMetadata answers the merged metadata, and ShowServer reads it back', async () => {
    const { page } = guarded;
    await pick('UpdateServerMetadata');
    await page.getByLabel('Body (JSON)').fill(JSON.stringify({ metadata: { 'console-key': 'in this page' } }));
    await sendFor(/^200\b/);
    expect(JSON.parse(await shown('response-body'))).toEqual({ metadata: { env: 'dev', 'console-key': 'in this page' } });
    // The request the client sent, to the regional endpoint a program would use; the sample says so.
    await expect(shown('sent')).resolves.toContain(`POST https://ecs.cn-north-4.myhuaweicloud.com/v1/${PROJECT}/cloudservers/${SERVER}/metadata`);
    await expect(shown('sample-ts')).resolves.toContain("region: 'cn-north-4'");
    await expect(showServerMetadata()).resolves.toEqual({ env: 'dev', 'console-key': 'in this page' });
  });

  test('checks an AK/SK signature made in the page, and refuses a wrong secret as the simulator does', async () => {
    const { page } = guarded;
    await pick('UpdateServerMetadata');
    await page.getByLabel('AK/SK (signed in this page)').check();
    await page.getByLabel('Body (JSON)').fill(JSON.stringify({ metadata: { signed: 'yes' } }));
    await sendFor(/^200\b/);
    await expect(shown('sent')).resolves.toMatch(/authorization: SDK-HMAC-SHA256 Access=SIMACCESSKEYEXAMPLE01, SignedHeaders=/);
    await expect(showServerMetadata()).resolves.toMatchObject({ signed: 'yes' });

    await pick('UpdateServerMetadata');
    const secret = page.getByLabel('Secret key (SK)');
    const right = await secret.inputValue();
    await secret.fill('not-the-secret');
    await sendFor(/^401\b/);
    expect(JSON.parse(await shown('response-body'))).toMatchObject({ error_code: 'APIGW.0301' });
    await secret.fill(right);
    await page.getByLabel('Token', { exact: true }).check();
  });

  test('ChangeServerOsWithoutCloudInit: the page follows the job to SUCCESS', { timeout: 60_000 }, async () => {
    const { page } = guarded;
    await page.getByLabel('Operation', { exact: true }).selectOption('ChangeServerOsWithoutCloudInit');
    await page.getByLabel('project_id').fill(PROJECT);
    await page.getByLabel('server_id').fill(SERVER);
    await page.getByLabel('Start from example').selectOption('Password');
    const body = JSON.parse(await page.getByLabel('Body (JSON)').inputValue()) as { 'os-change': Record<string, unknown> };
    await page.getByLabel('Body (JSON)').fill(JSON.stringify({ 'os-change': { ...body['os-change'], imageid: IMAGE, mode: 'withStopServer' } }));
    await sendFor(/^200\b/);
    await expect(shown('response-body')).resolves.toMatch(/"job_id": "[^"]+"/);
    // Followed at once, polled every 2 s; the job runs on the page's clock (stop, then change the OS: some seconds),
    // which each check moves on by one poll interval.
    await expect
      .poll(
        async () => {
          await page.clock.fastForward(2_000);
          return shown('job-status');
        },
        { timeout: 45_000, interval: 100 },
      )
      .toMatch(/^SUCCESS: job /);
    await expect(page.locator('#job-progress').evaluate((p: HTMLProgressElement) => p.value === p.max)).resolves.toBe(true);
    await page.screenshot({ path: `${SCREENSHOTS}/console-in-page-change-os.png`, fullPage: true });
  });

  test("Reset forgets every write; nothing but the portal's own files was requested", async () => {
    await guarded.page.getByRole('button', { name: 'Reset the simulator in this page' }).click();
    await expect.poll(() => shown('in-page-status')).toBe('reset: back to the fixture');
    await expect(showServerMetadata()).resolves.toEqual({ env: 'dev' });
    const portal = new URL(inject('docsUrl')).origin;
    expect(requested.filter((url) => new URL(url).origin !== portal)).toEqual([]);
  });

  test('works opened from a file, with no server at all: the page is the target there', async () => {
    const { page } = guarded;
    await page.goto(`file://${inject('docsDir')}/console.html#UpdateServerMetadata`);
    await expect.poll(() => shown('in-page-status')).toBe('ready');
    await expect(page.getByLabel('In this page', { exact: true }).isChecked()).resolves.toBe(true);
    await pick('UpdateServerMetadata');
    await page.getByLabel('Body (JSON)').fill(JSON.stringify({ metadata: { opened: 'from a file' } }));
    await sendFor(/^200\b/);
    // A new page, a new simulator: the fixture's metadata and this write only.
    expect(JSON.parse(await shown('response-body'))).toEqual({ metadata: { env: 'dev', opened: 'from a file' } });
    // Everything it loaded came from the portal's directory.
    const files = requested.filter((url) => url.startsWith('file:'));
    expect(files.length).toBeGreaterThan(0);
    expect(files.filter((url) => !url.startsWith(`file://${inject('docsDir')}/`))).toEqual([]);
  });
});
