/**
 * The HTTP layer every server of the project shares (mock, proxy, simulator, docs): one way to create a server,
 * read a body with one limit, send JSON, listen with errors that say what to do, and close.
 */
import { createServer, type IncomingMessage, type RequestListener, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A start-up problem the user can fix (port in use, bad option, corrupt file): printed as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}

/** The request body is larger than the server accepts. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body: must NOT be larger than ${limit} bytes`);
  }
}

/** What any server reads of one request body at most. */
export const MAX_BODY_BYTES = 1 << 20;
/** setTimeout's limit: a longer delay would fire at once. */
export const MAX_TIMER_MS = 2_147_483_647;

const EMPTY = Buffer.alloc(0);

/**
 * The whole body, or a BodyTooLargeError once it passes `limit` (the rest is drained, not stored, so that the
 * connection stays usable for the answer).
 */
export function readBody(req: IncomingMessage, limit = MAX_BODY_BYTES): Promise<Buffer> {
  // HTTP/1.1: no Content-Length and no Transfer-Encoding means no body; skip the stream machinery.
  const length = req.headers['content-length'];
  if (length === '0' || (length === undefined && req.headers['transfer-encoding'] === undefined)) return Promise.resolve(EMPTY);
  if (length !== undefined && Number(length) > limit) {
    req.resume();
    return Promise.reject(new BodyTooLargeError(limit));
  }
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
    });
    req.on('end', () => (size > limit ? reject(new BodyTooLargeError(limit)) : resolve(chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks))));
    req.on('error', reject);
  });
}

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

/** The one `createServer` of the project. */
export function createHttpServer(handler: RequestListener): Server {
  return createServer(handler);
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

/** A loopback name or address: `localhost`, `127.x.y.z`, `::1` (with or without brackets). */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[(.*)\]$/, '$1').toLowerCase();
  return bare === 'localhost' || bare === '::1' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(bare);
}
