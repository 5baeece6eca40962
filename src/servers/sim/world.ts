// The simulated cloud in memory: ECS servers, bare-metal servers, private providers and change-OS jobs, built
// from a fixture or a state file and turned back into a state document. Metadata and tags are Maps, not
// objects: a key such as `__proto__` is valid metadata and must be stored like any other. What the world holds
// is bounded (metadata items per server, jobs), so that no request or flood of requests can grow it without end.
//
// For the journal (simulation.ts), the world notes which entities a request may have changed: each collection
// records the keys it was asked for (get), given (set) or deleted since the last takeTouched(); iterating one
// marks all of it. A handler that changes an entity has got it first, so the journal compares only those with
// what was saved, never the whole world. Jobs progress from a queue ordered by the end of their next step, so
// settling costs the steps that end, not a scan of every unfinished job.
import { type BareMetalServerDoc, type JobDoc, KINDS, type Kind, type Resources, type ServerDoc, STATE_FORMAT, type StateDoc } from './formats.ts';
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
  /** The fixture's further ShowServer fields, kept as given (formats.ts `ServerDoc.detail`). */
  detail?: Record<string, unknown>;
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

/** A Map that notes the keys whose values may have changed since the last take() (see the header). */
export class TrackedMap<V> extends Map<string, V> {
  private touched = new Set<string>();
  private everything = false;
  /** Also told of every key touched (`*`: all of them): the world's trace of one request. */
  trace: ((key: string) => void) | undefined;

  override get(key: string): V | undefined {
    const value = super.get(key);
    if (value !== undefined) this.touch(key);
    return value;
  }
  override set(key: string, value: V): this {
    this.touch(key);
    return super.set(key, value);
  }
  override delete(key: string): boolean {
    this.touch(key);
    return super.delete(key);
  }
  override clear(): void {
    this.touchAll();
    super.clear();
  }
  override values(): MapIterator<V> {
    this.touchAll();
    return super.values();
  }
  override entries(): MapIterator<[string, V]> {
    this.touchAll();
    return super.entries();
  }
  override [Symbol.iterator](): MapIterator<[string, V]> {
    return this.entries();
  }
  override forEach(callback: (value: V, key: string, map: Map<string, V>) => void, thisArg?: unknown): void {
    this.touchAll();
    super.forEach(callback, thisArg);
  }
  /** Reads without marking anything: for the world's own reads, which change nothing. */
  rawGet(key: string): V | undefined {
    return super.get(key);
  }
  /** Iterates without marking anything: for the world's own reads (a dump), which change nothing. */
  rows(): MapIterator<V> {
    return super.values();
  }
  /** Marks a key as possibly changed (the world's own changes made while iterating). */
  touch(key: string): void {
    this.touched.add(key);
    this.trace?.(key);
  }
  private touchAll(): void {
    this.everything = true;
    this.trace?.('*');
  }
  /** The keys possibly changed since the last call (all: every key, and any deleted ones), and starts afresh. */
  take(): { all: boolean; keys: ReadonlySet<string> } {
    const taken = { all: this.everything, keys: this.touched };
    this.touched = new Set();
    this.everything = false;
    return taken;
  }
}

/** A job due to progress at `at` (the end of its next unfinished step, when it was queued). */
interface Due {
  at: number;
  job: Job;
}

export class World {
  readonly servers = new TrackedMap<EcsServer>();
  readonly baremetal = new TrackedMap<BareMetalServer>();
  readonly providers = new TrackedMap<Provider>();
  /** Every job kept, oldest first (insertion order): finished ones go after JOB_RETENTION_MS, or early past MAX_JOBS. */
  readonly jobs = new TrackedMap<Job>();
  /** Unfinished jobs by server id: such a server refuses other changes (400 Ecs.0100). */
  readonly activeJobs = new Map<string, Job>();
  /** When the first finished job expires (-Infinity: not known, look at every job at the next settle). */
  private expiresAt = Number.NEGATIVE_INFINITY;
  /** Unfinished jobs, as a binary min-heap on `at`. */
  private queue: Due[] = [];

