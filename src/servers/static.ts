/**
 * The docs portal's static file server: GET and HEAD of the files under `root`, nothing else.
 *   - Safe: the path is decoded before it is resolved, the real path (symlinks followed) must stay inside the
 *     root, dotfiles are refused, no directory listings, regular files only (a FIFO must not block a thread); every file carries Content-Security-Policy, and every
 *     answer X-Frame-Options and nosniff.
 *   - Light: an ETag per file (If-None-Match → 304), gzip or brotli when the client accepts it (compressed once
 *     per file version, kept in memory), and Cache-Control per file pattern: pages revalidate on every visit, a
 *     versioned or content-hashed asset (the shared Redoc script) may be kept for a year.
 * Loopback by default, like every server of this project; the shared layer refuses a request whose Host is not a
 * loopback name or the address it listens on (DNS rebinding).
 * Ours, not sirv or serve-static: neither compresses on the fly with a cache (sirv serves only precompressed
 * files, serve-static none), neither keeps symlinks inside the root by real path, and sirv lists the files at
 * start (a rebuild is not seen) and would open a FIFO; their speed was no better in a measurement (commit note).
 */
import { constants as fsConstants, realpathSync, type Stats } from 'node:fs';
import { type FileHandle, open, realpath } from 'node:fs/promises';
import type { IncomingMessage, RequestListener, Server, ServerResponse } from 'node:http';
import { extname, resolve, sep } from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import { acceptedHosts, close, createHttpServer, listen, send } from './http.ts';

const CONTENT_TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.yaml': 'application/yaml; charset=utf-8',
  '.yml': 'application/yaml; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
};
const COMPRESSIBLE = /^(text\/|application\/(json|yaml|javascript)|image\/svg\+xml)/;
const MIN_COMPRESS_BYTES = 1024;
/** Read-only, and without waiting (a FIFO, a device): see serve(). Windows has no O_NONBLOCK, nor FIFOs in folders. */
const OPEN_FLAGS = fsConstants.O_RDONLY | (fsConstants.O_NONBLOCK ?? 0);
/** Compressed copies kept in memory, in bytes (the portal's files compress to well under this). */
const COMPRESSED_CACHE_BYTES = 64 * 1024 * 1024;

export interface CacheRule {
  /** Tested against the URL path, e.g. `/assets/redoc.standalone.2.5.0.js`. */
  pattern: RegExp;
  cacheControl: string;
}

/** A year for files whose name carries a version or content hash (`redoc-2.5.0.js`, `app.3f9a1c2e.js`). */
const DEFAULT_CACHE_RULES: readonly CacheRule[] = [
  { pattern: /[.-](v?\d+\.\d+\.\d+|[0-9a-f]{8,})\.(js|mjs|css|woff2?)$/i, cacheControl: 'public, max-age=31536000, immutable' },
];
/** Everything else (HTML included) is revalidated on each use: cheap with the ETag, and a rebuild shows at once. */
const DEFAULT_CACHE_CONTROL = 'no-cache';

/**
 * The portal's pages inline their scripts and styles (Redoc), run a search worker from a blob, and the console
 * calls the mock and the simulator on other loopback ports; nothing else, and never in a frame.
 */
const DEFAULT_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self' 'unsafe-inline' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self' data:",
  "worker-src 'self' blob:",
  // CSP has no syntax for IPv6 literals, so [::1] cannot be listed.
  "connect-src 'self' http://127.0.0.1:* http://localhost:*",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
].join('; ');

export interface StaticOptions {
  /** First match wins; default DEFAULT_CACHE_RULES, then DEFAULT_CACHE_CONTROL. */
  cacheRules?: readonly CacheRule[];
  contentSecurityPolicy?: string;
}

type Encoding = 'br' | 'gzip';
const compressors: Record<Encoding, (data: Buffer) => Promise<Buffer>> = {
  // Quality 5: close to the best ratio for these files at a small fraction of the time of 11.
  br: (data) => promisify(brotliCompress)(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 5, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }),
  gzip: (data) => promisify(gzip)(data, { level: 6 }),
};

