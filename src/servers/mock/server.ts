/**
 * One HTTP server for every API of the documents, mock or proxy. The pipeline of a request:
 *   origin and host policy (the shared layer, src/servers/access.ts) → route (src/openapi/routes.ts) → Prefer → credentials present (answers.ts)
 *   → body read (one size limit) → request validated against the document (src/openapi/validators.ts)
 *   → mock: the service rules that need no state (rules.ts), then Prism's mocker answers for the one matched
 *     operation (prism.ts)
 *   → proxy: the upstream answers (forward.ts), Prism's validator checks it (`prism proxy --errors` semantics).
 * A request that breaks the document gets the operation's documented 400 in the service's own format, its message
 * naming each field and rule; a request without credentials the documented 401 naming what to send; a request
 * that breaks a stateless service rule the documented example of that rule.
 */
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import type { OpenApiDocument } from '../../openapi/documents.ts';
import { badEncoding, matchRoute } from '../../openapi/routes.ts';
import { createRequestValidators, type Violation } from '../../openapi/validators.ts';
import { BodyTooLargeError, ClientAbortedError, createHttpServer, type ErrorWriter, flatHeaders, parseJsonBody, readBody, send, splitUrl } from '../http.ts';
import { type Answer, documentedError, invalidRequest, missingCredentials, problem, problemAnswer, unauthorized } from './answers.ts';
import type { MockDocuments, MockOperation } from './documents.ts';
import { parsePreferences, unservableChoice } from './prefer.ts';
import { type MockChoice, mockResponse, type PrismOperation, type PrismRequest, type PrismResponse } from './prism.ts';
import { proxyAnswer, proxyRefusal } from './proxy.ts';
import { brokenRule } from './rules.ts';

export interface MockServerOptions {
  mock: MockDocuments;
  /** Proxy to this base URL instead of mocking. */
  upstream?: URL;
  /** Proxy only: refuse (422) a request that breaks the document instead of forwarding it. Default true. */
  validateRequest?: boolean;
  /** Generate every body from its schema instead of using the examples. */
  dynamic?: boolean;
  /** Proxy only: give up on the upstream after this long (504). Default 30 s. */
  upstreamTimeoutMs?: number;
  /** Origins allowed besides loopback ones (CORS). */
  corsOrigins?: readonly string[];
  /** Host names accepted besides loopback ones (the shared layer refuses others: DNS rebinding). */
  hosts?: readonly string[];
  /** One line per request. */
  log?: (line: string) => void;
}

interface Request {
  req: IncomingMessage;
  method: string;
  /** Raw (percent-encoded) path, and the query string without `?`. */
  path: string;
  search: string;
}

type Step = { answer: Answer; op?: MockOperation };

const LOGGED_PATH_CHARS = 200;

export function createMockServer(options: MockServerOptions): Server {
  return createHttpServer(createMockHandler(options), {
    access: { hosts: options.hosts ?? [], corsOrigins: options.corsOrigins ?? [] },
    errors: mockErrors(options.mock),
  });
}

/** Errors the shared layer answers (refusals, unparsable requests): the operation's documented one, else a problem. */
function mockErrors(mock: MockDocuments): ErrorWriter {
  return (method, path, status, message) => {
    const match = matchRoute(mock.routes, method, path);
    const op = 'op' in match ? match.op : undefined;
    const doc = op && mock.documents[op.service];
    const documented = op && doc ? documentedError(doc, op, status, message) : undefined;
    const answer = documented ?? problemAnswer(problem(status === 403 ? 'FORBIDDEN' : 'INVALID_REQUEST', 'Request refused', status, message));
    return { body: answer.body, headers: answer.headers };
  };
}

function createMockHandler(options: MockServerOptions): RequestListener {
  const validators = createRequestValidators(options.mock.documents);
  const answer = (request: Request) => respond(request, options, validators);
  return (req, res) => {
    const started = performance.now();
    const { path, query } = splitUrl(req.url);
    const request: Request = { req, method: (req.method ?? 'GET').toUpperCase(), path, search: query };
    void answer(request)
      .catch(faultAnswer)
      .then(({ answer, op }) => {
        write(res, answer);
        const shown = request.path.length > LOGGED_PATH_CHARS ? `${request.path.slice(0, LOGGED_PATH_CHARS)}…` : request.path;
        const ms = (performance.now() - started).toFixed(0);
        options.log?.(
          `${request.method} ${shown}${op ? ` (${op.service} ${op.operationId})` : ''} → ${answer.status} in ${ms} ms${answer.note ? `: ${answer.note}` : ''}`,
        );
      })
      // Nothing of a request may end the process: a failure to write the answer closes its connection.
      .catch(() => res.destroy());
  };
}

/** A body too large is the client's fault (413); anything else is a fault of the mock, answered, never a hang. */
function faultAnswer(error: unknown): Step {
  // Nobody is left to answer; 499 (client closed request) is for the log line only.
  if (error instanceof ClientAbortedError) return { answer: { status: 499, headers: {}, note: error.message } };
  if (error instanceof BodyTooLargeError) return { answer: problemAnswer(problem('PAYLOAD_TOO_LARGE', 'Request not accepted', 413, error.message)) };
  const detail = error instanceof Error ? error.message : String(error);
  return { answer: problemAnswer(problem('UNKNOWN', 'Mock server fault', 500, detail)) };
}

function write(res: ServerResponse, answer: Answer): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const isJson = /json/i.test(answer.headers['Content-Type'] ?? answer.headers['content-type'] ?? '');
  // A JSON example that is itself a string must go out quoted; send() writes strings as they are.
  const body = typeof answer.body === 'string' && isJson ? JSON.stringify(answer.body) : answer.body;
  send(res, answer.status, body, answer.headers);
}

