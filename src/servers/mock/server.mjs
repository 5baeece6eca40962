// One HTTP server for every API of the documents. Prism's own router, validator, mocker and forwarder
// (@stoplight/prism-http, in-process) do the work; this file only joins the documents' operations into one list,
// reads requests, turns Prism's violations into the service's own error body, and writes responses.
// Why in-process rather than three `prism` processes behind a router: one process starts in under a second,
// cannot leave orphans, and sees Prism's violations as data instead of re-parsing the `sl-violations` header.
import { AsyncLocalStorage } from 'node:async_hooks';
import { subscribe } from 'node:diagnostics_channel';
import { readFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import prismCore from '@stoplight/prism-core';
import prismHttp from '@stoplight/prism-http';
import YAML from 'yaml';

const { createLogger } = prismCore;
const { createInstance, getHttpOperationsFromSpec, ProblemJsonError } = prismHttp;

export const defaultDocuments = ['ecs', 'bms', 'rfs'].map((api) => fileURLToPath(new URL(`../../../generated/openapi/${api}.json`, import.meta.url)));

// Prism's DiagnosticSeverity.Error.
const ERROR = 0;
const MAX_BODY_BYTES = 10 * 1024 * 1024;

// Prism's forwarder (node-fetch) takes no agent, signal or timeout from us, so answering 504 alone would leave its
// request open until the upstream answers. Node announces every outgoing request on this channel, in the async
// context of the code making it: each incoming request collects its own, to destroy them when it gives up.
const upstreamRequests = new AsyncLocalStorage();
subscribe('http.client.request.start', ({ request }) => upstreamRequests.getStore()?.add(request));

/** A start-up problem the CLI prints as one line, without a stack trace. */
export class StartupError extends Error {}

/**
 * Reads the documents and returns their operations (Prism's IHttpOperation objects), each with the service name
 * (the document's file name) in `service`.
 * @param {string[]} files
 */
export async function loadOperations(files) {
  const all = [];
  for (const file of files) {
    const service = basename(file, extname(file));
    for (const operation of await operationsOf(file)) all.push(Object.assign(operation, { service }));
  }
  // The one-port design relies on the documents not sharing a route; fail loudly if a new one does.
  const seen = new Map();
  for (const op of all) {
    const key = `${op.method.toUpperCase()} ${op.path.replace(/\{[^}]*\}/g, '{}')}`;
    const other = seen.get(key);
    if (other) throw new StartupError(`${op.service} ${op.iid} and ${other.service} ${other.iid} share the route ${key}`);
    seen.set(key, op);
  }
  return all;
}

async function operationsOf(file) {
  let text;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new StartupError(`cannot read document ${file}: ${error.message}`);
  }
  let doc;
  try {
    doc = /\.ya?ml$/i.test(file) ? YAML.parse(text) : JSON.parse(text);
  } catch (error) {
    throw new StartupError(`document ${file} is not valid ${/\.ya?ml$/i.test(file) ? 'YAML' : 'JSON'}: ${error.message}`);
  }
  if (typeof doc?.openapi !== 'string') throw new StartupError(`document ${file} is not an OpenAPI document (no "openapi" field)`);
  // Prism validates with draft-07 unless the document names its dialect, and draft-07 silently ignores 2019+
  // keywords such as dependentRequired. 2020-12 is what OpenAPI 3.1 means by default, so say it explicitly.
  if (doc.openapi.startsWith('3.1') && !doc.jsonSchemaDialect) {
    doc = { ...doc, jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema' };
  }
  let operations;
  try {
    operations = await getHttpOperationsFromSpec(doc);
  } catch (error) {
    throw new StartupError(`document ${file} cannot be used: ${error.message}`);
  }
  if (operations.length === 0) throw new StartupError(`document ${file} has no operations`);
  return operations;
}

/**
 * @param {object} options
 * @param {Array<object>} options.operations from loadOperations
 * @param {URL} [options.upstream] proxy to this base URL instead of mocking
 * @param {boolean} [options.validateRequest] proxy only: reject invalid requests instead of forwarding them
 * @param {boolean} [options.dynamic] generate bodies from the schemas instead of using the examples
 * @param {number} [options.upstreamTimeoutMs] proxy only: give up on the upstream after this long (504)
 * @param {(line: string) => void} [options.log] one line per request
 */
export function createMockServer({ operations, upstream, validateRequest = true, dynamic = false, upstreamTimeoutMs = 30_000, log }) {
  const isProxy = upstream !== undefined;
  const config = {
    isProxy,
    ...(isProxy && { upstream, upstreamProxy: undefined }),
    // As the Prism CLI: the mock validates every request; the proxy (`--errors`) also fails non-conforming responses.
    validateRequest: isProxy ? validateRequest : true,
    validateResponse: true,
    checkSecurity: true,
    errors: isProxy,
    mock: { dynamic },
  };
  const prism = createInstance(config, { logger: createLogger('mock', { level: 'silent' }) });
  const routes = operations.map((op) => ({
    op,
    method: op.method.toLowerCase(),
    pattern: new RegExp(`^${op.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]*\}/g, '[^/]+')}$`),
  }));
  const findOperation = (method, path) => routes.find((r) => r.method === method && r.pattern.test(path))?.op;

  async function handle(req, res) {
    const started = performance.now();
    const url = new URL(req.url ?? '/', 'http://mock.invalid');
    const method = (req.method ?? 'GET').toLowerCase();
    setCorsHeaders(req, res);
    if (method === 'options' && req.headers.origin && req.headers['access-control-request-method']) {
      res.setHeader('Access-Control-Allow-Methods', 'GET,DELETE,HEAD,PATCH,POST,PUT,OPTIONS');
      return send(res, 204, {}, undefined);
    }
    const op = findOperation(method, url.pathname);
    let status = 500;
    let note = '';
    try {
      const preferences = parsePreferences(req.headers.prefer, url.searchParams);
      if (typeof preferences === 'string') {
        status = 422;
        note = preferences;
        return sendProblem(res, {
          type: 'https://stoplight.io/prism/errors#UNPROCESSABLE_ENTITY',
          title: 'Invalid Prefer header',
          status,
          detail: preferences,
        });
      }
      const body = await readBody(req);
      const input = {
        method,
        url: { path: url.pathname, query: queryOf(url.searchParams) },
        headers: req.headers,
        body: body.value,
      };
      const outgoing = new Set();
      const result = await withTimeout(
        upstreamRequests.run(outgoing, prism.request(input, operations, { ...config, mock: { ...config.mock, ...preferences } })),
        isProxy ? upstreamTimeoutMs : undefined,
      );
      if (result._tag === 'Left') {
        if (result.left.timeout) for (const request of outgoing) request.destroy();
        const problem = problemOf(result.left, isProxy, upstream, upstreamTimeoutMs);
        status = problem.status;
        note = problem.detail || problem.title;
        return sendProblem(res, problem);
      }
      const { output, validations } = result.right;
      const violations = [...validations.input.map(located('request')), ...validations.output.map(located('response'))];
      const headers = { ...output.headers };
      if (violations.length > 0) headers['sl-violations'] = violationsHeader(violations);
      const outputErrors = validations.output.filter((v) => v.severity === ERROR);
      if (isProxy && outputErrors.length > 0) {
        // Prism's `--errors`: an upstream answer that breaks the document becomes a 500 listing what is wrong.
        status = 500;
        note = `upstream answered ${output.statusCode}, which breaks the document: ${outputErrors.map((v) => v.message).join('; ')}`;
        return sendProblem(res, {
          type: 'https://stoplight.io/prism/errors#VIOLATIONS',
          title: 'Request/Response not valid',
          status,
          detail: `The upstream response (${output.statusCode}) does not match the document.`,
          validation: outputErrors.map(located('response')),
        });
      }
      let responseBody = output.body;
      const inputErrors = validations.input.filter((v) => v.severity === ERROR);
      if (!isProxy && inputErrors.length > 0 && output.statusCode >= 400 && output.statusCode < 500) {
        // Prism answers with the documented 400/401 example, whose text is static; put the real reason in it.
        const security = inputErrors.find((v) => v.code === 401);
        note = security ? credentialsMessage(op) : [body.error, ...inputErrors.map((v) => v.message)].filter(Boolean).join('; ');
        responseBody = withMessage(responseBody, note);
      } else if (outputErrors.length > 0) {
        // Only a bad example in the document (or a schema Prism cannot satisfy) gets here: say so in the log.
        note = `the mocked response breaks the document: ${outputErrors.map((v) => v.message).join('; ')}`;
      }
      status = output.statusCode;
      send(res, status, headers, responseBody);
    } catch (error) {
      // A fault in the mock itself (or a body too large: 413) still gets an answer, never a hang.
      status = typeof error?.status === 'number' ? error.status : 500;
      note = error instanceof Error ? error.message : String(error);
      if (!res.headersSent)
        sendProblem(res, {
          type: 'https://stoplight.io/prism/errors#UNKNOWN',
          title: status === 500 ? 'Mock server fault' : 'Request not accepted',
          status,
          detail: note,
        });
      else res.end();
    } finally {
      const ms = (performance.now() - started).toFixed(0);
      log?.(`${req.method} ${url.pathname}${op ? ` (${op.service} ${op.iid})` : ''} → ${status} in ${ms} ms${note ? `: ${note}` : ''}`);
    }
  }

  return createServer((req, res) => void handle(req, res));
}

/**
 * Listens and resolves with the base URL; rejects with a StartupError that says what to do.
 * @param {import('node:http').Server} server
 */
export function listen(server, host, port) {
  return new Promise((resolve, reject) => {
    server.once('error', (error) => {
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE')
        reject(new StartupError(`cannot listen on ${where}: the port is in use (another mock running?); choose another with --port or MOCK_PORT`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND') reject(new StartupError(`cannot listen on ${where}: no such local address`));
      else if (error.code === 'EACCES') reject(new StartupError(`cannot listen on ${where}: permission denied (ports below 1024 need privileges)`));
      else reject(new StartupError(`cannot listen on ${where}: ${error.message}`));
    });
    server.listen(port, host, () => {
      const address = server.address();
      const shownHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
      resolve(`http://${shownHost}:${address.port}`);
    });
  });
}

/** Stops accepting, drops keep-alive connections and resolves once the server is closed. */
export function close(server) {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/** "send X-Auth-Token, or Authorization + X-Sdk-Date", from the operation's security requirements. */
function credentialsMessage(op) {
  const alternatives = (op?.security ?? [])
    .map((set) => set.map((scheme) => (scheme.in === 'header' ? scheme.name : `${scheme.in} ${scheme.name ?? scheme.key}`)).join(' + '))
    .filter(Boolean);
  return `Authentication required: missing credentials; send ${alternatives.join(', or ') || 'credentials'}`;
}

/**
 * The documents keep an error's text in `message` (ECS/BMS `{"error": {...}}`, Nova `{"badRequest": {...}}`) or in
 * `error_msg` (RFS, API gateway). Replacing it keeps the documented code and format.
 */
function withMessage(body, message) {
  if (!isObject(body)) return body;
  if (typeof body.error_msg === 'string') return { ...body, error_msg: message };
  for (const [key, value] of Object.entries(body)) {
    if (isObject(value) && typeof value.message === 'string') return { ...body, [key]: { ...value, message } };
  }
  return body;
}

function isObject(value) {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Prism's Prefer header (`code=404, example=name, dynamic=true, seed=x`), or its `__code`-style query fallback. */
function parsePreferences(header, query) {
  const raw = {};
  if (header) {
    for (const part of header.split(/[,;]/)) {
      const [key, ...rest] = part.split('=');
      if (key?.trim() && rest.length)
        raw[key.trim().toLowerCase()] = rest
          .join('=')
          .trim()
          .replace(/^"(.*)"$/, '$1');
    }
  } else {
    for (const key of ['code', 'example', 'dynamic', 'seed']) {
      const value = query.get(`__${key}`);
      if (value !== null) raw[key] = value;
    }
  }
  const preferences = {};
  if (raw.code !== undefined) {
    if (!/^\d{3}$/.test(raw.code)) return `Prefer code must be a three-digit status, got "${raw.code}"`;
    preferences.code = Number(raw.code);
  }
  if (raw.dynamic !== undefined) {
    if (raw.dynamic !== 'true' && raw.dynamic !== 'false') return `Prefer dynamic must be true or false, got "${raw.dynamic}"`;
    preferences.dynamic = raw.dynamic === 'true';
  }
  if (raw.example !== undefined) preferences.exampleKey = raw.example;
  if (raw.seed !== undefined) preferences.seed = raw.seed;
  return preferences;
}

function queryOf(searchParams) {
  const query = {};
  for (const key of new Set(searchParams.keys())) {
    const values = searchParams.getAll(key);
    query[key] = values.length === 1 ? values[0] : values;
  }
  return query;
}

/** The body as Prism wants it: parsed JSON, text, or undefined; `error` says why JSON did not parse. */
async function readBody(req) {
  const chunks = [];
  let size = 0;
  for await (const chunk of req) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw Object.assign(new Error(`request body over ${MAX_BODY_BYTES} bytes`), { status: 413 });
    chunks.push(chunk);
  }
  if (size === 0) return { value: undefined };
  const text = Buffer.concat(chunks).toString('utf8');
  if (!/^application\/([\w.+-]+\+)?json\b/i.test(req.headers['content-type'] ?? '')) return { value: text };
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    // Handed to Prism as text, so the schema check still names the body. Only the position of the fault goes in
    // the message: V8's own message quotes the input around it, which would echo a password into the answer and log.
    const at = /at position (\d+)/.exec(error.message)?.[1];
    return { value: text, error: `Request body is not valid JSON${at ? ` (at position ${at})` : ''}` };
  }
}

async function withTimeout(promise, ms) {
  if (ms === undefined) return promise;
  let timer;
  const timeout = new Promise((resolve) => {
    timer = setTimeout(() => resolve({ _tag: 'Left', left: { timeout: true } }), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

function problemOf(error, isProxy, upstream, timeoutMs) {
  if (error.timeout) {
    return {
      type: 'https://stoplight.io/prism/errors#UPSTREAM_TIMEOUT',
      title: 'Upstream did not answer',
      status: 504,
      detail: `${upstream} gave no answer within ${timeoutMs} ms`,
    };
  }
  if (error instanceof ProblemJsonError || typeof error.status === 'number') return ProblemJsonError.toProblemJson(error);
  // Anything else from Prism in proxy mode is the upstream call failing (refused, reset, DNS).
  return isProxy
    ? { type: 'https://stoplight.io/prism/errors#UPSTREAM', title: 'Upstream request failed', status: 502, detail: error.message }
    : ProblemJsonError.toProblemJson(error);
}

/** A violation as Prism's CLI shows it: where (`request.body.metadata`), how bad, which rule, what. */
const located = (where) => (v) => ({
  location: [where, ...(v.path ?? [])],
  severity: ['Error', 'Warning', 'Information', 'Hint'][v.severity] ?? 'Error',
  code: v.code,
  message: v.message,
});

// Prism's own header: keeps tools that read it working; cut like Prism does to stay under header size limits.
function violationsHeader(violations) {
  const value = JSON.stringify(violations);
  return value.length > 8000 ? `Too many violations! ${value.slice(0, 8000)}` : value;
}

function setCorsHeaders(req, res) {
  // The docs portal's "try it" runs on another origin, so answer CORS like Prism's default `--cors`.
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin || '*');
  res.setHeader('Access-Control-Allow-Headers', req.headers['access-control-request-headers'] || '*');
  res.setHeader('Access-Control-Allow-Credentials', 'true');
  res.setHeader('Access-Control-Expose-Headers', '*');
}

function sendProblem(res, problem) {
  send(res, problem.status, { 'Content-Type': 'application/problem+json' }, problem);
}

function send(res, status, headers, body) {
  for (const [name, value] of Object.entries(headers)) {
    // The body is re-serialised here, so the upstream's length and encoding no longer apply.
    if (value === undefined || value === null || /^(content-length|content-encoding)$/i.test(name)) continue;
    res.setHeader(name, value);
  }
  if (body === undefined || body === null || status === 204 || status === 304) return void res.writeHead(status).end();
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  res.writeHead(status, { 'Content-Length': Buffer.byteLength(text) }).end(text);
}
