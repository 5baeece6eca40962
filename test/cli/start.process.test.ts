// `npm start` as a user runs it: a real process serving the docs and the real mock (in that same process), stopped
// by Ctrl-C (SIGINT), SIGTERM or SIGHUP (its terminal closed), after which neither server may be left behind.
import { type ChildProcess, spawn } from 'node:child_process';
import { cpSync, mkdtempSync } from 'node:fs';
import { connect, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, test } from 'vitest';
import { CLI, PORTAL } from '../support/built.ts';
import { isAlive, waitFor } from '../support/processes.ts';

const children: ChildProcess[] = [];
// A built portal, so that each start below can skip building (--no-build): a copy of the one the command ships,
// built by buildDocs from this tree (the processes project's global setup builds it when a source is newer).
const docsDir = mkdtempSync(join(tmpdir(), 'hwc-start-docs-'));
beforeAll(() => {
  cpSync(PORTAL, docsDir, { recursive: true });
});
const mockPids: number[] = [];
// After a failed assertion: stop `start` the normal way (it stops its mock), and make sure of both.
afterEach(async () => {
  for (const child of children.splice(0)) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    const exited = new Promise((done) => child.once('exit', done));
    child.kill('SIGTERM');
    await Promise.race([exited, new Promise((done) => setTimeout(done, 5_000))]);
    child.kill('SIGKILL');
  }
  for (const pid of mockPids.splice(0)) if (isAlive(pid)) process.kill(pid, 'SIGKILL');
});

function isListening(port: number): Promise<boolean> {
  return new Promise((done) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.end();
      done(true);
    });
    socket.once('error', () => done(false));
  });
}

/** What `npm start` runs, with these arguments. */
const start = (args: string[]) => spawn(process.execPath, [CLI, 'start', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });

describe('npm start (src/cli/start.ts)', () => {
  test.each(['SIGINT', 'SIGTERM', 'SIGHUP'] as const)('serves docs and mock on loopback, and %s stops both', async (signal) => {
    const child = start(['--no-build', '--docs-dir', docsDir, '--docs-port', '0', '--mock-port', '0']);
    children.push(child);
    const output = { text: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));

    await waitFor(child, /Press Ctrl-C to stop/, { name: 'start' }); // printed after both URLs
    const docsUrl = output.text.match(/Docs portal:\s+(http:\/\/127\.0\.0\.1:\d+\/)/)?.[1] ?? '';
    const mockPort = Number(output.text.match(/Mock server:\s+http:\/\/127\.0\.0\.1:(\d+)/)?.[1]);
    expect(mockPort, output.text).toBeGreaterThan(0);
    // The mock runs inside the start process: there is no second process to orphan.
    const mockPid = Number(output.text.match(/mock started in this process \(pid (\d+)\)/)?.[1]);
    expect(mockPid).toBe(child.pid);
    mockPids.push(mockPid);
    expect(isAlive(mockPid)).toBe(true);

    const page = await fetch(`${docsUrl}index.html`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect((await fetch(`${docsUrl}no-such-page.html`)).status).toBe(404);
    // Any HTTP answer proves the mock is up; what it answers is the mock's own tests' business.
    const mock = await fetch(`http://127.0.0.1:${mockPort}/v1/0123456789abcdef/jobs/ff80808288d41e1b018990260955686a`);
    expect(mock.status).toBeGreaterThanOrEqual(200);

    const exited = new Promise<number | null>((done) => child.once('exit', (code) => done(code)));
    child.kill(signal);
    expect(await exited).toBe(0);
    expect(isAlive(mockPid), 'the mock process outlived npm start').toBe(false);
    expect(await isListening(mockPort)).toBe(false);
    expect(await isListening(Number(new URL(docsUrl).port))).toBe(false);
  });

  test('does not take another program on the mock port for the mock', async () => {
    // Something else answers on the port: the mock cannot listen there, and start must not say it is ready.
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((done) => blocker.once('listening', done));
    const { port: mockPort } = blocker.address() as { port: number };
    try {
      const child = start(['--no-build', '--docs-dir', docsDir, '--docs-port', '0', '--mock-port', String(mockPort)]);
      children.push(child);
      let text = '';
      child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (text += chunk.toString()));
      const code = await new Promise((done) => child.once('exit', done));
      expect(code).toBe(1);
      expect(text).toContain('the port is in use');
      expect(text).not.toContain('Mock server:');
    } finally {
      await new Promise((done) => blocker.close(done));
    }
  });

  test('from the repository, keeps a portal built from the same inputs and says so', async () => {
    // `npm start` runs the sources (no prebuilt portal): docsDir, a copy of a buildDocs build, carries its inputs' stamp.
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'start', '--no-mock', '--docs-dir', docsDir, '--docs-port', '0'], {
      cwd: fileURLToPath(new URL('../../', import.meta.url)),
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    children.push(child);
    const output = { text: '' };
    child.stdout.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output.text += chunk.toString()));
    await waitFor(child, /Press Ctrl-C to stop/, { name: 'start' });
    expect(output.text).toMatch(/is up to date \(built from the same documents and code, inputs sha256 [0-9a-f]{12}\): not rebuilt/);
    expect(output.text).not.toContain('building');
    const docsUrl = output.text.match(/Docs portal:\s+(http:\/\/127\.0\.0\.1:\d+\/)/)?.[1] ?? '';
    expect((await fetch(`${docsUrl}index.html`)).status).toBe(200);
    expect((await fetch(`${docsUrl}.build-inputs.json`)).status).toBe(404);
  });

  test('--help explains the options', async () => {
    const child = start(['--help']);
    children.push(child);
    let text = '';
    child.stdout.on('data', (chunk: Buffer) => (text += chunk.toString()));
    const code = await new Promise((done) => child.once('exit', done));
    expect(code).toBe(0);
    for (const option of ['--docs-port', 'DOCS_PORT', '--mock-port', 'MOCK_PORT', '--host', '--no-mock', '127.0.0.1']) {
      expect(text).toContain(option);
    }
  });
});
