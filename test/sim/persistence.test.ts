// The state file: survives restarts, is written atomically (never half a file, no stray temporary files),
// and a corrupt one is refused at start, untouched.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SimulatorError, type Simulator } from '../../src/sim/index.ts';
import { call, field, IMAGE, PROJECT, SERVER, startTestSim } from './support/harness.ts';

const dir = mkdtempSync(join(tmpdir(), 'hwc-sim-state-'));
let n = 0;
const stateFile = () => join(dir, `state-${++n}.json`);
const running: Simulator[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close()));
});
async function start(file: string, jobDurations = { initMs: 10_000, stopMs: 10_000, runMs: 10_000 }) {
  const sim = await startTestSim({ stateFile: file, jobDurations });
  running.push(sim);
  return sim;
}
const metadata = (sim: Simulator, body: Record<string, string>) =>
  call(sim.url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: { metadata: body } });

describe('state file', () => {
  it('keeps metadata and a running job across a restart', async () => {
    const file = stateFile();
    const first = await start(file);
    await metadata(first, { kept: 'yes' });
    const started = await call(first.url, 'ChangeServerOsWithoutCloudInit', { params: { project_id: PROJECT, server_id: SERVER }, body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } } });
    const jobId = String(field(started, 'job_id'));
    await first.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0].metadata).toEqual({ env: 'dev', kept: 'yes' });

    const second = await start(file);
    expect(second.state.servers.find((s) => s.id === SERVER)?.metadata).toEqual({ env: 'dev', kept: 'yes' });
    const job = await call(second.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } });
    expect(field(job, 'status')).toBe('INIT');
    expect((await metadata(second, { k: 'v' })).status).toBe(409); // still busy after the restart
    second.advanceJobs();
    expect(field(await call(second.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } }), 'status')).toBe('SUCCESS');
    await second.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0]).toMatchObject({ vm_state: 'active', image_id: IMAGE });
  });

  it('writes the fixture back after POST /__sim/reset', async () => {
    const file = stateFile();
    const sim = await start(file);
    await metadata(sim, { gone: 'soon' });
    await fetch(`${sim.url}/__sim/reset`, { method: 'POST' });
    await sim.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0].metadata).toEqual({ env: 'dev' });
  });

  it('is never seen half-written while hundreds of changes are saved, and leaves no temporary files', async () => {
    const file = stateFile();
    const sim = await start(file);
    let reads = 0;
    let writing = true;
    const reader = (async () => {
      while (writing) {
        const text = await readFile(file, 'utf8');
        expect(() => JSON.parse(text)).not.toThrow();
        reads++;
      }
    })();
    for (let round = 0; round < 10; round++) {
      await Promise.all(Array.from({ length: 30 }, (_, i) => metadata(sim, { [`k${round}-${i}`]: 'x'.repeat(200) })));
      await new Promise((r) => setTimeout(r, 25)); // let debounced writes happen between rounds
    }
    writing = false;
    await reader;
    await sim.close();
    expect(reads).toBeGreaterThan(10);
    expect(Object.keys(JSON.parse(readFileSync(file, 'utf8')).servers[0].metadata)).toHaveLength(301);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('refuses to start on a corrupt state file, naming it, and leaves it untouched', async () => {
    const file = stateFile();
    writeFileSync(file, '{"format":"hwc-sim-state/1","servers":[');
    await expect(start(file)).rejects.toThrow(SimulatorError);
    await expect(start(file)).rejects.toThrow(/state file .*state-\d+\.json is not valid JSON .*refusing to start/);
    expect(readFileSync(file, 'utf8')).toBe('{"format":"hwc-sim-state/1","servers":[');
  });

  it('refuses a state file of the wrong shape, naming the field', async () => {
    const file = stateFile();
    writeFileSync(file, JSON.stringify({ format: 'hwc-sim-state/1', servers: [{ id: 'x', project_id: 'p', vm_state: 3 }], baremetal_servers: [], private_providers: [], jobs: [] }));
    await expect(start(file)).rejects.toThrow(/\/servers\/0\/vm_state must be string/);
  });

  it('refuses to start when the state file cannot be written', async () => {
    await expect(start(join(dir, 'no-such-dir', 'state.json'))).rejects.toThrow(/could not write state file .*ENOENT/);
  });
});
