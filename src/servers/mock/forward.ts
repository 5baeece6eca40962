/**
 * The proxy's upstream call, made by us rather than by Prism's forwarder (node-fetch with its defaults), because an
 * upstream may misbehave and the proxy must stay safe in front of it:
 *   - redirects are not followed: a 3xx is passed back as it is, so the caller's X-Auth-Token or signature never
 *     reaches a host the caller did not choose;
 *   - the response is read up to a limit, compressed and decompressed (a gzip bomb fails at the limit, not in RAM);
 *   - a timeout ends the upstream request too, so no connection is held after the 504;
 *   - the request body goes out byte for byte as it came in (a re-serialised body would break AK/SK signatures).
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { posix } from 'node:path';
import { promisify } from 'node:util';
import { brotliDecompress, gunzip, inflate } from 'node:zlib';
import { JSON_MEDIA_TYPE } from '../../pipeline/exchange.ts';

/** Largest upstream response accepted, before and after decompression. */
export const MAX_UPSTREAM_BYTES = 10 * 1024 * 1024;

/** The upstream failed (502) or did not answer in time (504): said in `message`, without any body content. */
export class UpstreamError extends Error {
  override name = 'UpstreamError';
  constructor(
    readonly status: 502 | 504,
    message: string,
  ) {
    super(message);
  }
}

export interface UpstreamResponse {
  status: number;
  /** Lower-case names, hop-by-hop and encoding headers removed (the body below is decoded). */
  headers: Record<string, string>;
  /** The decoded body bytes, sent on as they are. */
  raw: Buffer;
  /** The body as Prism validates it: parsed JSON when it says it is JSON and parses, else text, else undefined. */
  body: unknown;
}

export interface ForwardOptions {
  upstream: URL;
  timeoutMs: number;
  maxBytes?: number;
}

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'te',
  'trailer',
  'trailers',
  'transfer-encoding',
  'upgrade',
]);
const decoders: Record<string, (data: Buffer, options: { maxOutputLength: number }) => Promise<Buffer>> = {
  gzip: promisify(gunzip),
  'x-gzip': promisify(gunzip),
  deflate: promisify(inflate),
  br: promisify(brotliDecompress),
};

function outgoingHeaders(headers: Readonly<Record<string, string>>, length: number): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'host' || name === 'content-length' || name === 'accept-encoding') continue;
    out[name] = value;
  }
  // Encodings we can decode within the limit; the caller gets the decoded body.
  out['accept-encoding'] = 'gzip, deflate, br';
  if (length > 0) out['content-length'] = String(length);
  return out;
}

/** The upstream URL as it may be shown (messages, logs, the banner): never its user name or password. */
export function shownUrl(url: URL): string {
  if (!url.username && !url.password) return url.href;
  const copy = new URL(url.href);
  copy.username = '';
  copy.password = '';
  return copy.href;
}

/** `pathAndQuery` is the incoming request's, raw (`/v1/p/jobs/j?x=1`); the upstream's base path goes in front. */
export function forward(
  method: string,
  pathAndQuery: string,
  headers: Readonly<Record<string, string>>,
  body: Uint8Array,
  options: ForwardOptions,
): Promise<UpstreamResponse> {
  const { upstream, timeoutMs, maxBytes = MAX_UPSTREAM_BYTES } = options;
  const shown = shownUrl(upstream);
  const target = new URL(upstream.href);
  const [path = '/', query] = pathAndQuery.split(/\?(.*)/s);
  target.pathname = posix.join(target.pathname || '/', path);
  target.search = query ? `?${query}` : '';
  const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(target, { method, headers: outgoingHeaders(headers, body.length) });
    const fail = (error: UpstreamError) => {
      clearTimeout(timer);
      req.destroy();
      reject(error);
    };
    const timer = setTimeout(() => fail(new UpstreamError(504, `${shown} gave no answer within ${timeoutMs} ms`)), timeoutMs);
    req.on('error', (error) => fail(new UpstreamError(502, `${shown}: ${error.message}`)));
    req.on('response', (res) => {
      const declared = Number(res.headers['content-length'] ?? 0);
      if (declared > maxBytes) return fail(new UpstreamError(502, `the upstream response is larger than ${maxBytes} bytes (Content-Length ${declared})`));
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(new UpstreamError(502, `the upstream response is larger than ${maxBytes} bytes`));
        else chunks.push(chunk);
      });
      res.on('error', (error) => fail(new UpstreamError(502, `${shown}: ${error.message}`)));
      res.on('end', () => {
        clearTimeout(timer);
        decode(res, Buffer.concat(chunks), maxBytes).then(resolve, reject);
      });
    });
    req.end(body.length > 0 ? body : undefined);
  });
}

async function decode(res: IncomingMessage, data: Buffer, maxBytes: number): Promise<UpstreamResponse> {
  const encoding = (res.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  let raw = data;
  if (encoding !== 'identity' && encoding !== '' && data.length > 0) {
    const decoder = decoders[encoding];
    if (!decoder) throw new UpstreamError(502, `the upstream response has an encoding the proxy cannot read: ${encoding}`);
    try {
      raw = await decoder(data, { maxOutputLength: maxBytes });
    } catch (error) {
      const tooLarge = (error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || error instanceof RangeError;
      throw new UpstreamError(
        502,
        tooLarge ? `the upstream response decompresses to more than ${maxBytes} bytes` : `the upstream response is not valid ${encoding}`,
      );
    }
  }
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(res.headers)) {
    if (value === undefined || HOP_BY_HOP.has(name) || name === 'content-encoding' || name === 'content-length') continue;
    // The proxy answers CORS itself (src/servers/access.ts): an upstream that reflects any origin must not undo that.
    if (name.startsWith('access-control-')) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  const status = res.statusCode ?? 502;
  const text = raw.toString('utf8');
  const isJson = JSON_MEDIA_TYPE.test(headers['content-type'] ?? '');
  let body: unknown = raw.length === 0 || status === 204 ? undefined : text;
  if (isJson && body !== undefined) {
    try {
      body = JSON.parse(text);
    } catch {
      // Left as text: Prism's validator then reports that the body does not match the schema.
    }
  }
  return { status, headers, raw, body };
}
