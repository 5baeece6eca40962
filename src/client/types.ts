/**
 * Type-level glue between the generated `paths` and the clients: the parameters the client fills become
 * optional, extra per-call options are typed, and errors are a union discriminated by HTTP status.
 */
import type { FetchOptions, FetchResponse, Middleware } from 'openapi-fetch';
import type { HuaweiCloudError } from './errors.ts';
import type { KnownRegion } from './regions.ts';

export type HttpMethod = 'get' | 'put' | 'post' | 'delete' | 'patch';

/** `{ token }` (IAM token, sent as X-Auth-Token) or AK/SK (SDK-HMAC-SHA256 signature, X-Security-Token for temporary keys). */
export type Credentials = { token: string } | { accessKey: string; secretKey: string; securityToken?: string };

export interface RetryOptions {
  /** Attempts in total, the first included (default 3; 1 disables retrying). */
  attempts: number;
  /** Backoff before retry n is a random delay in [0, min(maxDelayMs, baseDelayMs * 2^(n-1))] (full jitter). Default 200. */
  baseDelayMs: number;
  /** Longest sleep (default 20 000). A Retry-After asking for longer returns the response instead of waiting. */
  maxDelayMs: number;
  /** Also retry operations that are not idempotent, such as ChangeServerOsWithoutCloudInit (default false). */
  nonIdempotent: boolean;
}

export interface CallParams {
  path?: Record<string, unknown>;
  header?: Record<string, unknown>;
  query?: Record<string, unknown>;
}

/** What a request validator sees, before the request is built. */
export interface RequestToValidate {
  operationId: string;
  method: string;
  path: string;
  params: CallParams;
  body: unknown;
}

/** Throws a ValidationError to refuse a request. See schema-validation.ts for one compiled from the OpenAPI documents. */
export type RequestValidator = (request: RequestToValidate) => void;

/** Checked when the client is made (CallOptions when the call is): a bad value throws a ValidationError naming it. */
export interface ClientOptions {
  /**
   * Region, e.g. `cn-north-4`: the endpoint is https://{service}.{region}.myhuaweicloud.com. One of the regions
   * the official SDKs list, so that a typo fails to compile (and, untyped, when the client is made, with a "did you
   * mean"); a region newer than this package is given as `{ id: 'xx-new-1' }`.
   */
  region?: KnownRegion | { id: string };
  /** Base URL used instead of the regional one, for every path of the client (a mock, a proxy): an http: or https: URL. */
  endpoint?: string;
  /** Fills the `project_id` path parameter of every call that does not give one. */
  projectId?: string;
  /**
   * How requests are authenticated: `{ accessKey, secretKey }` (signed), `{ token }`, or `'none'` to send them
   * unauthenticated (a mock, a proxy that adds its own). Required, so that a forgotten option is an error, not
   * a stream of 401s.
   */
  credentials: Credentials | 'none';
  /**
   * fetch to use (default globalThis.fetch). Called with a Request, as openapi-fetch does, whose `redirect` is
   * 'manual': a fetch of your own must not follow redirects either.
   */
  fetch?: (request: Request) => Promise<Response>;
  /** Time limit of each attempt, from the moment it starts until the response body is read (default 30 000). */
  timeoutMs?: number;
  /** Retry policy for 429/502/503/504 and network errors, or false. */
  retry?: Partial<RetryOptions> | false;
  /**
   * Longest response body read, in bytes after decompression (default 10 MiB): a longer one fails with a
   * ResponseTooLargeError as soon as it is that long, not once it is all in memory.
   */
  maxResponseBytes?: number;
  /** Extra validation before sending (off by default to keep the client small). */
  validateRequest?: RequestValidator;
}

/** Options of a single call, on top of openapi-fetch's. */
export interface CallOptions {
  retry?: Partial<RetryOptions> | false;
  timeoutMs?: number;
}

type RequiredKeys<T> = { [K in keyof T]-?: Pick<T, K> extends Required<Pick<T, K>> ? K : never }[keyof T];
type Simplify<T> = { [K in keyof T]: T[K] } & {};
/** T with the keys K optional. */
type Loosen<T, K extends PropertyKey> = Simplify<Omit<T, K> & { [P in Extract<keyof T, K>]?: T[P] }>;

/** Parameter group G of P with key K optional; the group itself is optional once nothing in it is required. */
type LoosenGroup<P, G extends string, K extends PropertyKey> = G extends keyof P
  ? [P[G]] extends [object]
    ? RequiredKeys<Loosen<P[G], K>> extends never
      ? { [N in G]?: Loosen<P[G], K> }
      : { [N in G]: Loosen<P[G], K> }
    : Pick<P, G>
  : unknown;

