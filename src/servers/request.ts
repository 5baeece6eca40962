/**
 * Reading a request, the same way in every server: its path and query, its body (with one size limit, and a
 * client that goes away told apart from a fault), the body as UTF-8 and as JSON, and its headers as plain strings.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';

/** The request body is larger than the server accepts. */
export class BodyTooLargeError extends Error {
  override name = 'BodyTooLargeError';
  constructor(readonly limit: number) {
    super(`request body: must NOT be larger than ${limit} bytes`);
  }
}

/** The client went away before its request was read: nobody is left to answer, and it is no server fault. */
export class ClientAbortedError extends Error {
  override name = 'ClientAbortedError';
  constructor() {
    super('the client closed the connection before sending the whole request');
  }
}

/** What any server reads of one request body at most. */
const MAX_BODY_BYTES = 1 << 20;

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
    // An abort is an 'error' (ECONNRESET) on some paths and only a 'close' before 'end' on others.
    req.on('error', () => reject(new ClientAbortedError()));
    req.on('close', () => {
      if (!req.complete) reject(new ClientAbortedError());
    });
  });
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The body as text, or undefined when it is not valid UTF-8 (which would otherwise be replaced, silently). */
export function utf8Text(body: Uint8Array): string | undefined {
  try {
    return utf8.decode(body);
  } catch {
    return undefined;
  }
}

/** A JSON media type: `application/json` or `application/<anything>+json`, with or without parameters. */
export const JSON_MEDIA_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** A request body read as JSON, or the first rule it breaks: its media type, then UTF-8, then JSON syntax. */
export type JsonBody = { ok: true; value: unknown } | { ok: false; rule: 'mediaType' | 'encoding' | 'syntax'; message: string };

/**
 * Parses a non-empty request body as JSON. The message never quotes the body: V8's own message shows the input
 * around the fault, which would echo a password into the answer and the log, so only the position is kept.
 */
export function parseJsonBody(raw: Uint8Array, contentType: string | undefined): JsonBody {
  if (contentType !== undefined && !JSON_MEDIA_TYPE.test(contentType)) return { ok: false, rule: 'mediaType', message: 'must be application/json' };
  const text = utf8Text(raw);
  if (text === undefined) return { ok: false, rule: 'encoding', message: 'must be valid UTF-8' };
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (error) {
    const at = /at position (\d+)/.exec(error instanceof Error ? error.message : '')?.[1];
    return { ok: false, rule: 'syntax', message: `must be valid JSON${at ? ` (at position ${at})` : ''}` };
  }
}

/** A request target split into its path and its query string (without the `?`). */
export function splitUrl(url: string | undefined): { path: string; query: string } {
  const raw = url ?? '/';
  const q = raw.indexOf('?');
  return q < 0 ? { path: raw, query: '' } : { path: raw.slice(0, q), query: raw.slice(q + 1) };
}

/** Headers as one string each: repeated ones joined with `, `, as HTTP allows. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  return flat;
}
