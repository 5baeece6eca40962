// The mock's command line: start-up failures say what is wrong, and the process never outlives its owner. And what
// a fresh mock process loads: none of Prism's deferred modules for static answers, and only English Faker.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAlive } from '../../support/processes.ts';
import { cliArgs, startMock } from './mock-process.ts';

// These start processes; under a loaded machine that takes longer than vitest's default 5 s.
const slow = 20_000;
const dir = mkdtempSync(join(tmpdir(), 'hwc-mock-'));
function file(name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

async function gone(pid: number, withinMs = 3_000): Promise<boolean> {
  const deadline = Date.now() + withinMs;
  while (isAlive(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  return !isAlive(pid);
}

describe.concurrent('start-up failures fail with a clear message', () => {
  it(
    'a document that is not valid JSON',
    async () => {
      const broken = file('broken.json', '{"openapi": "3.1.0", "paths": {');
      await expect(startMock('mock', ['--document', broken])).rejects.toThrow(/start-up failed: document .*broken\.json is not valid JSON/);
    },
    slow,
  );

  it(
    'a document that is not OpenAPI',
    async () => {
      const other = file('other.yaml', 'name: not an API\n');
      await expect(startMock('mock', ['--document', other])).rejects.toThrow(/other\.yaml is not an OpenAPI document/);
    },
    slow,
  );

  it(
    'a document that does not exist',
    async () => {
      await expect(startMock('mock', ['--document', join(dir, 'missing.json')])).rejects.toThrow(/cannot read document .*missing\.json/);
    },
    slow,
  );

  describe('a port already taken', () => {
    let blocker: Server;
    afterAll(() => new Promise<void>((resolve) => blocker.close(() => resolve())));
    it(
      'names the port and how to choose another',
      async () => {
        blocker = createServer();
        const port = await new Promise<number>((resolve) => blocker.listen(0, '127.0.0.1', () => resolve((blocker.address() as { port: number }).port)));
        await expect(startMock('mock', ['--port', String(port)])).rejects.toThrow(
          new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: the port is in use.*--port or MOCK_PORT`),
        );
      },
      slow,
    );
  });

  it('a bad option', () => {
    const run = spawnSync(process.execPath, cliArgs('mock', ['--port', 'eighty']), { encoding: 'utf8' });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain('--port must be a whole number');
  });
});

describe.concurrent('process lifetime', () => {
  it(
    'stops cleanly on SIGTERM',
    async () => {
      const mock = await startMock('mock');
      const pid = mock.child.pid ?? 0;
      expect(await mock.stop()).toBe(0);
      expect(mock.output()).toContain('SIGTERM, stopping');
      expect(await gone(pid)).toBe(true);
    },
    slow,
  );

  it(
    'does not outlive a test run that exits without stopping it',
    async () => {
      const owner = spawn(process.execPath, ['--import', 'tsx', 'test/servers/mock/fixtures/start-then-exit.ts'], {
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      let output = '';
      owner.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
      await new Promise((resolve) => owner.once('exit', resolve));
      const pid = Number(/mock pid (\d+)/.exec(output)?.[1]);
      expect(pid).toBeGreaterThan(0);
      expect(await gone(pid)).toBe(true);
    },
    slow,
  );

  it('--help explains the options and the Prefer header', () => {
    const run = spawnSync(process.execPath, cliArgs('mock', ['--help']), { encoding: 'utf8' });
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/--port[\s\S]*MOCK_PORT[\s\S]*--host[\s\S]*Prefer: code=404/);
  });
});

describe('start-up savings', () => {
  it('loads none of the deferred modules (faker, the Postman reader, json-schema-faker, ...) to mock from examples; faker is English-only', {
    timeout: slow,
  }, () => {
    const script = new URL('./support/loaded-modules.ts', import.meta.url).pathname;
    const run = spawnSync(process.execPath, ['--import', 'tsx', script], { encoding: 'utf8', timeout: slow });
    expect(run.status, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toEqual({
      fakerBefore: false,
      statuses: [200, 200],
      afterRequests: {
        afterStatic: [],
        generatedStatus: 'string',
        fakerLoaded: false,
        loadedLate: ['json-schema-faker'],
        fakerOrPostman: [],
        others: [],
      },
      generatorOptions: { alwaysFakeOptionals: true, optionalsProbability: 1, failOnInvalidFormat: false },
      loadedOnAccess: false,
      word: 'string',
      locale: 'en',
      fakerAfter: true,
      locales: ['en'],
    });
  });
});
