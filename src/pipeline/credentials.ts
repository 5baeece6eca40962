/**
 * The credentials step of the pipeline, in one of two modes:
 *   - presence (the mock, the proxy): the request carries every header of at least one of the operation's
 *     security alternatives, as the document declares them; nothing is verified (a proxy's upstream verifies);
 *   - verify (the simulator): an IAM token in X-Auth-Token, or an AK/SK signature verified by src/signer.ts
 *     against the configured key pairs, as the API gateway does.
 * Both run before the body is read, so that a request without credentials costs no body; a signature is then
 * verified once, over the body read. Messages never contain a token, a secret key or a signature.
 */
import { deref, type OpenApiDocument, type OperationInfo } from '../openapi/documents.ts';
import { checkSignatureHeaders, type Sha256Hex, targetUrl } from '../signer.ts';

/** Tokens and key pairs that verify. */
export interface Credentials {
  tokens: ReadonlySet<string>;
  /** access key → secret key */
  secrets: ReadonlyMap<string, string>;
  /** The SHA-256 signatures are verified with: Node's behind node:http; default, the signer's own. */
  sha256?: Sha256Hex | undefined;
}

/** 'presence' checks only that credentials are there; a Credentials object verifies them. */
export type CredentialsCheck = 'presence' | Credentials;

/**
 * The outcome before the body: refused (message), accepted, or a signature to verify over the body (`verify`
 * gives the 401's message, or undefined when it verifies).
 */
export type EarlyCheck = { ok: false; message: string } | { ok: true } | { ok: 'signature'; verify(body: Uint8Array): string | undefined };

const PREFIX = 'Incorrect IAM authentication information';

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
}

/** Per operation: the alternatives of credentials, each a list of header names (`[[X-Auth-Token], [Authorization, X-Sdk-Date]]`). */
const alternativesCache = new WeakMap<OperationInfo, string[][]>();

function alternatives(doc: OpenApiDocument, op: OperationInfo): string[][] {
  let found = alternativesCache.get(op);
  if (found) return found;
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, unknown>;
  const requirements = (op.operation.security ?? doc.security ?? []) as Array<Record<string, unknown>>;
  found = requirements.map((requirement) =>
    Object.keys(requirement).map((name) => {
      const raw = schemes[name];
      const scheme = raw === undefined ? {} : deref<SecurityScheme>(doc, raw);
      // apiKey in a header names it; http (bearer, basic), oauth2 and openIdConnect all travel in Authorization.
      return scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name
        ? scheme.name
        : scheme.type === 'apiKey'
          ? `${scheme.in} ${scheme.name}`
          : 'Authorization';
    }),
  );
  alternativesCache.set(op, found);
  return found;
}

/** The message of the 401 for a request without any of the operation's alternatives, or undefined. */
export function missingCredentials(doc: OpenApiDocument, op: OperationInfo, headers: Readonly<Record<string, string | undefined>>): string | undefined {
  const options = alternatives(doc, op);
  if (options.length === 0) return undefined;
  const present = (name: string) => (headers[name.toLowerCase()] ?? '').trim() !== '';
  if (options.some((names) => names.every(present))) return undefined;
  return `Authentication required: missing credentials; send ${options.map((names) => names.join(' + ')).join(', or ')}`;
}

export interface SignedRequest {
  method: string;
  /** The host the signature covers (the Host header, else the server's own), and the request target. */
  host: string;
  target: string;
  /** As a PlainRequest's: lower-case names, values as a Headers holds them (trimmed, repeats joined). */
  headers: Readonly<Record<string, string>>;
}

/** What can be settled before the body is read (see the header). */
export function checkEarly(req: SignedRequest, doc: OpenApiDocument, op: OperationInfo, check: CredentialsCheck): EarlyCheck {
  if (check === 'presence') {
    const missing = missingCredentials(doc, op, req.headers);
    return missing ? { ok: false, message: missing } : { ok: true };
  }
  const token = req.headers['x-auth-token'];
  if (token !== undefined) return check.tokens.has(token) ? { ok: true } : { ok: false, message: `${PREFIX}: the X-Auth-Token is not valid.` };
  if (req.headers.authorization === undefined) {
    return { ok: false, message: `${PREFIX}: no credentials; send X-Auth-Token, or sign the request with AK/SK (Authorization and X-Sdk-Date).` };
  }
  // The pipeline's headers are already in the form a Headers holds (PlainRequest): read as they are, not copied.
  const values = req.headers;
  const view = { get: (name: string) => (Object.hasOwn(values, name) ? values[name] : undefined) };
  const headers = checkSignatureHeaders({ method: req.method, url: targetUrl(req.host, req.target), headers: view }, (ak) => check.secrets.get(ak), {
    sha256: check.sha256,
  });
  if (!headers.ok) return { ok: false, message: signatureRefusal(headers.reason) };
  return {
    ok: 'signature',
    verify: (body) => {
      const result = headers.verify(body);
      return result.ok ? undefined : signatureRefusal(result.reason);
    },
  };
}

const signatureRefusal = (reason: string): string => `${PREFIX}: verify aksk signature fail: ${reason}.`;
