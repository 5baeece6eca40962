// The simulated cloud in memory: ECS servers, bare-metal servers, private providers and change-OS jobs, built
// from a fixture or a state file and turned back into a state document. Metadata and tags are Maps, not
// objects: a key such as `__proto__` is valid metadata and must be stored like any other. What the world holds
// is bounded (metadata items per server, jobs), so that no request or flood of requests can grow it without end.
import { type JobDoc, type Resources, STATE_FORMAT, type StateDoc } from './formats.ts';
import { expiresAt, type Job, jobEnd, jobFromDoc, jobToDoc, MAX_JOBS } from './jobs.ts';

/**
 * The simulator's own limit of metadata items per ECS (Huawei publishes none): a merge that would go past it is
 * refused whole.
 */
export const ECS_METADATA_LIMIT = 1024;
/**
 * Metadata items per bare metal server, through either BMS API: OpenStack Nova's default `metadata_items` quota,
 * which the v2.1 API's document quotes (BMS publishes no figure).
 */
export const BMS_METADATA_LIMIT = 128;

/** How many of `keys` the metadata does not hold yet (what a merge would add). */
function newKeys(metadata: ReadonlyMap<string, string>, keys: Iterable<string>): number {
  let added = 0;
  for (const key of keys) if (!metadata.has(key)) added++;
  return added;
}

/**
 * Merges pairs into a server's metadata, all or nothing: refused whole (with the count it would reach) when that
 * passes `limit`; otherwise whether any value changed (an equal value is no change to save).
 */
export function mergeMetadata(metadata: Map<string, string>, pairs: Record<string, string>, limit: number): { refused: number } | { changed: boolean } {
  const entries = Object.entries(pairs);
  const total = metadata.size + newKeys(metadata, Object.keys(pairs));
  if (total > limit) return { refused: total };
  let changed = false;
  for (const [key, value] of entries) {
    if (metadata.get(key) === value) continue;
    metadata.set(key, value);
    changed = true;
  }
  return { changed };
}

/** The refusal of a merge past a simulator limit, naming whose limit it is. */
export function metadataQuotaMessage(total: number, limit: number, whose: string): string {
  return `body.metadata: metadata-quota: the server would hold ${total} metadata items; this simulator keeps at most ${limit} ${whose}. Nothing was changed.`;
}

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
  /** Fields of ListBareMetalServerDetails's answer that differ from the documented example (from the fixture). */
  details?: Record<string, unknown>;
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
  /** Every job kept, oldest first (insertion order): finished ones go after JOB_RETENTION_MS, or early past MAX_JOBS. */
  readonly jobs = new Map<string, Job>();
  /** Unfinished jobs by server id: such a server refuses other changes (400 Ecs.0100). */
  readonly activeJobs = new Map<string, Job>();
  /** When the first finished job expires (-Infinity: not known, look at every job at the next settle). */
  private expiresAt = Number.NEGATIVE_INFINITY;

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
        ...(b.details ? { details: structuredClone(b.details) } : {}),
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
    this.prune();
  }

  addJob(job: Job): void {
    this.jobs.set(job.job_id, job);
    this.activeJobs.set(job.server_id, job);
    this.prune();
  }

  /** Past MAX_JOBS, deletes the oldest finished jobs (unfinished ones are at most one per server, and stay). */
  private prune(): void {
    for (const job of this.jobs.values()) {
      if (this.jobs.size <= MAX_JOBS) return;
      if (job.done) this.jobs.delete(job.job_id);
    }
  }

  /** Deletes the finished jobs whose retention time is over. Returns true when one was deleted. */
  private expire(now: number): boolean {
    let deleted = false;
    let next = Number.POSITIVE_INFINITY;
    for (const job of this.jobs.values()) {
      if (!job.done) continue;
      const at = expiresAt(job);
      if (now >= at) deleted = this.jobs.delete(job.job_id) || deleted;
      else next = Math.min(next, at);
    }
    this.expiresAt = next;
    return deleted;
  }

  /**
   * Applies the effects of job steps that have ended by `now`, and deletes the jobs that have expired by then.
   * Returns true when anything changed.
   */
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
        this.expiresAt = Math.min(this.expiresAt, expiresAt(job));
      }
    }
    if (now >= this.expiresAt && this.expire(now)) changed = true;
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
   * Time passes for the jobs: with `ms`, every job moves `ms` into the past (unfinished ones progress, finished
   * ones come closer to their expiry); without, every unfinished job moves straight to its end. The next settle
   * applies what that ends. Returns true when a job moved.
   */
  advance(ms: number | undefined, now: number): boolean {
    let moved = false;
    for (const job of (ms === undefined ? this.activeJobs : this.jobs).values()) {
      const shift = ms ?? Math.max(0, jobEnd(job) - now);
      if (shift <= 0) continue;
      moved = true;
      job.created -= shift;
      for (const step of job.steps) {
        step.begin -= shift;
        step.end -= shift;
      }
    }
    if (moved) this.expiresAt = Number.NEGATIVE_INFINITY;
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
