/**
 * `hwc-openapi docs` (npm run docs): writes the offline docs portal (the installed package's prebuilt one, or one
 * built from the documents in this repository); with --serve, serves it too until Ctrl-C.
 */
import { listenWarning } from '../servers/http.ts';
import { ALLOWED_HOST_OPTION, type CommandSpec, command, portSetting, setting } from './args.ts';
import { onStop } from './lifecycle.ts';

export const docsSpec = {
  name: 'docs',
  npm: 'npm run docs --',
  usage: '[options]',
  description: `Writes the offline docs portal of the ECS, BMS and RFS documents:
  index.html       landing page: services, operations with deep links, one search, and a short guide
  <api>.html       one Redoc page per API, with code samples (no CDN, no telemetry)
  console.html     the try-it console, for the mock and the simulator
  openapi/         the documents, as JSON and YAML`,
  options: {
    out: {
      type: 'string',
      value: '<dir>',
      help: 'where to write it (default ./hwc-openapi-docs from the installed command, generated/docs in this repository;\nwith --serve and no --out, the portal is served from where it is)',
    },
    serve: { type: 'boolean', help: 'serve the portal once it is built, until Ctrl-C' },
    port: { type: 'string', short: 'p', value: '<n>', help: 'with --serve: port (DOCS_PORT, default 8080; 0 picks a free one)' },
    host: { type: 'string', value: '<address>', help: 'with --serve: address to listen on (DOCS_HOST, default 127.0.0.1)' },
    'allowed-host': ALLOWED_HOST_OPTION,
  },
  footer: 'Or run `npm start` for the docs and the mock together, or open index.html directly.',
} as const satisfies CommandSpec;

export const docsCommand = command(docsSpec, async ({ values }) => {
  const port = portSetting(values.port, '--port', 'DOCS_PORT', 8080);
  const host = setting(values.host, '--host', 'DOCS_HOST', '127.0.0.1').text;
  const { preparePortal, prebuiltPortal } = await import('../docs/portal.ts');
  // The installed command holds the portal inside node_modules: without --serve it is written where the user is.
  const out = values.out ?? (!values.serve && prebuiltPortal() ? 'hwc-openapi-docs' : undefined);
  let outDir: string;
  try {
    outDir = await preparePortal({ outDir: out });
  } catch (error) {
    console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  if (!values.serve) {
    console.log(
      `docs: the portal is in ${outDir}; serve it with \`hwc-openapi docs --serve --out ${outDir}\` (or open its index.html as a file: the console then answers in the page, and needs the server for the mock and the simulator)`,
    );
    return;
  }
  const { startStaticServer } = await import('../servers/static.ts');
  let server: Awaited<ReturnType<typeof startStaticServer>> | undefined;
  onStop('docs', async () => {
    await server?.close();
  });
  try {
    server = await startStaticServer({ root: outDir, host, port, portOption: '--port or DOCS_PORT', allowedHosts: values['allowed-host'] ?? [] });
  } catch (error) {
    console.error(`docs: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
  const warning = listenWarning('docs', host);
  if (warning) console.warn(warning);
  console.log(`\n  Docs portal:  ${server.url}\n\n  Press Ctrl-C to stop.\n`);
});
