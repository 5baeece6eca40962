// Command line of `npm run mock` and `npm run mock:proxy`: options, progress output, clean stop on Ctrl-C.
import { relative } from 'node:path';
import { parseArgs } from 'node:util';

const preferHelp = `The Prefer header picks the response (or __code, __example, __dynamic in the query):
  Prefer: code=404                        the documented 404, with its first example
  Prefer: code=401, example=APIGW.0301    a named example of that status
  Prefer: dynamic=true                    a body generated from the schema`;

const documentsHelp = `  -d, --document <file>  serve this OpenAPI document (JSON or YAML); repeat for several
                         (default generated/openapi/{ecs,bms,rfs}.json: run \`npm run bundle\` after editing openapi/)`;

const help = {
  mock: `Usage: npm run mock -- [options]

Serves every API of the documents (ECS, BMS, RFS) on one port, from their examples. Prism checks every request
against the documents: one that breaks them gets the documented 400 in the service's own error format, with a
message naming the field and the rule; one without credentials gets the documented 401.

Options:
  -p, --port <n>         port to listen on (default 4010, or MOCK_PORT; 0 picks a free port)
      --host <address>   address to listen on (default 127.0.0.1, or MOCK_HOST)
${documentsHelp}
      --dynamic          generate every response body from its schema instead of the examples
  -q, --quiet            print no line per request
  -h, --help             show this help

${preferHelp}`,
  proxy: `Usage: npm run mock:proxy -- <upstream-url> [options]

Forwards every request to <upstream-url> (the real service or the simulator) and checks both directions against
the documents, like \`prism proxy --errors\`, for ECS, BMS and RFS on one port:
  - a request that breaks a document gets 422 (401 without credentials) from the proxy and is not forwarded;
  - an upstream response that breaks the document becomes a 500 listing the violations;
  - an upstream that cannot be reached gives 502, one that does not answer in time 504.
Answers made by the proxy are application/problem+json, so they cannot be mistaken for the upstream's.

Options:
  -p, --port <n>         port to listen on (default 4011, or MOCK_PROXY_PORT; 0 picks a free port)
      --host <address>   address to listen on (default 127.0.0.1, or MOCK_HOST)
${documentsHelp}
      --no-validate-request  forward invalid requests too, to check how the upstream rejects them
      --timeout <ms>     how long to wait for the upstream (default 30000)
  -q, --quiet            print no line per request
  -h, --help             show this help`,
};

/** @param {'mock' | 'proxy'} mode */
export async function main(mode) {
  const name = mode === 'mock' ? 'mock' : 'mock:proxy';
  let options;
  try {
    options = parseOptions(mode);
  } catch (error) {
    console.error(`${name}: ${error.message}\nRun \`npm run ${name} -- --help\` for usage.`);
    process.exit(2);
  }
  if (options.help) {
    console.log(help[mode]);
    return;
  }

  // Loaded only now, so --help and option errors answer at once instead of after Prism's ~0.7 s import.
  const { close, createMockServer, defaultDocuments, listen, loadOperations, StartupError } = await import('../mock/server.mjs');
  let server;
  // Installed before the URL is printed: whoever reads it may send a signal at once.
  let stopping = false;
  const stop = (signal) => {
    // A second Ctrl-C while closing means "now"; before listening there is nothing to close.
    if (stopping) process.exit(130);
    if (!server?.listening) process.exit(0);
    stopping = true;
    console.log(`${name}: ${signal}, stopping`);
    close(server).then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
  try {
    options.documents ??= defaultDocuments;
    console.log(`${name}: loading ${options.documents.map((f) => relative(process.cwd(), f) || f).join(', ')}`);
    const operations = await loadOperations(options.documents);
    server = createMockServer({
      operations,
      upstream: options.upstream,
      validateRequest: options.validateRequest,
      dynamic: options.dynamic,
      upstreamTimeoutMs: options.timeout,
      log: options.quiet ? undefined : (line) => console.log(line),
    });
    const url = await listen(server, options.host, options.port);
    const width = Math.max(...operations.map((op) => op.path.length));
    for (const op of operations) {
      console.log(`  ${op.service.padEnd(4)} ${op.method.toUpperCase().padEnd(6)} ${op.path.padEnd(width)}  ${op.iid}`);
    }
    if (!/^http:\/\/(127\.\d+\.\d+\.\d+|\[::1\]|localhost)(:|$)/.test(url)) {
      console.warn(`${name}: warning: ${options.host} is not a loopback address; other machines can reach this server`);
    }
    const what = mode === 'mock' ? 'Mock server' : `Proxy to ${options.upstream.href}`;
    // Keep this line's form: src/servers/cli/start.mjs and the contract tests read the URL from it.
    console.log(`${what} listening on ${url} (${operations.length} operations, ready ${Math.round(performance.now())} ms after start; Ctrl-C to stop)`);
  } catch (error) {
    console.error(`${name}: start-up failed: ${error instanceof StartupError ? error.message : (error?.stack ?? error)}`);
    process.exit(1);
  }
}

function parseOptions(mode) {
  const { values, positionals } = parseArgs({
    allowPositionals: mode === 'proxy',
    allowNegative: true,
    options: {
      port: { type: 'string', short: 'p' },
      host: { type: 'string' },
      document: { type: 'string', short: 'd', multiple: true },
      quiet: { type: 'boolean', short: 'q' },
      help: { type: 'boolean', short: 'h' },
      ...(mode === 'mock' ? { dynamic: { type: 'boolean' } } : { 'validate-request': { type: 'boolean' }, timeout: { type: 'string' } }),
    },
  });
  if (values.help) return { help: true };
  const envPort = mode === 'mock' ? 'MOCK_PORT' : 'MOCK_PROXY_PORT';
  const port = integer(values.port ?? process.env[envPort] ?? (mode === 'mock' ? '4010' : '4011'), values.port ? '--port' : envPort, 0, 65535);
  const options = {
    port,
    host: values.host ?? process.env.MOCK_HOST ?? '127.0.0.1',
    documents: values.document,
    quiet: values.quiet ?? false,
    dynamic: values.dynamic ?? false,
    validateRequest: values['validate-request'] ?? true,
    timeout: integer(values.timeout ?? '30000', '--timeout', 1, 3_600_000),
  };
  if (mode === 'proxy') {
    if (positionals.length !== 1) throw new Error('give exactly one upstream URL, for example http://127.0.0.1:8080');
    let upstream;
    try {
      upstream = new URL(positionals[0]);
    } catch {
      throw new Error(`the upstream "${positionals[0]}" is not a URL; give for example http://127.0.0.1:8080`);
    }
    if (upstream.protocol !== 'http:' && upstream.protocol !== 'https:') throw new Error(`the upstream must be http or https, got ${upstream.protocol}`);
    options.upstream = upstream;
  }
  return options;
}

function integer(text, what, min, max) {
  const value = Number(text);
  if (!/^\d+$/.test(text) || value < min || value > max) throw new Error(`${what} must be a whole number from ${min} to ${max}, got "${text}"`);
  return value;
}
