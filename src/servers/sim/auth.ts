// Authentication as the API gateway does it: an IAM token in X-Auth-Token, or an AK/SK signature verified by
// src/signer.ts against the configured key pairs. Messages never contain a token, a secret key or a signature.
// Checked in two steps, so that a request without valid credentials costs no body: before the body is read,
// everything but the signature (checkHeaders); after it, the signature over the body (authenticate).
import type { IncomingHttpHeaders } from 'node:http';
import { verifySignature } from '../../signer.ts';
import { flatHeaders } from '../request.ts';

export interface Credentials {
  tokens: ReadonlySet<string>;
  /** access key → secret key */
  secrets: ReadonlyMap<string, string>;
}

/** `bodyMayExplain`: the signature did not match, which a body not yet read may explain. */
export type AuthResult = { ok: true } | { ok: false; message: string; bodyMayExplain?: true };

const PREFIX = 'Incorrect IAM authentication information';

export async function authenticate(
  req: { method: string; url: string; headers: IncomingHttpHeaders; body: Uint8Array },
  credentials: Credentials,
): Promise<AuthResult> {
  const token = req.headers['x-auth-token'];
  if (token !== undefined) {
    return typeof token === 'string' && credentials.tokens.has(token) ? { ok: true } : { ok: false, message: `${PREFIX}: the X-Auth-Token is not valid.` };
  }
  if (req.headers.authorization === undefined) {
    return { ok: false, message: `${PREFIX}: no credentials; send X-Auth-Token, or sign the request with AK/SK (Authorization and X-Sdk-Date).` };
  }
  const result = await verifySignature({ method: req.method, url: req.url, headers: flatHeaders(req.headers), body: req.body }, (ak) =>
    credentials.secrets.get(ak),
  );
  if (result.ok) return { ok: true };
  const message = `${PREFIX}: verify aksk signature fail: ${result.reason}.`;
  return result.reason === 'signature mismatch' ? { ok: false, message, bodyMayExplain: true } : { ok: false, message };
}

const EMPTY = new Uint8Array(0);

/**
 * What can be checked before the body is read: a token fully; for AK/SK, the Authorization and X-Sdk-Date
 * headers, a known access key and the date window. The signature is checked over an empty body: a match settles
 * a request without one, and a mismatch, which the real body may explain, leaves it to `authenticate`
 * ('needs-body').
 */
export async function checkHeaders(
  req: { method: string; url: string; headers: IncomingHttpHeaders },
  credentials: Credentials,
): Promise<AuthResult | 'needs-body'> {
  const result = await authenticate({ ...req, body: EMPTY }, credentials);
  return !result.ok && result.bodyMayExplain ? 'needs-body' : result;
}
