/**
 * How one call reaches the server: openapi-fetch builds the request and hands it to `fetch`, which signs every
 * attempt, gives each its own time limit, and retries 429/502/503/504 and network errors of operations that are
 * safe to repeat, after the server's Retry-After or a full-jitter backoff, until the caller aborts.
 * The body openapi-fetch serialized is caught as it builds the request (`Request`) and kept as a string: the
 * signature is computed over the bytes sent, and every attempt resends them, without reading the request again.
 * Redirects are never followed (they would take the credentials and the body elsewhere), and the response body
 * given back is cut off at maxResponseBytes as it streams in.
 */
import { NetworkError, RedirectError, ResponseTooLargeError, TimeoutError } from './errors.ts';
import type { RetryOptions } from './types.ts';

const RETRY_STATUSES = [429, 502, 503, 504];
const REDIRECT_STATUSES = [301, 302, 303, 307, 308];
/** setTimeout's limit: a longer delay would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

export interface TransportOptions {
  operationId: string;
  /** Attempts allowed: the policy's for an operation safe to repeat, else 1. */
  attempts: number;
  policy: RetryOptions;
  /** Time limit of each attempt, from its start until its response body is read. */
  timeoutMs: number;
  /** The caller's signal. */
  signal: AbortSignal | null | undefined;
  /** ClientOptions.fetch; globalThis.fetch when undefined. */
  fetch: ((request: Request) => Promise<Response>) | undefined;
  /** Adds the credentials to a request about to be sent, with the body it carries. */
  authorize: (request: Request, body: string | undefined) => void;
  /** Longest response body read, in bytes after decompression. */
  maxResponseBytes: number;
  /** Removes the request's secrets from a text taken from the response (a redirect's Location). */
  redact: (text: string) => string;
}

/** One call's transport: `Request`, `fetch` and `signal` are handed to openapi-fetch under those names. */
export interface Transport {
  /** Builds requests for openapi-fetch and keeps the body text, so that `fetch` knows whether middleware replaced the one built. */
  Request: (input: RequestInfo | URL, init?: RequestInit) => Request;
  fetch: (first: Request) => Promise<Response>;
  /** The first attempt's signal. */
  signal: AbortSignal;
  /** Rejects when the attempt whose response was returned is aborted while openapi-fetch reads its body. */
  expired: Promise<never>;
  /** The body as sent (after middleware), or undefined. */
  body: () => string | undefined;
  /** Stops the time limit: call it when the call is over. */
  end: () => void;
}

/**
 * The time limit of each attempt. Each attempt gets its own controller, aborted with a TimeoutError when the
 * attempt runs too long. Its signal is kept here, not only in the request: middleware may return a request built
 * without it. The last attempt's timer also covers reading the body, which openapi-fetch does after `fetch` returns.
 */
function attemptClock(t: TransportOptions, attempt: () => number) {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const clock = {
    controller: new AbortController(),
    signal: new AbortController().signal,
    start(): AbortSignal {
      clearTimeout(timer);
      const current = new AbortController();
      timer = setTimeout(() => current.abort(new TimeoutError(t.operationId, t.timeoutMs, attempt())), Math.min(t.timeoutMs, MAX_TIMER_MS));
      clock.controller = current;
      clock.signal = t.signal ? AbortSignal.any([t.signal, current.signal]) : current.signal;
      return clock.signal;
    },
    stop: (): void => clearTimeout(timer),
  };
  return clock;
}

