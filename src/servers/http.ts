/**
 * The HTTP layer every server of the project shares (mock, proxy, simulator, docs): one way to create a server,
 * read a body with one limit, send JSON, listen with errors that say what to do, and close. createHttpServer puts
 * every server behind the same guards:
 *   - who may call (access.ts): loopback Host names, allowed origins, CORS and preflights;
 *   - connection limits: a headers timeout, a whole-request timeout, an idle keep-alive timeout and a cap on open
 *     connections, so that stalled or idle clients cannot pile up: at the cap, a new connection takes the place of
 *     the oldest one that has no request being answered (stalled in its headers, or idle), so that clients that
 *     stall cannot lock others out; a refused connection is destroyed soon after its refusal, read or not;
 *   - errors it answers itself (a refusal, Node's own 400/408/431 for a request it cannot parse, a handler that
 *     throws) in the error format of the service the path belongs to, as the server says (`errors`), else the API
 *     gateway's; a handler fault never ends the process.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { writeError } from '../openapi/error-formats.ts';
import { gatewayCode } from '../pipeline/replies.ts';
import { type AccessPolicy, checkAccess } from './access.ts';
import { splitUrl } from './request.ts';
import { StartupError } from './startup-error.ts';

export { MAX_TIMER_MS } from '../client/transport.ts';
export { type AccessPolicy, acceptedHosts, isLoopbackHost, listenWarning } from './access.ts';
export { BodyTooLargeError, ClientAbortedError, flatHeaders, parseJsonBody, readBody, splitUrl, utf8Text } from './request.ts';

export { StartupError } from './startup-error.ts';

/** Whether `headers` has `lower` (a lower-case name) in any case, without allocating: it runs per request. */
function hasHeader(headers: Record<string, unknown>, lower: string): boolean {
  for (const name in headers) if (name.length === lower.length && name.toLowerCase() === lower) return true;
  return false;
}

/** Writes a response; a body that is not a string or Buffer is sent as JSON. */
export function send(res: ServerResponse, status: number, body?: unknown, headers: Record<string, string | number> = {}): void {
  if (body === undefined || status === 204 || status === 304) {
    res.writeHead(status, headers).end();
    return;
  }
  const json = typeof body !== 'string' && !Buffer.isBuffer(body);
  const payload = json ? JSON.stringify(body) : (body as string | Buffer);
  // Built by assignment, not by spreading: spreading two objects here cost more than the JSON itself.
  const all: Record<string, string | number> = hasHeader(headers, 'content-type')
    ? {}
    : { 'Content-Type': json ? 'application/json' : 'text/plain; charset=utf-8' };
  for (const name in headers) all[name] = headers[name] as string | number;
  all['Content-Length'] = Buffer.byteLength(payload);
  res.writeHead(status, all).end(payload);
}

/** An error body the shared layer answers with, and its headers (Content-Type is JSON unless given). */
export interface ErrorAnswer {
  body: unknown;
  headers?: Record<string, string>;
}
/** How a server writes the errors the shared layer answers for it: in the format of the service `path` is of. */
export type ErrorWriter = (method: string, path: string, status: number, message: string) => ErrorAnswer;

export interface ConnectionLimits {
  /** Time to receive a request's headers (from the connection, or the previous answer on a kept-alive one). */
  headersTimeoutMs: number;
  /** Time to receive a whole request, body included. */
  requestTimeoutMs: number;
  /** How long an idle kept-alive connection stays open. */
  keepAliveTimeoutMs: number;
  /**
   * Connections open at once. Beyond that, a new one closes the oldest that has no request being answered
   * (stalled or idle); when every one has, the new one is closed at once.
   */
  maxConnections: number;
  /** How long a connection the layer refused (400, 408, 431) has to read the refusal before it is destroyed. */
  refusalLingerMs: number;
}
const DEFAULT_LIMITS: Readonly<ConnectionLimits> = {
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  keepAliveTimeoutMs: 5_000,
  maxConnections: 512,
  refusalLingerMs: 1000,
};

export interface HttpServerOptions {
  /**
   * Who may call; default: loopback Host names and origins only. 'in-handler': the handler applies the policy
   * itself (the request pipeline, which answers its refusals in the format of the operation).
   */
  access?: AccessPolicy | 'in-handler';
  /** Default: the API gateway's format. */
  errors?: ErrorWriter;
  limits?: Partial<ConnectionLimits>;
}

const gatewayErrors: ErrorWriter = (_method, _path, status, message) => ({ body: writeError('gateway', status, gatewayCode(status), message) });

const pathOf = (url: string | undefined): string => splitUrl(url).path;

function answerError(res: ServerResponse, errors: ErrorWriter, req: IncomingMessage, status: number, message: string): void {
  let answer: ErrorAnswer;
  try {
    answer = errors(req.method ?? 'GET', pathOf(req.url), status, message);
  } catch {
    answer = gatewayErrors(req.method ?? 'GET', pathOf(req.url), status, message);
  }
  const { body, headers = {} } = answer;
  // The request's body, if any, is not read: close the connection instead of draining it.
  const unread = !req.complete && (req.headers['content-length'] !== undefined || req.headers['transfer-encoding'] !== undefined);
  send(res, status, body, unread ? { ...headers, Connection: 'close' } : headers);
}

const NODE_ERRORS: Readonly<Record<string, [number, string]>> = {
  HPE_HEADER_OVERFLOW: [431, 'the request headers are too large'],
  HPE_CHUNK_EXTENSIONS_OVERFLOW: [413, 'the chunk extensions are too large'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'the request was not received in time'],
};