/** The client's preferred encoding we can make (brotli before gzip at equal weight), or undefined. */
export function negotiateEncoding(header: string | undefined): Encoding | undefined {
  if (!header) return undefined;
  const weights = new Map<string, number>();
  for (const part of header.split(',')) {
    const [name = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => /^\s*q=([\d.]+)\s*$/.exec(p)?.[1]).find((v) => v !== undefined);
    weights.set(name.trim(), q === undefined ? 1 : Number(q));
  }
  const weight = (name: Encoding) => weights.get(name) ?? weights.get('*') ?? 0;
  const best = (['br', 'gzip'] as const).filter((e) => weight(e) > 0).sort((a, b) => weight(b) - weight(a));
  return best[0];
}

const etagOf = (stat: Stats): string => `"${stat.size.toString(16)}-${Math.floor(stat.mtimeMs).toString(16)}"`;
const variant = (etag: string, encoding: Encoding | undefined): string => (encoding ? `${etag.slice(0, -1)}-${encoding}"` : etag);

/** If-None-Match against a file's ETag in any of its encodings (weak comparison, as RFC 9110 asks for GET). */
function notModified(req: IncomingMessage, etag: string): boolean {
  const header = req.headers['if-none-match'];
  if (!header) return false;
  const bare = etag.slice(0, -1);
  return header.split(',').some((raw) => {
    const tag = raw.trim().replace(/^W\//, '');
    return tag === '*' || tag === etag || (tag.startsWith(bare) && /^-(br|gzip)"$/.test(tag.slice(bare.length)));
  });
}

function sendText(res: ServerResponse, status: number, message: string, headers: Record<string, string> = {}): void {
  send(res, status, `${message}\n`, headers);
}

/** A file being served: its real path, the URL path that named it, and its open handle with its stat. */
interface OpenFile {
  file: string;
  path: string;
  handle: FileHandle;
  stat: Stats;
}

/** The file a URL path names under `base`, or the status to answer instead. */
async function locate(base: string, url: string | undefined): Promise<{ file: string; path: string } | { status: 400 | 404 }> {
  let path: string;
  try {
    path = decodeURIComponent(new URL(url ?? '/', 'http://localhost').pathname);
  } catch {
    return { status: 400 };
  }
  if (path.includes('\0')) return { status: 400 };
  if (path.endsWith('/')) path += 'index.html';
  // Dotfiles and dot-directories (.git, .env) are never served, whatever the build leaves in the root.
  if (path.split(/[/\\]/).some((segment) => segment.startsWith('.'))) return { status: 404 };
  // Decoding happens before resolving, so `%2e%2e%2f` cannot slip past; anything outside the root is simply absent.
  const file = resolve(base, `.${path}`);
  if (!file.startsWith(base + sep)) return { status: 404 };
  // The real path too: a symlink inside the root must not lead out of it.
  const real = await realpath(file).catch(() => undefined);
  if (real === undefined || !real.startsWith(base + sep)) return { status: 404 };
  return { file: real, path };
}

/** The request handler: maps the URL path onto a file under `root`. */
function staticHandler(root: string, options: StaticOptions = {}): RequestListener {
  const base = realpathSync(root);
  const rules = options.cacheRules ?? DEFAULT_CACHE_RULES;
  // The policy is for the portal's pages; the plain-text error answers carry no active content and only the rest.
  const plain = { 'X-Frame-Options': 'DENY', 'X-Content-Type-Options': 'nosniff', 'Referrer-Policy': 'no-referrer' };
  const security = { ...plain, 'Content-Security-Policy': options.contentSecurityPolicy ?? DEFAULT_CONTENT_SECURITY_POLICY };
  const compressed = new Map<string, Buffer>();
  let cachedBytes = 0;
  const compressedCopy = async (file: string, etag: string, encoding: Encoding, handle: FileHandle): Promise<Buffer> => {
    const key = `${encoding} ${etag} ${file}`;
    let data = compressed.get(key);
    if (!data) {
      data = await compressors[encoding](await handle.readFile());
      compressed.set(key, data);
      cachedBytes += data.length;
      for (const [oldKey, old] of compressed) {
        if (cachedBytes <= COMPRESSED_CACHE_BYTES) break;
        compressed.delete(oldKey);
        cachedBytes -= old.length;
      }
    }
    return data;
  };

  const serve = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed', { ...plain, Allow: 'GET, HEAD' });
    const found = await locate(base, req.url);
    const notFound = () => sendText(res, 404, 'Not Found', plain);
    if ('status' in found) return found.status === 400 ? sendText(res, 400, 'Bad Request', plain) : notFound();
    // One open file for its stat, its ETag and its bytes: a rebuild replacing it meanwhile cannot make the length
    // sent disagree with the bytes sent. Non-blocking: opening a FIFO would otherwise wait for a writer, holding
    // one of Node's few file-system threads (and with a few such requests, every file of every request); its
    // stat then says it is no regular file.
    const handle = await open(found.file, OPEN_FLAGS).catch(() => undefined);
    if (!handle) return notFound();
    try {
      const stat = await handle.stat();
      if (!stat.isFile()) return notFound();
      await answer(req, res, { file: found.file, path: found.path, handle, stat });
    } finally {
      await handle.close();
    }
  };
  const answer = async (req: IncomingMessage, res: ServerResponse, { file, path, handle, stat }: OpenFile): Promise<void> => {
    const type = CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream';
    const compressible = COMPRESSIBLE.test(type) && stat.size >= MIN_COMPRESS_BYTES;
    const encoding = compressible ? negotiateEncoding(req.headers['accept-encoding']) : undefined;
    const etag = etagOf(stat);
    const headers: Record<string, string> = {
      ...security,
      'Cache-Control': rules.find((rule) => rule.pattern.test(path))?.cacheControl ?? DEFAULT_CACHE_CONTROL,
      ETag: variant(etag, encoding),
      // Added to the shared layer's `Vary: Origin` (a CORS answer), which headers given to writeHead would replace.
      ...(compressible ? { Vary: res.hasHeader('Vary') ? `${String(res.getHeader('Vary'))}, Accept-Encoding` : 'Accept-Encoding' } : {}),
    };
    if (notModified(req, etag)) {
      res.writeHead(304, headers).end();
      return;
    }
    const data = encoding ? await compressedCopy(file, etag, encoding, handle) : await handle.readFile();
    res.writeHead(200, { ...headers, 'Content-Type': type, ...(encoding ? { 'Content-Encoding': encoding } : {}), 'Content-Length': String(data.length) });
    res.end(req.method === 'HEAD' ? undefined : data);
  };
  return (req, res) => {
    serve(req, res).catch(() => {
      if (res.headersSent) res.destroy();
      else sendText(res, 500, 'Internal Server Error', plain);
    });
  };
}

export interface StaticServer {
  server: Server;
  /** Base URL, ending in `/`. */
  url: string;
  close: () => Promise<void>;
}

/** Starts the server; resolves once it listens. Port 0 picks a free port (the tests use that). */
export async function startStaticServer({
  root,
  host = '127.0.0.1',
  port = 8080,
  portOption = '--port',
  allowedHosts = [],
  ...options
}: { root: string; host?: string; port?: number; portOption?: string; allowedHosts?: readonly string[] } & StaticOptions): Promise<StaticServer> {
  // Loopback Host names only, plus the address it listens on: a rebound name gets 403 (the shared layer's check).
  const server = createHttpServer(staticHandler(root, options), { access: { hosts: acceptedHosts(host, allowedHosts) } });
  const { url } = await listen(server, { host, port, portOption });
  return { server, url: `${url}/`, close: () => close(server) };
}
