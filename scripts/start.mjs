// npm start: rebuilds the docs portal, serves it, and runs the mock server (scripts/mock.mjs) beside it.
// Ctrl-C or SIGTERM stops both; the mock runs in its own process group so that nothing it starts outlives us.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { buildDocs, defaultOutDir, repoRoot } from './docs/build.mjs';
import { startStaticServer } from './lib/static-server.mjs';

const HELP = `Usage: npm start [-- options]

Builds the docs portal (npm run docs), serves it, and starts the mock server of all three APIs beside it.

Options:
  --docs-port N   port of the docs site   (env DOCS_PORT, default 8080)
  --mock-port N   port of the mock server (env MOCK_PORT, default 4010)
  --host H        interface of both servers (env DOCS_HOST and MOCK_HOST, default 127.0.0.1).
                  Anything but loopback exposes them to your network.
  --no-mock       serve the docs only
  --no-build      serve the existing build without rebuilding it
  --docs-dir DIR  build into and serve DIR instead of generated/docs
  -h, --help      show this help

Stop with Ctrl-C (or SIGTERM): both servers stop.`;

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
// 0 lets the docs server pick a free port (it prints it); the mock's port must be known to wait for it.
const docsPort = port('--docs-port', options['docs-port'], 0);
const mockPort = port('--mock-port', options['mock-port'], 1);
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
/** Signals the mock's whole process group (it may run Prism children of its own). */
function signalMock(signal) {
  if (!mockRunning() || mock?.pid === undefined) return;
  try {
    process.kill(-mock.pid, signal);
  } catch {
    mock.kill(signal);
  }
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
process.on('SIGINT', () => void stop(0));
process.on('SIGTERM', () => void stop(0));
// Last resort (an uncaught error, process.exit elsewhere): never leave the mock orphaned.
process.on('exit', () => signalMock('SIGKILL'));
// `kill <npm pid>` makes npm pass SIGTERM to its `sh -c`, which dies without passing it on: we would live on as an
// orphan. Noticing that our parent changed is the portable way to follow it.
const parent = process.ppid;
setInterval(() => {
  if (process.ppid !== parent) void stop(0);
}, 500).unref();

/** Prefixes each line of the mock's output, so the two servers' logs stay apart. */
function relay(stream, write) {
  if (stream) createInterface({ input: stream }).on('line', (line) => write(`[mock] ${line}\n`));
}

/** Resolves once something accepts TCP connections on host:port. */
async function waitForPort(host, targetPort) {
  const connectHost = host === '0.0.0.0' ? '127.0.0.1' : host === '::' ? '::1' : host;
  const deadline = Date.now() + MOCK_READY_TIMEOUT_MS;
  for (;;) {
    const open = await new Promise((done) => {
      const socket = connect(targetPort, connectHost);
      socket.once('connect', () => {
        socket.end();
        done(true);
      });
      socket.once('error', () => done(false));
    });
    if (open) return;
    if (!mockRunning()) throw new Error(`the mock exited (code ${mock?.exitCode ?? mock?.signalCode}) before it listened`);
    if (Date.now() > deadline) throw new Error(`the mock did not listen on ${host}:${targetPort} within ${MOCK_READY_TIMEOUT_MS / 1000} s`);
    await new Promise((done) => setTimeout(done, 200));
  }
}

try {
  if (withMock) {
    // Started first: it boots while the docs build.
    console.log(`start: starting the mock (node scripts/mock.mjs --port ${mockPort} --host ${mockHost})…`);
    mock = spawn(process.execPath, [MOCK_SCRIPT, '--port', String(mockPort), '--host', mockHost], {
      cwd: repoRoot,
      detached: true, // own process group: stop() can signal the mock and everything it started
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    console.log(`start: mock started (pid ${mock.pid})`);
    relay(mock.stdout, (s) => process.stdout.write(s));
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
  if (withMock) await waitForPort(mockHost, mockPort);
  console.log('');
  console.log(`  Docs portal:  ${docs.url}`);
  if (withMock) console.log(`  Mock server:  http://${mockHost.includes(':') ? `[${mockHost}]` : mockHost}:${mockPort}`);
  console.log('\n  Press Ctrl-C to stop.\n');
} catch (error) {
  if (!stopping) {
    console.error(`start: ${error.message}`);
    await stop(1);
  }
}