/** Node's own refusal of a request it cannot parse (or that took too long), written in the server's format. */
function onClientError(errors: ErrorWriter, lingerMs: number): (error: NodeJS.ErrnoException & { rawPacket?: Buffer }, socket: Socket) => void {
  return (error, socket) => {
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } })._httpMessage;
    if (error.code === 'ECONNRESET' || !socket.writable || inFlight?.headersSent) {
      socket.destroy();
      return;
    }
    const [status, message] = NODE_ERRORS[error.code ?? ''] ?? [400, 'the request is not valid HTTP'];
    // The request line, when it was read, says which service the request was for.
    const line = /^([A-Z]+) (\/\S*) HTTP\/1\.[01]\r?\n/.exec(error.rawPacket?.toString('latin1') ?? '');
    let answer: ErrorAnswer;
    try {
      answer = errors(line?.[1] ?? 'GET', pathOf(line?.[2]), status, message);
    } catch {
      answer = gatewayErrors('GET', '/', status, message);
    }
    const payload = JSON.stringify(answer.body);
    const head = [`HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : status === 408 ? 'Request Timeout' : 'Bad Request'}`];
    for (const [name, value] of Object.entries({ 'Content-Type': 'application/json', ...answer.headers })) head.push(`${name}: ${value}`);
    head.push(`Content-Length: ${Buffer.byteLength(payload)}`, 'Connection: close', '', payload);
    socket.end(head.join('\r\n'));
    // end() waits for the client's FIN, which a client that stopped reading never sends: it would hold its slot.
    const linger = setTimeout(() => socket.destroy(), lingerMs);
    linger.unref();
    socket.once('close', () => clearTimeout(linger));
  };
}

/**
 * Caps the connections open at once (see the header): tracks them oldest first, and those with a request being
 * answered, which are never closed to make room.
 */
function capConnections(server: Server, max: number): (req: IncomingMessage, res: ServerResponse) => void {
  const open = new Set<Socket>();
  /** Requests being answered per connection (pipelined ones may overlap). */
  const answering = new Map<Socket, number>();
  server.on('connection', (socket: Socket) => {
    open.add(socket);
    socket.once('close', () => {
      open.delete(socket);
      answering.delete(socket);
    });
    if (open.size <= max) return;
    let room: Socket = socket;
    for (const candidate of open) {
      if (candidate !== socket && !answering.has(candidate)) {
        room = candidate;
        break;
      }
    }
    room.destroy();
  });
  return (req, res) => {
    const { socket } = req;
    answering.set(socket, (answering.get(socket) ?? 0) + 1);
    res.once('close', () => {
      const left = (answering.get(socket) ?? 1) - 1;
      if (left > 0) answering.set(socket, left);
      else answering.delete(socket);
    });
  };
}

/**
 * The one `createServer` of the project: `handler` runs only for a request the access policy lets through, and a
 * handler that throws is answered with a 500 in the server's format instead of ending the process.
 */
export function createHttpServer(handler: RequestListener, options: HttpServerOptions = {}): Server {
  const limits = { ...DEFAULT_LIMITS, ...options.limits };
  const errors = options.errors ?? gatewayErrors;
  const access = options.access ?? {};
  const server = createServer(
    {
      headersTimeout: limits.headersTimeoutMs,
      requestTimeout: limits.requestTimeoutMs,
      keepAliveTimeout: limits.keepAliveTimeoutMs,
      // How often the two timeouts above are checked (Node's default, 30 s, would let them run late by that much).
      connectionsCheckingInterval: Math.max(50, Math.min(1000, limits.headersTimeoutMs / 4)),
      // Checked by the access policy instead, so that its refusal is in the server's format.
      requireHostHeader: false,
    },
    (req, res) => {
      answering(req, res);
      try {
        if (access !== 'in-handler') {
          const verdict = checkAccess({ method: req.method ?? 'GET', headers: req.headers, httpVersion: req.httpVersion }, access, pathOf(req.url));
          if ('refusal' in verdict) return answerError(res, errors, req, verdict.refusal.status, verdict.refusal.message);
          if ('preflight' in verdict) return void res.writeHead(204, verdict.preflight).end();
          for (const [name, value] of Object.entries(verdict.cors ?? {})) res.setHeader(name, value);
        }
        handler(req, res);
      } catch (error) {
        console.error(`server fault: ${error instanceof Error ? error.message : String(error)}`);
        if (res.headersSent) res.destroy();
        else answerError(res, errors, req, 500, 'Internal server error.');
      }
    },
  );
  const answering = capConnections(server, limits.maxConnections);
  server.on('clientError', onClientError(errors, limits.refusalLingerMs));
  return server;
}

export interface ListenOptions {
  host: string;
  port: number;
  /** How the user changes the port, for the "in use" message: `--port or MOCK_PORT`. */
  portOption?: string;
}

/** Listens; resolves with the base URL and port, or rejects with a StartupError that says what to do. */
export function listen(server: Server, { host, port, portOption = '--port' }: ListenOptions): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    const where = `${host.includes(':') ? `[${host}]` : host}:${port}`;
    const onError = (error: NodeJS.ErrnoException) => {
      if (error.code === 'EADDRINUSE') reject(new StartupError(`cannot listen on ${where}: the port is in use; choose another with ${portOption}`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new StartupError(`cannot listen on ${where}: no such local address`));
      else if (error.code === 'EACCES') reject(new StartupError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`));
      else reject(new StartupError(`cannot listen on ${where}: ${error.message}`));
    };
    server.once('error', onError);
    server.listen(port, host, () => {
      server.off('error', onError);
      const address = server.address() as AddressInfo;
      const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve({ url: `http://${shown}:${address.port}`, port: address.port });
    });
  });
}

/** Stops accepting, drops idle and open connections, and resolves once the server is closed. */
export function close(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}
