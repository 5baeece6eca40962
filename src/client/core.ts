/**
 * What the three service clients share: endpoint, project_id, authentication, timeouts, retries and error
 * parsing around one openapi-fetch client. openapi-fetch builds the request (URL, query, JSON body); this
 * file hands it a per-call `fetch` that signs and retries, and a `bodySerializer` that keeps the body string
 * it produced, so the signature is computed from the bytes sent without reading the request again.
 * Kept small on purpose: a program making one signed call bundles this, the signer and openapi-fetch.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import { signHeaders } from '../signer.ts';
import { HuaweiCloudError, NetworkError, TimeoutError, ValidationError } from './errors.ts';
import type { CallOptions, CallParams, ClientOptions, RetryOptions, ServiceClient } from './types.ts';

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

type CallInit = CallOptions & { params?: CallParams; body?: unknown; signal?: AbortSignal | null; [option: string]: unknown };
type RawResult = { data?: unknown; error?: unknown; response: Response };
/** openapi-fetch's client seen without its generic types: the typed surface is ServiceClient. */
interface RawClient {
  request(method: string, path: string, init: Record<string, unknown>): Promise<RawResult>;
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}

const RETRY_STATUSES = [429, 502, 503, 504];
// setTimeout's limit: a longer delay would fire at once.
export const MAX_TIMER_MS = 2_147_483_647;

/** [rule, explanation, test] of an option. */
type Rule = readonly [string, string, (value: unknown) => boolean];
export const POSITIVE: Rule = ['positive-number', 'must be a number greater than 0', (v) => typeof v === 'number' && v > 0];
export const NON_NEGATIVE: Rule = ['non-negative-number', 'must be a number, 0 or more', (v) => typeof v === 'number' && v >= 0];
const COUNT: Rule = ['positive-integer', 'must be a whole number, 1 or more', (v) => Number.isInteger(v) && Number(v) >= 1];
const TEXT: Rule = ['non-empty-string', 'must be a non-empty string', (v) => typeof v === 'string' && v !== ''];

/**
 * Throws a ValidationError naming `field` unless `value` is undefined (when `optional`) or keeps `rule`. Options
 * are checked up front because NaN passes no comparison: unchecked, NaN attempts retried forever and a NaN
 * timeout failed every call. The message names the field and the rule, never the value (it may be a secret).
 */
export function checkOption(field: string, value: unknown, [rule, explanation, test]: Rule, optional = true): void {
  if (!(optional && value === undefined) && !test(value)) throw new ValidationError(field, rule, explanation);
}

/** The time limit and retry policy of the client (`options.`) or of one call (no prefix, as in `path.`/`body.`). */
function checkTiming(prefix: string, timeoutMs: unknown, retry: Partial<RetryOptions> | false | undefined): void {
  checkOption(`${prefix}timeoutMs`, timeoutMs, POSITIVE);
  if (!retry) return;
  checkOption(`${prefix}retry.attempts`, retry.attempts, COUNT);
  checkOption(`${prefix}retry.baseDelayMs`, retry.baseDelayMs, NON_NEGATIVE);
  checkOption(`${prefix}retry.maxDelayMs`, retry.maxDelayMs, NON_NEGATIVE);
}

