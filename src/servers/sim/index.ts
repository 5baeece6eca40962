// The stateful simulator: one node:http server for all six operations of the ECS, BMS and RFS documents.
// Pipeline per request: route (from the documents) → fault injection → authentication → parameter and body
// validation (ajv, compiled from the documents at start) → the operation's semantics (handlers.ts).
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { authenticate, type Credentials } from './auth.ts';
import { gatewayError, type Reply, serviceError } from './errors.ts';
import { type Handler, handlers, type Sim } from './handlers.ts';
import { describeError, operations, type RouteMatch, route } from './spec.ts';
import { type Fixture, loadFixture, parseFixture, readStateFile, SimulatorError, type StateDoc, StateFileWriter } from './state.ts';
import { type JobDurations, jobStatus, World } from './world.ts';

export type { Fixture, StateDoc } from './state.ts';
export { SimulatorError } from './state.ts';
export type { JobDurations } from './world.ts';

export interface Faults {
  /** Added to every API request before it is answered. */
  latencyMs: number;
  /** Share of API requests (0–1) refused by flow control: 429 where the operation documents it (413 overLimit for Nova). */
  rate429: number;
  /** Share of API requests (0–1) answered with a 500 in the service's format. */
  rate5xx: number;
  /** Retry-After sent with the flow-control refusals. */
  retryAfterSeconds: number;
}

export interface SimulatorOptions {
  /** Default 127.0.0.1. Anything but loopback needs `allowRemote`: the /__sim/ endpoints have no authentication. */
  host?: string;
  /** Default 4020; 0 picks a free port. */
  port?: number;
  /** A fixture file path or a fixture object. Default: src/servers/sim/fixtures/default.json. */
  fixture?: string | Fixture;
  /** Where the state survives restarts. Without it the state lives in memory only. */
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
  /** Stops listening, drops connections, writes the state file. Requests still in progress then change nothing. */
  close(): Promise<void>;
}

export const DEFAULT_JOB_DURATIONS: JobDurations = { initMs: 1000, stopMs: 2000, runMs: 5000 };
export const DEFAULT_FAULTS: Faults = { latencyMs: 0, rate429: 0, rate5xx: 0, retryAfterSeconds: 1 };
const MAX_BODY_BYTES = 1 << 20;
const LOOPBACK = /^(127\.\d{1,3}\.\d{1,3}\.\d{1,3}|::1|localhost)$/;
const EMPTY = Buffer.alloc(0);
const MAX_TIMER_MS = 2_147_483_647; // setTimeout fires at once beyond this

