// The running simulation: the world, plus what keeps it and the state file current. Jobs progress from a queue
// (world.ts): each request settles the steps that have ended, and a wake timer settles them when no requests
// come, so the file follows the jobs to their end. Once frozen (close() began) nothing changes any more: a request
// whose socket close() destroyed may still be running, and it must change neither the world nor the file close()
// writes last.
//
// With a state file, nothing is answered before what it changed, or read, is durable (persistence.ts): every
// change bumps `version`; a request that changed something waits (durable()) until a commit covering its version
// has been fsynced, and a request that changed nothing waits only when it read an entity whose change is still
// being saved (never for another request's commit of something else). Commits run one at a time; the changes made
// while one runs go into the next, so concurrent writes share one fsync (group commit), and a commit that follows
// another closely first lets the clients that one answered send their next change (gather()). A commit journals
// only the entities that differ from what is saved (the world notes which ones a request touched), so its cost
// follows the change, not the state. A commit that fails rolls the world back to the last durable state, and
// every answer waiting on what was lost becomes an error: nothing that was not saved is acknowledged, or kept. After
// a failed save the simulator backs off: the timer retries later and later, requests that would only settle jobs
// wait for the retry, and the log says once what is wrong (and once when it is fixed).
import { MAX_TIMER_MS } from '../../client/transport.ts';
import { StartupError } from '../startup-error.ts';
import { type Fixture, KINDS, type StateDoc } from './formats.ts';
import type { HandlerContext } from './handlers.ts';
import type { JobDurations } from './jobs.ts';
import { type Change, changeLine, SavedState, SaveError, type StateStore } from './store.ts';
import { World } from './world.ts';

export { SaveError } from './store.ts';

export interface SimulationOptions {
  fixture: Fixture;
  /** The saved state, when there is one: it wins over the fixture. */
  saved?: StateDoc | undefined;
  durations: JobDurations;
  store?: StateStore | undefined;
  /** Receives a failed save (the simulator keeps serving; the changes it held were refused). */
  warn: (line: string) => void;
}

/** A checkpoint (the readable state file) once no commit has come for this long ... */
const CHECKPOINT_IDLE_MS = 100;
/** ... or as soon as the journal is larger than the state and than this (a write then costs O(its change), amortized). */
const JOURNAL_MIN_BYTES = 1024 * 1024;
/** Group commit: the longest a commit waits for more requests to join it (gather()), however long commits take. */
const GATHER_MAX_MS = 1;
/** The next turn of the event loop: setImmediate where there is one (Node), else a timer. */
const nextTurn: (fn: () => void) => void = globalThis.setImmediate ?? ((fn) => setTimeout(fn, 0));
/** After a failed save, the first retry of the timer's work; each failure doubles it, up to the maximum. */
const RETRY_FIRST_MS = 100;
const RETRY_MAX_MS = 30_000;

interface Waiter {
  version: number;
  resolve: () => void;
  reject: (error: SaveError) => void;
}

/** What a request's handler returned, and what must be durable before it is answered (undefined: nothing). */
export interface Handled<T> {
  result: T;
  saving: Promise<void> | undefined;
}

export class Simulation implements HandlerContext {
  world: World;
  readonly images: ReadonlySet<string>;
  readonly durations: JobDurations;
  /** close() began: see the header. */
  frozen = false;
  /** Bumped by every change; `durableVersion` is the newest one saved (with no store, always equal). */
  version = 0;
  private durableVersion = 0;
  private readonly waiters: Waiter[] = [];
  /** The commit under way, if any. */
  private working: Promise<void> | undefined;
  /** When the last commit ended (performance.now()), how long its write took, and how many requests waited then. */
  private lastCommit = { endedAt: Number.NEGATIVE_INFINITY, tookMs: 0, waiting: 0 };
  /** The state file being written in the background, if any (see checkpoint()). */
  private checkpointing: Promise<void> | undefined;
  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  private checkpointDue = false;
  private readonly fixture: Fixture;
  private readonly store: StateStore | undefined;
  private readonly warn: (line: string) => void;
  /** What is durable (the state file with its journal applied), entity by entity: set by start() and every commit. */
  private saved: SavedState | undefined;
  /** The world was replaced (a reset): the next commit journals the whole state. */
  private replaced = false;
  /** Entities (`kind key`) changed since they were last durable, with the version that changed them. */
  private readonly dirty = new Map<string, number>();
  /** The version of the last change that touched whole collections (a reset): every entity waits for it. */
  private dirtyAll = 0;
  /** Failed saves in a row, and when the timer's work may try again. */
  private failures = 0;
  private retryAt = 0;
  private wake: ReturnType<typeof setTimeout> | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(options: SimulationOptions) {
    this.fixture = options.fixture;
    this.world = new World(options.saved ?? options.fixture);
    this.images = new Set(options.fixture.images.map((i) => i.id));
    this.durations = options.durations;
    this.store = options.store;
    this.warn = options.warn;
  }