async function respond(request: Request, options: MockServerOptions, validators: ReturnType<typeof createRequestValidators>): Promise<Step> {
  const { req, method, path, search } = request;
  const match = matchRoute(options.mock.routes, method, path);
  if (match.kind === 'none') {
    return {
      answer: problemAnswer(
        problem('NO_PATH_MATCHED_ERROR', 'Route not resolved, no path matched', 404, `The route ${path} hasn't been found in the specification file`),
      ),
    };
  }
  if (match.kind === 'method-not-allowed') {
    const detail = `The route ${path} has been matched, but it does not have "${method.toLowerCase()}" method defined`;
    return {
      answer: problemAnswer(problem('NO_METHOD_MATCHED_ERROR', 'Route resolved, but no method matched', 405, detail), { Allow: match.allowed.join(', ') }),
    };
  }
  const op = match.op;
  const doc = options.mock.documents[op.service] as OpenApiDocument;
  const query = new URLSearchParams(search);
  const queryValues = queryRecord(query);
  const choice = parsePreferences(typeof req.headers.prefer === 'string' ? req.headers.prefer : undefined, query);
  if (typeof choice === 'string') return { op, answer: problemAnswer(problem('UNPROCESSABLE_ENTITY', 'Invalid Prefer header', 422, choice)) };
  const isProxy = options.upstream !== undefined;
  // Authentication first, before the body is read: a request without credentials costs no body.
  const missing = missingCredentials(doc, op, req.headers);
  if (missing) {
    const answer = isProxy
      ? problemAnswer(problem('UNAUTHORIZED', 'Invalid security scheme used', 401, missing))
      : unauthorized(doc, op, missing, choice.code === 401 ? choice.exampleKey : undefined);
    return { op, answer };
  }
  const raw = await readBody(req);
  const { body, violations, syntax } = parseBody(op, req, raw);
  const validate = !isProxy || options.validateRequest !== false;
  if (syntax && validate) return { op, answer: isProxy ? proxyRefusal(syntax) : invalidRequest(doc, op, syntax) };
  if (!validate) violations.length = 0;
  else if (match.kind === 'bad-encoding') violations.push(badEncoding(match.name));
  else {
    const found = validators(op)({ path: match.params, header: req.headers, query: queryValues, body });
    // A body sent as another media type was not parsed: its schema violations would only repeat that.
    const mediaTypeWrong = violations.some((v) => v.rule === 'mediaType');
    violations.push(...(mediaTypeWrong ? found.filter((v) => !v.field.startsWith('body')) : found));
  }
  if (violations.length > 0) {
    if (isProxy) return { op, answer: proxyRefusal(violations) };
    return { op, answer: invalidRequest(doc, op, violations, choice.code === 400 ? choice.exampleKey : undefined) };
  }
  // The service rules that need no state; a proxy leaves them to the upstream, which is the service.
  const broken = isProxy ? undefined : brokenRule(doc, op, match.params, body);
  if (broken) return { op, answer: broken };
  const prismRequest: PrismRequest = {
    method: method.toLowerCase() as PrismRequest['method'],
    url: { path, query: queryValues },
    headers: flatHeaders(req.headers),
    body,
  };
  const upstream = options.upstream;
  const prismOp = await options.mock.prismOperation(op);
  if (!upstream) return { op, answer: await mockAnswer(op, prismOp, doc, prismRequest, choice, options.dynamic ?? false) };
  const pathAndQuery = search ? `${path}?${search}` : path;
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  return { op, answer: await proxyAnswer({ op, prismOp, req, method, pathAndQuery, prismRequest, body: raw, upstream, timeoutMs }) };
}

/** The body as the validator and Prism see it, with what is wrong with it before any schema is applied. */
function parseBody(op: MockOperation, req: IncomingMessage, raw: Buffer): { body: unknown; violations: Violation[]; syntax?: string } {
  const violations: Violation[] = [];
  if (raw.length === 0) return { body: undefined, violations };
  if (!op.body) {
    violations.push({ field: 'body', rule: 'absent', message: `must be empty: ${op.operationId} takes no request body` });
    return { body: undefined, violations };
  }
  const parsed = parseJsonBody(raw, req.headers['content-type']);
  if (parsed.ok) return { body: parsed.value, violations };
  if (parsed.rule === 'mediaType') {
    violations.push({ field: 'header.Content-Type', rule: 'mediaType', message: parsed.message });
    return { body: raw.toString('utf8'), violations };
  }
  return { body: undefined, violations, syntax: `Request body ${parsed.message.replace(/^must be/, 'is not')}` };
}

function queryRecord(query: URLSearchParams): Record<string, string | string[]> {
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(query.keys())) {
    const values = query.getAll(key);
    record[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return record;
}

async function mockAnswer(
  op: MockOperation,
  prismOp: PrismOperation,
  doc: OpenApiDocument,
  request: PrismRequest,
  choice: MockChoice,
  dynamic: boolean,
): Promise<Answer> {
  const unservable = unservableChoice(doc, op, choice);
  if (unservable) return problemAnswer(problem('UNPROCESSABLE_ENTITY', 'Invalid Prefer header', 422, unservable));
  const result = await mockResponse(prismOp, request, { ...choice, dynamic: choice.dynamic ?? dynamic });
  if (result.kind === 'problem') return problemAnswer(result.problem);
  return { status: result.response.statusCode, body: result.response.body, headers: headerStrings(result.response) };
}

function headerStrings(response: PrismResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    const text: unknown = value;
    if (typeof text === 'string' || typeof text === 'number') headers[name.toLowerCase() === 'content-type' ? 'Content-Type' : name] = String(text);
  }
  return headers;
}
