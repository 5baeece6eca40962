/**
 * What a call gives back: openapi-fetch's data of a 2xx, or a HuaweiCloudError read from the error body with the
 * request's secrets redacted, since a server may echo the request it got (headers, password fields) in its answer.
 */
import { readError } from '../openapi/error-formats.ts';
import { HuaweiCloudError } from './errors.ts';
import type { ClientOptions } from './types.ts';

/** openapi-fetch's result: `{ data, response }` or `{ error, response }` (the error body parsed, else its text). */
export type RawResult = { data?: unknown; error?: unknown; response: Response };

/** The secrets a server could echo: the credentials but the access key (it is an identifier), and every `*pass*` field of the body sent. */
export function secretsOf(credentials: ClientOptions['credentials'], body: string | undefined): string[] {
  const found: string[] = [];
  const add = (value: unknown) => typeof value === 'string' && value && found.push(value);
  if (credentials) for (const [name, value] of Object.entries(credentials)) if (name !== 'accessKey') add(value);
  try {
    if (body)
      JSON.parse(body, (key, value: unknown) => {
        if (/pass/i.test(key)) add(value);
        return value;
      });
  } catch {
    // A body that middleware replaced may not be JSON: there are no fields to pick out then.
  }
  return found;
}

/** `text` with every occurrence of each secret replaced. */
export function redact(text: string, secrets: readonly string[]): string {
  return secrets.reduce((out, secret) => out.replaceAll(secret, '[REDACTED]'), text);
}

/** A copy of a parsed JSON value with every string redacted. */
function redactJson(value: unknown, hide: (text: string) => string): unknown {
  if (typeof value === 'string') return hide(value);
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return value.map((item) => redactJson(item, hide));
  return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, redactJson(item, hide)]));
}

/** The call's outcome: openapi-fetch's, with a HuaweiCloudError for `error`. */
export function toResult(result: RawResult, operation: string, secrets: () => string[]): RawResult {
  const { error, response } = result;
  if (response.ok) return result;
  const hidden = secrets();
  const hide = (value: string) => redact(value, hidden);
  // openapi-fetch gives the parsed JSON, else the text ('' or undefined for no body).
  const body = error === '' || error === undefined ? undefined : redactJson(error, hide);
  const { code, message, requestId } = readError(body);
  const id = response.headers.get('x-request-id') || requestId || undefined;
  return {
    error: new HuaweiCloudError(response.status, code, message ?? `HTTP ${response.status} ${response.statusText}`.trim(), id, operation, body),
    response,
  };
}

/** The `data` of a call, or throws its HuaweiCloudError: `const { job_id } = unwrap(await ecs.POST(...))`. */
export function unwrap<R extends { data?: unknown; error?: unknown }>(result: R): Extract<R, { error?: never }>['data'] {
  if (result.error !== undefined) throw result.error;
  return result.data as Extract<R, { error?: never }>['data'];
}
