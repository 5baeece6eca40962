/**
 * `npm run bundle`, `npm run generate` and `npm run check:generated` (scripts/ holds their thin entry points).
 *
 *   bundle    Redocly bundles each API of redocly.yaml into generated/openapi/<api>.yaml; the same document is
 *             written as JSON beside it (for consumers that do not parse YAML: ajv, the simulator, the docs build),
 *             and generated/operations.ts is derived from the documents (src/openapi/operations-table.ts).
 *   generate  bundle, then openapi-typescript types the bundles into generated/types/<api>.ts.
 *   check     regenerates in place and lists the files that changed, so it works on uncommitted trees too.
 *
 * Dev tooling (Node only): the package never runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { type OpenApiDocument, SERVICES } from './documents.ts';
import { operationsModule } from './operations-table.ts';

/** The repository root (this file is src/openapi/generate.ts). */
export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const require = createRequire(import.meta.url);
const GENERATED_DIRS = ['generated/openapi', 'generated/types'];
const GENERATED_FILES = ['generated/operations.ts'];

/**
 * Runs the Node CLI `bin` of the dependency `pkg` in the repository root; its output is shown only when it fails.
 * (The file is found beside the package's package.json: openapi-typescript's exports map `*.js` to `*.mjs`.)
 */
function runTool(pkg: string, bin: string, args: string[]): void {
  // Redocly prints an unsuppressible Node 20 banner on stderr: show the output only when the tool fails.
  const run = spawnSync(process.execPath, [join(dirname(require.resolve(`${pkg}/package.json`)), bin), ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    env: { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
  });
  if (run.status !== 0) {
    throw new Error(`${pkg} ${args.join(' ')} failed (exit ${run.status ?? run.signal}):\n${run.stdout}${run.stderr}`);
  }
}

/** Bundles openapi/ into generated/openapi/*.{yaml,json} and writes generated/operations.ts. */
export function bundle(): string[] {
  runTool('@redocly/cli', 'bin/cli.js', ['bundle']);
  const documents: Record<string, OpenApiDocument> = {};
  for (const service of SERVICES) {
    const doc = YAML.parse(readFileSync(`${ROOT}generated/openapi/${service}.yaml`, 'utf8')) as OpenApiDocument;
    documents[service] = doc;
    writeFileSync(`${ROOT}generated/openapi/${service}.json`, `${JSON.stringify(doc, null, 2)}\n`);
  }
  writeFileSync(`${ROOT}generated/operations.ts`, operationsModule(documents));
  return SERVICES.map((service) => `generated/openapi/${service}.{yaml,json}`);
}

/** bundle, then the TypeScript types of the bundles (scripts/config/openapi-ts.redocly.yaml says where). */
export function generate(): void {
  bundle();
  runTool('openapi-typescript', 'bin/cli.js', ['--redocly', 'scripts/config/openapi-ts.redocly.yaml']);
}

function snapshot(): Map<string, string> {
  const files = [
    ...GENERATED_DIRS.flatMap((dir) => (existsSync(`${ROOT}${dir}`) ? readdirSync(`${ROOT}${dir}`).map((f) => `${dir}/${f}`) : [])),
    ...GENERATED_FILES,
  ];
  return new Map(files.filter((f) => existsSync(`${ROOT}${f}`)).map((f) => [f, readFileSync(`${ROOT}${f}`, 'utf8')]));
}

/** Regenerates and returns the generated files that changed (empty when generated/ was up to date). */
export function checkGenerated(): { drifted: string[]; files: number } {
  const before = snapshot();
  generate();
  const after = snapshot();
  const drifted = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
  return { drifted, files: after.size };
}
