/**
 * Huawei Cloud SDK-HMAC-SHA256 (AK/SK) request signing and verification.
 * Uses only WebCrypto (`globalThis.crypto.subtle`) and TextEncoder, so it runs in Node 20 and in browsers.
 * Mirrors the official Node SDK signer (@huaweicloud/huaweicloud-sdk-core auth/AKSKSigner.js) and the Go SDK.
 */

export interface SigningCredentials {
  accessKey: string;
  secretKey: string;
  securityToken?: string;
}

export interface RequestToSign {
  method: string;
  url: string | URL;
  headers: Headers | Record<string, string>;
  /** The already-serialized body, exactly as it will be sent. */
  body?: string | Uint8Array | null;
}

export type VerifyResult = { ok: true; accessKey: string } | { ok: false; reason: string };

const ALGORITHM = 'SDK-HMAC-SHA256';
const UNSIGNED_PAYLOAD_HEADER = 'x-sdk-content-sha256';
const HEX = '0123456789ABCDEF';
const encoder = new TextEncoder();

const isUnreserved = (b: number): boolean =>
  (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5a) || (b >= 0x61 && b <= 0x7a) || b === 0x2d || b === 0x2e || b === 0x5f || b === 0x7e;
const isHexDigit = (b: number | undefined): boolean =>
  b !== undefined && ((b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66));

/**
 * Percent-encodes the UTF-8 bytes of `s`, keeping only A-Za-z0-9-_.~ (upper-case hex).
 * With `decodeFirst`, valid `%XX` escapes are decoded to their byte before re-encoding, and a decoded or
 * literal `/` stays a separator: this is Go's "escape each segment of URL.Path".
 */
function encode(s: string, decodeFirst = false): string {
  const bytes = encoder.encode(s);
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    let b = bytes[i] ?? 0;
    if (decodeFirst && b === 0x25 && isHexDigit(bytes[i + 1]) && isHexDigit(bytes[i + 2])) {
      b = parseInt(String.fromCharCode(bytes[i + 1] ?? 0, bytes[i + 2] ?? 0), 16);
      i += 2;
    }
    out += isUnreserved(b) || (decodeFirst && b === 0x2f) ? String.fromCharCode(b) : '%' + HEX[b >> 4] + HEX[b & 15];
  }
  return out;
}

/** Canonical URI of a URL path as found in `URL.pathname` (percent-encoded or raw): decode, re-encode, end with `/`. */
export function canonicalUri(path: string): string {
  const uri = encode(path, true);
  return uri.endsWith('/') ? uri : uri + '/';
}

/** Canonical query: keys sorted, each key's values sorted, `key=value` joined by `&` (`key=` when empty). */
export function canonicalQuery(searchParams: URLSearchParams): string {
  const byKey = new Map<string, string[]>();
  for (const [k, v] of searchParams) byKey.set(k, [...(byKey.get(k) ?? []), v]);
  const parts: string[] = [];
  for (const key of [...byKey.keys()].sort()) {
    for (const value of (byKey.get(key) ?? []).sort()) parts.push(`${encode(key)}=${encode(value)}`);
  }
  return parts.join('&');
}

/** `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(date: Date): string {
  return date.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

function parseSdkDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
  return formatSdkDate(date) === value ? date : undefined;
}

/** Value of a signed header: `host` falls back to the URL's host (fetch derives it the same way). */
function headerValue(headers: Headers, url: URL, name: string): string {
  return (headers.get(name) ?? (name === 'host' ? url.host : '')).trim();
}

/** The canonical request; `signedHeaders` are lower-case and used in the order given. */
export function canonicalRequest(method: string, url: URL, headers: Headers, signedHeaders: string[], payloadHash: string): string {
  const canonicalHeaders = signedHeaders.map((name) => `${name}:${headerValue(headers, url, name)}\n`).join('');
  return [method.toUpperCase(), canonicalUri(url.pathname), canonicalQuery(url.searchParams), canonicalHeaders, signedHeaders.join(';'), payloadHash].join('\n');
}

const toHex = (buf: ArrayBuffer): string => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, '0')).join('');

async function sha256Hex(data: string | Uint8Array): Promise<string> {
  const bytes = typeof data === 'string' ? encoder.encode(data) : new Uint8Array(data);
  return toHex(await globalThis.crypto.subtle.digest('SHA-256', bytes));
}

const keyCache = new Map<string, Promise<CryptoKey>>();
function hmacKey(secret: string): Promise<CryptoKey> {
  let key = keyCache.get(secret);
  if (!key) {
    if (keyCache.size >= 32) keyCache.clear();
    key = globalThis.crypto.subtle.importKey('raw', encoder.encode(secret), { name: 'HMAC', hash: 'SHA-256' }, false, ['sign', 'verify']);
    keyCache.set(secret, key);
  }
  return key;
}

