/**
 * Code samples of one request: a curl command and a TypeScript program that uses the typed client as a user
 * writes it. The bundle step puts them into the documents as `x-codeSamples` (operationCodeSamples, from each
 * operation's first named request example); the docs console calls curlSample/typescriptSample in the browser
 * to show the code for exactly what it sent, with the outcome its build took from outcomeOf. Pure string
 * functions with no Node built-ins.
 *
 * Neither sample ever contains a secret: credentials are read from environment variables.
 */
import { deref, examplesOf, type Json, type OpenApiDocument, type OperationInfo, responseOf, type ServiceName } from './documents.ts';

/** One request, as the samples show it. */
export interface SampleRequest {
  service: ServiceName;
  operationId: string;
  /** HTTP method, any case. */
  method: string;
  /** The path template, e.g. `/v1/{project_id}/jobs/{job_id}`. */
  path: string;
  /** A value for every `{name}` of the template. */
  pathParams: Readonly<Record<string, string>>;
  query?: Readonly<Record<string, string>>;
  /** Header parameters the operation declares (RFS's Client-Request-Id, X-Project-Id), by name. */
  headerParams?: Readonly<Record<string, string>>;
  /** Other headers, such as the mock's `Prefer`. Not authentication: `auth` adds that. */
  headers?: Readonly<Record<string, string>>;
  /** The JSON body; undefined for none. */
  body?: unknown;
  /** Where it goes: a regional endpoint (`https://ecs.cn-north-4.myhuaweicloud.com`), the mock, the simulator. */
  baseUrl: string;
  /** An IAM token (X-Auth-Token), or an AK/SK signature (SDK-HMAC-SHA256). */
  auth: 'token' | 'aksk';
}

/** Names of the environment variables the samples read their credentials from. */
export interface EnvNames {
  token: string;
  accessKey: string;
  secretKey: string;
}
export const DEFAULT_ENV: Readonly<EnvNames> = { token: 'HWC_TOKEN', accessKey: 'HWC_ACCESS_KEY', secretKey: 'HWC_SECRET_KEY' };

export interface SampleOptions {
  /**
   * What the TypeScript program does with a success: print the data (`unwrap`), print the status of an answer
   * without a body (`{ error, response }`), or follow the job it returns to its end (`waitForJob`). Default 'data'.
   */
  outcome?: 'data' | 'status' | 'job';
  env?: Partial<EnvNames>;
}

/** One entry of an operation's `x-codeSamples`, as Redoc and other renderers read it. */
export interface CodeSample {
  lang: string;
  label: string;
  source: string;
}

/** Headers the TypeScript client sets itself; a program passes them only to override the client. */
const CLIENT_HEADERS = new Set(['client-request-id']);
const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;
const REGIONAL = /^https:\/\/[a-z0-9-]+\.([a-z0-9-]+)\.myhuaweicloud\.com\/?$/;
const WIDTH = 100;

