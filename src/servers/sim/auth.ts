// Authentication as the API gateway does it: an IAM token in X-Auth-Token, or an AK/SK signature verified by
// src/signer.ts against the configured key pairs. Messages never contain a token, a secret key or a signature.
import type { IncomingHttpHeaders } from 'node:http';
import { verifySignature } from '../../signer.ts';

export interface Credentials {
  tokens: ReadonlySet<string>;
  /** access key → secret key */
  secrets: ReadonlyMap<string, string>;
}

export type AuthResult = { ok: true } | { ok: false; message: string };

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
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(', ') : value;
  const result = await verifySignature({ method: req.method, url: req.url, headers, body: req.body }, (ak) => credentials.secrets.get(ak));
  return result.ok ? { ok: true } : { ok: false, message: `${PREFIX}: verify aksk signature fail: ${result.reason}.` };
}
