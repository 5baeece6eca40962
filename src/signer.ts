// biome-ignore-all lint/style/noNonNullAssertion: the SHA-256 code reads typed arrays and tables at indices in bounds by construction (64-byte blocks, 8-word states, 256 hex digits); a check or a fallback per read would slow the hash every signed request runs several times. Everything else here is written without `!`.
/**
 * Huawei Cloud SDK-HMAC-SHA256 (AK/SK) request signing and verification, as the official Node SDK
 * (@huaweicloud/huaweicloud-sdk-core auth/AKSKSigner.js) and the Go SDK do it. Self-contained: SHA-256 and HMAC
 * are computed here, synchronously, in plain TypeScript. WebCrypto's asynchronous jobs cost more than hashing a few
 * hundred bytes (signing took three) and would pull Node-only modules into a browser. Needs TextEncoder, URL, Headers.
 */

/** An AK/SK pair; `securityToken` for temporary credentials. */
export type SigningCredentials = { accessKey: string; secretKey: string; securityToken?: string };

/** A request to sign or verify; `body` is the already-serialized body, exactly as it is sent. */
export type RequestToSign = { method: string; url: string | URL; headers: Headers | Record<string, string>; body?: string | Uint8Array | null };

/**
 * Header values by lower-case name, as a Headers holds them (names lower-case, values trimmed, repeats joined with
 * `, `): a Headers, a Map read from one (when signing), or a server's view of headers it has read in that form.
 */
export type HeaderValues = { get(name: string): string | null | undefined };

/**
 * A request to verify: its URL may also be the parts of one (targetUrl), its headers a record (any case, read as a
 * Headers would) or HeaderValues.
 */
export type RequestToVerify = Omit<RequestToSign, 'headers' | 'url'> & {
  url: string | URL | UrlParts;
  headers: Headers | Record<string, string> | HeaderValues;
};

/** `date`: the X-Sdk-Date (default: now); `signedHeaders`: the headers to sign instead of all of them (any case). */
export type SignOptions = { date?: Date; signedHeaders?: string[] };

export type VerifyResult = { ok: true; accessKey: string } | { ok: false; reason: string };
/**
 * `now` (default: the current time), how far X-Sdk-Date may be from it (default 15 minutes), and the SHA-256 of
 * the body and the canonical request (default: the signer's own; a Node server passes Node's native one).
 */
export type VerifyOptions = { now?: Date; maxSkewMs?: number; sha256?: Sha256Hex | undefined };

const ALGORITHM = 'SDK-HMAC-SHA256';
const UNSIGNED_PAYLOAD_HEADER = 'x-sdk-content-sha256';
const encoder = new TextEncoder();

// SHA-256 (FIPS 180-4) and HMAC (RFC 2104). The round constants and the initial hash are the first 32 bits of the
// fractional parts of the cube roots of the first 64 primes and of the square roots of the first 8: computed rather
// than listed, which saves about 0.4 KB of bundle. A double holds enough bits for the result to be exact (the tests
// compare it with Node's own SHA-256).
const primes: number[] = [];
for (let n = 2; primes.length < 64; n++) if (primes.every((p) => n % p)) primes.push(n);
const fraction32 = (x: number): number => (x * 2 ** 32) | 0;
const K = Int32Array.from(primes, (p) => fraction32(Math.cbrt(p)));
const H0 = Int32Array.from(primes.slice(0, 8), (p) => fraction32(Math.sqrt(p)));
const W = new Int32Array(64);
const ror = (x: number, n: number): number => (x >>> n) | (x << (32 - n));

// Messages are padded in this buffer, reused by every hash (hashing is synchronous, so uses never overlap): a
// buffer per message cost more than the hashing itself inside a busy client. Large messages get their own.
const scratch = new Uint8Array(4096);
// The words a digest is computed in, reused the same way: every caller reads them before it hashes again. A new
// array per digest (slice) cost a server's signature check more than a block of hashing.
const digestState = new Int32Array(8);

/**
 * SHA-256 of `data` (a string as UTF-8), as 8 words; or its continuation from `state` after `done` bytes (an HMAC key
 * block). The words are overwritten by the next digest.
 */
