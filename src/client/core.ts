/**
 * What the three service clients share: endpoint, project_id, authentication, timeouts, retries and error
 * parsing around one openapi-fetch client. openapi-fetch builds the request (URL, query, JSON body); this
 * file hands it a per-call `fetch` that signs and retries, and a `bodySerializer` that keeps the body string
 * it produced, so the signature is computed from the bytes sent without reading the request again.
 * Kept small on purpose: a program making one signed call bundles this, the signer and openapi-fetch.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { signRequest } from '../signer.ts';
import { HuaweiCloudError, NetworkError, TimeoutError, ValidationError } from './errors.ts';
import type { CallOptions, CallParams, ClientOptions, RetryOptions, ServiceClient } from './types.ts';

export interface OperationInfo {
  id: string;
  /** Safe to send twice (GET/PUT/PATCH, and the POSTs the API reference calls idempotent). Only these are retried. */
  idempotent: boolean;
}

type PreparedCall = { operationId: string; params: CallParams; body: unknown };

export interface ServiceDefinition {
  /** First label of the regional host: `ecs` in https://ecs.{region}.myhuaweicloud.com. */
  host: string;
  /** Keyed `METHOD path`, e.g. `GET /v1/{project_id}/jobs/{job_id}`. */
  operations: Record<string, OperationInfo>;
  /** Host label of a path served by another service's endpoint (BMS native v2.1 API: `ecs`). */
  hostFor?: (path: string) => string | undefined;
  /** Fills defaults (RFS Client-Request-Id) by replacing members of `params`. */
  prepare?: (call: PreparedCall) => void;
  /** Rules the schema cannot express (the document states them in prose); runs after options.validateRequest. */
  check?: (call: PreparedCall) => void;
}

type CallInit = CallOptions & { params?: CallParams; body?: unknown; signal?: AbortSignal | null; [option: string]: unknown };
type RawResult = { data?: unknown; error?: unknown; response: Response };
/** openapi-fetch's client seen without its generic types: the typed surface is ServiceClient. */
interface RawClient {
  request(method: string, path: string, init: Record<string, unknown>): Promise<RawResult>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

const RETRY_STATUSES = [429, 502, 503, 504];
const SIGNATURE_HEADERS = ['x-sdk-date', 'authorization', 'x-security-token'];
// setTimeout's limit: a longer delay would fire at once.
const MAX_TIMER_MS = 2_147_483_647;

export function createServiceClient<Paths>(service: ServiceDefinition, options: ClientOptions): ServiceClient<Paths> {
  const { region, endpoint, projectId, credentials, validateRequest } = options;
  if (!endpoint && !/^[a-z0-9-]+$/.test(region ?? '')) throw new ValidationError('options.region', 'required', 'give a region (cn-north-4) or an endpoint');
  const defaultRetry: RetryOptions = { attempts: options.retry === false ? 1 : 3, baseDelayMs: 200, maxDelayMs: 20_000, nonIdempotent: false, ...(options.retry || {}) };
  const raw = createClient() as unknown as RawClient;

  // Token: a header. AK/SK: a signature over method, URL, headers and the exact body, redone for every attempt.
  async function authorize(request: Request, body: string | undefined): Promise<void> {
    if (credentials && 'token' in credentials) request.headers.set('X-Auth-Token', credentials.token);
    else if (credentials) {
      const signed = await signRequest({ method: request.method, url: request.url, headers: request.headers, body }, credentials);
      for (const name of SIGNATURE_HEADERS) {
        const value = signed.get(name);
        if (value !== null) request.headers.set(name, value);
      }
    }
  }

  async function call(method: string, path: string, init: CallInit = {}): Promise<RawResult> {
    const { retry, timeoutMs = options.timeoutMs ?? 30_000, signal: callerSignal, ...rest } = init;
    const operation = service.operations[`${method} ${path}`];
    const operationId = operation?.id ?? `${method} ${path}`;
    const params: CallParams = { ...rest.params };
    if (path.includes('{project_id}')) params.path = { project_id: projectId, ...params.path };
    for (const [, name = ''] of path.matchAll(/\{([^}]+)\}/g)) {
      // openapi-fetch would leave `{project_id}` in the URL.
      if ((params.path?.[name] ?? '') === '') throw new ValidationError(`path.${name}`, 'required', 'required');
    }
    const prepared = { operationId, params, body: rest.body };
    service.prepare?.(prepared);
    validateRequest?.({ ...prepared, method, path });
    service.check?.(prepared);
    callerSignal?.throwIfAborted();

    const policy = retry === false ? { ...defaultRetry, attempts: 1 } : { ...defaultRetry, ...retry };
    const attempts = (operation?.idempotent ?? method === 'GET') || policy.nonIdempotent ? policy.attempts : 1;
    const backoff = (attempt: number) => Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

    // Each attempt gets its own controller, aborted with a TimeoutError when the attempt runs too long.
    // The last attempt's timer also covers reading the body, which openapi-fetch does after `transport` returns.
    let attemptController!: AbortController;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startAttempt = (): AbortSignal => {
      clearTimeout(timer);
      const controller = (attemptController = new AbortController());
      timer = setTimeout(() => controller.abort(new TimeoutError(operationId, timeoutMs)), Math.min(timeoutMs, MAX_TIMER_MS));
      return callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal;
    };

    let bodyText: string | undefined;
    const transport = async (first: Request): Promise<Response> => {
      for (let attempt = 1, request = first; ; attempt++) {
        await authorize(request, bodyText);
        let delay: number;
        try {
          const response = await (options.fetch ?? globalThis.fetch)(request);
          if (attempt >= attempts || !RETRY_STATUSES.includes(response.status)) return response;
          delay = retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt);
          if (delay > policy.maxDelayMs) return response;
          await response.body?.cancel();
        } catch (error) {
          if (callerSignal?.aborted) throw callerSignal.reason;
          const failure = attemptController.signal.aborted ? attemptController.signal.reason : new NetworkError(operationId, error);
          if (attempt >= attempts) throw failure;
          delay = backoff(attempt);
        }
        clearTimeout(timer);
        await sleep(delay, callerSignal);
        request = new Request(first, { body: bodyText, signal: startAttempt() });
      }
    };

