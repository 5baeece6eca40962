// A small static file server (node:http) for the docs portal: GET/HEAD only, correct content types, no
// directory listings, nothing outside `root`. Loopback by default, like every server of this project.
import { createReadStream, realpathSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, resolve, sep } from 'node:path';

const CONTENT_TYPES = {
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
};

/**
 * @param {import('node:http').ServerResponse} res
 * @param {number} status
 * @param {string} message
 * @param {Record<string, string>} [headers]
 */
function sendText(res, status, message, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff', ...headers });
  res.end(`${message}\n`);
}

/**
 * The request handler: maps the URL path onto a file under `root`.
 * @param {string} root
 * @returns {(req: import('node:http').IncomingMessage, res: import('node:http').ServerResponse) => void}
 */
export function staticHandler(root) {
  const base = realpathSync(root);
  return (req, res) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method Not Allowed', { Allow: 'GET, HEAD' });
    let path;
    try {
      path = decodeURIComponent(new URL(req.url ?? '/', 'http://localhost').pathname);
    } catch {
      return sendText(res, 400, 'Bad Request');
    }
    if (path.includes('\0')) return sendText(res, 400, 'Bad Request');
    if (path.endsWith('/')) path += 'index.html';
    // Decoding happens before resolving, so `%2e%2e%2f` cannot slip past; anything outside root is simply absent.
    const file = resolve(base, `.${path}`);
    if (!file.startsWith(base + sep)) return sendText(res, 404, 'Not Found');
    let stat;
    try {
      stat = statSync(file);
    } catch {
      return sendText(res, 404, 'Not Found');
    }
    if (!stat.isFile()) return sendText(res, 404, 'Not Found');
    res.writeHead(200, {
      'Content-Type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
      'Content-Length': stat.size,
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-cache', // the portal is rebuilt in place: always revalidate
    });
    if (req.method === 'HEAD') return res.end();
    createReadStream(file)
      .on('error', () => res.destroy())
      .pipe(res);
  };
}

/**
 * Starts the server; resolves once it listens. Port 0 picks a free port (the tests use that).
 * @param {{ root: string, host?: string, port?: number }} options
 * @returns {Promise<{ server: import('node:http').Server, url: string, close: () => Promise<void> }>}
 */
export function startStaticServer({ root, host = '127.0.0.1', port = 8080 }) {
  const server = createServer(staticHandler(root));
  return new Promise((ready, fail) => {
    server.once('error', fail);
    server.listen(port, host, () => {
      server.off('error', fail);
      const address = server.address();
      const actualPort = typeof address === 'object' && address ? address.port : port;
      const shownHost = host.includes(':') ? `[${host}]` : host;
      ready({
        server,
        url: `http://${shownHost}:${actualPort}/`,
        close: () =>
          new Promise((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
