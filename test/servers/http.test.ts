// The shared HTTP layer: one body limit, friendly listen errors, JSON answers; who may call (Host, Origin, CORS);
// connection limits; and the errors it answers itself, in the server's format.
import { type RequestListener, request } from 'node:http';
import { connect, type Socket } from 'node:net';
import { networkInterfaces } from 'node:os';
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  acceptedHosts,
  BodyTooLargeError,
  ClientAbortedError,
  close,
  createHttpServer,
  type HttpServerOptions,
  isLoopbackHost,
  listen,
  readBody,
  StartupError,
  send,
  utf8Text,
} from '../../src/servers/http.ts';

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

/** A raw exchange over one socket: what was written back, and whether the server closed the connection. */
function rawExchange(port: number, data: string | string[], { waitMs = 3000 } = {}): Promise<{ text: string; closed: boolean }> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let text = '';
    const timer = setTimeout(() => {
      socket.destroy();
      resolve({ text, closed: false });
    }, waitMs);
    socket.on('data', (chunk: Buffer) => (text += chunk.toString('latin1')));
    socket.on('close', () => {
      clearTimeout(timer);
      resolve({ text, closed: true });
    });
    socket.on('error', (error: NodeJS.ErrnoException) => (error.code === 'ECONNRESET' ? undefined : reject(error)));
    for (const part of Array.isArray(data) ? data : [data]) socket.write(part);
  });
}

const bodyOf = (text: string): unknown => JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4));

/** A server whose own errors name the path they were for, as the mock and the simulator route them to a service. */
async function guarded(options: HttpServerOptions = {}, handler: RequestListener = (_req, res) => send(res, 200, { ok: true }, { 'X-Request-Id': 'r1' })) {
  const server = createHttpServer(handler, {
    errors: (method, path, status, message) => ({ body: { error: { code: `T.${status}`, message, where: `${method} ${path}` } } }),
    ...options,
  });
  servers.push(server);
  const { url, port } = await listen(server, { host: '127.0.0.1', port: 0 });
  return { url, port };
}

