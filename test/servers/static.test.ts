// The docs site's static server over real HTTP: content types, 404s, no way out of its root directory (neither by
// `..` nor by a symlink), no dotfiles, security headers, ETags and 304s, compression, and Cache-Control per pattern.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { type IncomingHttpHeaders, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { negotiateEncoding, type StaticServer, startStaticServer } from '../../src/servers/static.ts';

let dir: string;
let server: StaticServer;
let custom: StaticServer;
/** Compressible text over the compression threshold. */
const script = `// shared script\n${'console.log("hello, portal");\n'.repeat(200)}`;

beforeAll(async () => {
  // A secret beside the served root: traversal attempts aim at it.
  dir = mkdtempSync(join(tmpdir(), 'hwc-static-'));
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
  mkdirSync(join(dir, 'outside'));
  writeFileSync(join(dir, 'outside', 'page.html'), 'TOP-SECRET outside');
  mkdirSync(join(dir, 'site', 'sub'), { recursive: true });
  mkdirSync(join(dir, 'site', '.git'));
  writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(join(dir, 'site', 'style.css'), 'body {}');
  writeFileSync(join(dir, 'site', 'doc.json'), '{}');
  writeFileSync(join(dir, 'site', 'blob.bin'), 'x');
  writeFileSync(join(dir, 'site', 'sub', 'page.html'), '<!doctype html><title>sub</title>');
  writeFileSync(join(dir, 'site', 'app.js'), script);
  writeFileSync(join(dir, 'site', 'redoc.standalone.2.5.0.js'), script);
  writeFileSync(join(dir, 'site', 'logo.png'), Buffer.alloc(4096, 1));
  writeFileSync(join(dir, 'site', '.env'), 'TOP-SECRET=1');
  writeFileSync(join(dir, 'site', '.git', 'config'), 'TOP-SECRET');
  writeFileSync(join(dir, 'site', 'sub', '.hidden.html'), 'TOP-SECRET');
  // Symlinks: out of the root (a file and a directory), and one that stays inside.
  symlinkSync(join(dir, 'secret.txt'), join(dir, 'site', 'leak.txt'));
  symlinkSync(join(dir, 'outside'), join(dir, 'site', 'elsewhere'));
  symlinkSync(join(dir, 'site', 'style.css'), join(dir, 'site', 'alias.css'));
  server = await startStaticServer({ root: join(dir, 'site'), port: 0 });
  custom = await startStaticServer({ root: join(dir, 'site'), port: 0, cacheRules: [{ pattern: /\.css$/, cacheControl: 'max-age=60' }] });
});
afterAll(async () => {
  await server?.close();
  await custom?.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Reply {
  status: number;
  type: string;
  headers: IncomingHttpHeaders;
  raw: Buffer;
  body: string;
}

/** A raw request: fetch() would normalise `..` in the path before sending it, and decompress on its own. */
function get(path: string, method = 'GET', headers: Record<string, string> = {}, to: StaticServer = server): Promise<Reply> {
  const { port } = to.server.address() as { port: number };
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const raw = Buffer.concat(chunks);
        done({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', headers: res.headers, raw, body: raw.toString() });
      });
    });
    req.on('error', fail);
    req.end();
  });
}

