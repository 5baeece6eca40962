/**
 * The mock and the proxy: the one request pipeline (src/pipeline/) with an answerer of their own.
 *   - mock: Prism's mocker (prism.ts) answers for the one matched operation, from the documents' examples or,
 *     with `dynamic`, generated from the schemas; `Prefer` chooses the response;
 *   - proxy: the upstream answers (forward.ts), Prism's validator checks the answer against the document
 *     (`prism proxy --errors` semantics, proxy.ts). A request that breaks the document is refused with a 422 of
 *     the proxy's own, not forwarded; the service rules are left to the upstream, which is the service.
 * Everything before the answerer (route, Host/Origin, credentials present, body, validation, service rules) is
 * the pipeline's, shared with the simulator, so that the three judge a request alike.
 */
import type { Server } from 'node:http';
import { type PlainRequest, queryRecord, type Reply } from '../../pipeline/exchange.ts';
import { type Answerer, type Call, createPipeline, type Pipeline } from '../../pipeline/pipeline.ts';
import { unservableChoice } from '../../pipeline/prefer.ts';
import { problem, problemReply } from '../../pipeline/replies.ts';
import { createPipelineServer } from '../pipeline-server.ts';
import { mockResponse, type PrismRequest, type PrismResponse } from './prism.ts';
import { proxyAnswer } from './proxy.ts';
import type { MockDocuments } from './served.ts';

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

export function createMockServer(options: MockServerOptions): Server {
  return createPipelineServer(createMockPipeline(options));
}

/** The mock's or the proxy's pipeline, socket-free. */
export function createMockPipeline(options: MockServerOptions): Pipeline {
  const isProxy = options.upstream !== undefined;
  return createPipeline({
    routes: options.mock.routes,
    answerer: options.upstream ? proxyAnswerer(options, options.upstream) : mockAnswerer(options),
    credentials: 'presence',
    style: 'problem',
    refusals: isProxy ? 'problem' : 'documented',
    validate: !isProxy || options.validateRequest !== false,
    serviceRules: !isProxy,
    prefer: !isProxy,
    access: { hosts: options.hosts ?? [], corsOrigins: options.corsOrigins ?? [] },
    log: options.log,
  });
}

/** The request as Prism sees it. */
function prismRequest(call: Call): PrismRequest {
  return {
    method: call.method.toLowerCase() as PrismRequest['method'],
    url: { path: call.path, query: queryRecord(call.query) },
    headers: { ...call.request.headers },
    body: call.body,
  };
}

function mockAnswerer(options: MockServerOptions): Answerer {
  const dynamic = options.dynamic ?? false;
  return {
    async answer(call) {
      const { op, choice } = call;
      const unservable = unservableChoice(op.doc, op, choice);
      if (unservable) return problemReply(problem('UNPROCESSABLE_ENTITY', 'Invalid Prefer header', 422, unservable));
      const prismOp = await options.mock.prismOperation(op);
      const result = await mockResponse(prismOp, prismRequest(call), { ...choice, dynamic: choice.dynamic ?? dynamic });
      if (result.kind === 'problem') return problemReply(result.problem);
      return { status: result.response.statusCode, body: result.response.body, headers: headerStrings(result.response) };
    },
  };
}

/** A path with a `.` or `..` segment (also percent-encoded): checked as one path, it would reach another upstream. */
const DOT_SEGMENT = /(^|\/)(\.|%2e){1,2}(\/|$)/i;

function proxyAnswerer(options: MockServerOptions, upstream: URL): Answerer {
  const timeoutMs = options.upstreamTimeoutMs ?? 30_000;
  return {
    intercept(_request: PlainRequest, path: string): Promise<Reply> | undefined {
      if (!DOT_SEGMENT.test(path)) return undefined;
      const detail = `The path ${path.slice(0, 200)} has a dot segment (. or ..), which the upstream would resolve to another path; it was not forwarded`;
      return Promise.resolve(problemReply(problem('INVALID_REQUEST', 'Request refused', 400, detail)));
    },
    async answer(call) {
      const prismOp = await options.mock.prismOperation(call.op);
      const pathAndQuery = call.query ? `${call.path}?${call.query}` : call.path;
      return proxyAnswer({
        op: call.op,
        prismOp,
        headers: call.request.headers,
        method: call.method,
        pathAndQuery,
        prismRequest: prismRequest(call),
        body: call.raw,
        upstream,
        timeoutMs,
      });
    },
  };
}

function headerStrings(response: PrismResponse): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(response.headers ?? {})) {
    const text: unknown = value;
    if (typeof text === 'string' || typeof text === 'number') headers[name.toLowerCase() === 'content-type' ? 'Content-Type' : name] = String(text);
  }
  return headers;
}
