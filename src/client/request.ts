/**
 * openapi-fetch's request cycle, for what the clients' typed surface offers: the URL from the path template
 * (simple-style path parameters, form-style query parameters), the headers merged (`null` removes one),
 * middleware (onRequest, onResponse, onError, run as openapi-fetch runs them) and the response body as text.
 * The clients keep openapi-fetch's types and middleware; its run time is not bundled because most of it serves
 * what no operation of these APIs has (label, matrix and deepObject styles, form-encoded and FormData bodies, a
 * path-based client), and it was a third of the bundle of a program making one call.
 */
import type { Middleware } from 'openapi-fetch';
import type { CallParams } from './types.ts';

export interface Exchange {
  method: string;
  /** The path template of the document, e.g. `/v1/{project_id}/jobs/{job_id}` (openapi-fetch's schemaPath). */
  path: string;
  baseUrl: string;
  params: CallParams;
  /** The JSON body, serialized. */
  body: string | undefined;
  /** The call's `headers` (openapi-fetch's HeadersOptions); `params.header` is merged over them. */
  headers: unknown;
  /** The call's RequestInit members (signal, referrer, cache...). */
  init: RequestInit;
  middleware: readonly Middleware[];
  /** Sends a request that carries `body` (read from the request when middleware replaced it). */
  send: (request: Request, body: string | undefined) => Promise<Response>;
}

/** The response and its body as text; undefined when it has none (204, HEAD, Content-Length: 0). */
export interface Exchanged {
  response: Response;
  text: string | undefined;
}

const encode = (value: unknown): string => (Array.isArray(value) ? value.map(encode).join(',') : encodeURIComponent(String(value)));

/** `baseUrl` + the path with its parameters, + `?name=value&...` (arrays repeat the name). */
function urlOf({ baseUrl, path, params }: Exchange): string {
  const url =
    baseUrl.replace(/\/$/, '') +
    path.replace(/\{([^}]+)\}/g, (template, name: string) => {
      const value = params.path?.[name];
      return value == null ? template : encode(value);
    });
  const query = Object.entries(params.query ?? {}).flatMap(([name, value]) =>
    value == null ? [] : (Array.isArray(value) ? value : [value]).map((item: unknown) => `${name}=${encode(item)}`),
  );
  return query.length > 0 ? `${url}?${query.join('&')}` : url;
}

/** Headers from several sources, later ones winning; `null` removes a header, an array sets several values. */
function mergeHeaders(...sources: unknown[]): Headers {
  const headers = new Headers();
  for (const source of sources) {
    if (typeof source !== 'object' || source === null) continue;
    const entries: Iterable<[string, unknown]> = source instanceof Headers || Array.isArray(source) ? source : Object.entries(source);
    for (const [name, value] of entries) {
      if (value === null) headers.delete(name);
      else if (Array.isArray(value)) for (const item of value) headers.append(name, String(item));
      else if (value !== undefined) headers.set(name, String(value));
    }
  }
  return headers;
}

/** Builds the request, runs the middleware around `send`, and reads the response body. */
export async function exchange(call: Exchange): Promise<Exchanged> {
  const { params, middleware, body } = call;
  const headers = mergeHeaders(body === undefined ? {} : { 'Content-Type': 'application/json' }, call.headers, params.header);
  const built = new Request(urlOf(call), { redirect: 'follow', ...call.init, method: call.method, headers, body: body ?? null });
  // What openapi-fetch hands middleware; `options` holds the members that mean something here.
  const context = { schemaPath: call.path, params, options: { baseUrl: call.baseUrl, parseAs: 'json' }, id: Math.random().toString(36).slice(2, 11) } as const;
  type Hooks = Required<Middleware>;
  let request = built;
  let response: Response | undefined;
  for (const m of middleware) {
    const result = await m.onRequest?.({ ...context, request } as Parameters<Hooks['onRequest']>[0]);
    if (result instanceof Response) {
      response = result;
      break;
    }
    if (result) request = result;
  }
  if (!response) {
    const reversed = [...middleware].reverse();
    try {
      // A request middleware replaced carries its own body: read from a copy, so that a custom fetch can still read it.
      response = await call.send(request, request === built ? body : request.body ? await request.clone().text() : undefined);
    } catch (error) {
      let failure: unknown = error;
      for (const m of reversed) {
        const result = await m.onError?.({ ...context, request, error: failure } as Parameters<Hooks['onError']>[0]);
        if (result instanceof Response) {
          response = result;
          break;
        }
        if (result instanceof Error) failure = result;
      }
      if (!response) throw failure;
    }
    for (const m of reversed) response = (await m.onResponse?.({ ...context, request, response } as Parameters<Hooks['onResponse']>[0])) || response;
  }
  const empty =
    response.status === 204 ||
    request.method === 'HEAD' ||
    (response.headers.get('Content-Length') === '0' && !response.headers.get('Transfer-Encoding')?.includes('chunked'));
  return { response, text: empty ? undefined : await response.text() };
}