function digest(data: string | Uint8Array, state: Int32Array = H0, done = 0): Int32Array {
  const isText = typeof data === 'string';
  // UTF-8 takes at most 3 bytes per UTF-16 code unit; padding at most 72 bytes.
  const room = data.length * (isText ? 3 : 1) + 72;
  const buffer = room > scratch.length ? new Uint8Array(room) : scratch;
  let length = data.length;
  if (isText) length = encoder.encodeInto(data, buffer).written;
  else buffer.set(data);
  // The message, a 1 bit, zeros, and the length in bits as 64 bits big-endian, to a multiple of 64 bytes.
  const end = (length + 72) & -64;
  buffer.fill(0, length, end);
  buffer[length] = 0x80;
  // Dividing by 256 is exact, and a Uint8Array keeps the low 8 bits of the truncated value: byte by byte from the
  // end. (A power of 2 per byte cost half of a short message's hashing.)
  for (let i = 1, bits = (length + done) * 8; i <= 8; i++, bits /= 256) buffer[end - i] = bits;
  digestState.set(state);
  return compress(digestState, buffer, end);
}

/** Runs the compression function over the 64-byte blocks of `buffer[0, end)`, updating `H`. */
function compress(H: Int32Array, buffer: Uint8Array, end: number): Int32Array {
  // Explicit variables, two loops and no per-block arrays: V8 then keeps everything in registers (twice as fast).
  // The tables as locals, and each sum truncated to 32 bits where it is made: a third faster again (V8 reloaded the
  // module's constants every round, and carried wide sums).
  const w = W;
  const k = K;
  for (let offset = 0; offset < end; offset += 64) {
    for (let i = 0; i < 16; i++) {
      const j = offset + 4 * i;
      w[i] = (buffer[j]! << 24) | (buffer[j + 1]! << 16) | (buffer[j + 2]! << 8) | buffer[j + 3]!;
    }
    for (let i = 16; i < 64; i++) {
      const x = w[i - 15]!;
      const y = w[i - 2]!;
      w[i] = ((ror(x, 7) ^ ror(x, 18) ^ (x >>> 3)) + (ror(y, 17) ^ ror(y, 19) ^ (y >>> 10)) + w[i - 7]! + w[i - 16]!) | 0;
    }
    let a = H[0]!;
    let b = H[1]!;
    let c = H[2]!;
    let d = H[3]!;
    let e = H[4]!;
    let f = H[5]!;
    let g = H[6]!;
    let h = H[7]!;
    for (let i = 0; i < 64; i++) {
      // Ch and Maj in their shorter forms: g ^ (e & (f ^ g)), (a & b) | (c & (a | b)).
      const t1 = (h + (ror(e, 6) ^ ror(e, 11) ^ ror(e, 25)) + (g ^ (e & (f ^ g))) + k[i]! + w[i]!) | 0;
      const t2 = ((ror(a, 2) ^ ror(a, 13) ^ ror(a, 22)) + ((a & b) | (c & (a | b)))) | 0;
      h = g;
      g = f;
      f = e;
      e = (d + t1) | 0;
      d = c;
      c = b;
      b = a;
      a = (t1 + t2) | 0;
    }
    // Int32Array stores the sums modulo 2^32.
    H[0] = H[0]! + a;
    H[1] = H[1]! + b;
    H[2] = H[2]! + c;
    H[3] = H[3]! + d;
    H[4] = H[4]! + e;
    H[5] = H[5]! + f;
    H[6] = H[6]! + g;
    H[7] = H[7]! + h;
  }
  return H;
}

/** The 32 bytes (big-endian) of a digest's words. */
function bytes(words: Int32Array): Uint8Array {
  const out = new Uint8Array(32);
  // A Uint8Array keeps the low 8 bits.
  for (let i = 0; i < 32; i++) out[i] = words[i >> 2]! >> (24 - 8 * (i & 3));
  return out;
}

// Number.prototype.toString(16) is slow in V8: hex digits come from a table of the 256 bytes.
const HEX = Array.from({ length: 256 }, (_, b) => (b | 256).toString(16).slice(1));
function hex(words: Int32Array): string {
  let out = '';
  for (const word of words) out += HEX[word >>> 24]! + HEX[(word >> 16) & 255] + HEX[(word >> 8) & 255] + HEX[word & 255];
  return out;
}

/** The hash states after the HMAC key block XOR ipad and XOR opad. */
type HmacPads = [inner: Int32Array, outer: Int32Array];

