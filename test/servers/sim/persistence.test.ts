// The state file: survives restarts, is written atomically (never half a file, no stray temporary files),
// and a corrupt one is refused at start, untouched.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { type Simulator, SimulatorError, type StateDoc } from '../../../src/servers/sim/index.ts';
import { call, field, IMAGE, PROJECT, SERVER, startTestSim, TOKEN } from './support/harness.ts';

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
const changeOs = (sim: Simulator) =>
  call(sim.url, 'ChangeServerOsWithoutCloudInit', {
    params: { project_id: PROJECT, server_id: SERVER },
    body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } },
  });
async function until(ok: () => boolean, timeoutMs = 2000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !ok(); await new Promise((r) => setTimeout(r, 10))) {
    if (Date.now() > deadline) throw new Error(`not within ${timeoutMs} ms: ${ok.toString()}`);
  }
}
const metadata = (sim: Simulator, body: Record<string, string>) =>
  call(sim.url, 'UpdateServerMetadata', { params: { project_id: PROJECT, server_id: SERVER }, body: { metadata: body } });

describe('state file', () => {
  it('keeps metadata and a running job across a restart', async () => {
    const file = stateFile();
    const first = await start(file);
    await metadata(first, { kept: 'yes' });
    const started = await call(first.url, 'ChangeServerOsWithoutCloudInit', {
      params: { project_id: PROJECT, server_id: SERVER },
      body: { 'os-change': { imageid: IMAGE, keyname: 'kp' } },
    });
    const jobId = String(field(started, 'job_id'));
    await first.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0].metadata).toEqual({ env: 'dev', kept: 'yes' });

    const second = await start(file);
    expect(second.state.servers.find((s) => s.id === SERVER)?.metadata).toEqual({ env: 'dev', kept: 'yes' });
    const job = await call(second.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } });
    expect(field(job, 'status')).toBe('INIT');
    const busy = await metadata(second, { k: 'v' }); // still busy after the restart
    expect(busy.status).toBe(400);
    expect(field(busy, 'error', 'code')).toBe('Ecs.0100');
    second.advanceJobs();
    expect(field(await call(second.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } }), 'status')).toBe('SUCCESS');
    await second.close();
    expect(JSON.parse(readFileSync(file, 'utf8')).servers[0]).toMatchObject({ vm_state: 'stopped', image_id: IMAGE });
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
      // The round's writes reach the state file (a checkpoint) before the next round: many versions for the reader.
      await until(() => readFileSync(file, 'utf8').includes(`k${round}-29`));
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
    writeFileSync(
      file,
      JSON.stringify({
        format: 'hwc-sim-state/1',
        servers: [{ id: 'x', project_id: 'p', vm_state: 3 }],
        baremetal_servers: [],
        private_providers: [],
        jobs: [],
      }),
    );
    await expect(start(file)).rejects.toThrow(/\(state\.servers\[0\]\.vm_state: type: must be string\); refusing to start/);
  });

  it('saves POST /__sim/jobs/advance even when no job step ends, so a restart keeps the advance', async () => {
    const file = stateFile();
    const first = await start(file); // INIT 10 s, then a 10 s change-OS step
    const jobId = String(field(await changeOs(first), 'job_id'));
    await until(() => readFileSync(file, 'utf8').includes(jobId)); // the debounced write is done: only the advance is unsaved
    expect((await fetch(`${first.url}/__sim/jobs/advance?ms=10500`, { method: 'POST' })).status).toBe(200); // into RUNNING; no step ends
    await first.close();
    const second = await start(file);
    expect(field(await call(second.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } }), 'status')).toBe('RUNNING');
  });

  it('after an advance, the file follows the job to its end without any request (the wake timer is rescheduled)', async () => {
    const file = stateFile();
    const sim = await start(file);
    const jobId = String(field(await changeOs(sim), 'job_id'));
    await until(() => readFileSync(file, 'utf8').includes(jobId));
    await fetch(`${sim.url}/__sim/jobs/advance?ms=19950`, { method: 'POST' }); // the job now ends 50 ms from now
    await until(() => (JSON.parse(readFileSync(file, 'utf8')) as StateDoc).jobs[0]?.done === true, 1000);
    expect((JSON.parse(readFileSync(file, 'utf8')) as StateDoc).servers[0]).toMatchObject({ vm_state: 'stopped', image_id: IMAGE });
  });

  it('drops the jobs that expired while the simulator was down, from the world and from the file', async () => {
    const file = stateFile();
    const first = await start(file);
    const jobId = String(field(await changeOs(first), 'job_id'));
    first.advanceJobs();
    await first.close();
    // Two days pass: move the saved job's times back by that much.
    const twoDays = 2 * 24 * 60 * 60 * 1000;
    const earlier = (iso: string) => new Date(Date.parse(iso) - twoDays).toISOString();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as StateDoc;
    for (const job of saved.jobs) {
      job.created = earlier(job.created);
      for (const step of job.steps) Object.assign(step, { begin: earlier(step.begin), end: earlier(step.end) });
    }
    writeFileSync(file, JSON.stringify(saved));
    const second = await start(file);
    expect((await call(second.url, 'ShowJob', { params: { project_id: PROJECT, job_id: jobId } })).json).toEqual({
      error: { code: 'Common.0011', message: 'Failed to query system tasks.' },
    });
    await until(() => !readFileSync(file, 'utf8').includes(jobId));
    expect((JSON.parse(readFileSync(file, 'utf8')) as StateDoc).servers[0]).toMatchObject({ vm_state: 'stopped', image_id: IMAGE }); // its effect stays
  });

  it('a request still in progress when close() resolves changes neither the state nor the file', async () => {
    const file = stateFile();
    const lines: string[] = [];
    const sim = await startTestSim({ stateFile: file, faults: { latencyMs: 150 }, log: (line) => lines.push(line) });
    running.push(sim);
    // The late request, written whole before anything else is sent; close() destroys its socket.
    const late = connect(sim.port, '127.0.0.1');
    late.on('error', () => undefined);
    const body = JSON.stringify({ metadata: { late: 'yes' } });
    const path = `/v1/${PROJECT}/cloudservers/${SERVER}/metadata`;
    await new Promise<void>((written) =>
      late.write(
        `POST ${path} HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Auth-Token: ${TOKEN}\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`,
        () => written(),
      ),
    );
    // A request without credentials is refused before the injected latency: once it is answered, the server has
    // long read the late request (its connection and bytes came first), which is now waiting out its latency.
    expect((await call(sim.url, 'ShowServer', { params: { project_id: PROJECT, server_id: SERVER }, token: null })).status).toBe(401);
    await sim.close();
    const saved = readFileSync(file, 'utf8');
    // The late request ends after close() resolved (its log line says so), and changed nothing.
    await vi.waitFor(() => expect(lines.filter((line) => line.includes('UpdateServerMetadata'))).toHaveLength(1), { timeout: 5_000 });
    expect(sim.state.servers.find((server) => server.id === SERVER)?.metadata).toEqual({ env: 'dev' });
    expect(readFileSync(file, 'utf8')).toBe(saved);
    expect(JSON.parse(saved).servers[0].metadata).toEqual({ env: 'dev' });
  });

  it('refuses a date that cannot be read back (a leap second, a year past 9999), naming the field, before anything starts', async () => {
    const file = stateFile();
    const first = await start(file);
    await changeOs(first);
    await first.close();
    const saved = JSON.parse(readFileSync(file, 'utf8')) as StateDoc;
    const withDate = (edit: (doc: StateDoc) => void) => {
      const doc = structuredClone(saved);
      edit(doc);
      writeFileSync(file, JSON.stringify(doc));
    };
    withDate((doc) => Object.assign(doc.jobs[0]?.steps[0] ?? {}, { begin: '2016-12-31T23:59:60Z' }));
    await expect(start(file)).rejects.toThrow(/state\.jobs\[0\]\.steps\[0\]\.begin: date-time: .*"2016-12-31T23:59:60Z".*refusing to start/);
    withDate((doc) => Object.assign(doc.jobs[0] ?? {}, { created: '9999-12-31T23:59:59-23:59' }));
    await expect(start(file)).rejects.toThrow(/state\.jobs\[0\]\.created: date-time: .*"9999-12-31T23:59:59-23:59".*refusing to start/);
    withDate(() => undefined); // the same file with its own dates starts
    await start(file);
  });

  it('refuses to start on a corrupt whole line in the journal, and keeps the journal', async () => {
    const file = stateFile();
    const sim = await start(file);
    await metadata(sim, { one: '1' });
    const journal = `${readFileSync(`${file}.journal`, 'utf8')}{"not a journal line"}\n`;
    await sim.close();
    writeFileSync(`${file}.journal`, journal); // as a crash would have left it, with a line gone bad since
    await expect(start(file)).rejects.toThrow(/state file .*state-\d+\.json\.journal: line 2 is corrupt .*refusing to start/);
    expect(readFileSync(`${file}.journal`, 'utf8')).toBe(journal);
  });

  it('refuses a second simulator on the same state file, naming the first; takes over the lock of one that is gone', async () => {
    const file = stateFile();
    const first = await start(file);
    await expect(start(file)).rejects.toThrow(
      new RegExp(`state file .*state-\\d+\\.json is in use by another simulator \\(pid ${process.pid}, lock file .*\\.lock\\).*Stop that one`),
    );
    expect((await metadata(first, { still: 'mine' })).status).toBe(200);
    await first.close();
    writeFileSync(`${file}.lock`, '2147483646\n'); // a simulator that crashed, whose pid no process has now
    const second = await start(file);
    expect(second.state.servers[0]?.metadata).toEqual({ env: 'dev', still: 'mine' });
  });

  it('refuses to start when the state file cannot be written', async () => {
    await expect(start(join(dir, 'no-such-dir', 'state.json'))).rejects.toThrow(/could not write state file .*ENOENT/);
  });
});
