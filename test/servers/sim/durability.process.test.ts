// Crash durability of `npm run sim -- --state FILE`, as a real process: concurrent writes of distinct keys, every
// acknowledged one recorded, SIGKILL in the middle of them, restart, and every acknowledged write is found. Several
// rounds, bounded in time (each restart takes over the lock the killed one left). A second simulator on the same
// state file is refused. And a final save that fails (the state directory is gone) exits non-zero.
import type { ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ACTIVE_SERVER, call, PROJECT, SERVER, send } from './support/harness.ts';
import { startSimProcess } from './support/process.ts';

const children: ChildProcess[] = [];
afterAll(() => {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
});

const ROUNDS = Number(process.env.CRASH_ROUNDS ?? 3);
const WORKERS = 12;
/** Writes per round at most: below any per-server metadata cap, so every refusal is a crash, not a quota. */
const KEYS_PER_SERVER = 100;

function startSim(stateFile: string) {
  const started = startSimProcess(['--port', '0', '--state', stateFile], children);
  return { ...started, stderr: () => started.output().stderr };
}

/** Writes distinct keys from WORKERS concurrent workers until `stop()`; returns the acknowledged ones. */
function writeUntilStopped(url: string, round: number) {
  const acknowledged: Array<{ server: string; key: string }> = [];
  let stopped = false;
  let sent = 0;
  const worker = async (w: number) => {
    const server = w % 2 === 0 ? SERVER : ACTIVE_SERVER;
    for (let i = 0; !stopped && i < KEYS_PER_SERVER / (WORKERS / 2); i++) {
      const key = `r${round}_w${w}_${i}`;
      sent++;
      try {
        const res = await call(url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: server }, body: { metadata: { [key]: 'v' } } });
        if (res.status === 200) acknowledged.push({ server, key });
      } catch {
        return; // the connection died with the process
      }
    }
  };
  const done = Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  return {
    acknowledged,
    sent: () => sent,
    stop: async () => {
      stopped = true;
      await done;
    },
  };
}

describe('crash durability (SIGKILL under concurrent writes)', () => {
  it(
    `loses no acknowledged write in ${ROUNDS} rounds`,
    async () => {
      const dir = mkdtempSync(join(tmpdir(), 'hwc-sim-crash-'));
      const stateFile = join(dir, 'state.json');
      const totals = { acknowledged: 0, sent: 0, lost: 0 };
      let previous: Array<{ server: string; key: string }> = [];
      for (let round = 0; round <= ROUNDS; round++) {
        const sim = startSim(stateFile);
        const url = await sim.url;
        const state = (await send(url, 'GET', '/__sim/state')).json as { servers: Array<{ id: string; metadata?: Record<string, string> }> };
        const missing = previous.filter(({ server, key }) => state.servers.find((s) => s.id === server)?.metadata?.[key] !== 'v');
        totals.lost += missing.length;
        expect(missing, `round ${round}: acknowledged writes missing after SIGKILL and restart`).toEqual([]);
        if (round === ROUNDS) {
          sim.child.kill('SIGKILL');
          break;
        }
        expect((await send(url, 'POST', '/__sim/reset')).status).toBe(204); // room for this round's keys
        const writes = writeUntilStopped(url, round);
        // Killed once some writes are acknowledged and while others are in flight, however loaded the machine is.
        const killAt = 40 + ((30 * round) % 120); // of at most 192 writes per round
        while (writes.acknowledged.length < killAt) await new Promise((r) => setTimeout(r, 2));
        sim.child.kill('SIGKILL');
        await sim.exited;
        await writes.stop();
        expect(writes.acknowledged.length, `round ${round}: some writes acknowledged before the kill`).toBeGreaterThan(0);
        totals.acknowledged += writes.acknowledged.length;
        totals.sent += writes.sent();
        previous = writes.acknowledged;
      }
      console.log(`crash durability: ${ROUNDS} SIGKILLs, ${totals.sent} writes sent, ${totals.acknowledged} acknowledged, ${totals.lost} lost`);
      rmSync(dir, { recursive: true, force: true });
    },
    30_000 + ROUNDS * 10_000,
  );

  it('refuses a second simulator on the same state file: it exits 1 naming the first, which goes on', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hwc-sim-lock-'));
    const stateFile = join(dir, 'state.json');
    const first = startSim(stateFile);
    const url = await first.url;
    const second = startSim(stateFile);
    expect(await second.exited).toBe(1);
    expect(second.stderr()).toMatch(new RegExp(`sim: state file .*state\\.json is in use by another simulator \\(pid ${first.child.pid},`));
    expect((await call(url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: { metadata: { k: 'v' } } })).status).toBe(200);
    first.child.kill('SIGTERM');
    expect(await first.exited).toBe(0);
    rmSync(dir, { recursive: true, force: true });
  });

  it('exits non-zero when the final save fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'hwc-sim-final-'));
    const sim = startSim(join(dir, 'state.json'));
    const url = await sim.url;
    expect((await call(url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: { metadata: { k: 'v' } } })).status).toBe(200);
    rmSync(dir, { recursive: true, force: true });
    sim.child.kill('SIGTERM');
    expect(await sim.exited).toBe(1);
    expect(sim.stderr()).toMatch(/sim: could not write state file .*state\.json: ENOENT/);
  });
});
