/**
 * The Fetch API adapter of the request pipeline: a `Request` (what MSW and a service worker hand over) becomes a
 * plain request, and the plain reply a `Response`. The node:http adapter is src/servers/pipeline-server.ts. Nothing
 * here imports Node: it runs in a test process and in a browser page.
 */
import { BodyTooLargeError, MAX_BODY_BYTES, type PlainRequest, type Reply, replyPayload } from './exchange.ts';

/**
 * A Fetch request as the pipeline reads it. The Host header, which fetch never exposes, is the URL's: an AK/SK
 * signature covers it, and the client signed the URL it sent to.
 */
export function plainRequest(request: Request, limit: number = MAX_BODY_BYTES): PlainRequest {
  const url = new URL(request.url);
  const headers: Record<string, string> = {};
  // Headers iterates lower-case names with repeated values already joined by `, `.
  request.headers.forEach((value, name) => {
    headers[name] = value;
  });
  headers.host ??= url.host;
  let body: Promise<Uint8Array> | undefined;
  return {
    method: request.method.toUpperCase(),
    url: url.pathname + url.search,
    headers,
    body: () => {
      body ??= request.arrayBuffer().then((buffer) => {
        if (buffer.byteLength > limit) throw new BodyTooLargeError(limit);
        return new Uint8Array(buffer);
      });
      return body;
    },
  };
}

/** A plain reply as a Fetch response, with the body and Content-Type the node:http adapter would send. */
export function replyResponse(reply: Reply): Response {
  const headers = new Headers(reply.headers ?? {});
  const { payload, contentType } = replyPayload(reply);
  if (payload === undefined) return new Response(null, { status: reply.status, headers });
  headers.set('content-type', contentType);
  return new Response(payload as BodyInit, { status: reply.status, headers });
}
