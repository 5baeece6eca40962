// Acknowledged writes with --state, in-process: an answer comes only after its change is durable; concurrent
// writes share fsyncs (group commit); a write that cannot be saved (ENOSPC) is answered with an error in the
// service's format and undone; what a crash leaves (a cut journal line, temporary files) is handled at start; and
// a final save that fails makes close() reject. The SIGKILL test is durability.process.test.ts.
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { type FileHandle, open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createSimulatorCore } from '../../../src/servers/sim/core.ts';
import type { Simulator, StateDoc } from '../../../src/servers/sim/index.ts';
import { readState } from '../../../src/servers/sim/persistence.ts';
import type { StateStore } from '../../../src/servers/sim/store.ts';
import { call, errorMessage, fixture, PROJECT, SERVER, send, startTestSim, TOKEN } from './support/harness.ts';

const running: Simulator[] = [];
afterEach(async () => {
  vi.restoreAllMocks();
  await Promise.all(running.splice(0).map((s) => s.close().catch(() => undefined)));
});
const newStateFile = () => join(mkdtempSync(join(tmpdir(), 'hwc-sim-durable-')), 'state.json');
async function start(stateFile: string, warn: (line: string) => void = () => undefined) {
  const sim = await startTestSim({ stateFile, warn });
  running.push(sim);
  return sim;
}
const write = (sim: Simulator, metadata: Record<string, string>) =>
  call(sim.url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: { metadata } });
const metadataOf = (state: StateDoc | undefined) => state?.servers.find((s) => s.id === SERVER)?.metadata;

/** What a restart after a crash would read, without stopping the simulator. */
const afterCrash = (stateFile: string): Promise<StateDoc | undefined> => readState(stateFile);

/** The prototype every FileHandle shares: patched to make the journal fail as a full disk would. */
async function fileHandlePrototype(): Promise<FileHandle> {
  const handle = await open(process.execPath, 'r');
  await handle.close();
  return Object.getPrototypeOf(handle) as FileHandle;
}
const enospc = () => Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' });