  /**
   * Settles the jobs that ended while the simulator was down and writes the state file at once, so that one that
   * cannot be written fails the start rather than a later request.
   */
  async start(): Promise<void> {
    this.world.settle(Date.now());
    this.scheduleWake();
    if (!this.store) return;
    this.world.takeTouched();
    this.saved = new SavedState(this.world.toDoc());
    try {
      await this.store.checkpoint(this.saved.fileText(Date.now()));
    } catch (err) {
      throw new StartupError(err instanceof Error ? err.message : String(err));
    }
  }

  /** Call after changing the world: schedules a commit and the next wake-up. */
  changed(): void {
    if (this.frozen) return;
    this.version++;
    this.scheduleWake();
    // After the handler has returned: it may change more after calling this.
    if (this.store && !this.working) queueMicrotask(() => this.pump());
  }

  /**
   * Undefined when everything up to `version` (default: the current one) is durable; else a promise that
   * resolves once it is, or rejects with a SaveError when it was lost.
   */
  durable(version = this.version): Promise<void> | undefined {
    // Called right after a handler, before any commit can fail: whatever a failure loses, its waiters are here.
    if (!this.store || version <= this.durableVersion) return undefined;
    return new Promise((resolve, reject) => this.waiters.push({ version, resolve, reject }));
  }

  /**
   * Runs a request's handler (synchronously: no other request interleaves) and says what its answer waits for:
   * its own change, or, when it changed nothing, the changes still being saved of the entities it read.
   */
  handle<T>(handler: () => T): Handled<T> {
    // In memory nothing is saved, so nothing waits: no trace of what the handler touched is needed.
    if (!this.store) return { result: handler(), saving: undefined };
    const before = this.version;
    const { result, touched } = this.traced(handler);
    if (this.version > before) return { result, saving: this.durable() };
    let needed = this.dirtyAll;
    for (const key of touched) {
      // A whole collection read: whatever of it is being saved.
      if (key.endsWith(' *')) needed = Math.max(needed, ...[...this.dirty].filter(([k]) => k.startsWith(key.slice(0, -1))).map(([, v]) => v));
      else needed = Math.max(needed, this.dirty.get(key) ?? 0);
    }
    return { result, saving: needed > this.durableVersion ? this.durable(needed) : undefined };
  }

  /**
   * Applies the job steps that have ended by `now` (after a failed save, only when the retry is due). What it
   * changes is no request's change: the clock made it, and a restart would make it again, so no answer waits
   * for it to be saved (handle()).
   */
  settle(now: number): void {
    if (this.store && now < this.retryAt) return; // the answer shows the job's status from its times all the same
    if (this.world.settle(now)) this.changed();
  }

  /** Back to the fixture. */
  reset(): void {
    this.world = new World(structuredClone(this.fixture));
    this.replaced = true;
    this.changed();
    this.dirtyAll = this.version;
  }

  /** Moves unfinished jobs `ms` forward, or to their end when omitted. */
  advanceJobs(ms?: number): void {
    const now = Date.now();
    this.traced(() => {
      // Moving a job changes its saved times even when no step ends: save it, and wake earlier for its new end.
      const moved = this.world.advance(ms, now);
      if (this.world.settle(now) || moved) this.changed();
    });
  }

  /** The state dump: resources and jobs with their live status, no credentials. */
  dump(): StateDoc {
    const now = Date.now();
    this.settle(now);
    this.world.readAll(); // for handle(): the dump waits for whatever is being saved
    return this.world.toDoc(now);
  }

  /** From now on nothing changes: no wake-ups, no writes but the final one. */
  freeze(): void {
    this.frozen = true;
    clearTimeout(this.wake);
    clearTimeout(this.checkpointTimer);
  }

