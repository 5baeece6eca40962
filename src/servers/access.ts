/**
 * Who may call a server of this project (mock, proxy, simulator, docs): part of the shared HTTP layer, applied by
 * createHttpServer (http.ts) before any handler runs. Any web page the developer opens can send requests to a
 * loopback server, so:
 *   - Host: a request must name the server by a loopback name or address, or by one of `hosts` (the address it
 *     listens on when that is not a wildcard, and --allowed-host names). A foreign name that resolves to 127.0.0.1
 *     (DNS rebinding) would otherwise make a foreign page same-origin with the server.
 *   - Origin: loopback origins (any port) and `corsOrigins` (--cors-origin) are allowed and get CORS headers for
 *     credentials, X-Request-Id exposed; preflights are answered here. From any other origin, a request that can
 *     change something (not GET, HEAD or OPTIONS), a preflight, and every admin endpoint are refused (403); a plain
 *     read is served without CORS headers, so the page cannot read the answer.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { networkInterfaces } from 'node:os';

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

const METHODS = 'GET, DELETE, HEAD, PATCH, POST, PUT, OPTIONS';
/** Exposed to pages: the services' request id and throttling header, and Prism's violations header. */
const EXPOSED = 'X-Request-Id, Retry-After, sl-violations';
const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

/** A loopback name or address: `localhost`, `127.x.y.z`, `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const name = bare(host);
  return name === 'localhost' || name === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name);
}

/** An address that stands for every interface: listening on it names no host a request could use. */
const isWildcardHost = (host: string): boolean => ['0.0.0.0', '::', '[::]', ''].includes(host);

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

/** A host name or address without IPv6 brackets, in lower case. */
const bare = (host: string): string => host.replace(/^\[(.*)\]$/, '$1').toLowerCase();

/** The policy's host check alone: whether a Host header value names this server acceptably. */
function hostAllowed(hostHeader: string, hosts: readonly string[] = []): boolean {
  const name = hostName(hostHeader);
  return isLoopbackHost(name) || hosts.some((h) => bare(h) === name);
}

function setCors(res: ServerResponse, origin: string): void {
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  res.setHeader('Vary', 'Origin');
}

/**
 * Applies the policy to one request: undefined when it may go on (with CORS headers set for an allowed origin),
 * 'answered' when it was a preflight and has been answered, or the refusal to answer.
 */
export function checkAccess(req: IncomingMessage, res: ServerResponse, policy: AccessPolicy, path: string): Refusal | 'answered' | undefined {
  const host = req.headers.host;
  if (host === undefined) {
    if (req.httpVersion === '1.0') return undefined;
    return { status: 400, message: 'the Host header is required' };
  }
  if (!hostAllowed(host, policy.hosts)) {
    return {
      status: 403,
      message: `Host ${JSON.stringify(host.slice(0, 100))} is not a name of this server: it answers only loopback names (localhost, 127.0.0.1, [::1]) and those given with --allowed-host`,
    };
  }
  const origin = req.headers.origin;
  const method = req.method ?? 'GET';
  const preflight = method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined;
  if (origin === undefined) {
    // A no-cors read from a page (an <img> or <script>) carries no Origin; the fetch metadata still says who asks.
    const site = req.headers['sec-fetch-site'];
    if (policy.isAdmin?.(path) && site !== undefined && site !== 'same-origin' && site !== 'none') {
      return { status: 403, message: 'the admin endpoints answer no request made by another site' };
    }
    return undefined;
  }
  if (!isLoopbackOrigin(origin) && !policy.corsOrigins?.includes(origin)) {
    if (preflight || !SAFE_METHODS.has(method) || policy.isAdmin?.(path)) {
      return {
        status: 403,
        message: `Origin ${JSON.stringify(origin.slice(0, 100))} is not allowed: only loopback origins, and those given with --cors-origin`,
      };
    }
    return undefined;
  }
  setCors(res, origin);
  if (!preflight) return undefined;
  res.setHeader('Access-Control-Allow-Methods', METHODS);
  const asked = req.headers['access-control-request-headers'];
  if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
  // Chromium's Private Network Access asks before a public origin (given with --cors-origin) may call loopback.
  if (req.headers['access-control-request-private-network'] === 'true') res.setHeader('Access-Control-Allow-Private-Network', 'true');
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
  return 'answered';
}

/**
 * The Host names a server accepts besides loopback ones: the address it listens on (for a wildcard, this machine's
 * own addresses: an IP address in Host is no DNS-rebinding vector), and the names given with --allowed-host.
 */
export function acceptedHosts(listenHost: string, allowedHosts: readonly string[] = []): string[] {
  const own = isLoopbackHost(listenHost) ? [] : isWildcardHost(listenHost) ? interfaceAddresses() : [bare(listenHost)];
  return [...new Set([...own, ...allowedHosts.map(bare)])];
}

function interfaceAddresses(): string[] {
  return Object.values(networkInterfaces()).flatMap((addresses) => (addresses ?? []).map((a) => bare(a.address.replace(/%.*$/, ''))));
}

/** What to tell the user who asked a server to listen beyond loopback, or undefined for loopback. */
export function listenWarning(name: string, listenHost: string): string | undefined {
  if (isLoopbackHost(listenHost)) return undefined;
  return `${name}: warning: listening on ${listenHost}: other machines can reach this server. It answers requests addressed to ${isWildcardHost(listenHost) ? "this machine's addresses" : listenHost} or a loopback name; give other host names with --allowed-host.`;
}
