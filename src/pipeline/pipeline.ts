/**
 * The one request pipeline of the mock, the proxy and the simulator. It runs the steps once:
 *   route (from the documents) → Host/Origin policy → Prefer (mock) → credentials (headers only) → body
 *   → signature over the body → injected faults → validation → service rules → the answerer.
 * The three servers differ only in their answerer (Prism's mocker, the upstream forwarder, the simulation) and
 * options. It takes a plain request and gives a plain reply, with no socket: node:http is one adapter
 * (src/servers/http.ts), MSW another. Clock, randomness and request ids are passed in; nothing here imports Node.
 * Nothing a request does can escape as an exception: a fault is a 500 in the server's format.
 */
import { badEncoding, matchRoute, type Route } from '../openapi/routes.ts';
import { brokenServiceRule, violationExample } from '../openapi/service-rules.ts';
import { formatViolation, type Violation } from '../openapi/violations.ts';
import { type AccessPolicy, checkAccess } from './access.ts';
import { type CredentialsCheck, checkEarly, type SignedRequest } from './credentials.ts';
import { BodyTooLargeError, ClientAbortedError, type PlainRequest, parseJsonBody, queryRecord, type Reply, requestIds, splitUrl } from './exchange.ts';
import type { ServedOperation } from './operations.ts';
import { type MockChoice, parsePreferences } from './prefer.ts';
import {
  documentedError,
  type ErrorCodes,
  errorCodesOf,
  gatewayError,
  problem,
  problemReply,
  type Style,
  serviceError,
  validationList,
  violationsText,
} from './replies.ts';

/** A request routed to an operation, validated, as an answerer gets it. */
export interface Call {
  request: PlainRequest;
  requestId: string;
  method: string;
  /** Raw (percent-encoded) path, and the query string without `?`. */
  path: string;
  query: string;
  op: ServedOperation;
  params: Record<string, string>;
  /** The parsed body; undefined when there is none (or, with validation off, when it is not JSON). */
  body: unknown;
  /** The body's bytes, exactly as received. */
  raw: Uint8Array;
  /** What `Prefer` asked for (with the `prefer` option). */
  choice: MockChoice;
  /** An error in the operation's service format (the code its documents give for the status). */
  error(status: number, message: string): Reply;
}

export interface Answerer {
  /** Answers a request before it is routed (the simulator's /__sim/ endpoints); undefined lets it go on. */
  intercept?(request: PlainRequest, path: string, query: string): Promise<Reply> | undefined;
  /** Its own form of a refusal of a path it intercepts; undefined for the pipeline's. */
  refusal?(path: string, status: number, message: string): Reply | undefined;
  /** The answer to a request that passed every step. */
  answer(call: Call): Promise<Reply>;
}

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

export const NO_FAULTS: Readonly<Faults> = { latencyMs: 0, rate429: 0, rate5xx: 0, retryAfterSeconds: 1 };

export interface PipelineOptions {
  routes: readonly Route<ServedOperation>[];
  answerer: Answerer;
  /** Presence only (mock, proxy), or verify tokens and AK/SK signatures (simulator). */
  credentials: CredentialsCheck;
  /** How what no document describes is answered: Prism's problem+json, or the API gateway's format. */
  style: Style;
  /** Refuse a request that breaks the document with the operation's documented 400 (default), or a 422 problem (proxy). */
  refusals?: 'documented' | 'problem';
  /** Check requests against the document (default true). */
  validate?: boolean;
  /** Answer the service rules of the request alone (default true; a proxy leaves them to its upstream). */
  serviceRules?: boolean;
  /** Read Prism's `Prefer` header (the mock). */
  prefer?: boolean;
  /** A reply status the operation does not document is a fault of the answerer: 500 (the simulator). */
  contract?: boolean;
  /** Host and Origin policy; leave it out where no network reaches the pipeline (in a test process, a page). */
  access?: AccessPolicy;
  faults?: Faults;
  /** The host an AK/SK signature covers when a request has no Host header. */
  host?: string;
  /** Waits `ms` (injected latency). Default: a timer. */
  sleep?: (ms: number) => Promise<void>;
  /** A number in [0, 1) (injected faults). Default: Math.random. */
  random?: () => number;
  requestId?: () => string;
  /** One line per request: method, path (never the query), operation, status, duration, request id, why. */
  log?: ((line: string) => void) | undefined;
  /** Faults of the answerer itself. Default: console.error. */
  warn?: (line: string) => void;
}