  constructor(doc: Resources & { jobs?: JobDoc[] }) {
    for (const s of doc.servers) {
      this.servers.set(s.id, {
        ...identity(s),
        image_id: s.image_id ?? '',
        metadata: new Map(Object.entries(s.metadata ?? {})),
        os_change_failed: s.os_change_failed ?? false,
        ...(s.detail && { detail: s.detail }),
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
    this.requeue();
  }

  addJob(job: Job): void {
    this.jobs.set(job.job_id, job);
    this.activeJobs.set(job.server_id, job);
    this.enqueue(job);
    this.prune();
  }

  /**
   * Runs `fn` and returns it with the entities it touched (got, set, deleted or iterated: `kind` alone), each as
   * `kind key`. Only the keys of its collections: a whole kind touched is `kind *`.
   */
  traced<T>(fn: () => T): { result: T; touched: Set<string> } {
    const touched = new Set<string>();
    const collections = this.collections();
    for (const [kind, map] of collections) map.trace = (key) => touched.add(`${kind} ${key}`);
    try {
      return { result: fn(), touched };
    } finally {
      for (const [, map] of collections) map.trace = undefined;
    }
  }

  private collections(): Array<[Kind, TrackedMap<unknown>]> {
    return KINDS.map((kind) => [kind, this.collection(kind)]);
  }

  private collection(kind: Kind): TrackedMap<unknown> {
    switch (kind) {
      case 'servers':
        return this.servers;
      case 'baremetal_servers':
        return this.baremetal;
      case 'private_providers':
        return this.providers;
      case 'jobs':
        return this.jobs;
    }
  }

  /** Tells a trace under way that everything was read (without marking anything as possibly changed). */
  readAll(): void {
    for (const [, map] of this.collections()) map.trace?.('*');
  }

  /** The keys of a collection, without marking anything. */
  keys(kind: Kind): Iterable<string> {
    return this.collection(kind).keys();
  }

  /** Which entities may have changed since the last call, by kind (see the header). */
  takeTouched(): Record<Kind, { all: boolean; keys: ReadonlySet<string> }> {
    return Object.fromEntries(this.collections().map(([kind, map]) => [kind, map.take()])) as Record<Kind, { all: boolean; keys: ReadonlySet<string> }>;
  }

  /** One entity as the state document holds it (a job without its status, which follows from the clock). */
  entity(kind: Kind, key: string): object | undefined {
    switch (kind) {
      case 'servers': {
        const s = this.servers.rawGet(key);
        return s && serverDoc(s);
      }
      case 'baremetal_servers': {
        const b = this.baremetal.rawGet(key);
        return b && baremetalDoc(b);
      }
      case 'private_providers': {
        const p = this.providers.rawGet(key);
        return p && { ...p };
      }
      case 'jobs': {
        const j = this.jobs.rawGet(key);
        return j && jobToDoc(j);
      }
    }
  }

  private enqueue(job: Job): void {
    const at = job.steps.find((s) => !s.done)?.end;
    if (at === undefined) return;
    const q = this.queue;
    q.push({ at, job });
    for (let i = q.length - 1; i > 0; ) {
      const parent = (i - 1) >> 1;
      if ((q[parent] as Due).at <= (q[i] as Due).at) break;
      [q[parent], q[i]] = [q[i] as Due, q[parent] as Due];
      i = parent;
    }
  }

  private dequeue(): Due | undefined {
    const q = this.queue;
    const top = q[0];
    const last = q.pop();
    if (q.length === 0 || !last) return top;
    q[0] = last;
    for (let i = 0; ; ) {
      const l = 2 * i + 1;
      const r = l + 1;
      let min = i;
      if (l < q.length && (q[l] as Due).at < (q[min] as Due).at) min = l;
      if (r < q.length && (q[r] as Due).at < (q[min] as Due).at) min = r;
      if (min === i) break;
      [q[min], q[i]] = [q[i] as Due, q[min] as Due];
      i = min;
    }
    return top;
  }

  /** Rebuilds the queue from the unfinished jobs (after their times moved). */
  private requeue(): void {
    this.queue = [];
    for (const job of this.activeJobs.values()) this.enqueue(job);
  }

  /** Past MAX_JOBS, deletes the oldest finished jobs (unfinished ones are at most one per server, and stay). */
  private prune(): void {
    for (const job of this.jobs.rows()) {
      if (this.jobs.size <= MAX_JOBS) return;
      if (job.done) this.jobs.delete(job.job_id);
    }
  }

  /** Deletes the finished jobs whose retention time is over. Returns true when one was deleted. */
  private expire(now: number): boolean {
    let deleted = false;
    let next = Number.POSITIVE_INFINITY;
    for (const job of this.jobs.rows()) {
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
    while (this.queue.length > 0 && (this.queue[0] as Due).at <= now) {
      const { job } = this.dequeue() as Due;
      if (job.done || this.activeJobs.get(job.server_id) !== job) continue; // deleted or replaced since queued
      this.jobs.touch(job.job_id);
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
          // Stopped, as a change needs it (or `withStopServer` made it): no page says the server starts again.
          server.vm_state = 'stopped';
          server.os_change_failed = false;
        }
      }
      if (job.steps.every((s) => s.done)) {
        job.done = true;
        this.activeJobs.delete(job.server_id);
        this.expiresAt = Math.min(this.expiresAt, expiresAt(job));
      } else this.enqueue(job);
    }
    if (now >= this.expiresAt && this.expire(now)) changed = true;
    return changed;
  }

  /** When the next job step ends (for the timer that keeps the state file current), if any. */
  nextDue(): number | undefined {
    return this.queue[0]?.at;
  }

  /**
   * Time passes for the jobs: with `ms`, every job moves `ms` into the past (unfinished ones progress, finished
   * ones come closer to their expiry); without, every unfinished job moves straight to its end. The next settle
   * applies what that ends. Returns true when a job moved.
   */
  advance(ms: number | undefined, now: number): boolean {
    let moved = false;
    for (const job of ms === undefined ? this.activeJobs.values() : this.jobs.rows()) {
      const shift = ms ?? Math.max(0, jobEnd(job) - now);
      if (shift <= 0) continue;
      moved = true;
      this.jobs.touch(job.job_id);
      job.created -= shift;
      for (const step of job.steps) {
        step.begin -= shift;
        step.end -= shift;
      }
    }
    if (moved) {
      this.expiresAt = Number.NEGATIVE_INFINITY;
      this.requeue();
    }
    return moved;
  }

  /** The state document; `now` gives jobs their status (without, they have none: the journal's form). */
  toDoc(now?: number): StateDoc {
    return {
      format: STATE_FORMAT,
      servers: [...this.servers.rows()].map(serverDoc),
      baremetal_servers: [...this.baremetal.rows()].map(baremetalDoc),
      private_providers: [...this.providers.rows()].map((p) => ({ ...p })),
      jobs: [...this.jobs.rows()].map((j) => jobToDoc(j, now)),
    };
  }
}

const serverDoc = (s: EcsServer): ServerDoc => ({ ...s, metadata: Object.fromEntries(s.metadata) });
const baremetalDoc = (b: BareMetalServer): BareMetalServerDoc => ({
  ...b,
  metadata: Object.fromEntries(b.metadata),
  tags: [...b.tags].map(([key, value]) => ({ key, value })),
});