describe('acknowledged writes', () => {
  it('answers a write only when a restart would find it, and groups concurrent writes into few durable journal writes', async () => {
    const file = newStateFile();
    const sim = await start(file);
    const proto = await fileHandlePrototype();
    // Each journal write is durable when it returns (O_DSYNC): one a commit.
    const syncs = vi.spyOn(proto, 'write');
    const answers = await Promise.all(Array.from({ length: 200 }, (_, i) => write(sim, { [`k${i}`]: 'v' })));
    expect(answers.every((a) => a.status === 200)).toBe(true);
    // Every acknowledged key is in what a crash right now would leave.
    const saved = metadataOf(await afterCrash(file));
    for (let i = 0; i < 200; i++) expect(saved?.[`k${i}`], `k${i}`).toBe('v');
    expect(syncs.mock.calls.length).toBeGreaterThan(0);
    expect(syncs.mock.calls.length).toBeLessThan(100);
  });

  it('lets clients that write back to back share each fsync, instead of alternating in two groups', async () => {
    // A disk whose every fsync takes 3 ms, behind the simulator's core: each client sends its next write as soon as
    // the last one is answered. Committing the first returning write alone would leave the others to the commit
    // after it, and the clients would alternate in two groups, about twice as many commits as rounds.
    let commits = 0;
    const store: StateStore = {
      path: 'slow-disk',
      pending: 0,
      commit: async () => {
        commits++;
        await new Promise((resolve) => setTimeout(resolve, 3));
      },
      checkpoint: async () => undefined,
      rotate: async () => undefined,
      writeRotated: async () => undefined,
      close: async () => undefined,
    };
    const core = createSimulatorCore({ fixture: structuredClone(fixture), store, warn: () => undefined });
    await core.simulation.start();
    const clients = 8;
    const rounds = 10;
    const writeAs = async (client: number, round: number) => {
      const body = new TextEncoder().encode(JSON.stringify({ metadata: { [`client-${client}`]: `round-${round}` } }));
      return core.handle({
        method: 'POST',
        url: `/v1/${PROJECT}/cloudservers/${SERVER}/metadata`,
        headers: { host: '127.0.0.1', 'content-type': 'application/json', 'x-auth-token': TOKEN },
        body: async () => body,
      });
    };
    await Promise.all(
      Array.from({ length: clients }, async (_, client) => {
        for (let round = 0; round < rounds; round++) {
          expect((await writeAs(client, round)).status).toBe(200);
          await new Promise((resolve) => setImmediate(resolve)); // the next write comes a turn later, as over a network
        }
      }),
    );
    // About one commit a round (alternating groups made 19 here), with room for a turn of the event loop that a busy
    // machine delays past the wait's end.
    expect(commits).toBeLessThanOrEqual(rounds + 3);
    expect(Object.keys(metadataOf(core.simulation.dump()) ?? {})).toHaveLength(clients + 1);
  });

  it('on ENOSPC answers the write with a 500 in the service format, keeps nothing of it, and goes on once there is space', async () => {
    const file = newStateFile();
    const warnings: string[] = [];
    const sim = await start(file, (line) => warnings.push(line));
    expect((await write(sim, { before: 'yes' })).status).toBe(200);
    const proto = await fileHandlePrototype();
    vi.spyOn(proto, 'write').mockRejectedValue(enospc());
    const failed = await Promise.all([write(sim, { lost: '1' }), write(sim, { lost: '2' })]);
    for (const res of failed) {
      expect(res.status).toBe(500);
      expect(res.json).toEqual({
        error: { code: expect.any(String), message: expect.stringMatching(/^The change could not be saved, so it was not made \(request [0-9a-f]{32}\)\.$/) },
      });
    }
    expect(warnings.join('\n')).toMatch(
      /could not write state file .*state\.json\.journal: ENOSPC; changes are refused .* and undone until it can; reads go on\. Free space/,
    );
    // Not kept in memory either: neither a read nor the next write sees it.
    expect(metadataOf(sim.state)).toEqual({ env: 'dev', before: 'yes' });
    const admin = await send(sim.url, 'POST', '/__sim/reset');
    expect(admin.status).toBe(500);
    expect(admin.json).toEqual({ error: expect.stringMatching(/ENOSPC.*nothing was changed$/) });
    expect(metadataOf(sim.state)).toEqual({ env: 'dev', before: 'yes' });
    vi.restoreAllMocks();
    // Once there is space again, reads over HTTP answer as before: nothing waits on what was lost.
    const state = await send(sim.url, 'GET', '/__sim/state');
    expect(state.status).toBe(200);
    const unknownJob = await call(sim.url, 'ShowJob', { params: { project_id: PROJECT, job_id: 'no-such-job' } });
    expect(unknownJob.status).toBe(400);
    const after = await write(sim, { after: 'yes' });
    expect(after.json).toEqual({ metadata: { env: 'dev', before: 'yes', after: 'yes' } });
    expect(metadataOf(await afterCrash(file))).toEqual({ env: 'dev', before: 'yes', after: 'yes' });
  });

  it('with a full disk and a job due, backs off instead of spinning, says so once, and answers reads', async () => {
    const file = newStateFile();
    const warnings: string[] = [];
    const sim = await startTestSim({ stateFile: file, warn: (line) => warnings.push(line), jobDurations: { initMs: 0, stopMs: 0, runMs: 300 } });
    running.push(sim);
    const started = await call(sim.url, 'ChangeServerOsWithoutCloudInit', {
      params: { project_id: PROJECT, server_id: SERVER },
      body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'kp' } },
    });
    const jobId = String((started.json as { job_id: string }).job_id);
    const proto = await fileHandlePrototype();
    const appends = vi.spyOn(proto, 'write').mockRejectedValue(enospc());
    vi.spyOn(proto, 'writeFile').mockRejectedValue(enospc());
    // The job ends now: settling it is a change that cannot be saved.
    await vi.waitFor(() => expect(appends).toHaveBeenCalled(), { timeout: 2000 });
    // Reads that change nothing answer, all along.
    for (let i = 0; i < 25; i++) {
      const job = await call(sim.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } });
      expect(job.status).toBe(200);
      expect((job.json as { status: string }).status).toBe('SUCCESS');
      expect((await send(sim.url, 'GET', '/__sim/state')).status).toBe(200);
    }
    // No spinning: 50 requests' time saw a few retries at most (without backoff, one a millisecond), and one line.
    expect(appends.mock.calls.length).toBeLessThanOrEqual(5);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(
      /could not write state file .*state\.json(\.journal)?: ENOSPC; .*Free space on the disk of .*: the simulator retries by itself/,
    );
    // Space again: the retry saves the settled job, and the log says so once.
    vi.restoreAllMocks();
    await vi.waitFor(
      async () => expect((await afterCrash(file))?.servers.find((s) => s.id === SERVER)?.image_id).toBe('e215580f-73ad-429d-b6f2-5433947433b0'),
      {
        timeout: 5000,
      },
    );
    await vi.waitFor(() => expect(warnings.slice(1)).toEqual([expect.stringMatching(/state file .*state\.json can be written again/)]));
  });

  it('journals the change, not the world: a write to a small server appends a small line whatever the state holds', async () => {
    const file = newStateFile();
    const big = structuredClone(fixture);
    for (let i = 0; i < 100; i++) {
      big.servers.push({
        id: `filler-${i}`,
        project_id: PROJECT,
        vm_state: 'active',
        metadata: Object.fromEntries(Array.from({ length: 100 }, (_, k) => [`key-${k}`, 'v'.repeat(20)])),
      });
    }
    const sim = await startTestSim({ stateFile: file, fixture: big });
    running.push(sim);
    expect(readFileSync(file, 'utf8').length).toBeGreaterThan(300_000);
    for (let i = 0; i < 5; i++) expect((await write(sim, { [`k${i}`]: 'v' })).status).toBe(200);
    const lines = readFileSync(`${file}.journal`, 'utf8').split('\n').filter(Boolean);
    expect(lines).toHaveLength(5);
    for (const line of lines) expect(line.length).toBeLessThan(2000);
    expect(metadataOf(await afterCrash(file))).toMatchObject({ k0: 'v', k4: 'v' });
    expect((await afterCrash(file))?.servers).toHaveLength(big.servers.length);
  });

  it("answers a read of something else at once while another request's commit waits for the disk", async () => {
    const file = newStateFile();
    const sim = await start(file);
    const proto = await fileHandlePrototype();
    const original = proto.write;
    let release: () => void = () => undefined;
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    vi.spyOn(proto, 'write').mockImplementation(async function (this: FileHandle, ...args: Parameters<FileHandle['write']>) {
      await held;
      return original.apply(this, args);
    });
    let written = false;
    const pending = write(sim, { slow: 'yes' }).then((res) => {
      written = true;
      return res;
    });
    const other = await call(sim.url, 'ShowJob', { params: { project_id: PROJECT, job_id: 'no-such-job' } });
    expect(other.status).toBe(400);
    const provider = await send(sim.url, 'GET', '/__sim/health');
    expect(provider.status).toBe(200);
    expect(written).toBe(false); // the write still waits for its fsync
    release();
    expect((await pending).status).toBe(200);
  });

  it('starts from the journal, ignoring a line a crash cut short, and removes stale temporary files', async () => {
    const file = newStateFile();
    const first = await start(file);
    await write(first, { one: '1' });
    const journal = readFileSync(`${file}.journal`, 'utf8');
    const last = journal.trim().split('\n').at(-1) as string;
    // The journal holds the change (the server written), not the whole state.
    expect(metadataOf(JSON.parse(last).put as StateDoc)).toEqual({ env: 'dev', one: '1' });
    const lines = `${journal}${last.replace('"one":"1"', '"two":"2"').slice(0, -5)}`; // a second line, cut by the crash
    await first.close();
    running.splice(0);
    writeFileSync(`${file}.journal`, lines); // what the crash left
    writeFileSync(`${file}.4242.1.tmp`, '{"half":');
    const second = await start(file);
    expect(metadataOf(second.state)).toEqual({ env: 'dev', one: '1' });
    expect(readdirSync(join(file, '..')).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    await write(second, { three: '3' }); // appended after the cut line was cut off: a whole line, read back
    expect(metadataOf(await afterCrash(file))).toEqual({ env: 'dev', one: '1', three: '3' });
    await second.close();
    running.splice(0);
    expect(existsSync(`${file}.journal`)).toBe(false);
    expect(metadataOf(JSON.parse(readFileSync(file, 'utf8')) as StateDoc)).toEqual({ env: 'dev', one: '1', three: '3' });
  });

  it('reads the journal a background checkpoint replaced, before or after the state file took it in', async () => {
    const file = newStateFile();
    const first = await start(file);
    const before = readFileSync(file, 'utf8');
    await write(first, { one: '1' });
    await write(first, { two: '2' });
    const [older, newer] = readFileSync(`${file}.journal`, 'utf8').split('\n');
    await first.close();
    running.splice(0);
    const after = readFileSync(file, 'utf8');
    // A crash while the state file was being written (the old one is still there), then once it was.
    for (const stateText of [before, after]) {
      writeFileSync(file, stateText);
      writeFileSync(`${file}.journal.old`, `${older}\n`);
      writeFileSync(`${file}.journal`, `${newer}\n`);
      expect(metadataOf(await afterCrash(file))).toEqual({ env: 'dev', one: '1', two: '2' });
      const sim = await start(file);
      expect(metadataOf(sim.state)).toEqual({ env: 'dev', one: '1', two: '2' });
      await sim.close();
      running.splice(0);
      expect(existsSync(`${file}.journal.old`)).toBe(false);
    }
  });

  it('close() rejects when the final save fails', async () => {
    const file = newStateFile();
    const sim = await start(file);
    running.splice(0);
    await write(sim, { k: 'v' });
    rmSync(join(file, '..'), { recursive: true, force: true });
    await expect(sim.close()).rejects.toThrow(/could not write state file .*state\.json: ENOENT/);
  });

  it('writes no secret into the journal or the state file', async () => {
    const file = newStateFile();
    const sim = await start(file);
    const canary = 'Canary-Passw0rd-7f3e';
    const changed = await call(sim.url, 'ChangeServerOsWithoutCloudInit', {
      params: { project_id: PROJECT, server_id: SERVER },
      body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', adminpass: canary } },
    });
    expect(changed.status).toBe(200);
    // The job is in one of them (the journal, or the state file once checkpointed); the password in neither.
    const texts = [readFileSync(`${file}.journal`, 'utf8'), readFileSync(file, 'utf8')];
    expect(texts.join('\n')).toContain(String((changed.json as { job_id: string }).job_id));
    for (const text of texts) {
      expect(text).not.toContain(canary);
      expect(text).not.toContain(TOKEN);
    }
  });

  it('keeps the cost of a write bounded: a checkpoint empties the journal', async () => {
    const file = newStateFile();
    const sim = await start(file);
    for (let i = 0; i < 20; i++) await write(sim, { [`k${i}`]: 'x'.repeat(200) });
    // Done once the journal is empty and the one it replaced is gone (the checkpoint runs in the background).
    await vi.waitFor(() => expect([readFileSync(`${file}.journal`, 'utf8'), existsSync(`${file}.journal.old`)]).toEqual(['', false]), { timeout: 2000 });
    expect(Object.keys(metadataOf(JSON.parse(readFileSync(file, 'utf8')) as StateDoc) ?? {})).toHaveLength(21);
    expect(errorMessage(await write(sim, { 'bad key': 'v' }))).toMatch(/pattern/);
  });
});
