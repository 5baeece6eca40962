// What the console shows of a request and its answer, with the secrets masked: the X-Auth-Token and
// X-Security-Token values and the Authorization signature by name, and every secret the client itself redacts
// (token, secret key, security token, `*pass*` body fields; src/client/response.ts) wherever it occurs.
import { redactor, secretsOf } from '../../../client/response.ts';
import type { Credentials } from '../../../client/types.ts';

const MASK = '[REDACTED]';

const SECRET_HEADERS = new Set(['x-auth-token', 'x-security-token']);

/** A header as shown: secret values masked whole, the signature of an Authorization header masked. */
function maskHeader(name: string, value: string): string {
  const lower = name.toLowerCase();
  if (SECRET_HEADERS.has(lower)) return MASK;
  if (lower === 'authorization') return value.replace(/(Signature=)[^,\s]*/i, `$1${MASK}`);
  return value;
}

export interface ShownRequest {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string | undefined;
}

/** Masks anything shown (URL, header values, bodies) with the secrets of `credentials` and of the body sent. */
export function masker(credentials: Credentials, sentBody: string | undefined): (text: string) => string {
  return redactor(secretsOf(credentials, sentBody));
}

/** The request as text: request line, headers (secrets masked), a blank line and the body (pretty JSON). */
export function requestText(request: ShownRequest, mask: (text: string) => string): string {
  const lines = [`${request.method} ${mask(request.url)}`, ...request.headers.map(([name, value]) => `${name}: ${mask(maskHeader(name, value))}`)];
  return `${lines.join('\n')}${request.body === undefined ? '' : `\n\n${mask(pretty(request.body))}`}`;
}

/** A JSON text re-indented for reading; any other text as it is. */
export function pretty(text: string): string {
  try {
    return JSON.stringify(JSON.parse(text), null, 2);
  } catch {
    return text;
  }
}
