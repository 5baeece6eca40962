/**
 * What a call gives back: the JSON data of a 2xx (openapi-fetch reads it as text, parsed here), or a
 * HuaweiCloudError read from the error body with the request's secrets redacted, since a server may echo the
 * request it got (headers, password fields) in its answer.
 */
import { readError } from '../openapi/error-formats.ts';
import { escapeRegex } from '../openapi/routes.ts';
import { HuaweiCloudError, InvalidResponseError } from './errors.ts';
import type { ClientOptions } from './types.ts';

/** openapi-fetch's result: `{ data, response }` or `{ error, response }` (the error body parsed, else its text). */
export type RawResult = { data?: unknown; error?: unknown; response: Response };

/** Below this length a secret is redacted only where it stands alone: `t` must not become `Incorrec[REDACTED]`. */
const SHORT = 8;
const REDACTED = '[REDACTED]';

/** The secrets a server could echo: the credentials but the access key (it is an identifier), and every `*pass*` field of the body sent. */
export function secretsOf(credentials: ClientOptions['credentials'], body: string | undefined): string[] {
  const found: string[] = [];
  // A secret echoed inside JSON text has its quotes and backslashes escaped.
  const add = (value: unknown) => typeof value === 'string' && value && found.push(value, JSON.stringify(value).slice(1, -1));
  if (typeof credentials === 'object') for (const [name, value] of Object.entries(credentials)) if (name !== 'accessKey') add(value);
  try {
    if (body)
      JSON.parse(body, (key, value: unknown) => {
        if (/pass/i.test(key)) add(value);
        return value;
      });
  } catch {
    // A body that middleware replaced may not be JSON: there are no fields to pick out then.
  }
  // Longest first, so that a secret containing another is replaced whole.
  return [...new Set(found)].sort((a, b) => b.length - a.length);
}

/**
 * A function giving `text` with every occurrence of each secret replaced (its patterns compiled once, since a body's
 * every key and string goes through it). A long secret is replaced wherever it occurs; a short one only where it
 * stands alone (no letter or digit either side), so that the words around it survive.
 */
export function redactor(secrets: readonly string[]): (text: string) => string {
  const patterns = secrets.map((secret) => {
    const escaped = escapeRegex(secret);
    return new RegExp(secret.length < SHORT ? `(?<![\\p{L}\\p{N}])${escaped}(?![\\p{L}\\p{N}])` : escaped, 'gu');
  });
  return (text) => patterns.reduce((out, pattern) => out.replace(pattern, REDACTED), text);
}

/** A copy of a parsed JSON value with every string, keys included, redacted. */
function redactJson(value: unknown, hide: (text: string) => string): unknown {
  if (typeof value === 'string') return hide(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, hide));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [hide(key), redactJson(item, hide)]));
}

/**
 * The call's outcome: openapi-fetch's, read as text, with the parsed data or a HuaweiCloudError for `error`.
 * A 2xx body that is not JSON throws an InvalidResponseError (JSON.parse's SyntaxError would quote the body).
 */
export function toResult(result: RawResult, operation: string, secrets: () => string[]): RawResult {
  const { data, error, response } = result;
  if (response.ok) {
    try {
      return { data: data ? JSON.parse(data as string) : undefined, response };
    } catch {
      throw new InvalidResponseError(operation, response.status);
    }
  }
  const hide = redactor(secrets());
  // openapi-fetch gives the parsed JSON, else the text ('' or undefined for no body).
  const body = error === '' || error === undefined ? undefined : redactJson(error, hide);
  const { code, message, requestId } = readError(body);
  const id = response.headers.get('x-request-id') || requestId;
  return {
    error: new HuaweiCloudError(
      response.status,
      code,
      message ?? hide(`HTTP ${response.status} ${response.statusText}`.trim()),
      id ? hide(id) : undefined,
      operation,
      body,
    ),
    response,
  };
}

/** The `data` of a call, or throws its HuaweiCloudError: `const { job_id } = unwrap(await ecs.POST(...))`. */
export function unwrap<R extends { data?: unknown; error?: unknown }>(result: R): Extract<R, { error?: never }>['data'] {
  if (result.error !== undefined) throw result.error;
  return result.data as Extract<R, { error?: never }>['data'];
}
