// `npm run sim` as a user runs it: a real process, its help, its refusals, and a clean stop that saves state.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { call, field, PROJECT, SERVER } from '../servers/sim/support/harness.ts';
import { startSimProcess } from '../servers/sim/support/process.ts';

const _root = new URL('../../', import.meta.url);
const dir = mkdtempSync(join(tmpdir(), 'hwc-sim-cli-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
});

const sim = (args: string[], env: Record<string, string> = {}) => startSimProcess(args, children, env);

describe('npm run sim', () => {
  it('--help explains the options and exits 0', async () => {
    const p = sim(['--help']);
    expect(await p.exited).toBe(0);
    const { stdout } = p.output();
    for (const option of [
      '--port',
      '--fixture',
      '--state',
      '--latency-ms',
      '--rate-429',
      '--rate-5xx',
      '--verbose',
      'SIM_PORT',
      '/__sim/reset',
      '--cors-origin',
      '--allowed-host',
    ])
      expect(stdout).toContain(option);
  });

  it('refuses an unknown option, a bad number, a non-loopback host and a corrupt state file, each with a clear message', async () => {
    const corrupt = join(dir, 'corrupt.json');
    writeFileSync(corrupt, 'not json');
    const cases: Array<[string[], Record<string, string>, number, RegExp]> = [
      [['--prot', '1'], {}, 2, /Unknown option '--prot'/],
      [['--rate-5xx', 'lots'], {}, 2, /--rate-5xx must be a number/],
      // A duration becomes a timer: beyond setTimeout's limit it would fire at once or break the job clock.
      [['--job-run-ms', '1e16'], {}, 2, /--job-run-ms must be a number from 0 to 2147483647/],
      [['--job-init-ms=-1'], {}, 2, /--job-init-ms must be a number from 0 to 2147483647/],
      [['--retry-after', '3e9'], {}, 2, /--retry-after must be a number from 0 to 2147483,/],
      // The simulator's own bound, not a slightly looser one that would fail later with another message.
      [['--retry-after', '2147483.5'], {}, 2, /--retry-after must be a number from 0 to 2147483,/],
      [['--port', '0'], { SIM_LATENCY_MS: '1e16' }, 2, /SIM_LATENCY_MS must be a number from 0 to 2147483647/],
      [['--port', '0'], { SIM_RATE_429: '2' }, 1, /faults.rate429 must be a number from 0 to 1/],
      [['--host', '0.0.0.0'], {}, 1, /refusing to listen on 0\.0\.0\.0.*--allow-remote/],
      [['--port', '0', '--state', corrupt], {}, 1, /state file .*corrupt\.json is not valid JSON.*refusing to start/],
    ];
    await Promise.all(
      cases.map(async ([args, env, code, message]) => {
        const p = sim(args, env);
        expect(await p.exited).toBe(code);
        expect(p.output().stderr).toMatch(message);
      }),
    );
    expect(readFileSync(corrupt, 'utf8')).toBe('not json');
  });

  it('serves on the port given, logs one line per request with --verbose, and saves the state on SIGTERM', async () => {
    const state = join(dir, 'state.json');
    const p = sim(['--port', '0', '--state', state, '--verbose'], { SIM_TOKENS: 'extra-token-from-env' });
    const url = await p.url;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const res = await call(url, 'UpdateServerMetadata', {
      params: { project_id: PROJECT, server_id: SERVER },
      body: { metadata: { via: 'cli' } },
      token: 'extra-token-from-env',
    });
    expect(field(res, 'metadata', 'via')).toBe('cli');
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(JSON.parse(readFileSync(state, 'utf8')).servers[0].metadata.via).toBe('cli');
    const lines = p
      .output()
      .stdout.split('\n')
      .filter((l) => /^\d{4}-\d\d-\d\dT.* POST /.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`POST /v1/${PROJECT}/cloudservers/${SERVER}/metadata \\(ecs UpdateServerMetadata\\) → 200 in [\\d.]+ ms \\(request [0-9a-f]{32}\\)$`),
    );
    expect(p.output().stdout).not.toContain('extra-token-from-env');
  });

  it("prints the default fixture's token, AK/SK and project at start, and never a fixture's own", async () => {
    const fixturePath = new URL('../../src/servers/sim/fixtures/default.json', import.meta.url);
    const fixture = JSON.parse(readFileSync(fixturePath, 'utf8')) as {
      credentials: { tokens: string[]; access_keys: Array<{ access_key: string; secret_key: string }> };
    };
    const key = fixture.credentials.access_keys[0];
    const p = sim(['--port', '0']);
    await p.url;
    p.child.kill('SIGTERM');
    expect(await p.exited).toBe(0);
    expect(p.output().stdout).toMatch(
      new RegExp(`default credentials .*token ${fixture.credentials.tokens[0]} · AK ${key?.access_key} SK ${key?.secret_key} · project ${PROJECT}`),
    );

    const own = join(dir, 'own-fixture.json');
    const ownKey = { access_key: 'OWNACCESSKEY', secret_key: 'own-secret-never-printed' };
    writeFileSync(own, JSON.stringify({ ...fixture, credentials: { tokens: ['own-token-never-printed'], access_keys: [ownKey] } }));
    const mine = sim(['--port', '0', '--fixture', own]);
    await mine.url;
    mine.child.kill('SIGTERM');
    expect(await mine.exited).toBe(0);
    expect(mine.output().stdout).toContain('own-fixture.json');
    expect(mine.output().stdout).not.toMatch(/own-token-never-printed|own-secret-never-printed|default credentials/);
  });
});
