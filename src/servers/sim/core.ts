// The simulator without a socket: the simulation (simulation.ts) behind the one request pipeline
// (src/pipeline/pipeline.ts), with the simulation as the pipeline's answerer. startSimulator (index.ts) puts it
// behind node:http; in a test process or a browser page it answers plain requests directly. Nothing here, or in
// what it imports, needs Node: the clock is Date.now and timers, randomness is Web Crypto, the documents are data,
// and the state store (files, with Node) is passed in.
import { loadDocuments } from '../../openapi/bundled.ts';
import type { Route } from '../../openapi/routes.ts';
import type { AccessPolicy } from '../../pipeline/access.ts';
import type { Credentials } from '../../pipeline/credentials.ts';
import type { PlainRequest, Reply } from '../../pipeline/exchange.ts';
import { plainRequest, replyResponse } from '../../pipeline/fetch-adapter.ts';
import { type ServedOperation, serveOperations } from '../../pipeline/operations.ts';
import { type Answerer, createPipeline, type Faults, NO_FAULTS, type Pipeline } from '../../pipeline/pipeline.ts';
import type { Sha256Hex } from '../../signer.ts';
import { ADMIN_PREFIX, adminReply } from './admin.ts';
import type { Fixture, StateDoc } from './formats.ts';
import type { JobDurations } from './jobs.ts';
import { handlers } from './registry.ts';
import { Simulation } from './simulation.ts';
import { SaveError, type StateStore } from './store.ts';

export const DEFAULT_JOB_DURATIONS: Readonly<JobDurations> = { initMs: 1000, stopMs: 2000, runMs: 5000 };

export interface SimulatorCoreOptions {
  /** A checked fixture (fixture.ts parseFixture). */
  fixture: Fixture;
  /** The saved state, when there is one: it wins over the fixture. */
  saved?: StateDoc | undefined;
  store?: StateStore | undefined;
  jobDurations?: Partial<JobDurations>;
  faults?: Partial<Faults>;
  /** Extra credentials on top of the fixture's. */
  credentials?: { tokens?: string[]; access_keys?: Array<{ access_key: string; secret_key: string }> };
  /** Host and Origin policy (a server's; none in a test process or a page). */
  access?: AccessPolicy;
  /** The SHA-256 AK/SK signatures are verified with: Node's behind node:http; default, the signer's own (it runs anywhere). */
  sha256?: Sha256Hex;
  /** The host an AK/SK signature covers when a request has no Host header. */
  host?: string;
  log?: ((line: string) => void) | undefined;
  warn?: (line: string) => void;
}

export interface SimulatorCore {
  pipeline: Pipeline;
  simulation: Simulation;
  /** Answers one plain request. */
  handle(request: PlainRequest): Promise<Reply>;
}

let compiled: Route<ServedOperation>[] | undefined;

/** The routes of every bundled operation, validators compiled at once (a broken document stops the start). */
function simulatedRoutes(): Route<ServedOperation>[] {
  if (compiled) return compiled;
  const { routes } = serveOperations(loadDocuments(), { eager: true });
  const missing = routes.filter((r) => !handlers[r.op.operationId]).map((r) => `${r.op.service} ${r.op.operationId}`);
  if (missing.length > 0) throw new Error(`the simulator has no handler for ${missing.join(', ')}`);
  compiled = routes;
  return routes;
}

function credentialsOf(fixture: Fixture, extra: SimulatorCoreOptions['credentials'], sha256: Sha256Hex | undefined): Credentials {
  const keys = [...fixture.credentials.access_keys, ...(extra?.access_keys ?? [])];
  return {
    tokens: new Set([...fixture.credentials.tokens, ...(extra?.tokens ?? [])]),
    secrets: new Map(keys.map((k) => [k.access_key, k.secret_key])),
    sha256,
  };
}

/** The simulation as the pipeline's answerer: its admin endpoints, then each operation's handler, then durability. */
function simulationAnswerer(simulation: Simulation): Answerer {
  return {
    intercept(request, path, query) {
      if (!path.startsWith(ADMIN_PREFIX)) return undefined;
      return (async (): Promise<Reply> => {
        await request.body().catch(() => undefined); // read and dropped: the connection stays usable
        const { result: reply, saving } = simulation.handle(() => adminReply(simulation, request.method.toUpperCase(), path, query));
        try {
          await saving;
        } catch (err) {
          if (!(err instanceof SaveError)) throw err;
          return { status: 500, body: { error: `${err.message}; nothing was changed` } };
        }
        return reply;
      })();
    },
    // The admin endpoints are not an API: their refusals say what is wrong plainly.
    refusal: (path, _status, message) => (path.startsWith(ADMIN_PREFIX) ? { status: _status, body: { error: message } } : undefined),
    async answer({ op, params, query, body, requestId, error }) {
      const handler = handlers[op.operationId];
      if (!handler) throw new Error(`no handler for ${op.operationId}`);
      // Its socket is gone (close() destroys connections) and the final state is written: change nothing.
      if (simulation.frozen) return error(500, `The simulator is shutting down (request ${requestId}).`);
      const now = Date.now();
      simulation.settle(now);
      // From here on everything is synchronous: no other request can interleave with this state change.
      // Nothing is answered before it is durable: what it changed, or read of a change still being saved.
      const { result: reply, saving } = simulation.handle(() =>
        handler.handle({ params, query: query ? Object.fromEntries(new URLSearchParams(query)) : {}, body, now }, simulation),
      );
      if (!saving) return reply;
      try {
        await saving;
        return reply;
      } catch (err) {
        if (!(err instanceof SaveError)) throw err;
        return error(500, `The change could not be saved, so it was not made (request ${requestId}).`);
      }
    },
  };
}

/** The simulator's core: a simulation and the pipeline that answers for it. Call `simulation.start()` before use. */
export function createSimulatorCore(options: SimulatorCoreOptions): SimulatorCore {
  const warn = options.warn ?? ((line: string) => console.error(line));
  const durations = { ...DEFAULT_JOB_DURATIONS, ...options.jobDurations };
  const simulation = new Simulation({ fixture: options.fixture, saved: options.saved, durations, store: options.store, warn });
  const pipeline = createPipeline({
    routes: simulatedRoutes(),
    answerer: simulationAnswerer(simulation),
    credentials: credentialsOf(options.fixture, options.credentials, options.sha256),
    style: 'gateway',
    contract: true,
    faults: { ...NO_FAULTS, ...options.faults },
    ...(options.access ? { access: options.access } : {}),
    ...(options.host ? { host: options.host } : {}),
    log: options.log,
    warn,
  });
  return { pipeline, simulation, handle: (request) => pipeline.handle(request) };
}

/**
 * The simulator as a Fetch-style function, for callers without a port (hwc-openapi-dev/msw's handlers, the docs
 * console's in-page target): the simulation is started now, and each request waits for that start.
 */
export function fetchSimulator(core: SimulatorCore): (request: Request) => Promise<Response> {
  const started = core.simulation.start();
  return async (request) => {
    await started;
    return replyResponse(await core.handle(plainRequest(request)));
  };
}