function hmacPads(key: Uint8Array): HmacPads {
  const block = new Uint8Array(64);
  block.set(key.length > 64 ? bytes(digest(key)) : key);
  const pad = (byte: number): Int32Array =>
    compress(
      H0.slice(),
      block.map((b) => b ^ byte),
      64,
    );
  return [pad(0x36), pad(0x5c)];
}

const hmacWords = (pads: HmacPads, message: string | Uint8Array): Int32Array => digest(bytes(digest(message, pads[0], 64)), pads[1], 64);

// The pads of recent secret keys, so that signing hashes 2 blocks less. Module-private, like the CryptoKeys the
// WebCrypto signer kept; at most 32.
const padsBySecret = new Map<string, HmacPads>();

/** SHA-256 digest (32 bytes). */
export const sha256 = (data: Uint8Array): Uint8Array => bytes(digest(data));

/** HMAC-SHA256 (32 bytes). */
export const hmacSha256 = (key: Uint8Array, message: Uint8Array): Uint8Array => bytes(hmacWords(hmacPads(key), message));

/**
 * Whether `text` is the hex of `digest` in either case, in a time that does not depend on where they differ (a
 * signature check must not leak that). Read pair by pair from hex()'s table rather than compared with hex(digest):
 * a server checks every signed request, and building the string cost it more than this. `| 32` lower-cases A-F and
 * keeps 0-9 (the only characters AUTH_RE lets through).
 */
function matchesHex(digest: Int32Array, text: string): boolean {
  let diff = text.length ^ 64;
  for (let i = 0; i < 32; i++) {
    const pair = HEX[(digest[i >> 2]! >>> (24 - 8 * (i & 3))) & 255]!;
    diff |= (pair.charCodeAt(0) ^ (text.charCodeAt(2 * i) | 32)) | (pair.charCodeAt(1) ^ (text.charCodeAt(2 * i + 1) | 32));
  }
  return diff === 0;
}

/**
 * Percent-encodes the UTF-8 bytes of `s`, keeping only A-Za-z0-9-_.~ (upper-case hex): encodeURIComponent,
 * plus the five characters it leaves alone. With `decodeFirst`, valid `%XX` escapes (which encodeURIComponent
 * turned into `%25XX`) stand for their byte, which is kept if unreserved or `/`.
 */
const encode = (s: string, decodeFirst?: boolean): string =>
  encodeURIComponent(s).replace(decodeFirst ? /%25[\da-f]{2}|[!'()*]/gi : /[!'()*]/g, (match) => {
    const char = match.length > 1 ? String.fromCharCode(parseInt(match.slice(3), 16)) : match;
    return /[\w.~/-]/.test(char) ? char : `%${(char.charCodeAt(0) | 256).toString(16).slice(1).toUpperCase()}`;
  });

/**
 * Canonical URI of a URL path as found in `URL.pathname` (percent-encoded or raw): each segment decoded and
 * re-encoded (a decoded `/` stays a separator: Go's "escape each segment of URL.Path"), ending with `/`.
 */
export function canonicalUri(path: string): string {
  // Most paths need no encoding at all: skip the work then. A lone surrogate (raw input only) is encoded as U+FFFD,
  // as UTF-8 encoders do; encodeURIComponent would throw.
  const segments = /[^\w.~/-]/.test(path) ? path.replace(/\p{Cs}/gu, '\uFFFD').split('/') : undefined;
  const uri = segments ? segments.map((segment) => encode(segment, true)).join('/') : path;
  return uri.endsWith('/') ? uri : `${uri}/`;
}

const order = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** Canonical query: keys sorted, each key's values sorted, `key=value` joined by `&` (`key=` when empty). */
export function canonicalQuery(searchParams: URLSearchParams): string {
  const pairs = [...searchParams].sort((a, b) => order(a[0], b[0]) || order(a[1], b[1]));
  return pairs.map(([key, value]) => `${encode(key)}=${encode(value)}`).join('&');
}

let lastDate: [second: number, sdkDate: string] = [NaN, ''];

/** `X-Sdk-Date` format: UTC `YYYYMMDDTHHMMSSZ`. */
export function formatSdkDate(date: Date): string {
  // Every request needs one and toISOString is slow: the last one is kept (it changes once a second).
  const second = Math.floor(date.getTime() / 1000);
  if (lastDate[0] !== second) lastDate = [second, date.toISOString().replace(/[-:]|\.\d+/g, '')];
  return lastDate[1];
}

// A client sends the same X-Sdk-Date with every request of a second: the last one read is kept.
let lastParsed: [sdkDate: string, date: Date | undefined] = ['', undefined];

