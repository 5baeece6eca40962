/**
 * What the three service clients share, wired together: the options (options.ts), the call's parameters and
 * checks (here), the request and its middleware (request.ts), the attempts on the wire (transport.ts) and the
 * outcome (response.ts). A program making one signed call bundles these and the signer.
 */
import type { Middleware } from 'openapi-fetch';
import { signHeaders } from '../signer.ts';
import { ValidationError } from './errors.ts';
import { checkClientOptions, checkHeaders, checkTiming, retryPolicy } from './options.ts';
import { exchange } from './request.ts';
import { type RawResult, secretsOf, toResult } from './response.ts';
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
  operations: Readonly<Record<string, { operationId: string; idempotent: boolean; host: string }>>;
  /** Fills defaults (RFS Client-Request-Id) by replacing members of `params`. */
  prepare?: (call: PreparedCall) => void;
  /** Rules the schema cannot express (the document states them in prose); runs after options.validateRequest. */
  check?: (call: PreparedCall) => void;
}

/** A call's init as the typed surface describes it (CallInit in types.ts), seen untyped. */
type CallInit = CallOptions & {
  params?: CallParams;
  body?: unknown;
  headers?: unknown;
  middleware?: Middleware[];
  signal?: AbortSignal | null;
  [option: string]: unknown;
};

/**
 * The call's parameters with project_id filled in and the service's defaults, checked by every rule that applies:
 * path parameters present, header values valid, options.validateRequest, then the service's own rules.
 */
function prepare(service: ServiceDefinition, options: ClientOptions, operationId: string, method: string, path: string, init: CallInit): PreparedCall {
  const params: CallParams = { ...init.params };
  if (path.includes('{project_id}')) params.path = { project_id: options.projectId, ...params.path };
  for (const [, name = ''] of path.matchAll(/\{([^}]+)\}/g)) {
    // The URL would keep `{project_id}`.
    if ((params.path?.[name] ?? '') === '') throw new ValidationError(`path.${name}`, 'required', 'is required');
  }
  const prepared = { operationId, params, body: init.body };
  service.prepare?.(prepared);
  checkHeaders('header', params.header);
  checkHeaders('headers', init.headers);
  options.validateRequest?.({ ...prepared, method, path });
  service.check?.(prepared);
  return prepared;
}

export function createServiceClient<Paths>(service: ServiceDefinition, options: ClientOptions): ServiceClient<Paths> {
  checkClientOptions(options);
  const { region, endpoint, credentials } = options;
  const defaultRetry = retryPolicy(options.retry);
  const middleware: Middleware[] = [];

  // Token: a header. AK/SK: a signature over method, URL, headers and the exact body, redone for every attempt;
  // it is written into the request's own headers (no copy to make and merge back).
  const authorize = (request: Request, body: string | undefined): void => {
    if (credentials === 'none') return;
    if ('token' in credentials) request.headers.set('X-Auth-Token', credentials.token);
    else signHeaders({ method: request.method, url: request.url, headers: request.headers, body: body ?? null }, credentials);
  };

  async function call(method: string, path: string, init: CallInit = {}): Promise<RawResult> {
    checkTiming('', init.timeoutMs, init.retry);
    const { retry, timeoutMs = options.timeoutMs ?? 30_000, signal, params: _params, body: _body, headers, middleware: perCall = [], ...requestInit } = init;
    const operation = service.operations[`${method} ${path}`];
    const operationId = operation?.operationId ?? `${method} ${path}`;
    const { params, body } = prepare(service, options, operationId, method, path, init);
    signal?.throwIfAborted();

    const policy = { ...defaultRetry, ...(retry === false ? { attempts: 1 } : retry) };
    const transport = createTransport({
      operationId,
      attempts: (operation?.idempotent ?? method === 'GET') || policy.nonIdempotent ? policy.attempts : 1,
      policy,
      timeoutMs,
      signal,
      fetch: options.fetch,
      authorize,
    });
    try {
      const exchanged = exchange({
        method,
        path,
        baseUrl: endpoint ?? `https://${operation?.host ?? service.host}.${region}.myhuaweicloud.com`,
        params,
        body: body === undefined ? undefined : JSON.stringify(body),
        headers,
        init: { ...requestInit, signal: transport.signal },
        middleware: [...middleware, ...perCall],
        send: transport.send,
      });
      return toResult(await Promise.race([exchanged, transport.expired]), operationId, () => secretsOf(credentials, transport.body()));
    } finally {
      transport.end();
    }
  }

  const bind = (method: string) => (path: string, init?: CallInit) => call(method, path, init);
  const client = {
    GET: bind('GET'),
    PUT: bind('PUT'),
    POST: bind('POST'),
    DELETE: bind('DELETE'),
    PATCH: bind('PATCH'),
    use: (...added: Middleware[]) => void middleware.push(...added.filter(Boolean)),
    eject: (...removed: Middleware[]) => {
      for (const m of removed) if (middleware.includes(m)) middleware.splice(middleware.indexOf(m), 1);
    },
  };
  // The generic signatures of ServiceClient cannot be written as plain functions; `call` checks at run time what they promise.
  return client as unknown as ServiceClient<Paths>;
}
