/**
 * `hwc-openapi docs` (npm run docs): builds the offline docs portal; with --serve, serves it too until Ctrl-C.
 */
import { isLoopbackHost } from '../http.ts';
import { type CommandSpec, command, portSetting, setting } from './args.ts';
import { onStop } from './lifecycle.ts';

export const docsSpec = {
  name: 'docs',
  npm: 'npm run docs --',
  usage: '[options]',
  description: `Builds the offline docs portal from the bundled documents (generated/openapi/*.json, see npm run bundle):
  index.html       landing page: services, operations with deep links, and a short guide
  <api>.html       one Redoc page per API of redocly.yaml (no CDN, no telemetry)`,
  options: {
    out: { type: 'string', value: '<dir>', help: 'output directory (default generated/docs)' },
    serve: { type: 'boolean', help: 'serve the portal once it is built, until Ctrl-C' },
    port: { type: 'string', short: 'p', value: '<n>', help: 'with --serve: port (DOCS_PORT, default 8080; 0 picks a free one)' },
    host: { type: 'string', value: '<address>', help: 'with --serve: address to listen on (DOCS_HOST, default 127.0.0.1)' },
  },
  footer: 'Or run `npm start` for the docs and the mock together, or open index.html directly.',
} as const satisfies CommandSpec;

export const docsCommand = command(docsSpec, async ({ values }) => {
  const port = portSetting(values.port, '--port', 'DOCS_PORT', 8080);
  const host = setting(values.host, '--host', 'DOCS_HOST', '127.0.0.1').text;
  const { preparePortal } = await import('../../docs/portal.ts');
  let outDir: string;
  try {
    outDir = await preparePortal({ outDir: values.out });
  } catch (error) {
    console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (!values.serve) return;
  const { startStaticServer } = await import('../static.ts');
  let server: Awaited<ReturnType<typeof startStaticServer>> | undefined;
  onStop('docs', async () => {
    await server?.close();
  });
  try {
    server = await startStaticServer({ root: outDir, host, port, portOption: '--port or DOCS_PORT' });
  } catch (error) {
    console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (!isLoopbackHost(host)) console.warn(`docs: warning: listening on ${host}, reachable from other machines`);
  console.log(`\n  Docs portal:  ${server.url}\n\n  Press Ctrl-C to stop.\n`);
});
