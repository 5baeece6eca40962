// The running simulation: the world, plus what keeps it and the state file current. Jobs advance lazily (each
// request settles what has ended); a wake timer settles them when no requests come, so the file follows the
// jobs to their end. Once frozen (close() began) nothing changes any more: a request whose socket close()
// destroyed may still be running, and it must change neither the world nor the file close() writes last.
import { MAX_TIMER_MS, StartupError } from '../http.ts';
import type { Fixture, StateDoc } from './formats.ts';
import type { Sim } from './handlers.ts';
import type { JobDurations } from './jobs.ts';
import { StateFileWriter } from './persistence.ts';
import { World } from './world.ts';

export interface SimulationOptions {
  fixture: Fixture;
  /** The state file's content, when there is one: it wins over the fixture. */
  saved?: StateDoc | undefined;
  durations: JobDurations;
  stateFile?: string | undefined;
  /** Receives a failed state-file write (the simulator keeps serving and tries again with the next change). */
  warn: (line: string) => void;
}

export class Simulation implements Sim {
  world: World;
  readonly images: ReadonlySet<string>;
  readonly durations: JobDurations;
  /** close() began: see the header. */
  frozen = false;
  private readonly fixture: Fixture;
  private readonly writer: StateFileWriter | undefined;
  private readonly fromFile: boolean;
  private wake: NodeJS.Timeout | undefined;
  private wakeAt = Number.POSITIVE_INFINITY;

  constructor(options: SimulationOptions) {
    this.fixture = options.fixture;
    this.world = new World(options.saved ?? options.fixture);
    this.fromFile = options.saved !== undefined;
    this.images = new Set(options.fixture.images.map((i) => i.id));
    this.durations = options.durations;
    this.writer = options.stateFile
      ? new StateFileWriter(options.stateFile, () => `${JSON.stringify(this.world.toDoc(Date.now()), null, 2)}\n`, options.warn)
      : undefined;
  }

  /**
   * Settles the jobs that ended while the simulator was down, and writes a new state file at once, so that one
   * that cannot be written fails the start rather than a later request.
   */
  async start(): Promise<void> {
    if (this.world.settle(Date.now()) || (this.writer && !this.fromFile)) this.changed();
    if (!this.writer) return;
    await this.writer.flush();
    if (this.writer.lastError) throw new StartupError(this.writer.lastError);
  }

  /** Call after changing the world: schedules a state-file write and the next wake-up. */
  changed(): void {
    if (this.frozen) return;
    this.writer?.markDirty();
    this.scheduleWake();
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
  }

  /** Waits for every pending write (the final one after freeze()). */
  async flush(): Promise<void> {
    await this.writer?.flush();
  }

  private scheduleWake(): void {
    const due = this.world.nextDue();
    if (due === undefined || due >= this.wakeAt) return;
    clearTimeout(this.wake);
    this.wakeAt = due;
    this.wake = setTimeout(
      () => {
        this.wake = undefined;
        this.wakeAt = Number.POSITIVE_INFINITY;
        if (this.world.settle(Date.now())) this.writer?.markDirty();
        this.scheduleWake();
      },
      Math.min(Math.max(0, due - Date.now()) + 1, MAX_TIMER_MS),
    );
    this.wake.unref(); // never what keeps the process alive
  }
}
