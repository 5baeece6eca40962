/**
 * The rules of the client's options and of what a caller hands it, checked before anything is sent. A broken
 * rule throws a ValidationError in the one message style (`options.timeoutMs: positive-number: must be a number
 * greater than 0`) naming the field and the rule, never the value: it may be a secret.
 */
import { editDistance, fieldPath } from '../openapi/violations.ts';
import { ValidationError } from './errors.ts';
import { KNOWN_REGIONS } from './regions.ts';
import type { ClientOptions, RetryOptions } from './types.ts';

/** [rule, explanation, test] of a value. */
export type Rule = readonly [rule: string, explanation: string, test: (value: unknown) => boolean];

export const POSITIVE: Rule = ['positive-number', 'must be a number greater than 0', (v) => typeof v === 'number' && v > 0];
export const NON_NEGATIVE: Rule = ['non-negative-number', 'must be a number, 0 or more', (v) => typeof v === 'number' && v >= 0];
const COUNT: Rule = ['positive-integer', 'must be a whole number, 1 or more', (v) => Number.isInteger(v) && Number(v) >= 1];
const TEXT: Rule = ['non-empty-string', 'must be a non-empty string', (v) => typeof v === 'string' && v !== ''];
// What fetch's Headers accepts unchanged: no CR, LF, NUL or other control character (Headers.set would throw
// a TypeError quoting the value), nothing above U+00FF, no space at either end (it would be stripped, and the
// signature computed over a value the server never sees).
const FIELD_VALUE = /^(?:[\x21-\x7e\x80-\xff](?:[\t\x20-\x7e\x80-\xff]*[\x21-\x7e\x80-\xff])?)?$/;
const HEADER_VALUE: Rule = [
  'header-value',
  'must be a valid HTTP header value: no control characters (CR, LF, NUL...), no characters above U+00FF, no space at either end',
  (v) => typeof v !== 'string' || FIELD_VALUE.test(v),
];
const HEADER_NAME: Rule = ['header-name', 'must be a valid HTTP header name', (v) => /^[\w!#$%&'*+.^`|~-]+$/.test(String(v))];
const ENDPOINT: Rule = [
  'url',
  'must be an absolute http: or https: URL, without a user name or password',
  (v) => {
    const url = typeof v === 'string' && URL.canParse(v) ? new URL(v) : undefined;
    return !!url && /^https?:$/.test(url.protocol) && !url.username && !url.password;
  },
];

/**
 * Throws a ValidationError naming `field` unless `value` is undefined (when `optional`) or keeps `rule`. Options
 * are checked up front because NaN passes no comparison: unchecked, NaN attempts retried forever and a NaN
 * timeout failed every call.
 */
export function checkOption(field: string, value: unknown, [rule, explanation, test]: Rule, optional = true): void {
  if (!(optional && value === undefined) && !test(value)) throw new ValidationError(field, rule, explanation);
}

/** The time limit and retry policy of the client (`options.`) or of one call (no prefix, as in `path.`/`body.`). */
export function checkTiming(prefix: string, timeoutMs: unknown, retry: Partial<RetryOptions> | false | undefined): void {
  checkOption(`${prefix}timeoutMs`, timeoutMs, POSITIVE);
  if (!retry) return;
  checkOption(`${prefix}retry.attempts`, retry.attempts, COUNT);
  checkOption(`${prefix}retry.baseDelayMs`, retry.baseDelayMs, NON_NEGATIVE);
  checkOption(`${prefix}retry.maxDelayMs`, retry.maxDelayMs, NON_NEGATIVE);
}

/** The ID of options.region: the region itself, or the `id` of a region given as `{ id }`. */
export const regionId = (region: ClientOptions['region']): string | undefined => (typeof region === 'object' ? region?.id : region);

/**
 * The region, when it makes the endpoint: a region ID (a host label), and a known one unless given as `{ id }`,
 * so that `cn-nrth-4` fails here with a "did you mean", not on every call with `getaddrinfo ENOTFOUND`.
 */
function checkRegion(region: ClientOptions['region']): void {
  const id = regionId(region);
  if (typeof id !== 'string' || !/^[a-z0-9-]+$/.test(id)) throw new ValidationError('options.region', 'required', 'give a region (cn-north-4) or an endpoint');
  if (id !== region || (KNOWN_REGIONS as readonly string[]).includes(id)) return;
  // The closest known regions, if any is within two edits.
  const distance = (known: string) => editDistance(known, id);
  const best = Math.min(...KNOWN_REGIONS.map(distance));
  const near = best > 2 ? '' : ` (did you mean ${KNOWN_REGIONS.filter((known) => distance(known) === best).join(' or ')}?)`;
  throw new ValidationError('options.region', 'known-region', `is not a region this client knows${near}; give a newer region as { id: 'xx-new-1' }`);
}

/** Everything ClientOptions promises, so that a bad value fails here and not inside a call (or the signer). */
export function checkClientOptions({ region, endpoint, credentials, timeoutMs, retry, maxResponseBytes }: ClientOptions): void {
  if (endpoint === undefined) checkRegion(region);
  checkOption('options.endpoint', endpoint, ENDPOINT);
  checkTiming('options.', timeoutMs, retry);
  checkOption('options.maxResponseBytes', maxResponseBytes, COUNT);
  // Unauthenticated requests are a choice to spell out, not what a forgotten option gives.
  if (credentials === 'none') return;
  if (typeof credentials !== 'object' || credentials === null) {
    throw new ValidationError('options.credentials', 'required', "give { accessKey, secretKey }, { token }, or 'none' to send requests unauthenticated");
  }
  // An empty key would only fail inside the signer, on every call; one with a line break inside fetch, quoting it.
  // The secret key is never sent: any text will do.
  for (const name of 'token' in credentials ? ['token'] : ['accessKey', 'secretKey', 'securityToken']) {
    const value: unknown = (credentials as unknown as Record<string, unknown>)[name];
    checkOption(`credentials.${name}`, value, TEXT, name === 'securityToken');
    if (name !== 'secretKey') checkOption(`credentials.${name}`, value, HEADER_VALUE);
  }
}

/**
 * Header names and values a caller passes (`params.header`, as `header.`, or `headers`), checked before fetch
 * sees them: fetch's TypeError would quote the value. Arrays are checked item by item.
 */
export function checkHeaders(prefix: string, headers: unknown): void {
  if (typeof headers !== 'object' || headers === null || headers instanceof Headers) return;
  const entries: unknown[][] = Array.isArray(headers) ? headers : Object.entries(headers);
  for (const [name, value] of entries) {
    const field = fieldPath(prefix, [String(name)]);
    checkOption(field, name, HEADER_NAME);
    for (const item of Array.isArray(value) ? value : [value]) checkOption(field, item, HEADER_VALUE);
  }
}

/** The client's retry policy: the defaults, the options', or a single attempt with `retry: false`. */
export const retryPolicy = (retry: ClientOptions['retry']): RetryOptions => ({
  attempts: retry === false ? 1 : 3,
  baseDelayMs: 200,
  maxDelayMs: 20_000,
  nonIdempotent: false,
  ...(retry || {}),
});
