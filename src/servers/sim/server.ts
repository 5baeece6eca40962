// The simulator's request pipeline, one step per function:
//   route (from the documents) → credentials (headers only) → body → signature → faults → validation → handler
//   → durable (with a state file) → send.
// The shared layer (src/servers/http.ts) has already refused foreign Host names and origins. Admin endpoints
// (/__sim/) and unknown routes branch off before the API steps. Everything here runs per request, so nothing is
// compiled here: routes and validators come ready from operations.ts. Nothing a request does can end the
// process: a fault is a 500 in the service's format, and a client that went away is no fault at all.
import type { IncomingMessage, RequestListener } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { badEncoding, matchRoute, type Route, type RouteMatch } from '../../openapi/routes.ts';
import type { Violation } from '../../openapi/validators.ts';
import { BodyTooLargeError, ClientAbortedError, type ErrorWriter, gatewayCode, newRequestId, parseJsonBody, readBody, send, splitUrl } from '../http.ts';
import { ADMIN_PREFIX, adminReply } from './admin.ts';
import { authenticate, type Credentials, checkHeaders } from './auth.ts';
import type { ServedOperation } from './operations.ts';
import { gatewayError, type Reply, serviceError } from './replies.ts';
import { SaveError, type Simulation } from './simulation.ts';

export interface Faults {
  /** Added to every API request before it is answered. */
  latencyMs: number;
  /** Share of API requests (0–1) refused by flow control: 429 or 503, whichever the operation documents (neither: none). */
  rate429: number;
  /** Share of API requests (0–1) answered with a 500 in the service's format. */
  rate5xx: number;
  /** Retry-After sent with the flow-control refusals. */
  retryAfterSeconds: number;
}

export interface PipelineOptions {
  routes: readonly Route<ServedOperation>[];
  simulation: Simulation;
  credentials: Credentials;
  faults: Faults;
  /** The listening host: the URL an AK/SK signature covers when a request has no Host header. */
  host: string;
  warn: (line: string) => void;
  /** One line per request (method, path, status, duration, request id; never headers, query or bodies). */
  log?: ((line: string) => void) | undefined;
}

