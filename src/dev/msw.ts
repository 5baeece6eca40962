/**
 * `hwc-openapi-dev/msw`: the stateful simulator as MSW 2 request handlers, for `setupServer` (Node) and
 * `setupWorker` (browser). They are the simulator's core (the one request pipeline and the simulation) with no
 * port: they verify AK/SK signatures and tokens, remember writes and run jobs, at the services' real regional
 * hosts, so the code under test needs no endpoint override. Nothing here imports Node.
 */
import type { HttpHandler } from 'msw';
import type { Faults } from '../pipeline/pipeline.ts';
import { advanceProblem } from '../servers/sim/admin.ts';
import { createSimulatorCore, fetchSimulator } from '../servers/sim/core.ts';
import { parseFixture } from '../servers/sim/fixture.ts';
import defaultFixture from '../servers/sim/fixtures/default.json' with { type: 'json' };
import type { Fixture, StateDoc } from '../servers/sim/formats.ts';
import type { JobDurations } from '../servers/sim/jobs.ts';

// msw is an optional peer: without it, say what to install instead of Node's "Cannot find package".
const msw = await import('msw').catch((error: unknown) => {
  throw new Error(`hwc-openapi-dev/msw needs MSW 2 installed beside it: npm install -D msw@2 (${error instanceof Error ? error.message : String(error)})`);
});

export type { Fixture, StateDoc } from '../servers/sim/formats.ts';
export { defineFixture } from './fixture.ts';

export interface SimulatorHandlersOptions {
  /** The simulator's resources and credentials (see `defineFixture`). Default: the packaged default fixture. */
  fixture?: Fixture;
  /**
   * More origins to answer at besides `https://{ecs|bms|rfs}.{region}.myhuaweicloud.com` for every region, e.g.
   * the `endpoint` your code is configured with in tests.
   */
  baseUrl?: string | readonly string[];
  /** How long the steps of a job take (default: init 1000 ms, stop 2000 ms, run 5000 ms). */
  jobDurations?: Partial<JobDurations>;
  /** Injected latency, 429 and 5xx answers (default: none). */
  faults?: Partial<Faults>;
  /** Credentials accepted on top of the fixture's. */
  credentials?: { tokens?: string[]; access_keys?: Array<{ access_key: string; secret_key: string }> };
  /** Receives problems that do not stop the simulator. Default: console.error. */
  warn?: (line: string) => void;
}

export interface SimulatorHandlers {
  /** Pass to `setupServer(...handlers)` or `setupWorker(...handlers)`. */
  handlers: HttpHandler[];
  /** The state: resources and jobs with their live status, no credentials. */
  state(): StateDoc;
  /** Back to the fixture. */
  reset(): void;
  /** Moves unfinished jobs `ms` forward, or to their end when omitted. */
  advanceJobs(ms?: number): void;
  /** Stops the job timers; later requests answer 500. */
  close(): void;
}

/** Every region's ECS, BMS and RFS host (the v2.1 BMS API is on the ECS host). */
const REGIONAL = /^https:\/\/(ecs|bms|rfs)\.[a-z0-9-]+\.myhuaweicloud\.com(:443)?\//;

function baseUrls(baseUrl: SimulatorHandlersOptions['baseUrl']): string[] {
  const list = baseUrl === undefined ? [] : typeof baseUrl === 'string' ? [baseUrl] : [...baseUrl];
  return list.map((url) => {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw new TypeError(`simulatorHandlers: baseUrl must be an absolute URL such as http://localhost:4020, got ${JSON.stringify(url)}`);
    }
    return `${parsed.origin}${parsed.pathname.replace(/\/$/, '')}/*`;
  });
}

/** The simulator as MSW request handlers, with its state in this process. */
export function simulatorHandlers(options: SimulatorHandlersOptions = {}): SimulatorHandlers {
  const fixture = parseFixture(structuredClone(options.fixture ?? defaultFixture));
  const core = createSimulatorCore({
    fixture,
    ...(options.jobDurations ? { jobDurations: options.jobDurations } : {}),
    ...(options.faults ? { faults: options.faults } : {}),
    ...(options.credentials ? { credentials: options.credentials } : {}),
    ...(options.warn ? { warn: options.warn } : {}),
  });
  const answer = fetchSimulator(core);
  const resolver = ({ request }: { request: Request }): Promise<Response> => answer(request);
  const handlers = [REGIONAL, ...baseUrls(options.baseUrl)].map((predicate) => msw.http.all(predicate, resolver));
  return {
    handlers,
    state: () => core.simulation.dump(),
    reset: () => core.simulation.reset(),
    advanceJobs: (ms) => {
      const problem = ms === undefined ? undefined : advanceProblem(ms);
      if (problem) throw new RangeError(`advanceJobs: ${problem}, got ${ms}`);
      core.simulation.advanceJobs(ms);
    },
    close: () => core.simulation.freeze(),
  };
}
