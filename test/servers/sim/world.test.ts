// What the world holds stays bounded: finished jobs expire one simulated day after they end, and past MAX_JOBS
// the oldest finished jobs go early, while an unfinished job is never deleted.
import { describe, expect, it } from 'vitest';
import { changeOsJob, JOB_RETENTION_MS, MAX_JOBS } from '../../../src/servers/sim/jobs.ts';
import { World } from '../../../src/servers/sim/world.ts';
import { fixture, IMAGE, PROJECT } from './support/harness.ts';

const durations = { initMs: 10, stopMs: 10, runMs: 10 };
const world = () => new World({ ...structuredClone(fixture), jobs: [] });
const start = (w: World, serverId: string, now: number) => {
  const job = changeOsJob({ projectId: PROJECT, serverId, imageId: IMAGE, stopFirst: false }, durations, now);
  w.addJob(job);
  return job;
};

describe('job retention', () => {
  it('deletes a finished job one day after its end, not before', () => {
    const w = world();
    const job = start(w, 'server-a', 0);
    const end = job.steps[0]?.end ?? Number.NaN;
    expect(w.settle(end)).toBe(true);
    expect(w.settle(end + JOB_RETENTION_MS - 1)).toBe(false);
    expect(w.jobs.has(job.job_id)).toBe(true);
    expect(w.settle(end + JOB_RETENTION_MS)).toBe(true); // a change: the state file must drop it
    expect(w.jobs.size).toBe(0);
  });

  it('counts an advance as time passing for finished jobs too', () => {
    const w = world();
    const job = start(w, 'server-a', 0);
    w.settle(1_000);
    expect(w.advance(JOB_RETENTION_MS, 1_000)).toBe(true);
    w.settle(1_000);
    expect(w.jobs.has(job.job_id)).toBe(false);
  });

  it('drops expired jobs of a state file when it is read and settled', () => {
    const old = world();
    const job = start(old, 'server-a', 0);
    old.settle(100);
    const reread = new World(old.toDoc(100));
    expect(reread.jobs.has(job.job_id)).toBe(true);
    expect(reread.settle(100 + JOB_RETENTION_MS)).toBe(true);
    expect(reread.jobs.size).toBe(0);
  });
});

describe(`at most ${MAX_JOBS} jobs`, () => {
  it('deletes the oldest finished jobs first, and never an unfinished one', () => {
    const w = world();
    const running = changeOsJob({ projectId: PROJECT, serverId: 'busy-server', imageId: IMAGE, stopFirst: false }, { ...durations, runMs: 1e12 }, 0);
    w.addJob(running);
    let now = 0;
    const finished: string[] = [];
    for (let i = 0; i < MAX_JOBS + 50; i++) {
      const job = start(w, `server-${i}`, now);
      now = job.steps[0]?.end ?? Number.NaN;
      w.settle(now);
      finished.push(job.job_id);
      expect(w.jobs.size).toBeLessThanOrEqual(MAX_JOBS);
    }
    expect(w.activeJobs.get('busy-server')).toBe(running);
    expect(w.jobs.get(running.job_id)).toBe(running); // the oldest job, but unfinished
    expect([...w.jobs.keys()].slice(1)).toEqual(finished.slice(-(MAX_JOBS - 1)));
  });
});

describe('settling', () => {
  it('looks only at the jobs whose step has ended, not at every unfinished job', () => {
    const w = world();
    const looked = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const job = changeOsJob({ projectId: PROJECT, serverId: `server-${i}`, imageId: IMAGE, stopFirst: false }, { ...durations, runMs: 1000 + i }, 0);
      const steps = job.steps;
      Object.defineProperty(job, 'steps', {
        get: () => {
          looked.add(job.job_id);
          return steps;
        },
      });
      w.addJob(job);
    }
    looked.clear();
    expect(w.settle(500)).toBe(false); // nothing has ended yet
    expect(looked.size).toBe(0);
    expect(w.settle(1010 + 4)).toBe(true); // the first five jobs end (1010 to 1014)
    expect(looked.size).toBe(5);
    expect(w.activeJobs.size).toBe(995);
    expect(w.nextDue()).toBe(1015);
  });
});
