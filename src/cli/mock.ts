/**
 * `hwc-openapi mock` (npm run mock) and `hwc-openapi proxy` (npm run mock:proxy): options, progress output, and a
 * clean stop on Ctrl-C. `startMock` is also what `start` runs in its own process beside the docs server.
 */
import { relative } from 'node:path';
import { SERVICES } from '../openapi/documents.ts';
import { documentPath } from '../openapi/load.ts';
import { sdkOperationsOf } from '../openapi/samples.ts';
import { acceptedHosts, close, listen, listenWarning, StartupError } from '../servers/http.ts';
import { shownUrl } from '../servers/mock/forward.ts';
import type { MockServerOptions } from '../servers/mock/server.ts';
import { ALLOWED_HOST_OPTION, CORS_ORIGIN_OPTION, type CommandSpec, command, integerValue, portSetting, setting, UsageError } from './args.ts';
import { failStartup, onStop } from './lifecycle.ts';

const PREFER_HELP = `The Prefer header picks the response (or __code, __example, __dynamic in the query):
  Prefer: code=404                        the documented 404, with its first example
  Prefer: code=401, example=APIGW.0301    a named example of that status
  Prefer: dynamic=true                    a body generated from the schema`;

const DOCUMENT = {
  type: 'string',
  short: 'd',
  multiple: true,
  value: '<file>',
  help: 'serve this OpenAPI document (JSON or YAML); repeat for several\n(default: the bundled ECS, BMS and RFS documents)',
} as const;
const HOST = { type: 'string', value: '<address>', help: 'address to listen on (default 127.0.0.1, or MOCK_HOST)' } as const;
const QUIET = { type: 'boolean', short: 'q', help: 'print no line per request' } as const;

export const mockSpec = {
  name: 'mock',
  npm: 'npm run mock --',
  usage: '[options]',
  description: `Serves every API of the documents (ECS, BMS, RFS) on one port, from their examples. Every request is checked
against the documents: one that breaks them gets the documented 400 in the service's own error format, with a
message naming each field and rule; one without credentials gets the documented 401 naming what to send.`,
  options: {
    port: { type: 'string', short: 'p', value: '<n>', help: 'port to listen on (default 4010, or MOCK_PORT; 0 picks a free port)' },
    host: HOST,
    document: DOCUMENT,
    dynamic: { type: 'boolean', help: 'generate every response body from its schema instead of the examples' },
    'cors-origin': CORS_ORIGIN_OPTION,
    'allowed-host': ALLOWED_HOST_OPTION,
    quiet: QUIET,
  },
  footer: PREFER_HELP,
} as const satisfies CommandSpec;

export const proxySpec = {
  name: 'proxy',
  npm: 'npm run mock:proxy --',
  usage: '<upstream-url> [options]',
  description: `Forwards every request to <upstream-url> (the real service or the simulator) and checks both directions against
the documents, like \`prism proxy --errors\`, for ECS, BMS and RFS on one port:
  - a request that breaks a document gets 422 (401 without credentials) from the proxy and is not forwarded;
  - an upstream response that breaks the document, or has a status it does not list, becomes a 500 listing
    the violations;
  - an upstream that cannot be reached, or answers more than 10 MiB, gives 502; one that does not answer in
    time 504; a redirect is passed back, not followed (your credentials never go to another host).
Answers made by the proxy are application/problem+json, so they cannot be mistaken for the upstream's.`,
  options: {
    port: { type: 'string', short: 'p', value: '<n>', help: 'port to listen on (default 4011, or MOCK_PROXY_PORT; 0 picks a free port)' },
    host: HOST,
    document: DOCUMENT,
    'validate-request': { type: 'boolean', negated: true, help: 'forward invalid requests too, to check how the upstream rejects them' },
    timeout: { type: 'string', value: '<ms>', help: 'how long to wait for the upstream (default 30000)' },
    'cors-origin': CORS_ORIGIN_OPTION,
    'allowed-host': ALLOWED_HOST_OPTION,
    quiet: QUIET,
  },
  positionals: { min: 1, max: 1, name: 'upstream URL, for example http://127.0.0.1:4020' },
} as const satisfies CommandSpec;

/** How to start the mock or proxy: where to listen and what to print, plus the server's own options. */
export interface MockSettings extends Omit<MockServerOptions, 'mock' | 'hosts'> {
  host: string;
  port: number;
  /** How the user changes the port, for the "in use" message. */
  portOption: string;
  documents?: readonly string[];
  /** Host names answered besides loopback ones and the --host address. */
  allowedHosts?: readonly string[];
  /** Progress lines and the URL (`log`, one line per request, is the server's). */
  print: (line: string) => void;
  /** Prefix of progress lines: `mock`, `proxy`. */
  name: string;
}

