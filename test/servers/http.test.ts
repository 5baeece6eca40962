// The shared HTTP layer: one body limit, friendly listen errors, JSON answers.
import { request } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { BodyTooLargeError, close, createHttpServer, isLoopbackHost, listen, readBody, StartupError, send } from '../../src/servers/http.ts';

const servers: Array<ReturnType<typeof createHttpServer>> = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map(close));
});

function post(url: string, body: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: 'POST', headers: { 'content-type': 'text/plain' } }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c)).on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject).end(body);
  });
}

describe('http layer', () => {
  it('reads a body up to the limit and refuses a larger one with BodyTooLargeError', async () => {
    const server = createHttpServer((req, res) => {
      readBody(req, 8).then(
        (body) => send(res, 200, { length: body.length }),
        (error: unknown) => send(res, 413, { error: error instanceof BodyTooLargeError ? error.message : 'other' }),
      );
    });
    servers.push(server);
    const { url } = await listen(server, { host: '127.0.0.1', port: 0 });
    expect(await post(url, '12345678')).toEqual({ status: 200, text: '{"length":8}' });
    expect(await post(url, '123456789')).toEqual({ status: 413, text: '{"error":"request body: must NOT be larger than 8 bytes"}' });
  });
  it('says how to choose another port when one is in use', async () => {
    const first = createHttpServer(() => undefined);
    servers.push(first);
    const { port } = await listen(first, { host: '127.0.0.1', port: 0 });
    const second = createHttpServer(() => undefined);
    const attempt = listen(second, { host: '127.0.0.1', port, portOption: '--port or MOCK_PORT' });
    await expect(attempt).rejects.toBeInstanceOf(StartupError);
    await expect(attempt).rejects.toThrow(`cannot listen on 127.0.0.1:${port}: the port is in use; choose another with --port or MOCK_PORT`);
  });
  it('knows the loopback names', () => {
    for (const host of ['localhost', '127.0.0.1', '127.1.2.3', '::1', '[::1]']) expect(isLoopbackHost(host), host).toBe(true);
    for (const host of ['0.0.0.0', 'example.com', '10.0.0.1', '::']) expect(isLoopbackHost(host), host).toBe(false);
  });
});