    try {
      const result = await raw.request(method, path, {
        ...rest,
        params,
        baseUrl: endpoint ?? `https://${service.hostFor?.(path) ?? service.host}.${region}.myhuaweicloud.com`,
        signal: startAttempt(),
        fetch: transport,
        bodySerializer: (value: unknown) => (bodyText = JSON.stringify(value)),
      });
      if (result.response.ok) return result;
      // A server may echo the request: hide the credentials and any password field (adminpass) of the body sent.
      const secrets = Object.entries(credentials ?? {}).flatMap(([key, value]) => (key === 'accessKey' ? [] : [value]));
      if (bodyText) {
        JSON.parse(bodyText, (key, value: unknown) => {
          if (/pass/i.test(key) && typeof value === 'string') secrets.push(value);
          return value;
        });
      }
      const hide = (_key: string, value: unknown) =>
        typeof value === 'string' ? secrets.reduce((text, secret) => (secret && typeof secret === 'string' ? text.replaceAll(secret, '[REDACTED]') : text), value) : value;
      // openapi-fetch gives the parsed JSON, else the text ('' for no body).
      const body = result.error === '' || result.error === undefined ? undefined : JSON.parse(JSON.stringify(result.error), hide);
      return { error: toHuaweiCloudError(result.response, body, operationId), response: result.response };
    } finally {
      clearTimeout(timer);
    }
  }

  const bind = (method: string) => (path: string, init?: CallInit) => call(method, path, init);
  const client = { GET: bind('GET'), PUT: bind('PUT'), POST: bind('POST'), DELETE: bind('DELETE'), PATCH: bind('PATCH'), use: raw.use, eject: raw.eject };
  // The generic signatures of ServiceClient cannot be written as plain functions; `call` checks at run time what they promise.
  return client as unknown as ServiceClient<Paths>;
}

/** Retry-After in delta-seconds or HTTP-date, as milliseconds from now; undefined when absent or unreadable. */
export function retryAfterMs(value: string | null): number | undefined {
  const ms = !value ? NaN : /^\s*\d+\s*$/.test(value) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return Number.isNaN(ms) ? undefined : Math.max(0, ms);
}

/** Resolves after `ms`; rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
  });
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null;
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Code and message from the three error formats: RFS and the API gateway `{error_code, error_msg}`,
 * ECS/BMS `{"error": {code, message}}`, Nova `{"badRequest": {code: 400, message}}` (the fault name is the code).
 */
export function toHuaweiCloudError(response: Response, body: unknown, operation: string): HuaweiCloudError {
  let code: string | undefined;
  let message: string | undefined;
  if (isRecord(body)) {
    code = text(body.error_code);
    message = text(body.error_msg);
    for (const [name, detail] of Object.entries(body)) {
      if (!message && isRecord(detail) && typeof detail.message === 'string') {
        code = name === 'error' ? text(detail.code) : name;
        message = detail.message;
      }
    }
  }
  const requestId = response.headers.get('x-request-id') || (isRecord(body) ? text(body.request_id) : undefined) || undefined;
  message ??= `HTTP ${response.status} ${response.statusText}`.trim();
  return new HuaweiCloudError(response.status, code, message, requestId, operation, body);
}

/** The `data` of a call, or throws its HuaweiCloudError: `const { job_id } = unwrap(await ecs.POST(...))`. */
export function unwrap<R extends { data?: unknown; error?: unknown }>(result: R): Extract<R, { error?: never }>['data'] {
  if (result.error !== undefined) throw result.error;
  return result.data as Extract<R, { error?: never }>['data'];
}
