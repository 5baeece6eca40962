/**
 * Who may call a server of this project (mock, proxy, simulator, docs), decided from the request alone. Any web
 * page the developer opens can send requests to a loopback server, so:
 *   - Host: a request must name the server by a loopback name or address, or by one of `hosts` (the address it
 *     listens on when that is not a wildcard, and --allowed-host names). A foreign name that resolves to 127.0.0.1
 *     (DNS rebinding) would otherwise make a foreign page same-origin with the server.
 *   - Origin: loopback origins (any port) and `corsOrigins` (--cors-origin) are allowed and get CORS headers for
 *     credentials, X-Request-Id exposed; preflights are answered here. From any other origin, a request that can
 *     change something (not GET, HEAD or OPTIONS), a preflight, and every admin endpoint are refused (403); a plain
 *     read is served without CORS headers, so the page cannot read the answer.
 */

export interface AccessPolicy {
  /** Host names or addresses accepted besides loopback ones (no port): `dev.example.com`, `192.168.1.5`. */
  hosts?: readonly string[];
  /** Origins allowed besides loopback ones, exactly as browsers send them: `https://app.example.com`. */
  corsOrigins?: readonly string[];
  /** Endpoints no page of another origin may reach, not even to read (the simulator's /__sim/). */
  isAdmin?: (path: string) => boolean;
}

/** Why a request is refused: answered with this status and message in the server's error format. */
export interface Refusal {
  status: 400 | 403;
  message: string;
}

/** The policy's verdict: a refusal, a preflight's whole answer, or go on (with CORS headers for an allowed origin). */
export type Access = { refusal: Refusal } | { preflight: Record<string, string> } | { cors?: Record<string, string> };

/** What the policy reads of a request: lower-case header names. */
export interface AccessRequest {
  method: string;
  headers: Readonly<Record<string, string | string[] | undefined>>;
  httpVersion?: string | undefined;
}

const METHODS = 'GET, DELETE, HEAD, PATCH, POST, PUT, OPTIONS';
/** Exposed to pages: the services' request id and throttling header, and Prism's violations header. */
const EXPOSED = 'X-Request-Id, Retry-After, sl-violations';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A loopback name or address: `localhost`, `127.x.y.z`, `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const name = bare(host);
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** A host name or address without IPv6 brackets, in lower case. */
export const bare = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** An http(s) origin on a loopback host, any port. */
function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname) && url.origin === origin;
  } catch {
    return false;
  }
}

/** `host:port`, `[::1]:port` or `host` → the lower-case host name, brackets removed. */
function hostName(hostHeader: string): string {
  const bracketed = /^\[([^\]]*)\]/.exec(hostHeader);
  return (bracketed?.[1] ?? hostHeader.replace(/:\d*$/, '')).toLowerCase();
}

const NO_HOSTS: readonly string[] = [];
// A client sends the same Host with every request: the last one accepted (with the same list) is kept.
let lastAllowed: [hostHeader: string, hosts: readonly string[]] | undefined;

/** Whether a Host header value names this server acceptably. */
function hostAllowed(hostHeader: string, hosts: readonly string[] = NO_HOSTS): boolean {
  if (hostHeader === lastAllowed?.[0] && hosts === lastAllowed[1]) return true;
  const name = hostName(hostHeader);
  const allowed = isLoopbackHost(name) || hosts.some((h) => bare(h) === name);
  if (allowed) lastAllowed = [hostHeader, hosts];
  return allowed;
}

const one = (value: string | string[] | undefined): string | undefined => (Array.isArray(value) ? value[0] : value);

/** Applies the policy to one request. */
export function checkAccess(req: AccessRequest, policy: AccessPolicy, path: string): Access {
  const host = one(req.headers.host);
  if (host === undefined) {
    if (req.httpVersion === '1.0') return {};
    return { refusal: { status: 400, message: 'the Host header is required' } };
  }
  if (!hostAllowed(host, policy.hosts)) {
    return {
      refusal: {
        status: 403,
        message: `Host ${JSON.stringify(host.slice(0, 100))} is not a name of this server: it answers only loopback names (localhost, 127.0.0.1, [::1]) and those given with --allowed-host`,
      },
    };
  }
  const origin = one(req.headers.origin);
  const method = req.method;
  const preflight = method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (origin === undefined) {
    // A no-cors read from a page (an <img> or <script>) carries no Origin; the fetch metadata still says who asks.
    const site = one(req.headers['sec-fetch-site']);
    if (policy.isAdmin?.(path) && site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { refusal: { status: 403, message: 'the admin endpoints answer no request made by another site' } };
    }
    return {};
  }
  if (!isLoopbackOrigin(origin) && !policy.corsOrigins?.includes(origin)) {
    if (preflight || !SAFE_METHODS.has(method) || policy.isAdmin?.(path)) {
      return {
        refusal: {
          status: 403,
          message: `Origin ${JSON.stringify(origin.slice(0, 100))} is not allowed: only loopback origins, and those given with --cors-origin`,
        },
      };
    }
    return {};
  }
  const cors: Record<string, string> = {
    'Access-Control-Allow-Origin': origin,
    'Access-Control-Allow-Credentials': 'true',
    'Access-Control-Expose-Headers': EXPOSED,
    Vary: 'Origin',
  };
  if (!preflight) return { cors };
  cors['Access-Control-Allow-Methods'] = METHODS;
  const asked = one(req.headers['access-control-request-headers']);
  if (asked) cors['Access-Control-Allow-Headers'] = asked;
  // Chromium's Private Network Access asks before a public origin (given with --cors-origin) may call loopback.
  if (one(req.headers['access-control-request-private-network']) === 'true') cors['Access-Control-Allow-Private-Network'] = 'true';
  cors['Access-Control-Max-Age'] = '600';
  return { preflight: cors };
}
