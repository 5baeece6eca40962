// Section `state`: the simulator with --state as its state grows, at the default fixture, 1,000 and 100,000
// metadata keys (filler servers of 1,000 keys each): the throughput of one back-to-back writer whose every request
// is a real change (a durable write: journal line and fsync before the answer), and another client's read latency
// (ShowJob, which changes nothing) under that writer against the same read with the simulator idle. The clients
// run in a process of their own (state-client.ts), pinned away from the simulator.
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { projectId, serverId } from '../../test/support/fidelity-cases.ts';
import type { Context, Section } from './context.ts';
import { PLACES, watchLoad } from './machine.ts';
import { alternate, median, pairwise } from './method.ts';
import { freePort, runOk, type Started, start, timeToFirst2xx } from './processes.ts';
import { fixed, progress, type Row } from './report.ts';
import type { StateClientConfig } from './state-client.ts';

const TOKEN = 'sim-token';
/** An active ECS of the built-in fixture: its change-OS job is what the reader shows. */
const JOB_SERVER = '2a1e7f3c-6b1d-4c55-9d8e-0f6a3b2c1d00';
const KEYS_PER_FILLER = 1000;
const SIZES = [0, 1_000, 100_000] as const;

interface Fixture {
  servers: Array<{ id: string; project_id: string; vm_state: string; metadata?: Record<string, string> }>;
}

/** The built-in fixture plus `keys` metadata keys on filler servers; returns its file and its key count. */
function fixtureWith(context: Context, keys: number): { file: string; keys: number } {
  const fixture = JSON.parse(readFileSync(join(context.root, 'src/servers/sim/fixtures/default.json'), 'utf8')) as Fixture;
  for (let i = 0; i * KEYS_PER_FILLER < keys; i++) {
    const count = Math.min(KEYS_PER_FILLER, keys - i * KEYS_PER_FILLER);
    const metadata = Object.fromEntries(Array.from({ length: count }, (_, k) => [`key-${String(k).padStart(5, '0')}`, `value-${i}-${k}`]));
    fixture.servers.push({ id: `filler-${i}`, project_id: projectId, vm_state: 'active', metadata });
  }
  const file = join(context.work, `state-fixture-${keys}.json`);
  writeFileSync(file, JSON.stringify(fixture));
  const total = fixture.servers.reduce((sum, s) => sum + Object.keys(s.metadata ?? {}).length, 0);
  return { file, keys: total };
}

interface Running {
  base: string;
  process: Started;
  readPath: string;
  keys: number;
}

async function startSim(context: Context, simCommand: readonly string[], keys: number): Promise<Running> {
  const fixture = fixtureWith(context, keys);
  const dir = join(context.work, `state-${keys}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const args = [...simCommand, 'sim', '--port', String(port), '--fixture', fixture.file, '--state', join(dir, 'state.json')];
  const process_ = start(process.execPath, args, { cwd: context.root, cpus: PLACES.server });
  const base = `http://127.0.0.1:${port}`;
  await timeToFirst2xx(process_, base);
  const job = await fetch(`${base}/v1/${projectId}/cloudservers/${JOB_SERVER}/changeos`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
    body: JSON.stringify({ 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'kp', mode: 'withStopServer' } }),
  });
  const { job_id: jobId } = (await job.json()) as { job_id?: string };
  if (!jobId) throw new Error(`ChangeServerOsWithoutCloudInit answered ${job.status}`);
  return { base, process: process_, readPath: `/v1/${projectId}/jobs/${jobId}`, keys: fixture.keys };
}

interface ClientResult {
  writesPerSecond: number;
  readP50Ms: number;
}