export function createServiceClient<Paths>(service: ServiceDefinition, options: ClientOptions): ServiceClient<Paths> {
  const { region, endpoint, projectId, credentials, validateRequest } = options;
  if (!endpoint && !/^[a-z0-9-]+$/.test(region ?? '')) throw new ValidationError('options.region', 'required', 'give a region (cn-north-4) or an endpoint');
  checkTiming('options.', options.timeoutMs, options.retry);
  // An empty key would only fail inside the signer, on every call.
  if (credentials && 'token' in credentials) checkOption('credentials.token', credentials.token, TEXT, false);
  else if (credentials) {
    checkOption('credentials.accessKey', credentials.accessKey, TEXT, false);
    checkOption('credentials.secretKey', credentials.secretKey, TEXT, false);
    checkOption('credentials.securityToken', credentials.securityToken, TEXT);
  }
  const defaultRetry: RetryOptions = {
    attempts: options.retry === false ? 1 : 3,
    baseDelayMs: 200,
    maxDelayMs: 20_000,
    nonIdempotent: false,
    ...(options.retry || {}),
  };
  const raw = createClient() as unknown as RawClient;

  // Token: a header. AK/SK: a signature over method, URL, headers and the exact body, redone for every attempt;
  // it is written into the request's own headers (no copy to make and merge back).
  function authorize(request: Request, body: string | undefined): void {
    if (credentials && 'token' in credentials) request.headers.set('X-Auth-Token', credentials.token);
    else if (credentials) signHeaders({ method: request.method, url: request.url, headers: request.headers, body }, credentials);
  }

  async function call(method: string, path: string, init: CallInit = {}): Promise<RawResult> {
    checkTiming('', init.timeoutMs, init.retry);
    const { retry, timeoutMs = options.timeoutMs ?? 30_000, signal: callerSignal, ...rest } = init;
    const operation = service.operations[`${method} ${path}`];
    const operationId = operation?.operationId ?? `${method} ${path}`;
    const params: CallParams = { ...rest.params };
    if (path.includes('{project_id}')) params.path = { project_id: projectId, ...params.path };
    for (const [, name = ''] of path.matchAll(/\{([^}]+)\}/g)) {
      // openapi-fetch would leave `{project_id}` in the URL.
      if ((params.path?.[name] ?? '') === '') throw new ValidationError(`path.${name}`, 'required', 'is required');
    }
    const prepared = { operationId, params, body: rest.body };
    service.prepare?.(prepared);
    validateRequest?.({ ...prepared, method, path });
    service.check?.(prepared);
    callerSignal?.throwIfAborted();

    const policy = { ...defaultRetry, ...(retry === false ? { attempts: 1 } : retry) };
    const attempts = (operation?.idempotent ?? method === 'GET') || policy.nonIdempotent ? policy.attempts : 1;
    const backoff = (attempt: number) => Math.random() * Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempt - 1));

    // Each attempt gets its own controller, aborted with a TimeoutError when the attempt runs too long. Its
    // signal is kept here, not only in the request: middleware may return a request built without it.
    // The last attempt's timer also covers reading the body, which openapi-fetch does after `transport` returns.
    let attemptController!: AbortController;
    let attemptSignal!: AbortSignal;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const startAttempt = (): AbortSignal => {
      clearTimeout(timer);
      const controller = (attemptController = new AbortController());
      timer = setTimeout(() => controller.abort(new TimeoutError(operationId, timeoutMs)), Math.min(timeoutMs, MAX_TIMER_MS));
      return (attemptSignal = callerSignal ? AbortSignal.any([callerSignal, controller.signal]) : controller.signal);
    };
    // Rejected when the attempt whose response `transport` returned is aborted while openapi-fetch reads the
    // body: a custom fetch may ignore the signal, and its body would then never end.
    let expire!: (reason: unknown) => void;
    const expired = new Promise<never>((_, reject) => (expire = reject));

    let bodyText: string | undefined;
    let built: Request | undefined;
    // openapi-fetch builds the request with this: a plain Request (`instanceof Request` still holds for
    // middleware), remembered so that `transport` knows whether middleware replaced it.
    function build(input: RequestInfo | URL, init?: RequestInit): Request {
      return (built = new Request(input, init));
    }
    build.prototype = Request.prototype;

    const transport = async (first: Request): Promise<Response> => {
      // Middleware replaced the request: its body is what must be signed and sent, every attempt, so it is read
      // once (the request built by openapi-fetch carries bodyText already).
      if (first !== built) bodyText = first.body ? await first.text() : undefined;
      for (let attempt = 1, request = first; ; attempt++) {
        authorize(request, bodyText);
        const signal = attemptSignal;
        let delay: number;
        try {
          // fetch(request) copies the request, and Node's fetch pipes the copy's body through a TransformStream,
          // which costs more CPU than signing: fetch is given the body again (bodyText is the request's body) and
          // skips that. A non-empty init resets the referrer fields of the copy: they are passed on. A custom
          // fetch gets the Request alone, as documented, and is raced against the signal in case it ignores it.
          const response = await (options.fetch
            ? abortable(options.fetch(request), signal)
            : fetch(request, { body: bodyText, signal, referrer: request.referrer, referrerPolicy: request.referrerPolicy }));
          const retryable = attempt < attempts && RETRY_STATUSES.includes(response.status);
          delay = retryable ? (retryAfterMs(response.headers.get('retry-after')) ?? backoff(attempt)) : 0;
          if (!retryable || delay > policy.maxDelayMs) {
            // fetch itself ends the body it returned when the signal aborts; a custom fetch may not.
            if (options.fetch) signal.addEventListener('abort', () => expire(signal.reason), { once: true });
            return response;
          }
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
      const request = raw.request(method, path, {
        // Before `rest`, so that a Request class of the caller's own still wins (`built` then stays unset).
        Request: build,
        ...rest,
        params,
        baseUrl: endpoint ?? `https://${operation?.host ?? service.host}.${region}.myhuaweicloud.com`,
        signal: startAttempt(),
        fetch: transport,
        bodySerializer: (value: unknown) => (bodyText = JSON.stringify(value)),
      });
      const result = await Promise.race([request, expired]);
      if (result.response.ok) return result;
      // A server may echo the request: hide the credentials (not the access key) and any password field (adminpass) of the body sent.
      const secrets: unknown[] = Object.values({ ...credentials, accessKey: '' });
      try {
        if (bodyText) JSON.parse(bodyText, (key, value: unknown) => (/pass/i.test(key) && secrets.push(value), value));
      } catch {
        // A body that middleware replaced may not be JSON: there are no fields to pick out then.
      }
      const hide = (_key: string, value: unknown) =>
        typeof value === 'string'
          ? secrets.reduce<string>((text, secret) => (secret && typeof secret === 'string' ? text.replaceAll(secret, '[REDACTED]') : text), value)
          : value;
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

/** `promise`'s outcome, or the signal's reason as soon as it aborts (for a fetch that may not listen to it). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/** Resolves after `ms` (at most MAX_TIMER_MS); rejects with the signal's reason as soon as it aborts. */
export function sleep(ms: number, signal?: AbortSignal | null): Promise<void> {
  return new Promise((resolve, reject) => {
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(
      () => {
        signal?.removeEventListener('abort', onAbort);
        resolve();
      },
      Math.min(ms, MAX_TIMER_MS),
    );
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