export function createTransport(t: TransportOptions): Transport {
  let attempt = 1;
  let bodyText: string | undefined;
  let built: Request | undefined;
  const clock = attemptClock(t, () => attempt);
  // A custom fetch may ignore the signal, and the body of its response then never end.
  let expire!: (reason: unknown) => void;
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  const backoff = (): number => Math.random() * Math.min(t.policy.maxDelayMs, t.policy.baseDelayMs * 2 ** (attempt - 1));

  /** One attempt: the response to give openapi-fetch, or the delay before the next attempt. */
  async function once(request: Request): Promise<Response | number> {
    t.authorize(request, bodyText);
    const current = clock.signal;
    try {
      // fetch(request) copies the request, and Node's fetch pipes the copy's body through a TransformStream, which
      // costs more CPU than signing: fetch is given the body again (bodyText is the request's body) and skips that.
      // A non-empty init resets the referrer fields of the copy: they are passed on. A custom fetch gets the
      // Request alone, as documented, and is raced against the signal in case it ignores it.
      const response = await (t.fetch
        ? abortable(t.fetch(request), current)
        : fetch(request, { body: bodyText ?? null, signal: current, referrer: request.referrer, referrerPolicy: request.referrerPolicy }));
      const retryable = attempt < t.attempts && RETRY_STATUSES.includes(response.status);
      const delay = retryable ? (retryAfterMs(response.headers.get('retry-after')) ?? backoff()) : 0;
      if (retryable && delay <= t.policy.maxDelayMs) {
        await response.body?.cancel();
        return delay;
      }
      // fetch itself ends the body it returned when the signal aborts; a custom fetch may not.
      if (t.fetch) current.addEventListener('abort', () => expire(current.reason), { once: true });
      return response;
    } catch (error) {
      if (t.signal?.aborted) throw t.signal.reason;
      const { controller } = clock;
      const failure: unknown = controller.signal.aborted ? controller.signal.reason : new NetworkError(t.operationId, error, new URL(request.url).host);
      if (attempt >= t.attempts) throw failure;
      return backoff();
    }
  }

  async function send(given: Request): Promise<Response> {
    // Middleware replaced the request (or its body is not text): that body is what must be signed and sent, every
    // attempt, so it is read once, from a copy, so that a custom fetch can still read the request's own.
    if (given !== built || bodyText === undefined) bodyText = given.body ? await given.clone().text() : undefined;
    // The client builds its requests with redirect 'manual'; one that middleware built may say 'follow'.
    const first = given.redirect === 'manual' ? given : new Request(given, { body: bodyText ?? null, redirect: 'manual' });
    for (let request = first; ; ) {
      const outcome = await once(request);
      if (typeof outcome !== 'number') return received(outcome);
      clock.stop();
      await sleep(outcome, t.signal);
      attempt++;
      request = new Request(first, { body: bodyText ?? null, signal: clock.start() });
    }
  }

  /** The response to hand openapi-fetch: a redirect throws; a body streams through a byte count. */
  async function received(response: Response): Promise<Response> {
    const { status, body } = response;
    // Node's fetch gives a 'manual' redirect as it came; a browser gives an opaque one, status 0, with no Location.
    if (response.type === 'opaqueredirect' || REDIRECT_STATUSES.includes(status)) {
      await body?.cancel();
      const location = response.headers.get('location');
      throw new RedirectError(t.operationId, status, location === null ? undefined : t.redact(location));
    }
    if (!body) return response;
    // Read chunk by chunk (a pull source costs less CPU per response than pipeThrough), and cut off, the
    // connection with it, as soon as the count passes the limit.
    const reader = body.getReader();
    let size = 0;
    const counted = new ReadableStream<Uint8Array>({
      async pull(controller) {
        const { done, value } = await reader.read();
        if (done) return controller.close();
        size += value.byteLength;
        if (size <= t.maxResponseBytes) return controller.enqueue(value);
        controller.error(new ResponseTooLargeError(t.operationId, status, t.maxResponseBytes));
        await reader.cancel();
      },
      cancel: (reason) => reader.cancel(reason),
    });
    const limited = new Response(counted, response);
    // The constructor takes the status, status text and headers, not the URL, which callers may log.
    Object.defineProperty(limited, 'url', { value: response.url });
    return limited;
  }

  // A plain Request (`instanceof Request` still holds for middleware), remembered with the body openapi-fetch
  // serialized (JSON.stringify, unless the caller's Content-Type asks for a form).
  function build(input: RequestInfo | URL, init?: RequestInit): Request {
    built = new Request(input, init);
    bodyText = typeof init?.body === 'string' ? init.body : undefined;
    return built;
  }
  build.prototype = Request.prototype;

  return {
    Request: build,
    fetch: send,
    signal: clock.start(),
    expired,
    body: () => bodyText,
    end: clock.stop,
  };
}

/** Retry-After in delta-seconds or HTTP-date, as milliseconds from now; undefined when absent or unreadable. */
function retryAfterMs(value: string | null): number | undefined {
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
