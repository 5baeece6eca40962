/**
 * `hwc-openapi-dev`'s programmatic API, for a user's tests: the stateful simulator and the mock on a loopback
 * port, each closed by `await using`, and a typed fixture helper. In-process handlers with no port are
 * `hwc-openapi-dev/msw` (msw.ts).
 */
import { startMock as startMockServer } from '../cli/mock.ts';
import type { StateDoc } from '../servers/sim/formats.ts';
import { type SimulatorOptions as ServerOptions, startSimulator as startSimulatorServer } from '../servers/sim/index.ts';

export type { Faults, Fixture, JobDurations, StateDoc } from '../servers/sim/index.ts';
export { DEFAULT_JOB_DURATIONS, SimulatorError } from '../servers/sim/index.ts';
export { defineFixture } from './fixture.ts';

export interface SimulatorOptions {
  /** Default 4020; 0 picks a free port (read it from `port` or `url`). */
  port?: number;
  /** A fixture object (see `defineFixture`) or the path of a fixture JSON file. Default: the packaged one. */
  fixture?: ServerOptions['fixture'];
  /** Where the state survives restarts. Without it the state lives in memory only. */
  stateFile?: string;
  /** How long the steps of a job take (default: init 1000 ms, stop 2000 ms, run 5000 ms). */
  jobDurations?: ServerOptions['jobDurations'];
  /** Injected latency, 429 and 5xx answers (default: none). */
  faults?: ServerOptions['faults'];
  /** Credentials accepted on top of the fixture's. */
  credentials?: ServerOptions['credentials'];
  /** One line per request (method, path, status, duration; never headers or bodies). Default: silent. */
  log?: (line: string) => void;
  /** Problems that do not stop the simulator (a failed state-file write). Default: console.error. */
  warn?: (line: string) => void;
}

export interface Simulator extends AsyncDisposable {
  /** `http://127.0.0.1:{port}`: give it to the client as `endpoint`. */
  url: string;
  port: number;
  /** The state: resources and jobs with their live status, no credentials (what GET /__sim/state returns). */
  state(): StateDoc;
  /** Back to the fixture. */
  reset(): void;
  /** Moves unfinished jobs `ms` forward, or to their end when omitted. */
  advanceJobs(ms?: number): void;
  /** Stops listening and writes the state file; `await using` calls it at scope end. */
  close(): Promise<void>;
}

/** Starts the stateful simulator on 127.0.0.1. Rejects with a SimulatorError naming a wrong option. */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const server = await startSimulatorServer({ ...options, port: options.port ?? 4020 });
  return {
    url: server.url,
    port: server.port,
    state: () => server.state,
    reset: () => server.reset(),
    advanceJobs: (ms) => server.advanceJobs(ms),
    close: () => server.close(),
    [Symbol.asyncDispose]: () => server.close(),
  };
}

export interface MockOptions {
  /** Default 4010; 0 picks a free port. */
  port?: number;
  /** Generate every response body from its schema instead of using the documents' examples. */
  dynamic?: boolean;
  /** One line per request. Default: silent. */
  log?: (line: string) => void;
}

export interface Mock extends AsyncDisposable {
  url: string;
  port: number;
  close(): Promise<void>;
}

/** Starts the Prism-based mock of every ECS, BMS and RFS operation on 127.0.0.1, answering from the examples. */
export async function startMock(options: MockOptions = {}): Promise<Mock> {
  const mock = await startMockServer({
    name: 'mock',
    host: '127.0.0.1',
    port: options.port ?? 4010,
    portOption: 'the port option',
    dynamic: options.dynamic ?? false,
    ...(options.log ? { log: options.log } : {}),
    print: () => undefined,
  });
  return { url: mock.url, port: Number(new URL(mock.url).port), close: mock.close, [Symbol.asyncDispose]: mock.close };
}
