// The stateful simulator of the ECS, BMS and RFS operations, on one port: startSimulator() checks the options,
// loads the fixture and the state file, puts the simulator's core (core.ts: the simulation behind the one request
// pipeline) behind node:http and returns the public Simulator API. See README.md beside this file.
import { NO_FAULTS } from '../../pipeline/pipeline.ts';
import { nodeSha256 } from '../hashes.ts';
import { acceptedHosts, type ConnectionLimits, close as closeServer, isLoopbackHost, listen, MAX_TIMER_MS, StartupError } from '../http.ts';
import { createPipelineServer } from '../pipeline-server.ts';
import { ADMIN_PREFIX, advanceProblem } from './admin.ts';
import { createSimulatorCore, DEFAULT_JOB_DURATIONS } from './core.ts';
import type { Fixture, StateDoc } from './formats.ts';
import type { JobDurations } from './jobs.ts';
import { loadFixture, parseFixture, StateStore } from './persistence.ts';

export type { Faults } from '../../pipeline/pipeline.ts';
/** The simulator's start-up error is the servers' one: a problem the user can fix, printed without a stack. */
export { StartupError as SimulatorError } from '../startup-error.ts';
export { DEFAULT_JOB_DURATIONS } from './core.ts';
export type { Fixture, StateDoc } from './formats.ts';
export type { JobDurations } from './jobs.ts';
export { defaultFixturePath } from './persistence.ts';

type Faults = import('../../pipeline/pipeline.ts').Faults;

export interface SimulatorOptions {
  /** Default 127.0.0.1. Anything but loopback needs `allowRemote`: the /__sim/ endpoints have no authentication. */
  host?: string;
  /** Default 4020; 0 picks a free port. */
  port?: number;
  /** A fixture file path or a fixture object. Default: the fixtures/default.json beside this file. */
  fixture?: string | Fixture;
  /**
   * Where the state survives restarts (and FILE.journal beside it). Every change is durable (fsynced) before it
   * is answered. Without it the state lives in memory only.
   */
  stateFile?: string;
  jobDurations?: Partial<JobDurations>;
  faults?: Partial<Faults>;
  /** Extra credentials on top of the fixture's (e.g. from the environment). */
  credentials?: { tokens?: string[]; access_keys?: Array<{ access_key: string; secret_key: string }> };
  /** Receives one line per request when set (method, path, status, duration, request id; never headers or bodies). */
  log?: (line: string) => void;
  /** Receives problems that do not stop the simulator (a failed state-file write). Default: console.error. */
  warn?: (line: string) => void;
  allowRemote?: boolean;
  /** Host names answered besides loopback ones and `host` (DNS rebinding: others are refused). */
  allowedHosts?: readonly string[];
  /** Browser origins allowed besides loopback ones (CORS). */
  corsOrigins?: readonly string[];
  /** Connection limits of the shared HTTP layer (timeouts, connection cap). */
  limits?: Partial<ConnectionLimits>;
}

export interface Simulator {
  url: string;
  host: string;
  port: number;
  /** The state dump (what GET /__sim/state returns): resources and jobs, no credentials. */
  readonly state: StateDoc;
  /** Back to the fixture (POST /__sim/reset). */
  reset(): void;
  /** Moves unfinished jobs `ms` forward, or to their end when omitted (POST /__sim/jobs/advance). */
  advanceJobs(ms?: number): void;
  /**
   * Stops listening, drops connections, writes the state file; rejects when that final write fails. Requests
   * still in progress then change nothing.
   */
  close(): Promise<void>;
}

export const DEFAULT_FAULTS: Faults = NO_FAULTS;
const DEFAULT_PORT = 4020;

function checkNumber(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new StartupError(`${name} must be a number from ${min} to ${max}, got ${value}`);
  return value;
}

/** The longest Retry-After of the injected flow-control refusals: setTimeout's limit, in whole seconds. */
export const MAX_RETRY_AFTER_SECONDS = Math.floor(MAX_TIMER_MS / 1000);

/** The options with their defaults, checked: a StartupError names the first one that is wrong. */
function checkedOptions(options: SimulatorOptions): { host: string; durations: JobDurations; faults: Faults } {
  const host = options.host ?? '127.0.0.1';
  if (!isLoopbackHost(host) && !options.allowRemote) {
    throw new StartupError(
      `refusing to listen on ${host}: the simulator is for loopback (its /__sim/ admin endpoints have no authentication). Use --allow-remote to do it anyway.`,
    );
  }
  const durations = { ...DEFAULT_JOB_DURATIONS, ...options.jobDurations };
  // Durations become timers and job times: setTimeout's limit keeps both valid (a longer one fires at once, or
  // makes a date that cannot be written).
  for (const [name, value] of Object.entries(durations)) checkNumber(`jobDurations.${name}`, value, 0, MAX_TIMER_MS);
  const faults = { ...DEFAULT_FAULTS, ...options.faults };
  checkNumber('faults.latencyMs', faults.latencyMs, 0, MAX_TIMER_MS);
  checkNumber('faults.rate429', faults.rate429, 0, 1);
  checkNumber('faults.rate5xx', faults.rate5xx, 0, 1);
  checkNumber('faults.retryAfterSeconds', faults.retryAfterSeconds, 0, MAX_RETRY_AFTER_SECONDS);
  return { host, durations, faults };
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { host, durations, faults } = checkedOptions(options);
  const warn = options.warn ?? ((line: string) => console.error(line));
  const fixture = typeof options.fixture === 'object' ? parseFixture(structuredClone(options.fixture)) : await loadFixture(options.fixture);
  const opened = options.stateFile ? await StateStore.open(options.stateFile) : undefined;

  let listening = false; // before that, a failed write fails the start instead (Simulation.start)
  const { pipeline, simulation } = createSimulatorCore({
    fixture,
    saved: opened?.saved,
    store: opened?.store,
    jobDurations: durations,
    faults,
    ...(options.credentials ? { credentials: options.credentials } : {}),
    access: { hosts: acceptedHosts(host, options.allowedHosts), corsOrigins: options.corsOrigins ?? [], isAdmin: (path) => path.startsWith(ADMIN_PREFIX) },
    host,
    sha256: nodeSha256,
    log: options.log,
    warn: (line) => listening && warn(line),
  });
  try {
    await simulation.start();
  } catch (err) {
    await opened?.store.close(false);
    throw err;
  }

  const server = createPipelineServer(pipeline, { limits: options.limits, warn: (line) => listening && warn(line) });
  const { port } = await listen(server, { host, port: options.port ?? DEFAULT_PORT }).catch(async (err: unknown) => {
    await opened?.store.close(false);
    throw err;
  });
  listening = true;

  let closing: Promise<void> | undefined;
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    host,
    port,
    get state() {
      return simulation.dump();
    },
    reset: () => simulation.reset(),
    advanceJobs: (ms) => {
      const problem = ms === undefined ? undefined : advanceProblem(ms);
      if (problem) throw new RangeError(`advanceJobs: ${problem}, got ${ms}`);
      simulation.advanceJobs(ms);
    },
    close() {
      simulation.freeze();
      closing ??= closeServer(server).then(() => simulation.flush());
      return closing;
    },
  };
}