/** A shell word: single-quoted unless it is plainly safe. */
export function shellQuote(text: string): string {
  return /^[\w@%+=:,./-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}

/** A TypeScript string literal in single quotes. */
export function tsString(text: string): string {
  const inner = JSON.stringify(text)
    .slice(1, -1)
    .replace(/\\"/g, '"')
    .replace(/'/g, "\\'")
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
  return `'${inner}'`;
}

/** A JSON value as a TypeScript literal: one line when it fits, else one member per line. */
export function tsLiteral(value: unknown, indent = '', room = WIDTH): string {
  if (typeof value === 'string') return tsString(value);
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'undefined';
  const entries = Array.isArray(value)
    ? value.map((item) => ['', item] as const)
    : Object.entries(value).map(([key, item]) => [`${IDENTIFIER.test(key) ? key : tsString(key)}: `, item] as const);
  const [open, close] = Array.isArray(value) ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return `${open}${close}`;
  const inner = `${indent}  `;
  const flat = entries.map(([key, item]) => `${key}${tsLiteral(item, inner, Number.POSITIVE_INFINITY)}`).join(', ');
  const spaced = Array.isArray(value) ? flat : ` ${flat} `;
  if (!flat.includes('\n') && spaced.length + 2 <= room) return `${open}${spaced}${close}`;
  const lines = entries.map(([key, item]) => `${inner}${key}${tsLiteral(item, inner, WIDTH - inner.length - key.length)},`);
  return `${open}\n${lines.join('\n')}\n${indent}${close}`;
}

/** The request's URL: the base URL, the path with its parameters filled in (encoded), and the query. */
export function requestUrl(request: SampleRequest): string {
  const path = request.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = request.pathParams[name];
    if (value === undefined) throw new Error(`${request.operationId}: no value for the path parameter ${name}`);
    return encodeURIComponent(value);
  });
  const query = new URLSearchParams(Object.entries(request.query ?? {})).toString();
  return `${request.baseUrl.replace(/\/+$/, '')}${path}${query ? `?${query}` : ''}`;
}

const envOf = (options: SampleOptions): EnvNames => ({ ...DEFAULT_ENV, ...options.env });

/** A curl command for the request, with credentials from the environment. */
export function curlSample(request: SampleRequest, options: SampleOptions = {}): string {
  const env = envOf(options);
  const method = request.method.toUpperCase();
  const lines: string[] = [];
  if (request.auth === 'aksk') {
    lines.push(
      '# AK/SK: X-Sdk-Date and Authorization are computed for this exact request (see Authentication in the guide;',
      '# a signature is valid for 15 minutes). curl cannot compute them: sign with the client, or use a token.',
    );
  }
  const args = [`curl -sS -i${method === 'GET' ? '' : ` -X ${method}`} ${shellQuote(requestUrl(request))}`];
  if (request.auth === 'token') args.push(`-H "X-Auth-Token: $${env.token}"`);
  else args.push('-H "X-Sdk-Date: $HWC_SDK_DATE"', '-H "Authorization: $HWC_AUTHORIZATION"');
  for (const [name, value] of Object.entries({ ...request.headerParams, ...request.headers })) args.push(`-H ${shellQuote(`${name}: ${value}`)}`);
  if (request.body !== undefined) {
    args.push(`-H 'Content-Type: application/json'`);
    const compact = JSON.stringify(request.body);
    args.push(`-d ${shellQuote(compact.length <= WIDTH ? compact : JSON.stringify(request.body, null, 2))}`);
  }
  lines.push(args.join(' \\\n  '));
  return `${lines.join('\n')}\n`;
}

const clientFactory = (service: ServiceName) => `create${service.charAt(0).toUpperCase()}${service.slice(1)}Client`;

/** The options object of `create<Service>Client(...)`. */
function clientOptions(request: SampleRequest, env: EnvNames): string {
  const region = REGIONAL.exec(request.baseUrl)?.[1];
  const projectId = request.path.includes('{project_id}') ? request.pathParams.project_id : undefined;
  const credentials =
    request.auth === 'token'
      ? `{ token: env(${tsString(env.token)}) }`
      : `{ accessKey: env(${tsString(env.accessKey)}), secretKey: env(${tsString(env.secretKey)}) }`;
  return [
    region ? `  region: ${tsString(region)},` : `  endpoint: ${tsString(request.baseUrl.replace(/\/+$/, ''))},`,
    ...(projectId === undefined ? [] : [`  projectId: ${tsString(projectId)},`]),
    `  credentials: ${credentials},`,
  ].join('\n');
}

/** The second argument of the client call (params, body, headers), or '' when it needs none. */
function callInit(request: SampleRequest, indent: string): string {
  const path = Object.fromEntries(Object.entries(request.pathParams).filter(([name]) => name !== 'project_id' && request.path.includes(`{${name}}`)));
  const header = Object.fromEntries(Object.entries(request.headerParams ?? {}).filter(([name]) => !CLIENT_HEADERS.has(name.toLowerCase())));
  const params: Record<string, unknown> = {};
  if (Object.keys(path).length) params.path = path;
  if (request.query && Object.keys(request.query).length) params.query = request.query;
  if (Object.keys(header).length) params.header = header;
  const init: Record<string, unknown> = {};
  if (Object.keys(params).length) init.params = params;
  if (request.body !== undefined) init.body = request.body;
  if (request.headers && Object.keys(request.headers).length) init.headers = request.headers;
  return Object.keys(init).length ? tsLiteral(init, indent, WIDTH - indent.length - 40) : '';
}

const ENV_HELPER = `// Credentials come from the environment: never write them into code.
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`set the environment variable \${name}\`);
  return value;
}`;

/** The end of the change-OS program: waitForJob, with the two ways a job can end badly handled. */
const followJob = (client: string) => `// The answer only says that the job was accepted: follow it to its end.
try {
  const job = await waitForJob(${client}, job_id, { intervalMs: 5_000, timeoutMs: 30 * 60_000 });
  console.log(\`job \${job.job_id}: \${job.status}\`);
} catch (error) {
  if (error instanceof JobFailedError) console.error(\`the job failed: \${error.errorCode}: \${error.failReason}\`);
  else if (error instanceof JobTimeoutError) console.error(\`the job is still \${error.job?.status} after \${error.timeoutMs} ms\`);
  else throw error;
  process.exitCode = 1;
}`;

/** A TypeScript program that makes the request with the typed client of the installed package. */
export function typescriptSample(request: SampleRequest, options: SampleOptions = {}): string {
  const env = envOf(options);
  const outcome = options.outcome ?? 'data';
  const client = request.service;
  const imports = [clientFactory(client), ...(outcome === 'job' ? ['JobFailedError', 'JobTimeoutError'] : []), ...(outcome === 'status' ? [] : ['unwrap'])];
  if (outcome === 'job') imports.push('waitForJob');
  const indent = outcome === 'status' ? '' : '  ';
  const init = callInit(request, indent);
  const call = `${client}.${request.method.toUpperCase()}(${tsString(request.path)}${init ? `, ${init}` : ''})`;
  const head = [
    `import { ${imports.join(', ')} } from 'hwc-openapi';`,
    '',
    ENV_HELPER,
    '',
    `const ${client} = ${clientFactory(client)}({\n${clientOptions(request, env)}\n});`,
    '',
  ];
  if (outcome === 'status') {
    return `${[...head, `const { error, response } = await ${call};`, 'if (error) throw error;', 'console.log(response.status);'].join('\n')}\n`;
  }
  if (outcome === 'data') return `${[...head, `const data = unwrap(\n  await ${call},\n);`, 'console.log(data);'].join('\n')}\n`;
  return `${[...head, `const { job_id } = unwrap(\n  await ${call},\n);`, followJob(client)].join('\n')}\n`;
}

/**
 * The documented example value of a parameter object (resolved): its `example`, its first `examples` entry, or its
 * schema's. The docs console starts its parameter inputs from the same value.
 */
export function parameterExample(doc: OpenApiDocument, parameter: Json): unknown {
  if (parameter.example !== undefined) return parameter.example;
  const named = Object.values((parameter.examples as Json | undefined) ?? {})[0];
  if (named !== undefined) return deref<{ value?: unknown }>(doc, named).value;
  const schema = deref<Json>(doc, parameter.schema ?? {});
  return Array.isArray(schema.examples) ? schema.examples[0] : schema.example;
}

/** The raw parameter objects of an operation, resolved (path item's first, the operation's overriding them). */
function rawParameters(doc: OpenApiDocument, op: OperationInfo): Json[] {
  const item = deref<Json>(doc, doc.paths[op.path]);
  const byKey = new Map<string, Json>();
  for (const raw of [...((item.parameters as unknown[]) ?? []), ...((op.operation.parameters as unknown[]) ?? [])]) {
    const parameter = deref<Json>(doc, raw);
    byKey.set(`${String(parameter.in)} ${String(parameter.name).toLowerCase()}`, parameter);
  }
  return [...byKey.values()];
}

/**
 * What the operation's 2xx answer is: no body ('status'), the receipt of an ECS job, whose only member is its
 * `job_id` ('job': the sample follows the job), or data. The docs console shows the same outcome.
 */
export function outcomeOf(doc: OpenApiDocument, op: OperationInfo): NonNullable<SampleOptions['outcome']> {
  const status = op.statuses.find((s) => s >= 200 && s < 300);
  const response = status === undefined ? undefined : responseOf(doc, op, status)?.response;
  const media = (response?.content as Json | undefined)?.['application/json'] as Json | undefined;
  if (!media) return 'status';
  const members = Object.keys(deref<Json>(doc, deref<Json>(doc, media.schema ?? {}).properties ?? {}));
  return op.service === 'ecs' && members.join() === 'job_id' ? 'job' : 'data';
}

/**
 * One official SDK operation an OpenAPI operation serves. Usually the operation itself; a path that serves several
 * SDK operations, told apart by the body's `action` (BMS tags: create and delete), lists them in
 * `x-sdk-operations`, each with its summary and the name of its request example.
 */
export interface SdkOperation {
  operationId: string;
  summary: string;
  /** The body's `action` that selects it, when the operation serves several. */
  action?: string;
  /** Its request example's name; by default the operation's first. */
  example?: string;
}

/** The SDK operations an operation serves (x-sdk-operations), or the operation alone. */
export function sdkOperationsOf(op: OperationInfo): SdkOperation[] {
  const listed = op.operation['x-sdk-operations'];
  if (Array.isArray(listed)) return listed as SdkOperation[];
  return [{ operationId: op.operationId, summary: typeof op.operation.summary === 'string' ? op.operation.summary : '' }];
}

/**
 * The request of an operation's first named request example (or the named one), with the documented regional
 * endpoint, under the name of the SDK operation it shows (by default the operation's).
 */
export function exampleRequest(
  doc: OpenApiDocument,
  op: OperationInfo,
  auth: SampleRequest['auth'],
  sdk: SdkOperation = { operationId: op.operationId, summary: '' },
): { request: SampleRequest; options: SampleOptions } {
  const server = op.servers[0];
  if (!server) throw new Error(`${op.operationId}: no server to send the sample to`);
  const baseUrl = server.url.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = server.variables?.[name]?.default;
    if (value === undefined) throw new Error(`${op.operationId}: the server variable ${name} has no default`);
    return value;
  });
  const pathParams: Record<string, string> = {};
  const headerParams: Record<string, string> = {};
  for (const parameter of rawParameters(doc, op)) {
    const required = parameter.in === 'path' || parameter.required === true;
    if (!required || (parameter.in !== 'path' && parameter.in !== 'header')) continue;
    const value = parameterExample(doc, parameter);
    if (typeof value !== 'string') throw new Error(`${op.operationId}: the ${parameter.in} parameter ${String(parameter.name)} has no example to show`);
    (parameter.in === 'path' ? pathParams : headerParams)[String(parameter.name)] = value;
  }
  let body: unknown;
  if (op.body) {
    const media = (deref<Json>(doc, op.operation.requestBody).content as Json)['application/json'];
    const examples = examplesOf(doc, media);
    const chosen = sdk.example === undefined ? examples[0] : examples.find((e) => e.name === sdk.example);
    if (!chosen) throw new Error(`${sdk.operationId}: the request body has no example ${sdk.example ?? ''} to show`);
    body = chosen.value;
  }
  const request: SampleRequest = {
    service: op.service as ServiceName,
    operationId: sdk.operationId,
    method: op.method,
    path: op.path,
    pathParams,
    ...(Object.keys(headerParams).length ? { headerParams } : {}),
    ...(body === undefined ? {} : { body }),
    baseUrl,
    auth,
  };
  return { request, options: { outcome: outcomeOf(doc, op) } };
}

/**
 * The `x-codeSamples` of an operation: curl with a token, and TypeScript signing with AK/SK, for each SDK operation
 * it serves (in x-sdk-operations order). With several, each label names its SDK operation: `curl:
 * BatchDeleteBaremetalServerTags`.
 */
export function operationCodeSamples(doc: OpenApiDocument, op: OperationInfo): CodeSample[] {
  const sdks = sdkOperationsOf(op);
  return sdks.flatMap((sdk) => {
    const label = (lang: string) => (sdks.length === 1 ? lang : `${lang}: ${sdk.operationId}`);
    const curl = exampleRequest(doc, op, 'token', sdk);
    const typescript = exampleRequest(doc, op, 'aksk', sdk);
    return [
      { lang: 'curl', label: label('curl'), source: curlSample(curl.request, curl.options) },
      { lang: 'TypeScript', label: label('TypeScript'), source: typescriptSample(typescript.request, typescript.options) },
    ];
  });
}
