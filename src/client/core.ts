/**
 * What the three service clients share, wired around one openapi-fetch client: the options (options.ts), the
 * call's parameters and checks (here), the attempts on the wire (transport.ts) and the outcome (response.ts).
 * openapi-fetch builds the request (URL, headers, middleware); the transport signs, times and retries it.
 * A program making one signed call bundles these, the signer and openapi-fetch.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { Violation } from '../openapi/violations.ts';
import { signHeaders } from '../signer.ts';
import { ValidationError } from './errors.ts';
import { checkClientOptions, checkHeaders, checkTiming, regionId, retryPolicy } from './options.ts';
import { type RawResult, redactor, secretsOf, toResult } from './response.ts';
import { createTransport } from './transport.ts';
import type { CallOptions, CallParams, ClientOptions, ServiceClient } from './types.ts';

export type PreparedCall = { operationId: string; params: CallParams; body: unknown };

export interface ServiceDefinition {
  /** First label of the regional host: `ecs` in https://ecs.{region}.myhuaweicloud.com (for a path not in `operations`). */
  host: string;
  /**
   * The service's table in generated/operations.ts, keyed `METHOD path` (`GET /v1/{project_id}/jobs/{job_id}`):
   * operationId, whether it is safe to send twice (x-idempotent: only those are retried) and its endpoint host.
   */
  operations: Readonly<Record<string, { operationId: string; idempotent: boolean; host: string; badRequest?: string }>>;
  /** Fills defaults (RFS Client-Request-Id) by replacing members of `params`. */
  prepare?: (call: PreparedCall) => void;
  /** Rules the schema cannot express (the document states them in prose); runs after options.validateRequest. */
  check?: (call: PreparedCall) => void;
  /**
   * The documented 400 example that answers these violations, where the service has one per mistake
   * (src/openapi/service-rules.ts refusalExample); left out, the operation's first 400 example.
   */
  refusalExample?: (operationId: string, violations: readonly Violation[]) => string | undefined;
}

/** A call's init as the typed surface describes it (CallInit in types.ts), seen untyped. */
type CallInit = CallOptions & { params?: CallParams; body?: unknown; signal?: AbortSignal | null; [option: string]: unknown };
/** openapi-fetch's client seen without its generic types: the typed surface is ServiceClient. */
interface RawClient {
  request(method: string, path: string, init: Record<string, unknown>): Promise<RawResult>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

/**
 * The call's parameters with project_id filled in and the service's defaults, checked by every rule that applies:
 * path parameters present, header values valid, options.validateRequest, then the service's own rules.
 */
function prepare(
  service: ServiceDefinition,
  options: ClientOptions,
  operationId: string,
  method: string,
  path: string,
  init: CallInit,
  /** The operation's first 400 code (generated/operations.ts), for the refusals. */
  badRequest: string | undefined,
): PreparedCall {
  const params: CallParams = { ...init.params };
  if (path.includes('{project_id}')) params.path = { project_id: options.projectId, ...params.path };
  for (const [, name = ''] of path.matchAll(/\{([^}]+)\}/g)) {
    // openapi-fetch would leave `{project_id}` in the URL.
    if ((params.path?.[name] ?? '') === '') throw new ValidationError(`path.${name}`, 'required', 'is required');
  }
  const prepared = { operationId, params, body: init.body };
  service.prepare?.(prepared);
  checkHeaders('header', params.header);
  checkHeaders('headers', init.headers);
  try {
    options.validateRequest?.({ ...prepared, method, path });
    service.check?.(prepared);
  } catch (error) {
    // Said as the service would say it: the documented 400 example for this mistake (named by its code), else the
    // operation's first.
    if (error instanceof ValidationError && badRequest) {
      Object.assign(error, { status: 400, code: service.refusalExample?.(operationId, error.violations) ?? badRequest });
    }
    throw error;
  }
  return prepared;
}

export function createServiceClient<Paths>(service: ServiceDefinition, options: ClientOptions): ServiceClient<Paths> {
  checkClientOptions(options);
  const { endpoint, credentials, maxResponseBytes = 10 * 1024 * 1024 } = options;
  const region = regionId(options.region);
  const defaultRetry = retryPolicy(options.retry);
  const raw = createClient() as unknown as RawClient;

  // Token: a header. AK/SK: a signature over method, URL, headers and the exact body, redone for every attempt;
  // it is written into the request's own headers (no copy to make and merge back).
  const authorize = (request: Request, body: string | undefined): void => {
    if (credentials === 'none') return;
    if ('token' in credentials) request.headers.set('X-Auth-Token', credentials.token);
    else signHeaders({ method: request.method, url: request.url, headers: request.headers, body: body ?? null }, credentials);
  };

  async function call(method: string, path: string, init: CallInit = {}): Promise<RawResult> {
    checkTiming('', init.timeoutMs, init.retry);
    const { retry, timeoutMs = options.timeoutMs ?? 30_000, signal, ...rest } = init;
    const operation = service.operations[`${method} ${path}`];
    const operationId = operation?.operationId ?? `${method} ${path}`;
    const { params } = prepare(service, options, operationId, method, path, rest, operation?.badRequest);
    signal?.throwIfAborted();

    const policy = { ...defaultRetry, ...(retry === false ? { attempts: 1 } : retry) };
    const secrets = () => secretsOf(credentials, transport.body());
    const transport = createTransport({
      operationId,
      attempts: (operation?.idempotent ?? method === 'GET') || policy.nonIdempotent ? policy.attempts : 1,
      policy,
      timeoutMs,
      signal,
      fetch: options.fetch,
      authorize,
      maxResponseBytes,
      redact: (text) => redactor(secrets())(text),
    });
    try {
      const request = raw.request(method, path, {
        // Before `rest`, so that a Request class of the caller's own still wins (the transport then reads the body).
        Request: transport.Request,
        ...rest,
        params,
        baseUrl: endpoint ?? `https://${operation?.host ?? service.host}.${region}.myhuaweicloud.com`,
        signal: transport.signal,
        fetch: transport.fetch,
        // The client parses the text itself: JSON.parse's SyntaxError would quote the body (InvalidResponseError).
        parseAs: 'text',
        // Never followed: a redirect would take the credentials and the body to the address it names.
        redirect: 'manual',
      });
      return toResult(await Promise.race([request, transport.expired]), operationId, secrets);
    } finally {
      transport.end();
    }
  }

  const bind = (method: string) => (path: string, init?: CallInit) => call(method, path, init);
  const client = { GET: bind('GET'), PUT: bind('PUT'), POST: bind('POST'), DELETE: bind('DELETE'), PATCH: bind('PATCH'), use: raw.use, eject: raw.eject };
  // The generic signatures of ServiceClient cannot be written as plain functions; `call` checks at run time what they promise.
  return client as unknown as ServiceClient<Paths>;
}
