/**
 * Reading a request from node:http, the same way in every server: its body (with one size limit, and a client that
 * goes away told apart from a fault) and its headers as plain strings. What does not need Node (JSON bodies, URL
 * splitting, the errors) is the pipeline's: src/pipeline/exchange.ts.
 */
import type { IncomingHttpHeaders, IncomingMessage } from 'node:http';
import { BodyTooLargeError, ClientAbortedError, MAX_BODY_BYTES } from '../pipeline/exchange.ts';

export { BodyTooLargeError, ClientAbortedError, JSON_MEDIA_TYPE, parseJsonBody, splitUrl, utf8Text } from '../pipeline/exchange.ts';

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

/** Headers as one string each: repeated ones joined with `, `, as HTTP allows. */
export function flatHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const flat: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) flat[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return flat;
}