describe('who may call (Host and Origin)', () => {
  it('refuses a Host that is not a loopback name (DNS rebinding), in the server format, and accepts loopback and listed names', async () => {
    const { port } = await guarded({ access: { hosts: acceptedHosts('0.0.0.0', ['dev.example.com']) } });
    const refused = await rawExchange(port, 'GET /v1/x HTTP/1.1\r\nHost: rebind.evil.example:4020\r\nConnection: close\r\n\r\n');
    expect(refused.text).toMatch(/^HTTP\/1\.1 403 /);
    expect(bodyOf(refused.text)).toEqual({
      error: { code: 'T.403', message: expect.stringMatching(/^Host "rebind\.evil\.example:4020" is not a name of this server/), where: 'GET /v1/x' },
    });
    for (const host of ['localhost:4020', '127.0.0.1', '127.9.9.9:1', '[::1]:4020', 'DEV.example.com:80']) {
      expect((await rawExchange(port, `GET / HTTP/1.1\r\nHost: ${host}\r\nConnection: close\r\n\r\n`)).text, host).toMatch(/^HTTP\/1\.1 200 /);
    }
    expect((await rawExchange(port, 'GET / HTTP/1.1\r\nConnection: close\r\n\r\n')).text).toMatch(/^HTTP\/1\.1 400 /);
    expect(acceptedHosts('192.168.1.5', ['[::2]'])).toEqual(['192.168.1.5', '::2']);
    expect(acceptedHosts('127.0.0.1')).toEqual([]);
    // On a wildcard address, this machine's own addresses are names of the server (an IP is no rebinding vector).
    const own = Object.values(networkInterfaces()).flatMap((list) => (list ?? []).map((a) => a.address.replace(/%.*$/, '').toLowerCase()));
    expect(acceptedHosts('0.0.0.0', ['dev.example.com'])).toEqual([...new Set([...own, 'dev.example.com'])]);
  });

  it('gives loopback origins (any port) CORS headers and answers their preflights', async () => {
    const { url } = await guarded({ access: { corsOrigins: ['https://app.example.com'] } });
    for (const origin of ['http://localhost:5173', 'http://127.0.0.1:8080', 'http://[::1]:3000', 'https://app.example.com']) {
      const res = await fetch(`${url}/v1/x`, { method: 'POST', headers: { Origin: origin }, body: '{}' });
      expect(res.status, origin).toBe(200);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('access-control-expose-headers')).toContain('X-Request-Id');
      expect(res.headers.get('vary')).toBe('Origin');
    }
    const preflight = await fetch(`${url}/v1/x`, {
      method: 'OPTIONS',
      headers: { Origin: 'http://localhost:5173', 'Access-Control-Request-Method': 'PUT', 'Access-Control-Request-Headers': 'x-auth-token, content-type' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PUT');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('x-auth-token, content-type');
  });

  it('from another origin: refuses changes, preflights and admin endpoints; serves plain reads without CORS headers', async () => {
    let handled = 0;
    const { url } = await guarded({ access: { isAdmin: (path) => path.startsWith('/__sim/') } }, (_req, res) => {
      handled++;
      send(res, 200, { ok: true });
    });
    const evil = { Origin: 'http://evil.example' };
    for (const [method, path] of [
      ['POST', '/__sim/reset'],
      ['PUT', '/v1/x'],
      ['DELETE', '/v1/x'],
      ['GET', '/__sim/state'],
    ] as const) {
      const res = await fetch(`${url}${path}`, { method, headers: evil });
      expect(res.status, `${method} ${path}`).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      expect(await res.json()).toMatchObject({ error: { code: 'T.403', message: expect.stringContaining('Origin "http://evil.example" is not allowed') } });
    }
    const preflight = await fetch(`${url}/v1/x`, { method: 'OPTIONS', headers: { ...evil, 'Access-Control-Request-Method': 'POST' } });
    expect(preflight.status).toBe(403);
    expect(handled).toBe(0);
    const read = await fetch(`${url}/v1/x`, { headers: evil });
    expect(read.status).toBe(200);
    expect(read.headers.get('access-control-allow-origin')).toBeNull();
    // An <img> or <script> read of an admin endpoint carries no Origin, but says which site asks.
    expect((await fetch(`${url}/__sim/state`, { headers: { 'Sec-Fetch-Site': 'cross-site' } })).status).toBe(403);
    expect((await fetch(`${url}/__sim/state`, { headers: { 'Sec-Fetch-Site': 'same-origin' } })).status).toBe(200);
  });
});

describe('connections', () => {
  it('answers a request whose headers do not arrive in time with 408 in the server format, and closes it', async () => {
    const { port } = await guarded({ limits: { headersTimeoutMs: 300, requestTimeoutMs: 600 } });
    const started = performance.now();
    const res = await rawExchange(port, 'GET /v1/slow HTTP/1.1\r\nHost: 127.0.0.1\r\n', { waitMs: 5000 });
    expect(res.closed).toBe(true);
    expect(performance.now() - started).toBeLessThan(3000);
    expect(res.text).toMatch(/^HTTP\/1\.1 408 /);
    // Node keeps no request line for a timeout: the writer gets `/` and picks its default format.
    expect(bodyOf(res.text)).toEqual({ error: { code: 'T.408', message: 'the request was not received in time', where: 'GET /' } });
  });

  it('closes a kept-alive connection that stays idle', async () => {
    const { port } = await guarded({ limits: { keepAliveTimeoutMs: 200 } });
    const started = performance.now();
    const res = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { waitMs: 5000 });
    expect(res.text).toMatch(/^HTTP\/1\.1 200 /);
    expect(res.closed).toBe(true);
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it('caps the connections open at once: when every one has a request being answered, a new one is closed', async () => {
    const holding: Array<() => void> = [];
    let arrived: () => void = () => undefined;
    const bothArrived = new Promise<void>((resolve) => {
      arrived = resolve;
    });
    const { port } = await guarded({ limits: { maxConnections: 2 } }, (_req, res) => {
      holding.push(() => send(res, 200, { ok: true }));
      if (holding.length === 2) arrived();
    });
    const held = [
      rawExchange(port, 'GET /a HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
      rawExchange(port, 'GET /b HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n'),
    ];
    await bothArrived;
    const third = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n', { waitMs: 2000 });
    expect(third).toEqual({ text: '', closed: true });
    for (const answer of holding) answer();
    for (const res of await Promise.all(held)) expect(res.text).toMatch(/^HTTP\/1\.1 200 /);
  });

  it('lets no stalled clients lock others out: a new connection takes the place of the oldest one stalled in its headers', async () => {
    const server = createHttpServer((_req, res) => send(res, 200, { ok: true }), { limits: { maxConnections: 4 } });
    servers.push(server);
    const closedOnServer: Array<Promise<void>> = [];
    server.on('connection', (socket: Socket) => closedOnServer.push(new Promise((resolve) => socket.once('close', () => resolve()))));
    const { port } = await listen(server, { host: '127.0.0.1', port: 0 });
    const stalled = Array.from({ length: 4 }, () => connect(port, '127.0.0.1'));
    for (const socket of stalled) {
      socket.on('error', () => undefined);
      socket.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n'); // and no more, for 10 s
      socket.pause();
    }
    await vi.waitFor(() => expect(closedOnServer).toHaveLength(4));
    for (let i = 0; i < 3; i++) {
      expect((await rawExchange(port, 'GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n')).text).toMatch(/^HTTP\/1\.1 200 /);
    }
    await closedOnServer[0]; // the oldest stalled one made room (the next ones found the room the first left)
    for (const socket of stalled) socket.destroy();
  });

  it('destroys a connection soon after its 408, even when the client neither reads it nor closes', async () => {
    const server = createHttpServer((_req, res) => send(res, 200, { ok: true }), { limits: { headersTimeoutMs: 200, refusalLingerMs: 100 } });
    servers.push(server);
    const closed = new Promise<void>((resolve) => server.once('connection', (socket: Socket) => socket.once('close', () => resolve())));
    const { port } = await listen(server, { host: '127.0.0.1', port: 0 });
    const client = connect(port, '127.0.0.1');
    client.on('error', () => undefined);
    client.write('GET /slow HTTP/1.1\r\nHost: 127.0.0.1\r\n');
    client.pause(); // reads nothing, and never ends its side
    await closed;
    client.destroy();
  });

  it("writes Node's own 400 and 431 in the server format, for the path when the request line was read", async () => {
    const { port } = await guarded();
    const huge = await rawExchange(port, `GET /v1/p/jobs/j HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`);
    expect(huge.text).toMatch(/^HTTP\/1\.1 431 /);
    expect(bodyOf(huge.text)).toEqual({ error: { code: 'T.431', message: 'the request headers are too large', where: 'GET /v1/p/jobs/j' } });
    const garbage = await rawExchange(port, 'NOT HTTP AT ALL\r\n\r\n');
    expect(garbage.text).toMatch(/^HTTP\/1\.1 400 /);
    expect(bodyOf(garbage.text)).toMatchObject({ error: { code: 'T.400', message: 'the request is not valid HTTP' } });
  });

  it('answers a handler that throws with a 500 in the server format, and goes on serving', async () => {
    let calls = 0;
    const { url } = await guarded({}, (_req, res) => {
      if (++calls === 1) throw new Error('boom');
      send(res, 200, { ok: true });
    });
    const log = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    const first = await fetch(`${url}/v1/x`);
    log.mockRestore();
    expect(first.status).toBe(500);
    expect(await first.json()).toMatchObject({ error: { code: 'T.500' } });
    expect((await fetch(`${url}/v1/x`)).status).toBe(200);
  });

  it('gives the gateway format when a server names none', async () => {
    const server = createHttpServer(() => undefined);
    servers.push(server);
    const { port } = await listen(server, { host: '127.0.0.1', port: 0 });
    const res = await rawExchange(port, 'GET / HTTP/1.1\r\nHost: evil.example\r\nConnection: close\r\n\r\n');
    expect(bodyOf(res.text)).toEqual({ error_code: 'APIGW.0306', error_msg: expect.stringContaining('is not a name of this server') });
  });
});

describe('request bodies', () => {
  it('rejects with ClientAbortedError when the client goes away mid-body', async () => {
    const outcome = new Promise<unknown>((resolve) => {
      let socket: Socket | undefined;
      const server = createHttpServer((req) => {
        readBody(req).then(resolve, resolve);
        socket?.destroy(); // the server is reading the body: the client goes away now
      });
      servers.push(server);
      void listen(server, { host: '127.0.0.1', port: 0 }).then(({ port }) => {
        socket = connect(port, '127.0.0.1', () => {
          socket?.write('POST / HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n{"half":');
        });
      });
    });
    expect(await outcome).toBeInstanceOf(ClientAbortedError);
  });

  it('tells invalid UTF-8 apart', () => {
    expect(utf8Text(Buffer.from('{"k":"é北"}'))).toBe('{"k":"é北"}');
    expect(utf8Text(Buffer.from([0x7b, 0xff, 0x7d]))).toBeUndefined();
    expect(utf8Text(Buffer.from([0xed, 0xa0, 0x80]))).toBeUndefined(); // a lone surrogate, encoded
  });
});