export interface Pipeline {
  handle(request: PlainRequest): Promise<Reply>;
  /**
   * The error reply for a request the adapter refuses itself (unparsable, too slow): in the format of the
   * operation its path names, else in the server's style.
   */
  errorReply(method: string, path: string, status: number, message: string): Reply;
}

const LOGGED_PATH_CHARS = 200;
const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err));
/** The client went away: nobody to answer. 499 (client closed request) appears in the log line only. */
export const GONE = 499;

export function createPipeline(o: PipelineOptions): Pipeline {
  const codes: ErrorCodes = errorCodesOf(o.routes.map((r) => r.op));
  const nextId = o.requestId ?? requestIds();
  const random = o.random ?? Math.random;
  const sleep = o.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const warn = o.warn ?? ((line: string) => console.error(line));
  const faults = o.faults ?? NO_FAULTS;
  const validating = o.validate !== false;

  /** What no document describes, in the server's style. */
  const own = (status: number, type: string, title: string, detail: string, requestId: string, extra?: Record<string, unknown>): Reply =>
    o.style === 'problem' ? problemReply(problem(type, title, status, detail, extra)) : gatewayError(status, detail, requestId);

  function errorReply(method: string, path: string, status: number, message: string, requestId = nextId()): Reply {
    const intercepted = o.answerer.refusal?.(path, status, message);
    if (intercepted) return intercepted;
    const match = matchRoute(o.routes, method, path);
    if ('op' in match && o.style === 'gateway') return serviceError(match.op, codes, status, message);
    const documented = 'op' in match && o.refusals !== 'problem' ? documentedError(match.op, status, requestId, message) : undefined;
    return documented ?? own(status, status === 403 ? 'FORBIDDEN' : 'INVALID_REQUEST', 'Request refused', message, requestId);
  }

  /** A request that breaks the document: the documented 400 (the example for this mistake), or the proxy's 422. */
  function invalid(op: ServedOperation, violations: readonly Violation[] | string, requestId: string, choice: MockChoice): Reply {
    const text = typeof violations === 'string' ? violations : violationsText(violations);
    const list = typeof violations === 'string' ? [] : violations;
    if (o.refusals === 'problem') {
      const detail = `The request breaks the document and was not forwarded: ${text}`;
      return problemReply(problem('UNPROCESSABLE_ENTITY', 'Invalid request', 422, detail, { validation: validationList(list) }));
    }
    const name = choice.code === 400 ? choice.exampleKey : violationExample(op.operationId, list);
    return (
      documentedError(op, 400, requestId, text, name) ??
      own(422, 'UNPROCESSABLE_ENTITY', 'Invalid request', text, requestId, { validation: validationList(list) })
    );
  }

  /** The injected flow-control refusal, if this request draws one and the operation documents a status for it. */
  function flowControl(op: ServedOperation): Reply | undefined {
    if (faults.rate429 <= 0 || random() >= faults.rate429) return undefined;
    const status = op.allowed.has(429) ? 429 : op.allowed.has(503) ? 503 : 0; // no documented throttling status: skip
    if (!status) return undefined;
    const reply = serviceError(op, codes, status, 'Flow control: too many requests. Try again later.');
    return { ...reply, headers: { 'Retry-After': String(faults.retryAfterSeconds) } };
  }

  /** The API steps after routing. */
  async function serve(call: Omit<Call, 'body' | 'raw' | 'choice' | 'error'>, badlyEncoded: string | undefined): Promise<Reply> {
    const { request, requestId, op, query } = call;
    let choice: MockChoice = {};
    if (o.prefer) {
      const parsed = parsePreferences(request.headers.prefer, new URLSearchParams(query));
      if (typeof parsed === 'string') return problemReply(problem('UNPROCESSABLE_ENTITY', 'Invalid Prefer header', 422, parsed));
      choice = parsed;
    }
    // Credentials before the body is read: a request without valid ones costs no body.
    const signed: SignedRequest = { method: call.method, host: request.headers.host ?? o.host ?? 'localhost', target: request.url, headers: request.headers };
    const early = checkEarly(signed, op.doc, op, o.credentials);
    const unauthorized = (message: string): Reply => {
      if (o.refusals === 'problem') return problemReply(problem('UNAUTHORIZED', 'Invalid security scheme used', 401, message));
      const example = choice.code === 401 ? choice.exampleKey : 'APIGW.0301';
      return documentedError(op, 401, requestId, message, example) ?? own(401, 'UNAUTHORIZED', 'Invalid security scheme used', message, requestId);
    };
    if (early.ok === false) return unauthorized(early.message);
    let raw: Uint8Array;
    try {
      raw = await request.body();
    } catch (err) {
      if (!(err instanceof BodyTooLargeError)) throw err;
      return invalid(op, [{ field: 'body', rule: 'maxBodySize', message: `must NOT be larger than ${err.limit} bytes` }], requestId, choice);
    }
    if (early.ok === 'signature') {
      const refused = early.verify(raw);
      if (refused) return unauthorized(refused);
    }
    // Faults only for authenticated requests: an injected 429 must not hide a bad signature.
    if (faults.latencyMs > 0) await sleep(faults.latencyMs);
    const throttled = flowControl(op);
    if (throttled) return throttled;
    if (faults.rate5xx > 0 && random() < faults.rate5xx) return serviceError(op, codes, 500, `System exception (injected fault, request ${requestId}).`);
    const { body, violations } = parse(op, request, raw, query, call.params, badlyEncoded);
    if (validating && violations.length > 0) return invalid(op, violations, requestId, choice);
    if (o.serviceRules !== false) {
      const broken = brokenServiceRule(op.operationId, call.params, body);
      if (broken) {
        const { rule, violation } = broken;
        // A document without the example the rule names (a file given with --document): its 400 naming the rule.
        if (!op.examples(rule.status).some((e) => e.name === rule.example)) return invalid(op, [violation], requestId, choice);
        const message = rule.message === 'example' ? undefined : formatViolation(violation);
        const reply = documentedError(op, rule.status, requestId, message, rule.example);
        return reply ? { ...reply, note: formatViolation(violation) } : invalid(op, [violation], requestId, choice);
      }
    }
    const error = (status: number, message: string): Reply => serviceError(op, codes, status, message);
    return o.answerer.answer({ request, requestId, method: call.method, path: call.path, query, op, params: call.params, body, raw, choice, error });
  }

  /**
   * The parsed body and every violation of the document's rules: parameters, media type, JSON syntax and the body
   * schema, all named in one answer so that one round trip shows everything to fix.
   */
  function parse(
    op: ServedOperation,
    request: PlainRequest,
    raw: Uint8Array,
    query: string,
    params: Record<string, string>,
    badlyEncoded: string | undefined,
  ): { body: unknown; violations: Violation[] } {
    if (badlyEncoded !== undefined) return { body: undefined, violations: [badEncoding(badlyEncoded)] };
    if (raw.length > 0 && !op.body) {
      return { body: undefined, violations: [{ field: 'body', rule: 'absent', message: `must be empty: ${op.operationId} takes no request body` }] };
    }
    let body: unknown;
    let problem: Violation | undefined;
    if (op.body && raw.length > 0) {
      const parsed = parseJsonBody(raw, request.headers['content-type']);
      if (parsed.ok) body = parsed.value;
      else problem = { field: parsed.rule === 'mediaType' ? 'header.Content-Type' : 'body', rule: parsed.rule, message: parsed.message };
    }
    if (!validating) return { body, violations: [] };
    const queryValues = op.readsQuery ? queryRecord(query) : undefined;
    const found = op.validate({ path: params, header: request.headers, query: queryValues, body });
    if (!problem) return { body, violations: found };
    // The body could not be read, so it was not checked: drop what its schema says, and say why instead.
    return { body, violations: [...found.filter((v) => !v.field.startsWith('body')), problem] };
  }

  async function respond(request: PlainRequest, requestId: string, method: string, path: string, query: string, log: { op?: ServedOperation }): Promise<Reply> {
    const intercepted = o.answerer.intercept?.(request, path, query);
    if (intercepted) return intercepted;
    const match = matchRoute(o.routes, method, path);
    if (match.kind === 'none' || match.kind === 'method-not-allowed') {
      await request.body().catch(() => undefined); // read and dropped: the connection stays usable
      if (o.style === 'gateway') return gatewayError(404, `The API does not exist or has not been published in the environment: ${method} ${path}`, requestId);
      if (match.kind === 'none') {
        return problemReply(
          problem('NO_PATH_MATCHED_ERROR', 'Route not resolved, no path matched', 404, `The route ${path} hasn't been found in the specification file`),
        );
      }
      const detail = `The route ${path} has been matched, but it does not have "${method.toLowerCase()}" method defined`;
      return problemReply(problem('NO_METHOD_MATCHED_ERROR', 'Route resolved, but no method matched', 405, detail), { Allow: match.allowed.join(', ') });
    }
    const { op } = match;
    log.op = op;
    try {
      const reply = await serve({ request, requestId, method, path, query, op, params: match.params }, match.kind === 'bad-encoding' ? match.name : undefined);
      // The documents are the contract: a status they do not list for this operation is a fault of the answerer.
      if (o.contract && !op.allowed.has(reply.status)) {
        warn(`simulator bug: ${op.operationId} answered ${reply.status}, which its document does not list`);
        return serviceError(op, codes, 500, `System exception (request ${requestId}).`);
      }
      return reply;
    } catch (err) {
      if (err instanceof ClientAbortedError) throw err;
      warn(`${o.style === 'gateway' ? 'simulator' : 'server'} error in ${op.operationId} (request ${requestId}): ${messageOf(err)}`);
      return o.style === 'gateway'
        ? serviceError(op, codes, 500, `System exception (request ${requestId}).`)
        : problemReply(problem('UNKNOWN', 'Mock server fault', 500, messageOf(err)));
    }
  }

  async function handle(request: PlainRequest): Promise<Reply> {
    const started = o.log ? performance.now() : 0;
    const requestId = nextId();
    const method = request.method.toUpperCase();
    const { path, query } = splitUrl(request.url);
    let cors: Record<string, string> | undefined;
    const log: { op?: ServedOperation } = {};
    let reply: Reply;
    const access = o.access ? checkAccess(request, o.access, path) : {};
    if ('refusal' in access) {
      const refused = errorReply(method, path, access.refusal.status, access.refusal.message, requestId);
      // The request's body, if any, is not read: the connection is closed instead of drained.
      reply = { ...refused, headers: { ...refused.headers, Connection: 'close' } };
    } else if ('preflight' in access) {
      reply = { status: 204, headers: access.preflight };
    } else {
      cors = access.cors;
      try {
        reply = await respond(request, requestId, method, path, query, log);
      } catch (err) {
        if (err instanceof ClientAbortedError) reply = { status: GONE, note: err.message };
        else {
          warn(`server error (request ${requestId}): ${messageOf(err)}`);
          reply = own(500, 'UNKNOWN', 'Server fault', `Internal error (request ${requestId}).`, requestId);
        }
      }
    }
    reply.headers = { ...reply.headers, ...cors, 'X-Request-Id': requestId };
    if (o.log) {
      const shown = path.length > LOGGED_PATH_CHARS ? `${path.slice(0, LOGGED_PATH_CHARS)}…` : path;
      const op = log.op ? ` (${log.op.service} ${log.op.operationId})` : '';
      const ms = (performance.now() - started).toFixed(1);
      o.log(`${method} ${shown}${op} → ${reply.status} in ${ms} ms${reply.note ? `: ${reply.note}` : ''} (request ${requestId})`);
    }
    return reply;
  }

  return {
    handle,
    errorReply(method, path, status, message) {
      const requestId = nextId();
      const reply = errorReply(method, path, status, message, requestId);
      return { ...reply, headers: { ...reply.headers, 'X-Request-Id': requestId } };
    },
  };
}