/** A request routed to an operation (possibly with a path parameter that is not valid percent-encoding). */
type Routed = Extract<RouteMatch<ServedOperation>, { op: ServedOperation }>;
/** A request as the pipeline passes it from step to step. */
interface Exchange {
  req: IncomingMessage;
  requestId: string;
  method: string;
  query: string;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
/** Reads and drops a body nobody needs, so that the connection stays usable. */
const drain = (req: IncomingMessage): Promise<unknown> => readBody(req).catch(() => undefined);
/** The client went away: nobody to answer. 499 (client closed request) appears in the log line only. */
const GONE: Reply = { status: 499 };

/** The errors the shared layer answers (refusals, unparsable requests): in the format of the path's service. */
export function simulatorErrors(routes: readonly Route<ServedOperation>[]): ErrorWriter {
  return (method, path, status, message) => {
    const requestId = newRequestId();
    const headers = { 'X-Request-Id': requestId };
    if (path.startsWith(ADMIN_PREFIX)) return { body: { error: message }, headers };
    const match = matchRoute(routes, method, path);
    const reply = 'op' in match ? serviceError(match.op.handler.dialect, status, message) : gatewayError(status, gatewayCode(status), message, requestId);
    return { body: reply.body, headers };
  };
}

/** The request listener of the simulator's HTTP server. */
export function createPipeline(o: PipelineOptions): RequestListener {
  return (req, res) => {
    const started = o.log ? performance.now() : 0;
    const requestId = newRequestId();
    const method = req.method ?? 'GET';
    const { path, query } = splitUrl(req.url);
    respond(o, { req, requestId, method, query }, path)
      .catch((err: unknown): Reply => {
        if (err instanceof ClientAbortedError) return GONE;
        o.warn(`simulator error (request ${requestId}): ${messageOf(err)}`);
        return gatewayError(500, 'APIGW.0001', `Internal error (request ${requestId}).`, requestId);
      })
      .then((reply) => {
        if (reply !== GONE) {
          send(res, reply.status, reply.body, reply.headers ? { 'X-Request-Id': requestId, ...reply.headers } : { 'X-Request-Id': requestId });
        }
        // The query string is left out: callers sometimes put credentials there.
        o.log?.(`${new Date().toISOString()} ${method} ${path} ${reply.status} ${(performance.now() - started).toFixed(1)}ms ${requestId}`);
      })
      .catch((err: unknown) => {
        o.warn(`simulator error (request ${requestId}): the answer could not be sent: ${messageOf(err)}`);
        res.destroy();
      });
  };
}

/** An admin endpoint's answer, once what it changed (or shows) is durable. */
async function adminAnswer(o: PipelineOptions, x: Exchange, path: string): Promise<Reply> {
  await drain(x.req);
  const reply = adminReply(o.simulation, x.method, path, x.query);
  try {
    await o.simulation.durable();
  } catch (err) {
    if (!(err instanceof SaveError)) throw err;
    return { status: 500, body: { error: `${err.message}; nothing was changed` } };
  }
  return reply;
}

/** Route: an admin endpoint, the gateway's 404, or an operation (whose answer must be a documented status). */
async function respond(o: PipelineOptions, x: Exchange, path: string): Promise<Reply> {
  if (path.startsWith(ADMIN_PREFIX)) return adminAnswer(o, x, path);
  const match = matchRoute(o.routes, x.method, path);
  if (match.kind === 'none' || match.kind === 'method-not-allowed') {
    await drain(x.req);
    return gatewayError(404, 'APIGW.0101', `The API does not exist or has not been published in the environment: ${x.method} ${path}`, x.requestId);
  }
  const { operationId, handler, allowed } = match.op;
  let reply: Reply;
  try {
    reply = await serve(o, x, match);
  } catch (err) {
    if (err instanceof ClientAbortedError) throw err;
    if (err instanceof BodyTooLargeError) {
      reply = match.op.invalid([{ field: 'body', rule: 'maxBodySize', message: `must NOT be larger than ${err.limit} bytes` }]);
    } else {
      o.warn(`simulator error in ${operationId} (request ${x.requestId}): ${messageOf(err)}`);
      reply = serviceError(handler.dialect, 500, `System exception (request ${x.requestId}).`);
    }
  }
  // The documents are the contract: a status they do not list for this operation is a simulator bug.
  if (!allowed.has(reply.status)) {
    o.warn(`simulator bug: ${operationId} answered ${reply.status}, which its document does not list`);
    reply = serviceError(handler.dialect, 500, `System exception (request ${x.requestId}).`);
  }
  return reply;
}

/**
 * The API steps after routing: credentials before the body is read (a request without valid ones costs no body),
 * the signature, faults, validation, the operation's handler, and durability.
 */
async function serve(o: PipelineOptions, x: Exchange, match: Routed): Promise<Reply> {
  const { op } = match;
  const { dialect } = op.handler;
  const signed = { method: x.method, url: `http://${x.req.headers.host ?? o.host}${x.req.url ?? '/'}`, headers: x.req.headers };
  const early = await checkHeaders(signed, o.credentials);
  if (early !== 'needs-body' && !early.ok) return gatewayError(401, 'APIGW.0301', early.message, x.requestId);
  const raw = await readBody(x.req);
  // Settled before the body, unless a signature covers a body (not the empty one checked then).
  const settled = early !== 'needs-body' && (raw.length === 0 || x.req.headers['x-auth-token'] !== undefined);
  const auth = settled ? early : await authenticate({ ...signed, body: raw }, o.credentials);
  if (!auth.ok) return gatewayError(401, 'APIGW.0301', auth.message, x.requestId);
  // Faults only for authenticated requests: an injected 429 must not hide a bad signature.
  if (o.faults.latencyMs > 0) await sleep(o.faults.latencyMs);
  const throttled = flowControl(o.faults, op);
  if (throttled) return throttled;
  if (o.faults.rate5xx > 0 && Math.random() < o.faults.rate5xx) return serviceError(dialect, 500, `System exception (injected fault, request ${x.requestId}).`);
  if (match.kind === 'bad-encoding') return op.invalid([badEncoding(match.name)]);
  const { body, query, violations } = validate(op, match.params, x, raw);
  if (violations.length > 0) return op.invalid(violations);
  // Its socket is gone (close() destroys connections) and the final state is written: change nothing.
  if (o.simulation.frozen) return serviceError(dialect, 500, `The simulator is shutting down (request ${x.requestId}).`);
  // The rules of the request alone, before the handler looks anything up (as the services do).
  const broken = op.brokenRule(match.params, body);
  if (broken) return broken;
  const now = Date.now();
  o.simulation.settle(now);
  // From here on everything is synchronous: no other request can interleave with this state change.
  const reply = op.handler.handle({ params: match.params, query, body, now }, o.simulation);
  // Nothing is answered before it is durable, not even a read of a change still being saved.
  const saving = o.simulation.durable(o.simulation.version);
  if (!saving) return reply;
  try {
    await saving;
    return reply;
  } catch (err) {
    if (!(err instanceof SaveError)) throw err;
    return serviceError(dialect, 500, `The change could not be saved, so it was not made (request ${x.requestId}).`);
  }
}

/** The injected flow-control refusal, if this request draws one and the operation documents a status for it. */
function flowControl(faults: Faults, op: ServedOperation): Reply | undefined {
  if (faults.rate429 <= 0 || Math.random() >= faults.rate429) return undefined;
  const status = op.allowed.has(429) ? 429 : op.allowed.has(503) ? 503 : 0; // no documented throttling status: skip
  if (!status) return undefined;
  const reply = serviceError(op.handler.dialect, status, 'Flow control: too many requests. Try again later.');
  return { ...reply, headers: { 'Retry-After': String(faults.retryAfterSeconds) } };
}

/**
 * The parsed body and every violation of the document's rules: parameters, media type, JSON syntax and the body
 * schema, all named in one answer so that one round trip shows everything to fix.
 */
function validate(
  op: ServedOperation,
  params: Record<string, string>,
  x: Exchange,
  raw: Buffer,
): { body: unknown; query: Record<string, string>; violations: Violation[] } {
  let body: unknown;
  let problem: Violation | undefined;
  if (op.body && raw.length > 0) {
    const parsed = parseJsonBody(raw, x.req.headers['content-type']);
    if (parsed.ok) body = parsed.value;
    else problem = { field: parsed.rule === 'mediaType' ? 'header.Content-Type' : 'body', rule: parsed.rule, message: parsed.message };
  }
  const query = op.readsQuery ? Object.fromEntries(new URLSearchParams(x.query)) : {};
  const found = op.validate({ path: params, header: x.req.headers, query, body });
  if (!problem) return { body, query, violations: found };
  // The body could not be read, so it was not checked: drop "body: required", and say why instead.
  return { body, query, violations: [...found.filter((v) => v.field !== 'body'), problem] };
}