describe('static server', () => {
  test('listens on loopback by default', () => {
    expect(server.server.address()).toMatchObject({ address: '127.0.0.1' });
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
  });

  test.each([
    ['/', 'text/html; charset=utf-8', 'home'],
    ['/index.html', 'text/html; charset=utf-8', 'home'],
    ['/style.css', 'text/css; charset=utf-8', 'body'],
    ['/doc.json', 'application/json; charset=utf-8', '{}'],
    ['/blob.bin', 'application/octet-stream', 'x'],
    ['/sub/page.html', 'text/html; charset=utf-8', 'sub'],
    ['/sub/%70age.html?x=1#frag', 'text/html; charset=utf-8', 'sub'],
    ['/alias.css', 'text/css; charset=utf-8', 'body'],
  ])('GET %s → 200 %s', async (path, type, content) => {
    const response = await get(path);
    expect(response).toMatchObject({ status: 200, type });
    expect(response.body).toContain(content);
  });

  test('refuses a Host that is not a loopback name (DNS rebinding), before any file is looked at', async () => {
    const res = await get('/index.html', 'GET', { Host: 'rebind.evil.example:8080' });
    expect(res.status).toBe(403);
    expect(res.body).not.toContain('home');
    expect((await get('/index.html', 'GET', { Host: 'localhost:8080' })).status).toBe(200);
  });

  test('serves regular files only: FIFOs in the root answer 404 at once, and never block the file threads', async () => {
    const fifos = Array.from({ length: 8 }, (_, i) => `pipe-${i}.html`); // more than libuv's 4 file-system threads
    for (const name of fifos) execFileSync('mkfifo', [join(dir, 'site', name)]);
    const answers = await Promise.all(fifos.map((name) => get(`/${name}`)));
    expect(answers.map((a) => a.status)).toEqual(fifos.map(() => 404));
    expect((await get('/index.html')).status).toBe(200);
  });

  test('HEAD answers headers only', async () => {
    const response = await get('/index.html', 'HEAD');
    expect(response).toMatchObject({ status: 200, type: 'text/html; charset=utf-8', body: '' });
  });

  test.each(['/nope.html', '/sub/', '/sub', '/index.html/x'])('unknown path %s → 404', async (path) => {
    expect((await get(path)).status).toBe(404);
  });

  test.each([
    '/../secret.txt',
    '/sub/../../secret.txt',
    '/..%2fsecret.txt',
    '/%2e%2e/secret.txt',
    '/%2e%2e%2fsecret.txt',
    '/sub/..%2f..%2fsecret.txt',
    '/..\\secret.txt',
  ])('no traversal: %s → 404 without the file', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('TOP-SECRET');
  });

  test.each(['/leak.txt', '/elsewhere/page.html', '/elsewhere/'])('no symlink out of the root: %s → 404 without the file', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('TOP-SECRET');
  });

  test.each(['/.env', '/.git/config', '/sub/.hidden.html', '/%2eenv', '/.git/'])('no dotfiles: %s → 404 without the file', async (path) => {
    const response = await get(path);
    expect(response.status).toBe(404);
    expect(response.body).not.toContain('TOP-SECRET');
  });

  test.each([
    ['/%E0%A4%A', 400],
    ['/index.html%00.css', 400],
  ])('malformed path %s → %i', async (path, status) => {
    expect((await get(path)).status).toBe(status);
  });

  test('only GET and HEAD', async () => {
    expect((await get('/index.html', 'POST')).status).toBe(405);
    expect((await get('/index.html', 'DELETE')).status).toBe(405);
  });

  test.each(['/index.html', '/app.js', '/nope.html'])('%s carries the security headers', async (path) => {
    const { status, headers } = await get(path);
    expect(headers['x-frame-options']).toBe('DENY');
    expect(headers['x-content-type-options']).toBe('nosniff');
    // The policy is for the files; a plain-text 404 has no active content (and the docs' network-guard test uses
    // such a page to prove its guard works where no policy helps).
    if (status === 404) return expect(headers['content-security-policy']).toBeUndefined();
    const csp = headers['content-security-policy'] ?? '';
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("object-src 'none'");
    // The console calls the mock and the simulator on other loopback ports, and nothing else.
    expect(csp).toMatch(/connect-src 'self' http:\/\/127\.0\.0\.1:\* http:\/\/localhost:\*(;|$)/);
  });
});

