/**
 * Who may call the mock and the proxy from a browser. Any web page the developer opens can send requests to a
 * loopback server, and the proxy forwards them with the caller's credentials to a real or simulated service, so:
 *   - a request from a page (it carries `Origin`) is served only when that origin is a loopback one (the docs
 *     portal, a local app) or one given with --cors-origin; any other origin gets 403 and no CORS headers;
 *   - when the server listens on loopback, a request whose `Host` is not a loopback name is refused (DNS
 *     rebinding: a foreign name that resolves to 127.0.0.1 would make a foreign page same-origin).
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { isLoopbackHost } from '../http.ts';

export interface OriginPolicy {
  /** Extra origins allowed besides loopback ones, exactly as browsers send them (`https://app.example.com`). */
  corsOrigins?: readonly string[];
  /** Check the Host header (true when listening on a loopback address). */
  loopbackOnly?: boolean;
}

const METHODS = 'GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS';
/** Exposed to pages: the services' request id and throttling header, and Prism's violations header. */
const EXPOSED = 'X-Request-Id, Retry-After, sl-violations, Content-Type';

function isLoopbackOrigin(origin: string): boolean {
  try {
    const url = new URL(origin);
    return (url.protocol === 'http:' || url.protocol === 'https:') && isLoopbackHost(url.hostname);
  } catch {
    return false;
  }
}

/** `host:port` or `[::1]:port` → the host name. */
function hostName(hostHeader: string): string {
  const bracketed = /^\[([^\]]+)\]/.exec(hostHeader);
  return bracketed?.[1] ?? hostHeader.replace(/:\d*$/, '');
}

export type Refusal = { status: 403; detail: string };

/**
 * Applies the policy: sets the CORS headers of an allowed origin, and says why a request is refused (undefined
 * when it may go on).
 */
export function checkOrigin(req: IncomingMessage, res: ServerResponse, policy: OriginPolicy): Refusal | undefined {
  const host = req.headers.host;
  if (policy.loopbackOnly && host !== undefined && !isLoopbackHost(hostName(host))) {
    return { status: 403, detail: `Host ${JSON.stringify(host)} is not a loopback name; this server answers only requests addressed to it by loopback` };
  }
  const origin = req.headers.origin;
  if (origin === undefined) return undefined;
  if (!isLoopbackOrigin(origin) && !policy.corsOrigins?.includes(origin)) {
    return { status: 403, detail: `Origin ${JSON.stringify(origin)} is not allowed: only loopback origins, and those given with --cors-origin` };
  }
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED);
  res.setHeader('Vary', 'Origin');
  return undefined;
}

/** Whether this is a CORS preflight; if so it has been answered (the origin was already checked). */
export function answerPreflight(req: IncomingMessage, res: ServerResponse): boolean {
  if (req.method !== 'OPTIONS' || req.headers.origin === undefined || req.headers['access-control-request-method'] === undefined) return false;
  res.setHeader('Access-Control-Allow-Methods', METHODS);
  const asked = req.headers['access-control-request-headers'];
  if (asked) res.setHeader('Access-Control-Allow-Headers', asked);
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
  return true;
}
