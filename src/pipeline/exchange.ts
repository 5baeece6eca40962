/**
 * What the one request pipeline takes and gives, with no socket: a plain request (method, URL, headers, a body to
 * read) and a plain reply (status, headers, body). node:http is one adapter (src/servers/http.ts), MSW another.
 * Nothing here imports Node: the same code runs in a browser page.
 */

/** A request as the pipeline reads it. */
export interface PlainRequest {
  /** Upper case. */
  method: string;
  /** The request target as sent: raw (percent-encoded) path and query. */
  url: string;
  /** Lower-case names, values as a Headers holds them: trimmed, a repeated header's values joined with `, `. */
  headers: Readonly<Record<string, string>>;
  /**
   * The body, read only when a step needs it (a request without valid credentials costs no body). Rejects with a
   * BodyTooLargeError past the adapter's limit, or a ClientAbortedError when the client went away.
   */
  body(): Promise<Uint8Array>;
  /** HTTP/1.0 requests may leave out Host. */
  httpVersion?: string;
}

/** What the pipeline answers: a status, headers, and a body (JSON value, text or bytes). */
export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: unknown;
  /** Why, for the log line only. */
  note?: string;
}

/**
 * The bytes or text a reply sends, and its Content-Type (the reply's own, else JSON or plain text): what every
 * adapter writes. A JSON example that is itself a string goes out quoted; other text and bytes as they are.
 */
export function replyPayload(reply: Reply): { payload: string | Uint8Array | undefined; contentType: string } {
  const given = reply.headers?.['Content-Type'] ?? reply.headers?.['content-type'];
  const json = given === undefined || /json/i.test(given);
  const { body } = reply;
  if (body === undefined || reply.status === 204 || reply.status === 304) return { payload: undefined, contentType: given ?? 'application/json' };
  if (body instanceof Uint8Array || (typeof body === 'string' && !(given !== undefined && json))) {
    return { payload: body, contentType: given ?? 'text/plain; charset=utf-8' };
  }
  return { payload: JSON.stringify(body), contentType: given ?? 'application/json' };
}

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
export const MAX_BODY_BYTES = 1 << 20;

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

/** The query string as a record: one value, or a list for a repeated name. */
export function queryRecord(query: string): Record<string, string | string[]> {
  const params = new URLSearchParams(query);
  const record: Record<string, string | string[]> = {};
  for (const key of new Set(params.keys())) {
    const values = params.getAll(key);
    record[key] = values.length === 1 ? (values[0] as string) : values;
  }
  return record;
}

/**
 * Request ids like the services' (32 hex digits): a random prefix drawn once, then a counter. Drawing 16 random
 * bytes per request cost 7.7% of the simulator's CPU; an id only has to be unique and unguessable enough to tell
 * requests apart in a log.
 */
export function requestIds(random: (bytes: Uint8Array) => Uint8Array = (b) => globalThis.crypto.getRandomValues(b)): () => string {
  const prefix = Array.from(random(new Uint8Array(10)), (b) => b.toString(16).padStart(2, '0')).join('');
  let counter = 0;
  return () => {
    counter = (counter + 1) % 0x1000000000000;
    return prefix + counter.toString(16).padStart(12, '0');
  };
}