function parseSdkDate(value: string): Date | undefined {
  if (value === lastParsed[0]) return lastParsed[1];
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const [year = 0, month = 0, day = 0, hour = 0, minute = 0, second = 0] = m.slice(1).map(Number);
  const date = new Date(Date.UTC(year, month - 1, day, hour, minute, second));
  const parsed = formatSdkDate(date) === value ? date : undefined;
  lastParsed = [value, parsed];
  return parsed;
}

/** What the canonical request reads of a URL: a URL, or the same parts of one (targetUrl). */
export type UrlParts = Pick<URL, 'host' | 'pathname' | 'search' | 'searchParams'>;

// What `new URL` changes in a request target: dot segments (percent-encoded ones too) and backslashes in its path,
// a fragment, which it drops, controls and spaces, which it strips or encodes (HTTP allows none in a target), and
// characters beyond ASCII, whose UTF-8 can run into a broken escape beside them. Every other difference is one of
// percent-encoding, which the canonical URI and query undo.
const NORMALIZED = /\/\.|%2e|[\\#\0- \x7f-\uffff]/i;

/**
 * The URL a server's request target stands for, `http://host` + `target`, as a signature covers it: its parts taken
 * as sent when `new URL` would keep them (nearly always), else the URL to parse when the signature is verified. A
 * server verifies every signed request, and parsing cost it more than building the canonical request.
 */
export function targetUrl(host: string, target: string): UrlParts | string {
  if (target[0] !== '/' || NORMALIZED.test(target)) return `http://${host}${target}`;
  const query = target.indexOf('?');
  return query < 0 ? new TargetParts(host, target, '') : new TargetParts(host, target.slice(0, query), target.length > query + 1 ? target.slice(query) : '');
}

/** A request target's parts as sent (targetUrl); what is rarely read is worked out when it is. */
class TargetParts {
  constructor(
    private readonly authority: string,
    readonly pathname: string,
    readonly search: string,
  ) {}
  get host(): string {
    return new URL(`http://${this.authority}`).host;
  }
  get searchParams(): URLSearchParams {
    return new URLSearchParams(this.search);
  }
}

/** The canonical request; `signedHeaders` are lower-case and used in the order given. */
export function canonicalRequest(method: string, url: UrlParts, headers: HeaderValues, signedHeaders: string[], payloadHash: string): string {
  // `host` falls back to the URL's host: fetch derives the Host header the same way.
  // Concatenated rather than joined from arrays: a server builds one for every signed request. And join() of names
  // a lookup has internalized gives V8 a two-byte string, which then cost every step after it twice as much.
  let canonicalHeaders = '';
  let names = '';
  for (const name of signedHeaders) {
    canonicalHeaders += `${name}:${(headers.get(name) ?? (name === 'host' ? url.host : '')).trim()}\n`;
    names += names ? `;${name}` : name;
  }
  // url.searchParams is built on first use: not for a URL without a query.
  const query = url.search ? canonicalQuery(url.searchParams) : '';
  return `${method.toUpperCase()}\n${canonicalUri(url.pathname)}\n${query}\n${canonicalHeaders}\n${names}\n${payloadHash}`;
}

/** SHA-256 of UTF-8 text or bytes, as lower-case hex. */
export type Sha256Hex = (data: string | Uint8Array) => string;

/** The signer's own, in plain TypeScript: it runs anywhere. */
export const sha256Hex: Sha256Hex = (data) => hex(digest(data));

/**
 * HMAC of the StringToSign, as a digest's words; the payload hash is the signed `X-Sdk-Content-Sha256` value (e.g.
 * UNSIGNED-PAYLOAD) if any, else sha256(body). The HMAC is always the signer's own: its key pads are kept per key,
 * and the three blocks it hashes then cost less than handing them to Node.
 */
function signature(
  secret: string,
  req: Pick<RequestToSign, 'method' | 'body'>,
  url: UrlParts,
  headers: HeaderValues,
  signedHeaders: string[],
  sdkDate: string,
  sha256 = sha256Hex,
): Int32Array {
  const declared = signedHeaders.includes(UNSIGNED_PAYLOAD_HEADER) ? headers.get(UNSIGNED_PAYLOAD_HEADER) : null;
  const canonical = canonicalRequest(req.method, url, headers, signedHeaders, declared ?? sha256(req.body ?? ''));
  let pads = padsBySecret.get(secret);
  if (!pads) {
    if (padsBySecret.size >= 32) padsBySecret.clear();
    pads = hmacPads(encoder.encode(secret));
    padsBySecret.set(secret, pads);
  }
  return hmacWords(pads, `${ALGORITHM}\n${sdkDate}\n${sha256(canonical)}`);
}

/**
 * signRequest, synchronously and in place: adds the signature headers to `req.headers` itself (say, a Request's
 * own headers, sparing a copy) and returns that object.
 */
export function signHeaders(req: RequestToSign & { headers: Headers }, creds: SigningCredentials, opts: SignOptions = {}): Headers {
  if (!creds.accessKey || !creds.secretKey) throw new Error('accessKey and secretKey must not be empty');
  const { headers } = req;
  const url = new URL(req.url);
  const sdkDate = formatSdkDate(opts.date ?? new Date());
  headers.set('X-Sdk-Date', sdkDate);
  if (creds.securityToken) headers.set('X-Security-Token', creds.securityToken);
  // One pass over the headers (lower-case names) instead of a lookup per name. `host` comes from the URL unless
  // a Host header is given; an Authorization already there (the previous attempt's) is replaced, not signed.
  const values = new Map<string, string>().set('host', url.host);
  headers.forEach((value, name) => {
    if (name !== 'authorization') values.set(name, value);
  });
  const signed = opts.signedHeaders
    ? [...new Set(opts.signedHeaders.map((h) => h.toLowerCase()))]
    : [...values.keys()].filter((h) => h !== 'content-type' || !values.get(h)?.includes('multipart/form-data'));
  signed.sort();
  const hash = hex(signature(creds.secretKey, req, url, values, signed, sdkDate));
  headers.set('Authorization', `${ALGORITHM} Access=${creds.accessKey}, SignedHeaders=${signed.join(';')}, Signature=${hash}`);
  return headers;
}

/**
 * Signs a request. Returns a new Headers: the request's headers plus `X-Sdk-Date`, `Authorization` and,
 * with temporary credentials, `X-Security-Token`. By default every header on the request is signed (as the
 * official Node SDK does), plus `host` (from the URL unless a Host header is given), `x-sdk-date` and
 * `x-security-token`; `content-type` is left out for multipart/form-data, like the SDK.
 * Async for compatibility only: signHeaders is the synchronous form.
 */
export async function signRequest(req: RequestToSign, creds: SigningCredentials, opts: SignOptions = {}): Promise<Headers> {
  return signHeaders({ ...req, headers: new Headers(req.headers) }, creds, opts);
}

const AUTH_RE = /^SDK-HMAC-SHA256\s+Access=([^,\s]+),\s*SignedHeaders=([a-z0-9!#$%&'*+.^_`|~-]+(?:;[a-z0-9!#$%&'*+.^_`|~-]+)*),\s*Signature=([0-9a-fA-F]{64})$/;

/** A header name (an RFC 9110 token), and what a header value must not hold, as the Headers class has it. */
const HEADER_NAME = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/;
const BAD_HEADER_VALUE = /[\0\r\n\u0100-\uffff]/;
const HTTP_WHITESPACE = /^[\t\n\r ]+|[\t\n\r ]+$/g;
/** A value to trim or refuse: most are neither, and are then read with this one test. */
const UNUSUAL_HEADER_VALUE = /^[\t\n\r ]|[\t\n\r ]$|[\0\r\n\u0100-\uffff]/;

/**
 * Header values by lower-case name, as `new Headers(headers)` holds them (repeated names joined with `, `, values
 * trimmed; it throws on what a Headers refuses), without building one: a server verifies every signed request,
 * and a Headers cost it more than reading every header below.
 */
function headerValues(headers: RequestToVerify['headers']): HeaderValues {
  // A Headers, or a view that reads like one (a record has no function named get: a header named so is a string).
  if (typeof headers.get === 'function') return headers as HeaderValues;
  const record = headers as Record<string, string>;
  const values = new Map<string, string>();
  for (const name of Object.keys(record)) {
    let value = String(record[name]);
    if (UNUSUAL_HEADER_VALUE.test(value)) {
      value = value.replace(HTTP_WHITESPACE, '');
      if (BAD_HEADER_VALUE.test(value)) throw new TypeError('invalid header value');
    }
    if (!HEADER_NAME.test(name)) throw new TypeError('invalid header name');
    const lower = name.toLowerCase();
    const before = values.get(lower);
    values.set(lower, before === undefined ? value : `${before}, ${value}`);
  }
  return values;
}

interface Parsed {
  accessKey: string;
  secret: string;
  signed: string[];
  signatureHex: string;
  sdkDate: string;
  headers: HeaderValues;
  sha256: Sha256Hex | undefined;
}

/** Everything but the signature itself: the headers' form, a known access key, the date window. */
function parseSigned(req: Omit<RequestToVerify, 'body'>, lookupSecret: (accessKey: string) => string | undefined, opts: VerifyOptions): Parsed | string {
  const headers = headerValues(req.headers);
  const auth = headers.get('authorization');
  if (!auth) return 'missing Authorization header';
  const m = AUTH_RE.exec(auth);
  if (!m) return 'malformed Authorization header';
  // By index: destructuring a match goes through its iterator, which cost as much as the match itself.
  const accessKey = m[1] ?? '';
  const signatureHex = m[3] ?? '';
  // Cut by hand: split() cost a server as much as the match.
  const list = m[2] ?? '';
  const signed: string[] = [];
  for (let from = 0, end = 0; end >= 0; from = end + 1) {
    end = list.indexOf(';', from);
    signed.push(end < 0 ? list.slice(from) : list.slice(from, end));
  }
  if (!signed.includes('x-sdk-date')) return 'malformed Authorization header: x-sdk-date is not signed';
  const sdkDate = headers.get('x-sdk-date');
  if (!sdkDate) return 'missing X-Sdk-Date header';
  const date = parseSdkDate(sdkDate);
  if (!date) return 'malformed X-Sdk-Date header';
  const secret = lookupSecret(accessKey);
  if (!secret) return 'unknown access key';
  const maxSkewMs = opts.maxSkewMs ?? 15 * 60_000;
  if (Math.abs((opts.now?.getTime() ?? Date.now()) - date.getTime()) > maxSkewMs) return 'X-Sdk-Date is too far from the current time';
  return { accessKey, secret, signed, signatureHex, sdkDate, headers, sha256: opts.sha256 };
}

/** The signature over the body, of a request whose headers parseSigned accepted. */
function verifyParsed(parsed: Parsed, req: Omit<RequestToVerify, 'headers'>): VerifyResult {
  try {
    const { accessKey, secret, signed, signatureHex, sdkDate, headers, sha256 } = parsed;
    const url = typeof req.url === 'string' ? new URL(req.url) : req.url;
    const expected = signature(secret, req, url, headers, signed, sdkDate, sha256);
    return matchesHex(expected, signatureHex) ? { ok: true, accessKey } : { ok: false, reason: 'signature mismatch' };
  } catch {
    return { ok: false, reason: 'malformed request' };
  }
}

/** What checkSignatureHeaders finds: why not, or the access key and the check of the signature over the body. */
export type HeadersCheck = { ok: false; reason: string } | { ok: true; accessKey: string; verify(body: RequestToSign['body']): VerifyResult };

/**
 * What can be checked of an AK/SK-signed request before its body is read: the Authorization and X-Sdk-Date
 * headers, a known access key and the date window. `ok` here means only that the signature is worth verifying:
 * `verify` does it over the body, synchronously, without reading the headers again.
 */
export function checkSignatureHeaders(
  req: Omit<RequestToVerify, 'body'>,
  lookupSecret: (accessKey: string) => string | undefined,
  opts: VerifyOptions = {},
): HeadersCheck {
  let parsed: Parsed | string;
  try {
    parsed = parseSigned(req, lookupSecret, opts);
  } catch {
    return { ok: false, reason: 'malformed request' };
  }
  if (typeof parsed === 'string') return { ok: false, reason: parsed };
  const found = parsed;
  return { ok: true, accessKey: found.accessKey, verify: (body) => verifyParsed(found, { method: req.method, url: req.url, body }) };
}

/**
 * Verifies an AK/SK-signed request (server side) against the SignedHeaders list it carries.
 * Failure reasons never contain the secret key, the token or the expected signature.
 * Async for compatibility: the work is synchronous.
 */
export async function verifySignature(
  req: RequestToVerify,
  lookupSecret: (accessKey: string) => string | undefined,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const check = checkSignatureHeaders(req, lookupSecret, opts);
  return check.ok ? check.verify(req.body) : { ok: false, reason: check.reason };
}
