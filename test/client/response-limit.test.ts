// A response body is read up to maxResponseBytes (counted after decompression) and no further: a gzip bomb or an
// endless body fails with a ResponseTooLargeError as soon as it is that long, not once it fills the memory.
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type ClientOptions, createEcsClient, ResponseTooLargeError } from '../../src/index.ts';
import { akSk, PROJECT_ID, startServer, type TestServer } from './support.ts';

const MiB = 1024 * 1024;
// A JSON body of `bytes` bytes: spaces, then {}.
const jsonOf = (bytes: number) => `${' '.repeat(bytes - 2)}{}`;

let server: TestServer;
// Set once the endless body's socket is closed: the client stopped reading.
let endlessClosed: Promise<void>;
beforeAll(async () => {
  server = await startServer(async (request, res) => {
    const [, kind = '', size = '0'] = /jobs\/(\w+)-(\d+)$/.exec(request.url) ?? [];
    if (kind === 'gzip' || kind === 'gzip500') {
      res.writeHead(kind === 'gzip' ? 200 : 500, { 'Content-Type': 'application/json', 'Content-Encoding': 'gzip' });
      return void res.end(gzipSync(jsonOf(Number(size))));
    }
    if (kind === 'endless') {
      endlessClosed = new Promise((resolve) => res.once('close', resolve));
      res.writeHead(200, { 'Content-Type': 'application/json' });
      const chunk = Buffer.alloc(64 * 1024, ' ');
      // Writes until the socket's buffer is full, then again on each drain, until the client closes the connection.
      const fill = () => {
        let more = true;
        while (more && !res.destroyed) more = res.write(chunk);
      };
      res.on('drain', fill);
      return fill();
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end(jsonOf(Number(size)));
  });
});
afterAll(() => server.close());

const showJob = (jobId: string, options: Partial<ClientOptions> = {}) =>
  createEcsClient({ endpoint: server.url, projectId: PROJECT_ID, credentials: akSk, retry: false, ...options }).GET('/v1/{project_id}/jobs/{job_id}', {
    params: { path: { job_id: jobId } },
  });

async function tooLarge(call: Promise<unknown>): Promise<ResponseTooLargeError> {
  const error = await call.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResponseTooLargeError);
  return error as ResponseTooLargeError;
}

describe('maxResponseBytes', () => {
  it('stops a gzip bomb at the limit, counted after decompression: 4 MiB from a few KB on the wire', async () => {
    const error = await tooLarge(showJob(`gzip-${4 * MiB}`, { maxResponseBytes: MiB }));
    expect(error).toMatchObject({ name: 'ResponseTooLargeError', operation: 'ShowJob', status: 200, maxResponseBytes: MiB });
    expect(error.message).toBe(`ShowJob: the HTTP 200 response body exceeds maxResponseBytes (${MiB} bytes)`);
  });

  it('stops an endless body and closes the connection', async () => {
    await tooLarge(showJob('endless-0', { maxResponseBytes: MiB }));
    await endlessClosed;
  });

  it('also bounds the body of an error response', async () => {
    const error = await tooLarge(showJob(`gzip500-${2 * MiB}`, { maxResponseBytes: MiB }));
    expect(error.status).toBe(500);
  });

  it('reads a body of exactly the limit', async () => {
    const { data, response } = await showJob(`plain-${64 * 1024}`, { maxResponseBytes: 64 * 1024 });
    expect(data).toEqual({});
    expect(response).toMatchObject({ status: 200, url: `${server.url}/v1/${PROJECT_ID}/jobs/plain-${64 * 1024}` });
    expect(response.headers.get('content-type')).toBe('application/json');
    await tooLarge(showJob(`plain-${64 * 1024 + 1}`, { maxResponseBytes: 64 * 1024 }));
  });

  it('is 10 MiB by default', async () => {
    expect((await showJob(`gzip-${10 * MiB}`)).data).toEqual({});
    const error = await tooLarge(showJob(`gzip-${10 * MiB + 1}`));
    expect(error.maxResponseBytes).toBe(10 * MiB);
  });

  it('bounds the response of a custom fetch too', async () => {
    const fetch = async () => new Response(jsonOf(2048), { status: 200, headers: { 'Content-Type': 'application/json' } });
    await tooLarge(showJob('any-0', { fetch, maxResponseBytes: 1024 }));
  });
});
