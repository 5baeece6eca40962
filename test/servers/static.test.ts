// The docs site's static server over real HTTP: content types, 404s, no way out of its root directory.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startStaticServer } from '../../src/servers/static.mjs';

let dir: string;
let server: Awaited<ReturnType<typeof startStaticServer>>;

beforeAll(async () => {
  // A secret beside the served root: traversal attempts aim at it.
  dir = mkdtempSync(join(tmpdir(), 'hwc-static-'));
  writeFileSync(join(dir, 'secret.txt'), 'TOP-SECRET');
  mkdirSync(join(dir, 'site', 'sub'), { recursive: true });
  writeFileSync(join(dir, 'site', 'index.html'), '<!doctype html><title>home</title>');
  writeFileSync(join(dir, 'site', 'style.css'), 'body {}');
  writeFileSync(join(dir, 'site', 'doc.json'), '{}');
  writeFileSync(join(dir, 'site', 'blob.bin'), 'x');
  writeFileSync(join(dir, 'site', 'sub', 'page.html'), '<!doctype html><title>sub</title>');
  server = await startStaticServer({ root: join(dir, 'site'), port: 0 });
});
afterAll(async () => {
  await server?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A raw request: fetch() would normalise `..` in the path before sending it. */
function get(path: string, method = 'GET'): Promise<{ status: number; type: string; body: string }> {
  const { port } = server.server.address() as { port: number };
  return new Promise((done, fail) => {
    const req = request({ host: '127.0.0.1', port, path, method }, (res) => {
      let body = '';
      res.on('data', (chunk: Buffer) => (body += chunk.toString()));
      res.on('end', () => done({ status: res.statusCode ?? 0, type: res.headers['content-type'] ?? '', body }));
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
  ])('GET %s → 200 %s', async (path, type, content) => {
    const response = await get(path);
    expect(response).toMatchObject({ status: 200, type });
    expect(response.body).toContain(content);
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
});