class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<Buffer> {
  // HTTP/1.1: no Content-Length and no Transfer-Encoding means no body; skip the stream machinery.
  if (req.headers['content-length'] === '0' || (req.headers['content-length'] === undefined && req.headers['transfer-encoding'] === undefined)) {
    return Promise.resolve(EMPTY);
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk); // keep draining past the limit so the connection stays usable
    });
    req.on('end', () => (size > MAX_BODY_BYTES ? reject(new BodyTooLarge()) : resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

function checkNumber(name: string, value: number, min: number, max = Number.POSITIVE_INFINITY): number {
  if (!Number.isFinite(value) || value < min || value > max) throw new SimulatorError(`${name} must be a number from ${min} to ${max}, got ${value}`);
  return value;
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const host = options.host ?? '127.0.0.1';
  if (!LOOPBACK.test(host) && !options.allowRemote) {
    throw new SimulatorError(
      `refusing to listen on ${host}: the simulator is for loopback (its /__sim/ admin endpoints have no authentication). Use --allow-remote to do it anyway.`,
    );
  }
  const durations = { ...DEFAULT_JOB_DURATIONS, ...options.jobDurations };
  for (const [name, value] of Object.entries(durations)) checkNumber(`jobDurations.${name}`, value, 0);
  const faults = { ...DEFAULT_FAULTS, ...options.faults };
  checkNumber('faults.latencyMs', faults.latencyMs, 0);
  checkNumber('faults.rate429', faults.rate429, 0, 1);
  checkNumber('faults.rate5xx', faults.rate5xx, 0, 1);
  checkNumber('faults.retryAfterSeconds', faults.retryAfterSeconds, 0);
  const warn = options.warn ?? ((line: string) => console.error(line));
  let listening = false;
  const log = options.log;

  const fixture = typeof options.fixture === 'object' ? parseFixture(structuredClone(options.fixture)) : await loadFixture(options.fixture);
  const credentials: Credentials = {
    tokens: new Set([...fixture.credentials.tokens, ...(options.credentials?.tokens ?? [])]),
    secrets: new Map([...fixture.credentials.access_keys, ...(options.credentials?.access_keys ?? [])].map((k) => [k.access_key, k.secret_key])),
  };
  const ops = operations(); // compiled once per process
  const saved = options.stateFile ? await readStateFile(options.stateFile) : undefined;

  // Set when close() begins. A request whose socket close() destroyed may still be running (e.g. waiting out
  // latencyMs); nobody will see its answer, and it must not change the world or the file close() writes last.
  let closed = false;
  let wake: NodeJS.Timeout | undefined;
  let wakeAt = Number.POSITIVE_INFINITY;
  const writer = options.stateFile
    ? new StateFileWriter(
        options.stateFile,
        () => `${JSON.stringify(sim.world.toDoc(Date.now()), null, 2)}\n`,
        (line) => listening && warn(line),
      )
    : undefined;
  const sim: Sim = {
    world: new World(saved ?? fixture),
    images: new Set(fixture.images.map((i) => i.id)),
    durations,
    changed() {
      if (closed) return;
      writer?.markDirty();
      scheduleWake();
    },
  };

  // Jobs advance lazily (each request settles what has ended); this timer only keeps the state file current
  // when no requests come.
  function scheduleWake(): void {
    const due = sim.world.nextDue();
    if (due === undefined || due >= wakeAt) return;
    clearTimeout(wake);
    wakeAt = due;
    wake = setTimeout(
      () => {
        wake = undefined;
        wakeAt = Number.POSITIVE_INFINITY;
        if (sim.world.settle(Date.now())) writer?.markDirty();
        scheduleWake();
      },
      Math.min(Math.max(0, due - Date.now()) + 1, MAX_TIMER_MS),
    );
    wake.unref(); // never what keeps the process alive
  }

  if (sim.world.settle(Date.now()) || (writer && !saved)) sim.changed();
  if (writer) {
    await writer.flush(); // fail now, not later, when the state file cannot be written
    if (writer.lastError) throw new SimulatorError(writer.lastError);
  }

  function reset(): void {
    sim.world = new World(structuredClone(fixture));
    sim.changed();
  }
  function advanceJobs(ms?: number): void {
    const now = Date.now();
    // Moving a job changes its saved times even when no step ends: save it, and wake earlier for its new end.
    const moved = sim.world.advance(ms, now);
    if (sim.world.settle(now) || moved) sim.changed();
  }
  const dump = (): StateDoc => {
    const now = Date.now();
    if (sim.world.settle(now)) sim.changed();
    return sim.world.toDoc(now);
  };

  function admin(method: string, path: string, query: string): Reply {
    if (method === 'GET' && path === '/__sim/health') return { status: 200, body: { status: 'ok' } };
    if (method === 'GET' && path === '/__sim/state') return { status: 200, body: dump() };
    if (method === 'POST' && path === '/__sim/reset') {
      reset();
      return { status: 204 };
    }
    if (method === 'POST' && path === '/__sim/jobs/advance') {
      const raw = new URLSearchParams(query).get('ms');
      const ms = raw === null ? undefined : Number(raw);
      if (ms !== undefined && !(Number.isFinite(ms) && ms >= 0))
        return { status: 400, body: { error: `ms must be a number of milliseconds ≥ 0, got ${JSON.stringify(raw)}` } };
      const active = [...sim.world.activeJobs.values()];
      advanceJobs(ms);
      const now = Date.now();
      return { status: 200, body: { jobs: active.map((j) => ({ job_id: j.job_id, status: jobStatus(j, now) })) } };
    }
    return {
      status: 404,
      body: {
        error: `no admin endpoint ${method} ${path}`,
        endpoints: ['GET /__sim/health', 'GET /__sim/state', 'POST /__sim/reset', 'POST /__sim/jobs/advance[?ms=N]'],
      },
    };
  }

  async function respond(req: IncomingMessage, requestId: string, method: string, path: string, query: string): Promise<Reply> {
    if (path.startsWith('/__sim/')) {
      await readBody(req).catch(() => EMPTY);
      if (closed) return { status: 503, body: { error: 'the simulator is shutting down' } }; // see `closed`
      return admin(method, path, query);
    }
    const match = route(ops, method, path);
    if (match.kind === 'none') {
      await readBody(req).catch(() => EMPTY);
      return gatewayError(404, 'APIGW.0101', `The API does not exist or has not been published in the environment: ${method} ${path}`, requestId);
    }
    const handler = handlers[match.op.operationId];
    if (!handler) throw new Error(`no handler for ${match.op.operationId}`);
    let reply: Reply;
    try {
      reply = await serve(req, requestId, method, match, handler);
    } catch (err) {
      if (err instanceof BodyTooLarge)
        reply = serviceError(handler.dialect, 400, `request body: must NOT be larger than ${MAX_BODY_BYTES} bytes (maxBodySize)`);
      else {
        warn(`simulator error in ${match.op.operationId} (request ${requestId}): ${err instanceof Error ? err.message : String(err)}`);
        reply = serviceError(handler.dialect, 500, `System exception (request ${requestId}).`);
      }
    }
    // The documents are the contract: a status they do not list for this operation is a simulator bug.
    if (!match.op.statuses.has(reply.status)) {
      warn(`simulator bug: ${match.op.operationId} answered ${reply.status}, which its document does not list`);
      reply = serviceError(handler.dialect, 500, `System exception (request ${requestId}).`);
    }
    return reply;
  }

  async function serve(
    req: IncomingMessage,
    requestId: string,
    method: string,
    match: Exclude<RouteMatch, { kind: 'none' }>,
    handler: Handler,
  ): Promise<Reply> {
    const { op } = match;
    const { dialect } = handler;
    const raw = await readBody(req);
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    if (faults.rate429 > 0 && Math.random() < faults.rate429) {
      const status = op.statuses.has(429) ? 429 : op.statuses.has(413) ? 413 : 0; // no documented throttling status: skip
      if (status)
        return {
          ...serviceError(dialect, status, 'Flow control: too many requests. Try again later.'),
          headers: { 'Retry-After': String(faults.retryAfterSeconds) },
        };
    }
    const auth = await authenticate({ method, url: `http://${req.headers.host ?? host}${req.url ?? '/'}`, headers: req.headers, body: raw }, credentials);
    if (!auth.ok) return gatewayError(401, 'APIGW.0301', auth.message, requestId);
    if (faults.rate5xx > 0 && Math.random() < faults.rate5xx) return serviceError(dialect, 500, `System exception (injected fault, request ${requestId}).`);
    if (match.kind === 'bad-encoding') return serviceError(dialect, 400, `path parameter ${match.name}: must be valid percent-encoded UTF-8 (encoding)`);

    for (const p of op.parameters) {
      const value = p.in === 'path' ? match.params[p.name] : p.in === 'header' ? req.headers[p.name.toLowerCase()] : undefined;
      const subject = `${p.in === 'path' ? 'path parameter' : p.in} ${p.name}`;
      if (value === undefined) {
        if (p.required) return serviceError(dialect, 400, `${subject}: is required (required)`);
        continue;
      }
      if (!p.validate(value)) return serviceError(dialect, 400, describeError(p.validate.errors, subject));
    }

    let body: unknown;
    if (op.body) {
      if (raw.length === 0) {
        if (op.body.required) return serviceError(dialect, 400, 'request body: is required (required)');
      } else {
        const type = req.headers['content-type'];
        if (type !== undefined && !/^application\/(.+\+)?json\b/i.test(type))
          return serviceError(dialect, 400, 'header Content-Type: must be application/json (mediaType)');
        try {
          body = JSON.parse(raw.toString('utf8'));
        } catch {
          return serviceError(dialect, 400, 'request body: must be valid JSON (syntax)');
        }
        if (!op.body.validate(body)) return serviceError(dialect, 400, describeError(op.body.validate.errors, 'request body'));
      }
    }
    // Its socket is gone (close() destroys connections) and the final state is written: change nothing.
    if (closed) return serviceError(dialect, 500, `The simulator is shutting down (request ${requestId}).`);
    const now = Date.now();
    if (sim.world.settle(now)) sim.changed();
    // From here on everything is synchronous: no other request can interleave with this state change.
    return handler.handle({ params: match.params, body, now }, sim);
  }

  function send(res: ServerResponse, reply: Reply, requestId: string): void {
    const payload = reply.body === undefined ? undefined : JSON.stringify(reply.body);
    const headers: Record<string, string | number> = { 'X-Request-Id': requestId, ...reply.headers };
    if (payload !== undefined) {
      headers['Content-Type'] = 'application/json';
      headers['Content-Length'] = Buffer.byteLength(payload);
    }
    res.writeHead(reply.status, headers);
    res.end(payload);
  }

  const server = createServer((req, res) => {
    const started = log ? performance.now() : 0;
    const requestId = randomUUID().replaceAll('-', '');
    const method = req.method ?? 'GET';
    const url = req.url ?? '/';
    const q = url.indexOf('?');
    const path = q < 0 ? url : url.slice(0, q);
    respond(req, requestId, method, path, q < 0 ? '' : url.slice(q + 1))
      .catch((err: unknown): Reply => {
        warn(`simulator error (request ${requestId}): ${err instanceof Error ? err.message : String(err)}`);
        return gatewayError(500, 'APIGW.0001', `Internal error (request ${requestId}).`, requestId);
      })
      .then((reply) => {
        send(res, reply, requestId);
        // The query string is left out: callers sometimes put credentials there.
        log?.(`${new Date().toISOString()} ${method} ${path} ${reply.status} ${(performance.now() - started).toFixed(1)}ms ${requestId}`);
      });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', (err: NodeJS.ErrnoException) =>
      reject(err.code === 'EADDRINUSE' ? new SimulatorError(`port ${options.port ?? 4020} on ${host} is already in use; choose another with --port`) : err),
    );
    server.listen(options.port ?? 4020, host, () => resolve());
  });
  listening = true;
  const port = (server.address() as AddressInfo).port;
  const url = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;

  let closing: Promise<void> | undefined;
  return {
    url,
    host,
    port,
    get state() {
      return dump();
    },
    reset,
    advanceJobs,
    close() {
      closing ??= new Promise<void>((resolve) => {
        closed = true;
        clearTimeout(wake);
        server.close(() => resolve());
        server.closeAllConnections();
      }).then(() => writer?.flush());
      return closing;
    },
  };
}