  /** Waits for the commits under way, then writes the final state file; throws when it cannot. */
  async flush(): Promise<void> {
    if (!this.store) return;
    while (this.working || this.checkpointing) await (this.working ?? this.checkpointing);
    try {
      this.world.takeTouched();
      await this.store.checkpoint(new SavedState(this.world.toDoc()).fileText(Date.now()));
      await this.store.close(true);
    } catch (err) {
      await this.store.close(false);
      for (const waiter of this.waiters.splice(0)) waiter.reject(err instanceof SaveError ? err : new SaveError(String(err)));
      throw err;
    }
    this.release(Number.POSITIVE_INFINITY);
  }

  /** Runs `fn`, and notes the entities it touched as dirty when it changed something. */
  private traced<T>(fn: () => T): { result: T; touched: Set<string> } {
    const before = this.version;
    const traced = this.world.traced(fn);
    if (this.store && this.version > before) {
      for (const key of traced.touched) {
        if (key.endsWith(' *')) this.dirtyAll = this.version;
        else this.dirty.set(key, this.version);
      }
    }
    return traced;
  }

  /** Runs commits, then a due checkpoint, one at a time, until there is nothing left to do. */
  private pump(): void {
    if (this.working || !this.store || this.frozen) return;
    this.working = this.work(this.store)
      // A save must never end the process: a fault outside the commit itself (a rollback that fails) is reported.
      .catch((err: unknown) => this.warn(`simulator error while saving the state: ${(err as Error).message}`))
      .finally(() => {
        this.working = undefined;
        if (!this.frozen && (this.version > this.durableVersion || this.checkpointDue)) this.pump();
      });
  }

  private async work(store: StateStore): Promise<void> {
    while (!this.frozen) {
      if (this.version > this.durableVersion) {
        await this.gather();
        if (this.frozen) return; // flush() saves everything there is
        await this.commit(store);
      } else if (this.checkpointDue) {
        this.checkpointDue = false;
        await this.checkpoint(store);
      } else return;
    }
  }

  /**
   * Group commit. The clients a commit answers tend to send their next change at once: committing the first of them
   * alone would leave the rest to the commit after, and many clients would go on alternating in two groups that each
   * wait for two fsyncs (with 16 clients, a third of the in-memory rate). So a commit that follows another closely
   * waits, a turn of the event loop at a time, until as many requests wait as did when that one ended: at most as
   * long as that one's write took (and GATHER_MAX_MS), so that no request waits longer than it could have without.
   * A single client's next change is committed at once, as before.
   */
  private gather(): Promise<void> | undefined {
    const { endedAt, tookMs, waiting } = this.lastCommit;
    const started = performance.now();
    const window = Math.min(tookMs, GATHER_MAX_MS);
    // Long after the last commit, its clients are not about to come back: nobody to wait for.
    if (this.waiters.length >= waiting || started - endedAt > window) return undefined;
    const until = started + window;
    const ready = () => this.frozen || this.waiters.length >= waiting || performance.now() >= until;
    return new Promise((resolve) => {
      const check = () => (ready() ? resolve() : nextTurn(check));
      nextTurn(check);
    });
  }

  /** The entities that differ from what is saved, compared one by one among those touched since the last commit. */
  private changes(saved: SavedState): Change {
    const change: Change = [];
    const touched = this.world.takeTouched();
    for (const kind of KINDS) {
      const { all, keys } = touched[kind];
      const candidates = all ? new Set([...saved.keys(kind), ...this.world.keys(kind)]) : keys;
      for (const key of candidates) {
        const entity = this.world.entity(kind, key);
        const text = entity === undefined ? undefined : JSON.stringify(entity);
        if (text !== saved.text(kind, key)) change.push([kind, key, text]);
      }
    }
    return change;
  }

  /** Journals every change up to now: the entities that changed, or the whole state after a reset. */
  private async commit(store: StateStore): Promise<void> {
    const version = this.version;
    const saved = this.saved as SavedState;
    // Taken now, synchronously: a consistent picture of every change up to `version`.
    const whole = this.replaced ? new SavedState(this.world.toDoc()) : undefined;
    const change = whole ? [] : this.changes(saved);
    if (whole) this.world.takeTouched();
    this.replaced = false;
    const started = performance.now();
    try {
      if (whole) await store.commit(JSON.stringify(whole.toDoc()));
      else if (change.length > 0) await store.commit(changeLine(change));
      if (whole) this.saved = whole;
      else saved.apply(change);
      this.durableVersion = version;
      this.cleanDirty(version);
      this.succeeded();
      const endedAt = performance.now();
      this.lastCommit = { endedAt, tookMs: endedAt - started, waiting: this.waiters.length };
      this.release(version);
      if (store.pending > Math.max(JOURNAL_MIN_BYTES, (this.saved as SavedState).size)) this.checkpointDue = true;
      else if (store.pending > 0) this.armCheckpoint(CHECKPOINT_IDLE_MS);
    } catch (err) {
      const error = err instanceof SaveError ? err : new SaveError(`could not save the state: ${(err as Error).message}`);
      this.failed(error);
      this.rollBack(error);
    }
  }

