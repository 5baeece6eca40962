// Stock Prism's proxy, one server per document, all in this one process: what `prism proxy DOC UPSTREAM --errors`
// runs (@stoplight/prism-cli's createPrismServerWithLogger: the document's operations, then prism-http-server with
// request and response validation, the security check and errors on), less the command line and its file watcher.
// One process loads Prism once: a `prism proxy` process cost about 3 CPU-seconds to start, nearly all of it loading.
//
//   node prism-proxies.mjs UPSTREAM DOCUMENT...
//
// Prints one line per document once every server listens, `listening <document> <url>`, in the order given.
import { createRequire } from 'node:module';

// Prism's modules as the CLI resolves them (its own dependencies, not the project's copies).
const require = createRequire(createRequire(import.meta.url).resolve('@stoplight/prism-cli/package.json'));
const { createServer } = require('@stoplight/prism-http-server');
const { getHttpOperationsFromSpec } = require('@stoplight/prism-http');
const { createLogger } = require('@stoplight/prism-core');

const [upstream, ...documents] = process.argv.slice(2);
if (!upstream || documents.length === 0) throw new Error('usage: node prism-proxies.mjs UPSTREAM DOCUMENT...');

// The CLI's proxy configuration (`prism proxy` with --errors and its defaults).
const config = {
  validateRequest: true,
  validateResponse: true,
  checkSecurity: true,
  errors: true,
  upstreamProxy: undefined,
  mock: { dynamic: false, ignoreExamples: false, seed: undefined },
  isProxy: true,
  upstream: new URL(upstream),
};
const logger = createLogger('CLI', { level: 'warn' });

const urls = await Promise.all(
  documents.map(async (document) => {
    const operations = await getHttpOperationsFromSpec(document);
    if (operations.length === 0) throw new Error(`no operations in ${document}`);
    const server = createServer(operations, { cors: true, config, components: { logger: logger.child({ name: 'HTTP SERVER' }) } });
    return server.listen(0, '127.0.0.1');
  }),
);
for (const [i, document] of documents.entries()) console.log(`listening ${document} ${urls[i]}`);