describe('static server: caching', () => {
  test('an ETag, and If-None-Match with it gives 304 without a body', async () => {
    const first = await get('/index.html');
    const etag = first.headers.etag ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    const again = await get('/index.html', 'GET', { 'If-None-Match': etag });
    expect(again.status).toBe(304);
    expect(again.raw.length).toBe(0);
    expect(again.headers.etag).toBe(etag);
    expect((await get('/index.html', 'GET', { 'If-None-Match': `W/${etag}` })).status).toBe(304);
    expect((await get('/index.html', 'GET', { 'If-None-Match': `"other", ${etag}` })).status).toBe(304);
    expect((await get('/index.html', 'GET', { 'If-None-Match': '"other"' })).status).toBe(200);
  });

  test('a changed file gets a new ETag, so the old one no longer matches', async () => {
    const file = join(dir, 'site', 'sub', 'page.html');
    const before = (await get('/sub/page.html')).headers.etag ?? '';
    writeFileSync(file, '<!doctype html><title>sub, rebuilt</title>');
    const later = new Date(Date.now() + 5_000);
    utimesSync(file, later, later);
    const after = await get('/sub/page.html', 'GET', { 'If-None-Match': before });
    expect(after.status).toBe(200);
    expect(after.body).toContain('rebuilt');
    expect(after.headers.etag).not.toBe(before);
  });

  test.each([
    ['/index.html', 'no-cache'],
    ['/style.css', 'no-cache'],
    ['/app.js', 'no-cache'],
    ['/redoc.standalone.2.5.0.js', 'public, max-age=31536000, immutable'],
  ])('Cache-Control of %s: %s', async (path, value) => {
    expect((await get(path)).headers['cache-control']).toBe(value);
  });

  test('Cache-Control rules are configurable per file pattern', async () => {
    expect((await get('/style.css', 'GET', {}, custom)).headers['cache-control']).toBe('max-age=60');
    expect((await get('/index.html', 'GET', {}, custom)).headers['cache-control']).toBe('no-cache');
  });
});

describe('static server: compression', () => {
  test.each([
    ['gzip', 'gzip', gunzipSync],
    ['gzip, deflate, br', 'br', brotliDecompressSync],
    ['br;q=0, gzip', 'gzip', gunzipSync],
    ['*', 'br', brotliDecompressSync],
  ] as const)('Accept-Encoding: %s → %s, which decodes to the file', async (accept, encoding, decode) => {
    const response = await get('/app.js', 'GET', { 'Accept-Encoding': accept });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBe(encoding);
    expect(response.headers.vary).toBe('Accept-Encoding');
    expect(Number(response.headers['content-length'])).toBe(response.raw.length);
    expect(response.raw.length).toBeLessThan(script.length / 4);
    expect(decode(response.raw).toString()).toBe(script);
    // Its ETag names the encoding, and matches for a revalidation.
    expect(response.headers.etag).toMatch(new RegExp(`-${encoding}"$`));
    expect((await get('/app.js', 'GET', { 'Accept-Encoding': accept, 'If-None-Match': response.headers.etag ?? '' })).status).toBe(304);
  });

  test('a cross-origin answer varies by Origin and by Accept-Encoding', async () => {
    const response = await get('/app.js', 'GET', { 'Accept-Encoding': 'gzip', Origin: 'http://localhost:5173' });
    expect(response.headers['access-control-allow-origin']).toBe('http://localhost:5173');
    expect(response.headers.vary).toBe('Origin, Accept-Encoding');
  });

  test.each([
    ['/app.js', 'identity'],
    ['/app.js', 'gzip;q=0, br;q=0'],
    ['/index.html', 'gzip'], // below the size worth compressing
    ['/logo.png', 'gzip'], // already compressed formats are sent as they are
  ])('%s with Accept-Encoding: %s is sent uncompressed', async (path, accept) => {
    const response = await get(path, 'GET', { 'Accept-Encoding': accept });
    expect(response.status).toBe(200);
    expect(response.headers['content-encoding']).toBeUndefined();
  });

  test('HEAD gives the compressed length without a body', async () => {
    const response = await get('/app.js', 'HEAD', { 'Accept-Encoding': 'gzip' });
    expect(response.headers['content-encoding']).toBe('gzip');
    expect(Number(response.headers['content-length'])).toBeGreaterThan(0);
    expect(response.raw.length).toBe(0);
  });

  test('negotiateEncoding follows the q-values', () => {
    expect(negotiateEncoding(undefined)).toBeUndefined();
    expect(negotiateEncoding('gzip;q=0.5, br;q=0.8')).toBe('br');
    expect(negotiateEncoding('gzip;q=0.9, br;q=0.8')).toBe('gzip');
    expect(negotiateEncoding('deflate')).toBeUndefined();
    expect(negotiateEncoding('*;q=0')).toBeUndefined();
  });
});