  /**
   * Writes the state file from what is durable, in the background (persistence.ts): the journal is rotated
   * between commits, and the file written while commits go on into the new journal.
   */
  private async checkpoint(store: StateStore): Promise<void> {
    if (this.checkpointing || store.pending === 0) return;
    const text = (this.saved as SavedState).fileText(Date.now()); // what the journal being rotated holds
    const retry = (err: unknown) => {
      // Nothing is lost: the journals still hold every change. Try again later.
      this.failed(err instanceof SaveError ? err : new SaveError(String(err)), 'the journal keeps every change');
      this.armCheckpoint(Math.max(CHECKPOINT_IDLE_MS, this.retryAt - Date.now()));
    };
    try {
      await store.rotate();
    } catch (err) {
      retry(err);
      return;
    }
    this.checkpointing = store
      .writeRotated(text)
      .then(() => this.succeeded(), retry)
      .finally(() => {
        this.checkpointing = undefined;
        // Commits made meanwhile are in the new journal: the file follows them once things are quiet.
        if (!this.frozen && store.pending > 0) this.armCheckpoint(CHECKPOINT_IDLE_MS);
      });
  }

  private armCheckpoint(ms: number): void {
    clearTimeout(this.checkpointTimer);
    this.checkpointTimer = setTimeout(() => {
      this.checkpointTimer = undefined;
      this.checkpointDue = true;
      this.pump();
    }, ms);
    // Never what keeps a Node process alive (browsers' timers have no unref).
    (this.checkpointTimer as { unref?: () => void }).unref?.();
  }

  private cleanDirty(version: number): void {
    for (const [key, changedAt] of this.dirty) if (changedAt <= version) this.dirty.delete(key);
  }

  /** A failed save: said once, with what to do, until a save succeeds again; the timer's work backs off. */
  private failed(error: SaveError, consequence = 'changes are refused (answered with an error) and undone until it can; reads go on'): void {
    this.failures++;
    this.retryAt = Date.now() + Math.min(RETRY_FIRST_MS * 2 ** (this.failures - 1), RETRY_MAX_MS);
    if (this.failures > 1) return;
    const path = this.store?.path ?? '';
    this.warn(
      `${error.message}; ${consequence}. Free space on the disk of the directory of ${path} (or make the file writable): the simulator retries by itself, backing off up to ${RETRY_MAX_MS / 1000} s.`,
    );
  }

  private succeeded(): void {
    if (this.failures === 0) return;
    this.failures = 0;
    this.retryAt = 0;
    this.warn(`state file ${this.store?.path ?? ''} can be written again: changes are saved`);
  }

  /** Back to the last durable state; every answer waiting on a change made since then becomes an error. */
  private rollBack(error: SaveError): void {
    this.world = new World((this.saved as SavedState).toDoc());
    this.durableVersion = this.version;
    this.dirty.clear();
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    clearTimeout(this.wake);
    this.wakeAt = Number.POSITIVE_INFINITY;
    this.scheduleWake();
  }

  private release(version: number): void {
    while (this.waiters.length > 0 && (this.waiters[0] as Waiter).version <= version) (this.waiters.shift() as Waiter).resolve();
  }

  private scheduleWake(): void {
    const next = this.world.nextDue();
    if (next === undefined || this.frozen) return;
    const due = Math.max(next, this.retryAt); // after a failed save, not before the retry
    if (due >= this.wakeAt) return;
    clearTimeout(this.wake);
    this.wakeAt = due;
    this.wake = setTimeout(
      () => {
        this.wake = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        // A timer must never end the process: a fault here is reported, and the next request settles again.
        try {
          this.settle(Date.now());
          this.scheduleWake();
        } catch (err) {
          this.warn(`simulator error while settling jobs: ${(err as Error).message}`);
        }
      },
      Math.min(Math.max(0, due - Date.now()) + 1, MAX_TIMER_MS),
    );
    // Never what keeps a Node process alive (browsers' timers have no unref).
    (this.wake as { unref?: () => void }).unref?.();
  }
}
