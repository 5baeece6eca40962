/**
 * `hwc-openapi start` (npm start): builds the docs portal (keeping one built from unchanged inputs), serves it,
 * and runs the mock beside it, both in this one process. Ctrl-C, SIGTERM or SIGHUP (the terminal closed) stops both; there is no mock process to orphan.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { listenWarning, StartupError } from '../servers/http.ts';
import type { StaticServer } from '../servers/static.ts';
import { ALLOWED_HOST_OPTION, type CommandSpec, command, FROM_SOURCES, portSetting, setting, UsageError } from './args.ts';
import { onStop } from './lifecycle.ts';
import type { RunningMock } from './mock.ts';

export const startSpec = {
  name: 'start',
  npm: 'npm start --',
  usage: '[options]',
  // The installed command ships the portal prebuilt and serves that copy; only the repository's sources build it.
  description: FROM_SOURCES
    ? 'Builds the docs portal (npm run docs), serves it, and runs the mock server of all three APIs beside it, in one process.'
    : 'Serves the docs portal this package ships (prebuilt: nothing is built), and runs the mock server of all three APIs\nbeside it, in one process.',
  options: {
    'docs-port': { type: 'string', value: '<n>', help: 'port of the docs site (DOCS_PORT, default 8080; 0 picks a free one)' },
    'mock-port': { type: 'string', value: '<n>', help: 'port of the mock server (MOCK_PORT, default 4010; 0 picks a free one)' },
    host: {
      type: 'string',
      value: '<address>',
      help: 'interface of both servers (DOCS_HOST and MOCK_HOST, default 127.0.0.1).\nAnything but loopback exposes them to your network.',
    },
    'allowed-host': ALLOWED_HOST_OPTION,
    mock: { type: 'boolean', negated: true, help: 'serve the docs only' },
    build: {
      type: 'boolean',
      negated: true,
      help: FROM_SOURCES ? 'serve the existing build without rebuilding it' : 'serve --docs-dir as it is, without copying the shipped portal into it',
    },
    'docs-dir': {
      type: 'string',
      value: '<dir>',
      help: FROM_SOURCES
        ? 'build into and serve this directory instead of generated/docs'
        : 'copy the shipped portal into this directory and serve it from there',
    },
  },
  footer: 'Stop with Ctrl-C (or SIGTERM, SIGHUP): both servers stop.',
} as const satisfies CommandSpec;

export const startCommand = command(startSpec, async ({ values }) => {
  const docsPort = portSetting(values['docs-port'], '--docs-port', 'DOCS_PORT', 8080);
  const mockPort = portSetting(values['mock-port'], '--mock-port', 'MOCK_PORT', 4010);
  const docsHost = setting(values.host, '--host', 'DOCS_HOST', '127.0.0.1').text;
  const mockHost = setting(values.host, '--host', 'MOCK_HOST', '127.0.0.1').text;
  if (values['docs-dir'] === '') throw new UsageError('--docs-dir must name a directory');
  for (const host of new Set([docsHost, mockHost])) {
    const warning = listenWarning('start', host);
    if (warning) console.warn(warning);
  }
  const allowedHosts = values['allowed-host'] ?? [];

  let mock: RunningMock | undefined;
  let docs: StaticServer | undefined;
  const lifecycle = onStop('start', async () => {
    await Promise.all([mock?.close(), docs?.close()]);
  });
  try {
    if (values.mock !== false) {
      console.log(`start: starting the mock on ${mockHost}:${mockPort} in this process…`);
      const { startMock } = await import('./mock.ts');
      const prefixed = (line: string) => console.log(`[mock] ${line}`);
      mock = await startMock({
        name: 'mock',
        host: mockHost,
        port: mockPort,
        portOption: '--mock-port or MOCK_PORT',
        allowedHosts,
        log: prefixed,
        print: prefixed,
      });
      console.log(`start: mock started in this process (pid ${process.pid})`);
    }
    const { preparePortal, servedPortalDir } = await import('../docs/portal.ts');
    const docsDir = values.build === false ? servedPortalDir(values['docs-dir']) : await preparePortal({ outDir: values['docs-dir'], reuse: true });
    if (!existsSync(join(docsDir, 'index.html'))) throw new StartupError(`${docsDir} has no index.html: run without --no-build`);
    const { startStaticServer } = await import('../servers/static.ts');
    docs = await startStaticServer({ root: docsDir, host: docsHost, port: docsPort, portOption: '--docs-port or DOCS_PORT', allowedHosts });
    console.log('');
    console.log(`  Docs portal:  ${docs.url}`);
    if (mock) console.log(`  Mock server:  ${mock.url}`);
    console.log('\n  Press Ctrl-C to stop.\n');
  } catch (error) {
    console.error(`start: ${error instanceof Error ? error.message : String(error)}`);
    lifecycle.stop('start-up failed', 1);
  }
});