/** The client fills `project_id` (from options.projectId) and RFS's `Client-Request-Id` (a random UUID). */
type LoosenParameters<P> = Simplify<Omit<P, 'path' | 'header'> & LoosenGroup<P, 'path', 'project_id'> & LoosenGroup<P, 'header', 'Client-Request-Id'>>;
type LoosenOperation<Op> = Op extends { parameters: infer P } ? Simplify<Omit<Op, 'parameters'> & { parameters: LoosenParameters<P> }> : Op;

/** Generated `paths` as the clients accept them. */
export type ClientPaths<Paths> = {
  [Path in keyof Paths]: { [M in keyof Paths[Path]]: M extends HttpMethod ? LoosenOperation<Paths[Path][M]> : Paths[Path][M] };
};

type Digit = 0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8 | 9;
type ToNumber<S> = S extends `${infer N extends number}` ? N : never;
/** Every status fetch can resolve with that is not 2xx. */
export type HttpErrorStatus = ToNumber<`${3 | 4 | 5}${Digit}${Digit}`>;

type Responses<Op> = Op extends { responses: infer R } ? R : never;
type DocumentedErrorStatus<Op> = Extract<keyof Responses<Op>, HttpErrorStatus>;
type JsonBody<R> = R extends { content: { 'application/json': infer B } } ? B : undefined;

/**
 * The error of an operation: a HuaweiCloudError whose `body` type follows its `status` for the statuses the
 * document lists (so `if (error.status === 404)` narrows `error.body`), and `unknown` for any other status.
 */
export type OperationError<Op> =
  | { [S in DocumentedErrorStatus<Op>]: HuaweiCloudError<S, JsonBody<Responses<Op>[S]>> }[DocumentedErrorStatus<Op>]
  | HuaweiCloudError<Exclude<HttpErrorStatus, DocumentedErrorStatus<Op>>, unknown>;

type Media = `${string}/${string}`;
/** openapi-fetch's `{ data, error, response }`, with `error` a HuaweiCloudError. */
export type CallResult<Op> =
  | (Op extends infer O extends Record<string | number, unknown> ? Extract<FetchResponse<O, object, Media>, { error?: never }> : never)
  | { data?: never; error: OperationError<Op>; response: Response };

/**
 * The init of one call: openapi-fetch's options (params, body, headers, middleware, querySerializer,
 * pathSerializer, signal and the other RequestInit members) without those the client decides itself (fetch,
 * baseUrl: the client's endpoint; parseAs and bodySerializer: bodies are JSON; redirect: never followed), plus
 * CallOptions. Not a type parameter, so an object literal gets excess-property checks: a misspelt field is a
 * compile error.
 */
export type CallInit<Op> = Omit<FetchOptions<Op>, 'fetch' | 'baseUrl' | 'bodySerializer' | 'parseAs' | 'redirect'> & CallOptions;

export type PathsWithMethod<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends { [K in M]: unknown } ? P : never;
}[keyof Paths];
type Operation<Item, M extends HttpMethod> = M extends keyof Item ? Item[M] : never;
type InitArgs<Init> = RequiredKeys<Init> extends never ? [init?: Init] : [init: Init];
type Method<Paths, M extends HttpMethod> = <P extends PathsWithMethod<Paths, M>>(
  url: P,
  ...init: InitArgs<CallInit<Operation<Paths[P], M>>>
) => Promise<CallResult<Operation<Paths[P], M>>>;

/**
 * A client over `Paths`, called as an openapi-fetch client is. HTTP errors resolve as `{ error }`; the promise
 * rejects only for ValidationError, TimeoutError, NetworkError, InvalidResponseError (a 2xx body that is not
 * JSON), RedirectError (redirects are not followed), ResponseTooLargeError (a body over maxResponseBytes) or the
 * caller's abort reason.
 */
export interface ServiceClient<Paths> {
  GET: Method<Paths, 'get'>;
  PUT: Method<Paths, 'put'>;
  POST: Method<Paths, 'post'>;
  DELETE: Method<Paths, 'delete'>;
  PATCH: Method<Paths, 'patch'>;
  /**
   * openapi-fetch middleware (onRequest, onResponse, onError); it runs once per call, before signing, so headers
   * it adds are signed. Its `options.parseAs` is `text`: the client parses the JSON itself.
   */
  use(...middleware: Middleware[]): void;
  eject(...middleware: Middleware[]): void;
}
