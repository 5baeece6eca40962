// `hwc-openapi <command>` (src/cli/main.ts, built as it ships): one help format at every level, a
// helpful answer to an unknown command or a bad argument, its version, and `docs --serve`. The built command
// is what users install: its help never names this repository's npm scripts; run from the sources (as the
// npm scripts do), it does.
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI } from '../support/built.ts';

const root = new URL('../../', import.meta.url).pathname;
const children: ChildProcess[] = [];
/** The command from the repository's sources, as `npm run <script>` runs it. */
const SOURCES = ['--import', 'tsx', join(root, 'src/cli/main.ts')];

/** Runs the CLI (the built one, or `from` the sources) to its end, asynchronously so that the concurrent tests overlap. */
function cli(args: string[], env: Record<string, string> = {}, from = [CLI]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [...from, ...args], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.once('close', (status) => resolve({ status, stdout, stderr })));
}
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

describe.concurrent('hwc-openapi', () => {
  it('--help lists every command', async () => {
    const run = await cli(['--help']);
    expect(run.status).toBe(0);
    for (const command of ['start', 'mock', 'proxy', 'sim', 'docs']) expect(run.stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
    expect(run.stdout).toContain('hwc-openapi <command> --help');
    expect(run.stdout).toMatch(/^ {2}-v, --version +print the version/m);
    // Installed, there is no repository and no npm script to run; and the portal ships prebuilt.
    expect(run.stdout).not.toMatch(/From this repository|npm start|npm run/);
    expect(run.stdout).toMatch(/^ {2}start +serve the docs portal this package ships/m);
  });

  it.each([['--version'], ['-v']])('%s prints the version of hwc-openapi-dev', async (flag) => {
    const { version } = JSON.parse(readFileSync(join(root, 'packages/hwc-openapi-dev/package.json'), 'utf8')) as { version: string };
    const run = await cli([flag]);
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`hwc-openapi-dev ${version}\n`);
  });

  it('proxy prefixes its progress lines with proxy:, the name of its command', async () => {
    const child = spawn(process.execPath, [CLI, 'proxy', 'http://127.0.0.1:9', '--port', '0'], { stdio: ['ignore', 'pipe', 'pipe'] });
    children.push(child);
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.stdout.on('data', () => {
        if (/listening on http:/.test(output)) resolve();
      });
      void exited.then((code) => reject(new Error(`proxy exited ${code}:\n${output}`)));
    });
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toMatch(/^proxy: loading /m);
    expect(output).toMatch(/^proxy: SIGINT, stopping/m);
    expect(output).not.toContain('mock:proxy');
  });

  it('no command prints the list and fails', async () => {
    const run = await cli([]);
    expect(run.status).toBe(2);
    expect(run.stdout).toContain('Usage: hwc-openapi <command> [options]');
  });

  it('an unknown command is named, with the nearest one and the list', async () => {
    const run = await cli(['mok', '--port', '1']);
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('unknown command "mok". Did you mean "mock"?');
    expect(run.stderr).toMatch(/^ {2}proxy +\S/m);
  });

  it.each([
    ['start', ['--docs-port', 'DOCS_PORT', '--mock-port', '--no-mock', '--no-build', '--docs-dir']],
    ['mock', ['--port', 'MOCK_PORT', '--host', 'MOCK_HOST', '--document', '--dynamic', '--quiet', '--cors-origin', 'Prefer: code=404']],
    ['proxy', ['<upstream-url>', 'MOCK_PROXY_PORT', '--no-validate-request', '--timeout', '--cors-origin', 'passed back, not followed']],
    ['sim', ['--port', 'SIM_PORT', '--state', '--job-run-ms', '--allow-remote', '/__sim/reset']],
    ['docs', ['--out', '--serve', 'DOCS_PORT']],
  ])('%s --help: usage as a command, then every option', async (command, expected) => {
    const npmUsage = new RegExp(`^ +npm (start|run ${command === 'proxy' ? 'mock:proxy' : command}) --`, 'm');
    for (const args of [
      [command, '--help'],
      [command, '-h'],
      ['help', command],
    ]) {
      const run = await cli(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(new RegExp(`^Usage: hwc-openapi ${command} `));
      expect(run.stdout).not.toMatch(npmUsage);
      expect(run.stdout).toMatch(/^ {2}-h, --help +show this help$/m);
      for (const text of expected) expect(run.stdout).toContain(text);
    }
  });

  it('start --help says it serves the shipped portal, which it does not build', async () => {
    const built = await cli(['start', '--help']);
    expect(built.stdout).toContain('Serves the docs portal this package ships (prebuilt: nothing is built)');
    expect(built.stdout).not.toMatch(/Builds|rebuild/);
  });

  it.each([
    [['proxy'], /give exactly 1 upstream URL/],
    [['proxy', 'ftp://example.com'], /the upstream must be http or https/],
    [['proxy', 'http://127.0.0.1:1', '--timeout', '0'], /--timeout must be a whole number from 1 to 3600000/],
    [['mock', '--prot', '1'], /Unknown option '--prot'/],
    [['mock', 'extra'], /unexpected argument "extra"/],
    [['docs', '--port', '70000'], /--port must be a whole number from 0 to 65535/],
    [['start', '--mock-port', 'x'], /--mock-port must be a whole number/],
  ])('%j is refused with the reason and where to look', async (args, message) => {
    // As the installed command (npx sets npm_lifecycle_event to `npx`), from a user's own npm script, then as an
    // npm script of this repository.
    const run = await cli(args, { npm_lifecycle_event: 'npx' });
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(message);
    expect(run.stderr).toMatch(/Run `hwc-openapi (start|mock|proxy|docs|sim) --help` for usage\./);
    const users = await cli(args, { npm_lifecycle_event: 'mock' });
    expect(users.stderr).toMatch(/Run `hwc-openapi (start|mock|proxy|docs|sim) --help` for usage\./);
  });

  it('an environment variable that is not a port names the variable', async () => {
    const run = await cli(['mock'], { MOCK_PORT: 'eighty' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('MOCK_PORT must be a whole number from 0 to 65535, got "eighty"');
  });
});

describe('hwc-openapi from the sources, as the npm scripts run it', () => {
  // One process at a time: each loads TypeScript through tsx, which is slow on a busy machine.
  it('names the npm scripts in its help and its usage errors, and says that start builds the portal', { timeout: 180_000 }, async () => {
    const list = await cli(['--help'], {}, SOURCES);
    expect(list.status).toBe(0);
    expect(list.stdout).toContain('From this repository the npm scripts run them: npm start, npm run mock');
    expect(list.stdout).toMatch(/^ {2}start +build the docs portal, serve it, and run the mock beside it \(npm start\)$/m);
    for (const [command, script] of [
      ['start', 'npm start'],
      ['mock', 'npm run mock'],
      ['proxy', 'npm run mock:proxy'],
      ['sim', 'npm run sim'],
      ['docs', 'npm run docs'],
    ] as const) {
      const help = await cli([command, '--help'], {}, SOURCES);
      expect(help.stdout).toMatch(new RegExp(`^Usage: hwc-openapi ${command} .*\\n +${script} --`));
      if (command === 'start') expect(help.stdout).toContain('Builds the docs portal (npm run docs)');
    }
    const refused = await cli(['mock', 'extra'], { npm_lifecycle_event: 'mock' }, SOURCES);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toContain('Run `npm run mock -- --help` for usage.');
  });
});

describe('docs --serve', () => {
  it('builds, serves until Ctrl-C, then stops', { timeout: 120_000 }, async () => {
    const out = mkdtempSync(join(tmpdir(), 'hwc-docs-serve-'));
    try {
      const child = spawn(process.execPath, [CLI, 'docs', '--out', out, '--serve', '--port', '0'], {
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.push(child);
      let output = '';
      child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
      child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', () => {
          const found = /Docs portal:\s+(http:\/\/127\.0\.0\.1:\d+\/)/.exec(output)?.[1];
          if (found) resolve(found);
        });
        void exited.then((code) => reject(new Error(`docs exited ${code}:\n${output}`)));
      });
      const page = await fetch(`${url}index.html`, { headers: { 'Accept-Encoding': 'gzip' } });
      expect(page.status).toBe(200);
      expect(page.headers.get('content-type')).toBe('text/html; charset=utf-8');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
      expect(output).toContain('docs: SIGINT, stopping');
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
