// npm run docs: builds the offline docs portal into generated/docs/ (see src/docs/build.mjs).
import { parseArgs } from 'node:util';
import { buildDocs, defaultOutDir } from '../src/docs/build.mjs';

const HELP = `Usage: npm run docs [-- --out DIR]

Builds the offline docs portal from the bundled documents (generated/openapi/*.json, see npm run bundle):
  index.html       landing page: services, operations with deep links, and a short guide
  <api>.html       one self-contained Redoc page per API of redocly.yaml (no CDN, no telemetry)

Options:
  --out DIR   output directory (default: generated/docs)
  -h, --help  show this help

Serve it with \`npm start\` (docs on http://127.0.0.1:8080 plus the mock), or open index.html directly.`;

let options;
try {
  ({ values: options } = parseArgs({
    options: { out: { type: 'string', default: defaultOutDir }, help: { type: 'boolean', short: 'h' } },
  }));
} catch (error) {
  console.error(`docs: ${error.message}\n\n${HELP}`);
  process.exit(2);
}
if (options.help) {
  console.log(HELP);
  process.exit(0);
}
try {
  await buildDocs({ outDir: options.out });
} catch (error) {
  console.error(`docs: ${error.message}`);
  process.exit(1);
}