export interface RunningMock {
  url: string;
  close: () => Promise<void>;
}

/** Loads the documents and Prism, listens, and prints the operations and the "listening on" line. */
export async function startMock(settings: MockSettings): Promise<RunningMock> {
  const { print, name, host, port, portOption, documents, allowedHosts, ...options } = settings;
  const shown = (documents ?? SERVICES.map((service) => documentPath(service))).map((f) => relative(process.cwd(), f) || f).join(', ');
  print(`${name}: loading ${shown}`);
  // Loaded only now, so that --help and option errors answer at once.
  const [{ loadMockDocuments }, { createMockServer }] = await Promise.all([import('../servers/mock/served.ts'), import('../servers/mock/server.ts')]);
  const mock = await loadMockDocuments(documents);
  const server = createMockServer({ ...options, mock, hosts: acceptedHosts(host, allowedHosts) });
  const { url } = await listen(server, { host, port, portOption });
  const width = Math.max(...mock.operations.map((op) => op.path.length));
  // One line per official SDK operation: the BMS tags path serves two (create and delete, by the body's action).
  const listed = mock.operations.flatMap((op) => sdkOperationsOf(op).map((sdk) => ({ ...op, operationId: sdk.operationId })));
  for (const op of listed) print(`  ${op.service.padEnd(4)} ${op.method.toUpperCase().padEnd(6)} ${op.path.padEnd(width)}  ${op.operationId}`);
  const warning = listenWarning(name, host);
  if (warning) print(warning);
  const what = options.upstream ? `Proxy to ${shownUrl(options.upstream)}` : 'Mock server';
  // Keep this line's form: `start` and the tests read the URL from it.
  print(`${what} listening on ${url} (${listed.length} operations, ready ${Math.round(performance.now())} ms after start; Ctrl-C to stop)`);
  return { url, close: () => close(server) };
}

function upstreamOf(text: string): URL {
  let upstream: URL;
  try {
    upstream = new URL(text);
  } catch {
    throw new UsageError(`the upstream "${text}" is not a URL; give for example http://127.0.0.1:4020`);
  }
  if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new UsageError(`the upstream must be http or https, got ${upstream.protocol}`);
  return upstream;
}

/** The options mock and proxy share. */
interface SharedValues {
  host?: string | undefined;
  port?: string | undefined;
  document?: string[] | undefined;
  'cors-origin'?: string[] | undefined;
  'allowed-host'?: string[] | undefined;
  quiet?: boolean | undefined;
}

/** The settings mock and proxy read alike; each has its own port variable and default. */
function sharedSettings(name: string, values: SharedValues, portVariable: string, defaultPort: number): MockSettings {
  return {
    name,
    host: setting(values.host, '--host', 'MOCK_HOST', '127.0.0.1').text,
    port: portSetting(values.port, '--port', portVariable, defaultPort),
    portOption: `--port or ${portVariable}`,
    ...(values.document ? { documents: values.document } : {}),
    corsOrigins: values['cors-origin'] ?? [],
    allowedHosts: values['allowed-host'] ?? [],
    ...(values.quiet ? {} : { log: (line: string) => console.log(line) }),
    print: (line) => console.log(line),
  };
}

/** Starts the mock or proxy with these settings; the process then lives until a signal. */
async function serve(settings: MockSettings): Promise<void> {
  let running: RunningMock | undefined;
  onStop(settings.name, async () => {
    await running?.close();
  });
  try {
    running = await startMock(settings);
  } catch (error) {
    failStartup(settings.name, error, (e) => e instanceof StartupError);
  }
}

export const mockCommand = command(mockSpec, ({ values }) => serve({ ...sharedSettings('mock', values, 'MOCK_PORT', 4010), dynamic: values.dynamic ?? false }));

export const proxyCommand = command(proxySpec, ({ values, positionals }) =>
  serve({
    ...sharedSettings('proxy', values, 'MOCK_PROXY_PORT', 4011),
    upstream: upstreamOf(positionals[0] as string),
    validateRequest: values['validate-request'] ?? true,
    upstreamTimeoutMs: integerValue(values.timeout ?? '30000', '--timeout', 1, 3_600_000),
  }),
);
