// The running simulation: the world, plus what keeps it and the state file current. Jobs advance lazily (each
// request settles what has ended); a wake timer settles them when no requests come, so the file follows the
// jobs to their end. Once frozen (close() began) nothing changes any more: a request whose socket close()
// destroyed may still be running, and it must change neither the world nor the file close() writes last.
//
// With a state file, nothing is answered before it is durable (persistence.ts): every change bumps `version`, and a
// request's answer waits (durable()) until a commit covering its version has been fsynced. Commits run one at a
// time; the changes made while one runs go into the next, so concurrent writes share one fsync (group commit). A
// commit that fails rolls the world back to the last durable state, and every answer waiting on what was lost
// becomes an error: nothing that was not saved is acknowledged, or kept.
import { MAX_TIMER_MS } from '../../client/transport.ts';
import { StartupError } from '../startup-error.ts';
import type { Fixture, StateDoc } from './formats.ts';
import type { HandlerContext } from './handlers.ts';
import type { JobDurations } from './jobs.ts';
import { SaveError, type StateStore } from './store.ts';
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

/** A checkpoint (the readable state file) this long after the first commit it does not hold yet. */
const CHECKPOINT_DELAY_MS = 50;
/** ... or at once when the journal passes this size. */
const JOURNAL_LIMIT_BYTES = 8 * 1024 * 1024;

interface Waiter {
  version: number;
  resolve: () => void;
  reject: (error: SaveError) => void;
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
  private checkpointTimer: ReturnType<typeof setTimeout> | undefined;
  private checkpointDue = false;
  private readonly fixture: Fixture;
  private readonly store: StateStore | undefined;
  private readonly warn: (line: string) => void;
  /** The last durable state (JSON), for a rollback: set by start() and by every commit. */
  private durableText = '';
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
    this.durableText = this.pretty();
    try {
      await this.store.checkpoint(this.durableText);
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

  /** Applies the job steps that have ended by `now`. */
  settle(now: number): void {
    if (this.world.settle(now)) this.changed();
  }

  /** Back to the fixture. */
  reset(): void {
    this.world = new World(structuredClone(this.fixture));
    this.changed();
  }

  /** Moves unfinished jobs `ms` forward, or to their end when omitted. */
  advanceJobs(ms?: number): void {
    const now = Date.now();
    // Moving a job changes its saved times even when no step ends: save it, and wake earlier for its new end.
    const moved = this.world.advance(ms, now);
    if (this.world.settle(now) || moved) this.changed();
  }

  /** The state dump: resources and jobs with their live status, no credentials. */
  dump(): StateDoc {
    const now = Date.now();
    this.settle(now);
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
    while (this.working) await this.working;
    try {
      await this.store.checkpoint(this.pretty());
      await this.store.close(true);
    } catch (err) {
      await this.store.close(false);
      for (const waiter of this.waiters.splice(0)) waiter.reject(err instanceof SaveError ? err : new SaveError(String(err)));
      throw err;
    }
    this.release(Number.POSITIVE_INFINITY);
  }

  private snapshot(): string {
    return JSON.stringify(this.world.toDoc(Date.now()));
  }

  private pretty(): string {
    return `${JSON.stringify(this.world.toDoc(Date.now()), null, 2)}\n`;
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
      // A due checkpoint goes first, even under a stream of changes (which it saves too): the journal stays bounded.
      if (this.checkpointDue) {
        this.checkpointDue = false;
        await this.commit(store, true);
      } else if (this.version > this.durableVersion) await this.commit(store, false);
      else return;
    }
  }

  /** Saves every change up to now: a journal line, or a checkpoint (the whole state file, the journal emptied). */
  private async commit(store: StateStore, checkpoint: boolean): Promise<void> {
    const version = this.version;
    try {
      // Taken now, synchronously: a consistent picture of every change up to `version`.
      const text = checkpoint ? this.pretty() : this.snapshot();
      await (checkpoint ? store.checkpoint(text) : store.commit(text));
      this.durableVersion = version;
      this.durableText = text;
      this.release(version);
      if (checkpoint) return;
      if (store.pending > JOURNAL_LIMIT_BYTES) this.checkpointDue = true;
      else this.checkpointTimer ??= setTimeout(() => this.dueCheckpoint(), CHECKPOINT_DELAY_MS);
    } catch (err) {
      const error = err instanceof SaveError ? err : new SaveError(`could not save the state: ${(err as Error).message}`);
      if (version > this.durableVersion) this.rollBack(error);
      else this.warn(`${error.message}; the journal keeps every change`);
    }
  }

  private dueCheckpoint(): void {
    this.checkpointTimer = undefined;
    this.checkpointDue = true;
    this.pump();
  }

  /** Back to the last durable state; every answer waiting on a change made since then becomes an error. */
  private rollBack(error: SaveError): void {
    this.warn(`${error.message}; the changes it held were refused and undone`);
    this.world = new World(JSON.parse(this.durableText) as StateDoc);
    this.durableVersion = this.version;
    for (const waiter of this.waiters.splice(0)) waiter.reject(error);
    clearTimeout(this.wake);
    this.wakeAt = Number.POSITIVE_INFINITY;
    this.scheduleWake();
  }

  private release(version: number): void {
    while (this.waiters.length > 0 && (this.waiters[0] as Waiter).version <= version) (this.waiters.shift() as Waiter).resolve();
  }

  private scheduleWake(): void {
    const due = this.world.nextDue();
    if (due === undefined || due >= this.wakeAt || this.frozen) return;
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