/** StringToSign; the payload hash is the signed `X-Sdk-Content-Sha256` value (e.g. UNSIGNED-PAYLOAD) if any, else sha256(body). */
async function stringToSign(req: RequestToSign, url: URL, headers: Headers, signedHeaders: string[], sdkDate: string): Promise<string> {
  const declared = signedHeaders.includes(UNSIGNED_PAYLOAD_HEADER) ? headers.get(UNSIGNED_PAYLOAD_HEADER) : null;
  const payloadHash = declared ?? (await sha256Hex(req.body ?? ''));
  const canonical = canonicalRequest(req.method, url, headers, signedHeaders, payloadHash);
  return `${ALGORITHM}\n${sdkDate}\n${await sha256Hex(canonical)}`;
}

/**
 * Signs a request. Returns a new Headers: the request's headers plus `X-Sdk-Date`, `Authorization` and,
 * with temporary credentials, `X-Security-Token`. By default every header on the request is signed (as the
 * official Node SDK does), plus `host` (from the URL unless a Host header is given), `x-sdk-date` and
 * `x-security-token`; `content-type` is left out for multipart/form-data, like the SDK.
 */
export async function signRequest(req: RequestToSign, creds: SigningCredentials, opts: { date?: Date; signedHeaders?: string[] } = {}): Promise<Headers> {
  if (!creds.accessKey || !creds.secretKey) throw new Error('accessKey and secretKey must not be empty');
  const url = new URL(req.url);
  const headers = new Headers(req.headers);
  headers.delete('authorization');
  headers.set('X-Sdk-Date', formatSdkDate(opts.date ?? new Date()));
  if (creds.securityToken) headers.set('X-Security-Token', creds.securityToken);
  const present: string[] = ['host'];
  headers.forEach((_, name) => present.push(name));
  let names = opts.signedHeaders?.map((h) => h.toLowerCase()) ?? present;
  if (!opts.signedHeaders && headers.get('content-type')?.includes('multipart/form-data')) names = names.filter((h) => h !== 'content-type');
  const signed = [...new Set(names)].sort();
  const toSign = await stringToSign(req, url, headers, signed, headers.get('x-sdk-date') ?? '');
  const signature = toHex(await globalThis.crypto.subtle.sign('HMAC', await hmacKey(creds.secretKey), encoder.encode(toSign)));
  headers.set('Authorization', `${ALGORITHM} Access=${creds.accessKey}, SignedHeaders=${signed.join(';')}, Signature=${signature}`);
  return headers;
}

const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*),\s*Signature=([0-9a-fA-F]{64})$/;

/**
 * Verifies an AK/SK-signed request (server side) against the SignedHeaders list it carries.
 * Failure reasons never contain the secret key, the token or the expected signature.
 */
export async function verifySignature(
  req: RequestToSign,
  lookupSecret: (accessKey: string) => string | undefined,
  opts: { now?: Date; maxSkewMs?: number } = {},
): Promise<VerifyResult> {
  const fail = (reason: string): VerifyResult => ({ ok: false, reason });
  try {
    const headers = new Headers(req.headers);
    const auth = headers.get('authorization');
    if (!auth) return fail('missing Authorization header');
    const m = AUTH_RE.exec(auth);
    if (!m) return fail('malformed Authorization header');
    const [, accessKey = '', signedList = '', signatureHex = ''] = m;
    const signed = signedList.split(';');
    if (!signed.includes('x-sdk-date')) return fail('malformed Authorization header: x-sdk-date is not signed');
    const sdkDate = headers.get('x-sdk-date');
    if (!sdkDate) return fail('missing X-Sdk-Date header');
    const date = parseSdkDate(sdkDate);
    if (!date) return fail('malformed X-Sdk-Date header');
    const secret = lookupSecret(accessKey);
    if (!secret) return fail('unknown access key');
    const maxSkewMs = opts.maxSkewMs ?? 15 * 60_000;
    if (Math.abs((opts.now ?? new Date()).getTime() - date.getTime()) > maxSkewMs) return fail('X-Sdk-Date is too far from the current time');
    const toSign = await stringToSign(req, new URL(req.url), headers, signed, sdkDate);
    const signature = new Uint8Array(32).map((_, i) => parseInt(signatureHex.slice(2 * i, 2 * i + 2), 16));
    const ok = await globalThis.crypto.subtle.verify('HMAC', await hmacKey(secret), signature, encoder.encode(toSign));
    return ok ? { ok: true, accessKey } : fail('signature mismatch');
  } catch {
    return fail('malformed request');
  }
}
