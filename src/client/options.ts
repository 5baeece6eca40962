/**
 * The rules of the client's options, checked before anything is sent. A broken rule throws a ValidationError in
 * the one message style (`options.timeoutMs: positive-number: must be a number greater than 0`) naming the field
 * and the rule, never the value: it may be a secret.
 */
import { ValidationError } from './errors.ts';
import type { ClientOptions, RetryOptions } from './types.ts';

/** [rule, explanation, test] of a value. */
export type Rule = readonly [rule: string, explanation: string, test: (value: unknown) => boolean];

export const POSITIVE: Rule = ['positive-number', 'must be a number greater than 0', (v) => typeof v === 'number' && v > 0];
export const NON_NEGATIVE: Rule = ['non-negative-number', 'must be a number, 0 or more', (v) => typeof v === 'number' && v >= 0];
const COUNT: Rule = ['positive-integer', 'must be a whole number, 1 or more', (v) => Number.isInteger(v) && Number(v) >= 1];
const TEXT: Rule = ['non-empty-string', 'must be a non-empty string', (v) => typeof v === 'string' && v !== ''];

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

/** Everything ClientOptions promises, so that a bad value fails here and not inside a call (or the signer). */
export function checkClientOptions({ region, endpoint, credentials, timeoutMs, retry }: ClientOptions): void {
  if (!endpoint && !/^[a-z0-9-]+$/.test(region ?? '')) throw new ValidationError('options.region', 'required', 'give a region (cn-north-4) or an endpoint');
  checkTiming('options.', timeoutMs, retry);
  // An empty key would only fail inside the signer, on every call.
  if (credentials && 'token' in credentials) checkOption('credentials.token', credentials.token, TEXT, false);
  else if (credentials) {
    checkOption('credentials.accessKey', credentials.accessKey, TEXT, false);
    checkOption('credentials.secretKey', credentials.secretKey, TEXT, false);
    checkOption('credentials.securityToken', credentials.securityToken, TEXT);
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
