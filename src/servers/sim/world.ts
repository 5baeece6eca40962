// The simulated cloud in memory: ECS servers, bare-metal servers, private providers and change-OS jobs, built
// from a fixture or a state file and turned back into a state document. Metadata and tags are Maps, not
// objects: a key such as `__proto__` is valid metadata and must be stored like any other.
import { type JobDoc, type Resources, STATE_FORMAT, type StateDoc } from './formats.ts';
import { type Job, jobFromDoc, jobToDoc } from './jobs.ts';

export interface EcsServer {
  id: string;
  project_id: string;
  name: string;
  vm_state: string;
  image_id: string;
  metadata: Map<string, string>;
  os_change_failed: boolean;
}
export interface BareMetalServer {
  id: string;
  project_id: string;
  name: string;
  vm_state: string;
  metadata: Map<string, string>;
  tags: Map<string, string>;
}
export interface Provider {
  name: string;
  id: string;
  description: string;
  create_time: string;
  update_time: string;
}

/** What every kind of server has, in the order the state file lists it. */
const identity = (s: { id: string; project_id: string; name?: string; vm_state: string }) => ({
  id: s.id,
  project_id: s.project_id,
  name: s.name ?? '',
  vm_state: s.vm_state,
});

export class World {
  readonly servers = new Map<string, EcsServer>();
  readonly baremetal = new Map<string, BareMetalServer>();
  readonly providers = new Map<string, Provider>();
  readonly jobs = new Map<string, Job>();
  /** Unfinished jobs by server id: such a server refuses other changes (409). */
  readonly activeJobs = new Map<string, Job>();

  constructor(doc: Resources & { jobs?: JobDoc[] }) {
    for (const s of doc.servers) {
      this.servers.set(s.id, {
        ...identity(s),
        image_id: s.image_id ?? '',
        metadata: new Map(Object.entries(s.metadata ?? {})),
        os_change_failed: s.os_change_failed ?? false,
      });
    }
    for (const b of doc.baremetal_servers) {
      this.baremetal.set(b.id, {
        ...identity(b),
        metadata: new Map(Object.entries(b.metadata ?? {})),
        tags: new Map((b.tags ?? []).map((t) => [t.key, t.value ?? ''])),
      });
    }
    for (const p of doc.private_providers) {
      const created = p.create_time ?? new Date(0).toISOString();
      this.providers.set(p.name, { name: p.name, id: p.id, description: p.description ?? '', create_time: created, update_time: p.update_time ?? created });
    }
    for (const j of doc.jobs ?? []) {
      const job = jobFromDoc(j);
      this.jobs.set(job.job_id, job);
      if (!job.done) this.activeJobs.set(job.server_id, job);
    }
  }

  addJob(job: Job): void {
    this.jobs.set(job.job_id, job);
    this.activeJobs.set(job.server_id, job);
  }

  /** Applies the effects of job steps that have ended by `now`. Returns true when anything changed. */
  settle(now: number): boolean {
    let changed = false;
    for (const job of this.activeJobs.values()) {
      for (const step of job.steps) {
        if (step.done || now < step.end) continue;
        step.done = true;
        changed = true;
        const server = this.servers.get(job.server_id);
        if (!server) continue;
        if (step.effect === 'stop') server.vm_state = 'stopped';
        else if (step.fail_reason !== null) {
          // The old system disk is already detached when the change fails: the server is left in error,
          // and only another change OS (allowed after a failed one) repairs it.
          server.vm_state = 'error';
          server.os_change_failed = true;
        } else {
          server.image_id = job.image_id;
          server.vm_state = 'active'; // an ECS starts after its OS is changed
          server.os_change_failed = false;
        }
      }
      if (job.steps.every((s) => s.done)) {
        job.done = true;
        this.activeJobs.delete(job.server_id);
      }
    }
    return changed;
  }

  /** When the next job step ends (for the timer that keeps the state file current), if any. */
  nextDue(): number | undefined {
    let next: number | undefined;
    for (const job of this.activeJobs.values()) {
      for (const step of job.steps) if (!step.done && (next === undefined || step.end < next)) next = step.end;
    }
    return next;
  }

  /**
   * Moves every unfinished job `ms` closer to its end (or straight to it), as if that time had passed.
   * Returns true when a job moved.
   */
  advance(ms: number | undefined, now: number): boolean {
    let moved = false;
    for (const job of this.activeJobs.values()) {
      const last = job.steps[job.steps.length - 1];
      const shift = ms ?? (last ? Math.max(0, last.end - now) : 0);
      if (shift > 0) moved = true;
      job.created -= shift;
      for (const step of job.steps) {
        step.begin -= shift;
        step.end -= shift;
      }
    }
    return moved;
  }

  toDoc(now: number): StateDoc {
    return {
      format: STATE_FORMAT,
      servers: [...this.servers.values()].map((s) => ({ ...s, metadata: Object.fromEntries(s.metadata) })),
      baremetal_servers: [...this.baremetal.values()].map((b) => ({
        ...b,
        metadata: Object.fromEntries(b.metadata),
        tags: [...b.tags].map(([key, value]) => ({ key, value })),
      })),
      private_providers: [...this.providers.values()].map((p) => ({ ...p })),
      jobs: [...this.jobs.values()].map((j) => jobToDoc(j, now)),
    };
  }
}
