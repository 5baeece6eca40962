// A body that is not valid JSON gets the documented 400, and no part of it comes back or reaches the log:
// V8's JSON.parse messages quote the input around the fault, which here would be the password.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { validRequests } from '../../support/fidelity-cases.ts';
import { operation } from '../../support/openapi.ts';
import { token } from './api.ts';
import { type MockProcess, startMock } from './mock-process.ts';

// Its own mock, logging each request (global-setup's runs with --quiet): the log is what is checked too.
let mock: MockProcess;
beforeAll(async () => {
  mock = await startMock('mock', ['--no-quiet']);
}, 20_000);
afterAll(async () => {
  await mock?.stop();
});

describe('a body that is not valid JSON', () => {
  it('is refused with 400 without echoing the body in the response or the log', async () => {
    const canary = 'Canary7fE3xPassw0rd';
    const request = validRequests.ChangeServerOsWithoutCloudInit;
    if (!request) throw new Error('no valid request for ChangeServerOsWithoutCloudInit');
    const path = operation(request.operationId).path.replace(/\{([^}]+)\}/g, (_, name: string) => request.path[name] ?? '');
    // The password unquoted: JSON.parse fails right at it.
    const body = `{"os-change":{"adminpass":${canary},"imageid":"e215580f-73ad-429d-b6f2-5433947433b0","mode":"withStopServer"}}`;
    const response = await fetch(`${mock.url}${path}`, {
      method: 'POST',
      headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json' },
      body,
    });
    const text = await response.text();
    expect(response.status).toBe(400);
    expect(text).toContain('body: syntax: must be valid JSON');
    // The log line of this request is printed once the response is sent.
    const deadline = Date.now() + 5_000;
    while (!mock.output().includes('→ 400') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(mock.output()).toContain('body: syntax: must be valid JSON');
    for (const where of [text, mock.output()]) expect(where).not.toMatch(/Canary|Passw0rd/);
  });
});
