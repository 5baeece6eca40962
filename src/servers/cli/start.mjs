// npm start: rebuilds the docs portal, serves it, and runs the mock server (scripts/mock.mjs) beside it.
// Ctrl-C, SIGTERM or SIGHUP (the terminal closed) stops both.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildDocs, defaultOutDir, repoRoot } from '../../docs/build.mjs';
import { startStaticServer } from '../static.mjs';

const HELP = `Usage: npm start [-- options]

Builds the docs portal (npm run docs), serves it, and starts the mock server of all three APIs beside it.

Options:
  --docs-port N   port of the docs site   (env DOCS_PORT, default 8080)
  --mock-port N   port of the mock server (env MOCK_PORT, default 4010; 0 picks a free one)
  --host H        interface of both servers (env DOCS_HOST and MOCK_HOST, default 127.0.0.1).
                  Anything but loopback exposes them to your network.
  --no-mock       serve the docs only
  --no-build      serve the existing build without rebuilding it
  --docs-dir DIR  build into and serve DIR instead of generated/docs
  -h, --help      show this help

Stop with Ctrl-C (or SIGTERM, SIGHUP): both servers stop.`;

const MOCK_SCRIPT = join(repoRoot, 'scripts', 'mock.mjs');
const MOCK_READY_TIMEOUT_MS = 30_000;

function fail(message, code = 2) {
  console.error(`start: ${message}`);
  process.exit(code);
}

let options;
try {
  ({ values: options } = parseArgs({
    options: {
      'docs-port': { type: 'string', default: process.env.DOCS_PORT || '8080' },
      'mock-port': { type: 'string', default: process.env.MOCK_PORT || '4010' },
      host: { type: 'string' },
      'no-mock': { type: 'boolean', default: false },
      'no-build': { type: 'boolean', default: false },
      'docs-dir': { type: 'string', default: defaultOutDir },
      help: { type: 'boolean', short: 'h', default: false },
    },
  }));
} catch (error) {
  fail(`${error.message}\n\n${HELP}`);
}
if (options.help) {
  console.log(HELP);
  process.exit(0);
}

/** @param {string} name @param {string} value @param {number} min */
function port(name, value, min) {
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > 65535) fail(`${name} must be a port number (${min}-65535), got "${value}"`);
  return n;
}
// 0 lets the server pick a free port; both print the URL they got.
const docsPort = port('--docs-port', options['docs-port'], 0);
const mockPort = port('--mock-port', options['mock-port'], 0);
const docsHost = options.host ?? process.env.DOCS_HOST ?? '127.0.0.1';
const mockHost = options.host ?? process.env.MOCK_HOST ?? '127.0.0.1';
const isLoopback = (host) => host === 'localhost' || host === '::1' || /^127\./.test(host);
for (const host of new Set([docsHost, mockHost])) {
  if (!isLoopback(host)) console.warn(`start: warning: listening on ${host}, reachable from other machines`);
}
const withMock = !options['no-mock'];
if (withMock && !existsSync(MOCK_SCRIPT)) fail(`${MOCK_SCRIPT} not found; use --no-mock to serve the docs only`, 1);

/** @type {import('node:child_process').ChildProcess | undefined} */
let mock;
/** @type {{ url: string, close: () => Promise<void> } | undefined} */
let docs;
let stopping = false;

const mockRunning = () => mock !== undefined && mock.exitCode === null && mock.signalCode === null;
function signalMock(signal) {
  if (mockRunning()) mock?.kill(signal);
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  console.log('start: stopping…');
  if (mockRunning()) {
    const exited = new Promise((done) => mock?.once('exit', done));
    signalMock('SIGTERM');
    const timer = setTimeout(() => signalMock('SIGKILL'), 5_000);
    await exited;
    clearTimeout(timer);
  }
  await docs?.close();
  process.exit(code);
}
// SIGHUP too: its default action would end us without stopping the mock (`kill -HUP <pid>` reaches only us).
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));
// Last resort (an uncaught error, process.exit elsewhere): never leave the mock orphaned. Not run when a signal
// kills us, hence the handlers above; only SIGKILL can still orphan the mock.
process.on('exit', () => signalMock('SIGKILL'));
// `kill <npm pid>` makes npm pass SIGTERM to its `sh -c`, which dies without passing it on: we would live on as an
// orphan. Noticing that our parent changed is the portable way to follow it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 500).unref();

/** Prefixes each line of the mock's output, so the two servers' logs stay apart. */
function relay(stream, write, onLine = () => {}) {
  if (stream) {
    createInterface({ input: stream }).on('line', (line) => {
      onLine(line);
      write(`[mock] ${line}\n`);
    });
  }
}

/** @type {Promise<string>} the mock's URL, from its "Mock server listening on URL" line (src/servers/cli/mock.mjs) */
let mockListening = new Promise(() => {});
/** Waits for that line. Not a probe of the port: some other program already listening there would answer it. */
function waitForMock() {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the mock did not say it was listening within ${MOCK_READY_TIMEOUT_MS / 1000} s`)), MOCK_READY_TIMEOUT_MS);
  });
  return Promise.race([mockListening, timeout]).finally(() => clearTimeout(timer));
}

try {
  if (withMock) {
    // Started first: it boots while the docs build.
    console.log(`start: starting the mock (node scripts/mock.mjs --port ${mockPort} --host ${mockHost})…`);
    // Not detached: it runs Prism in-process, so there is no process group to signal, and in ours a closed terminal
    // or a Ctrl-C reaches it directly too.
    mock = spawn(process.execPath, [MOCK_SCRIPT, '--port', String(mockPort), '--host', mockHost], {
      cwd: repoRoot,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    console.log(`start: mock started (pid ${mock.pid})`);
    mockListening = new Promise((resolve) => {
      relay(
        mock?.stdout,
        (s) => process.stdout.write(s),
        (line) => {
          const url = /^Mock server listening on (http:\/\/\S+)/.exec(line)?.[1];
          if (url) resolve(url);
        },
      );
    });
    relay(mock.stderr, (s) => process.stderr.write(s));
    mock.on('exit', (code, signal) => {
      if (stopping) return;
      console.error(`start: the mock exited unexpectedly (${signal ?? `code ${code}`}); stopping`);
      void stop(1);
    });
  }
  const docsDir = options['docs-dir'];
  if (!options['no-build']) await buildDocs({ outDir: docsDir });
  else if (!existsSync(join(docsDir, 'index.html'))) throw new Error(`${docsDir} has no index.html: run without --no-build`);

  docs = await startStaticServer({ root: docsDir, host: docsHost, port: docsPort }).catch((error) => {
    if (error.code === 'EADDRINUSE') throw new Error(`port ${docsPort} is in use: choose another with --docs-port or DOCS_PORT`);
    throw error;
  });
  // An early exit of the mock is handled by its 'exit' listener above.
  const mockUrl = withMock ? await waitForMock() : undefined;
  console.log('');
  console.log(`  Docs portal:  ${docs.url}`);
  if (mockUrl) console.log(`  Mock server:  ${mockUrl}`);
  console.log('\n  Press Ctrl-C to stop.\n');
} catch (error) {
  if (!stopping) {
    console.error(`start: ${error.message}`);
    await stop(1);
  }
}