async function runClients(context: Context, sim: Running, write: boolean, read: boolean): Promise<ClientResult> {
  const config: StateClientConfig = {
    base: sim.base,
    seconds: context.seconds,
    write,
    read,
    writePath: `/v1/${projectId}/cloudservers/${serverId}/metadata`,
    readPath: sim.readPath,
    token: TOKEN,
  };
  const { output } = await runOk(process.execPath, ['--import', 'tsx', join(context.root, 'scripts/bench/state-client.ts'), JSON.stringify(config)], {
    cwd: context.root,
    cpus: PLACES.client,
  });
  const json = /result=(\{.*\})/.exec(output)?.[1];
  if (!json) throw new Error(`the state client printed no result: ${output.slice(-2000)}`);
  return JSON.parse(json) as ClientResult;
}

/** The rows, with the simulator started as `node ...simCommand sim ...`. */
export async function stateRows(context: Context, simCommand: readonly string[]): Promise<Row[]> {
  const sims: Running[] = [];
  try {
    for (const keys of SIZES) {
      progress(`state: starting the simulator with ${keys} filler keys`);
      sims.push(await startSim(context, simCommand, keys));
    }
    const candidates: Record<string, () => Promise<number>> = {};
    for (const sim of sims) {
      candidates[`write-${sim.keys}`] = async () => (await runClients(context, sim, true, false)).writesPerSecond;
      candidates[`idle-${sim.keys}`] = async () => (await runClients(context, sim, false, true)).readP50Ms;
      candidates[`busy-${sim.keys}`] = async () => (await runClients(context, sim, true, true)).readP50Ms;
    }
    const busy = watchLoad();
    const samples = await alternate(`state (${context.seconds} s each)`, candidates, context.rounds);
    const load = busy.stop();
    const base = sims[0] as Running;
    const at = (sim: Running) => `${sim.keys.toLocaleString('en-US')} key${sim.keys === 1 ? '' : 's'}`;
    context.note(
      `State: \`hwc-openapi sim --state FILE --fixture F\`, F the built-in fixture plus filler servers of ${KEYS_PER_FILLER} metadata keys. Writes: one client, back to back, each UpdateServerMetadata a new value (a real change, fsynced before the answer). Reads: ShowJob of one job from another client (a request that changes nothing), alone ("idle") or beside the writer. ${context.seconds} s per sample, clients pinned to CPU ${PLACES.client}, the simulator to CPU ${PLACES.server}.`,
    );
    const rows: Row[] = [];
    for (const sim of sims) {
      const writes = samples[`write-${sim.keys}`] as number[];
      const baseWrites = samples[`write-${base.keys}`] as number[];
      if (sim !== base) {
        const ratio = pairwise(writes, baseWrites);
        rows.push({
          label: `Durable write throughput (one back-to-back writer, --state), writes/s: at ${at(sim)} vs at the default fixture (${at(base)})`,
          ours: `${fixed(median(writes), 0)} writes/s`,
          peer: `${fixed(median(baseWrites), 0)} writes/s`,
          ratio,
          goal: '≥ 0.8×',
          met: ratio.median >= 0.8,
          busy: load,
        });
      } else {
        rows.push({
          label: `Durable write throughput (one back-to-back writer, --state), writes/s: at ${at(sim)}`,
          ours: `${fixed(median(writes), 0)} writes/s`,
          peer: '',
          busy: load,
        });
      }
      const busyReads = samples[`busy-${sim.keys}`] as number[];
      const idleReads = samples[`idle-${sim.keys}`] as number[];
      const readRatio = pairwise(busyReads, idleReads);
      rows.push({
        label: `Another client's read (ShowJob) p50 at ${at(sim)}, ms: under a back-to-back writer vs idle`,
        ours: `${fixed(median(busyReads), 2)} ms`,
        peer: `${fixed(median(idleReads), 2)} ms`,
        ratio: readRatio,
        goal: '≤ 2×',
        met: readRatio.median <= 2,
        busy: load,
      });
    }
    return rows;
  } finally {
    await Promise.all(sims.map((sim) => sim.process.stop()));
  }
}

export const stateSection: Section = {
  name: 'state',
  summary: 'the simulator with --state at 1,000 and 100,000 keys: durable write throughput, and reads under a writer',
  run: async (context) => stateRows(context, [(await context.install()).bin]),
};
