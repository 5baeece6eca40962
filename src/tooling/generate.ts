/**
 * `npm run bundle`, `npm run generate` and `npm run check:generated` (scripts/ holds their thin entry points).
 *
 *   bundle    Redocly bundles each API of redocly.yaml into generated/openapi/<api>.yaml; every operation gets its
 *             code samples (`x-codeSamples`, src/openapi/samples.ts); the same document is written as JSON beside it
 *             (for consumers that do not parse YAML: ajv, the simulator, the docs build), and
 *             generated/operations.ts is derived from the documents (src/tooling/operations-table.ts).
 *   generate  bundle, then openapi-typescript types the bundles into generated/types/<api>.ts.
 *   check     regenerates in place and lists the files that changed, so it works on uncommitted trees too.
 *
 * Dev tooling (Node only): the package never runs it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import YAML from 'yaml';
import { atPointer, listOperations, type OpenApiDocument, SERVICES, type ServiceName } from '../openapi/documents.ts';
import { operationCodeSamples } from '../openapi/samples.ts';
import { operationsModule } from './operations-table.ts';

/** The repository root (this file is src/tooling/generate.ts). */
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

/**
 * Runs `write`, then gives every generated file whose content did not change its old modification time back:
 * the tools rewrite their outputs every time, and the build (test/support/built.ts) goes by modification times.
 */
function keepingUnchanged(write: () => void): void {
  const before = new Map([...snapshot()].map(([file, text]) => [file, { text, stat: statSync(`${ROOT}${file}`) }]));
  write();
  for (const [file, text] of snapshot()) {
    const old = before.get(file);
    if (old && old.text === text) utimesSync(`${ROOT}${file}`, old.stat.atime, old.stat.mtime);
  }
}

/** Bundles openapi/ into generated/openapi/*.{yaml,json} and writes generated/operations.ts. */
export function bundle(): string[] {
  keepingUnchanged(bundleFiles);
  return SERVICES.map((service) => `generated/openapi/${service}.{yaml,json}`);
}

function bundleFiles(): void {
  runTool('@redocly/cli', 'bin/cli.js', ['bundle']);
  const documents: Record<string, OpenApiDocument> = {};
  for (const service of SERVICES) {
    const file = `${ROOT}generated/openapi/${service}.yaml`;
    const yaml = YAML.parseDocument(readFileSync(file, 'utf8'));
    const doc = yaml.toJS() as OpenApiDocument;
    // The operations table holds rules for code (every other x- extension), not documentation: it is derived from
    // the document as bundled, before the samples, which would otherwise land in the client's bundle.
    documents[service] = structuredClone(doc);
    addCodeSamples(service, doc, yaml);
    // lineWidth 0: Redocly's own line breaks stay as they are, so only the samples are new in the file.
    writeFileSync(file, yaml.toString({ lineWidth: 0 }));
    writeFileSync(`${ROOT}generated/openapi/${service}.json`, `${JSON.stringify(doc, null, 2)}\n`);
  }
  writeFileSync(`${ROOT}generated/operations.ts`, operationsModule(documents));
}

/** Adds `x-codeSamples` to every operation of a bundle, in the parsed document and in its YAML text alike. */
function addCodeSamples(service: ServiceName, doc: OpenApiDocument, yaml: YAML.Document): void {
  for (const op of listOperations(doc, service)) {
    // The bundles inline every path item, so the operation sits at its pointer in both forms.
    if (atPointer(doc, op.pointer) !== op.operation) throw new Error(`${service} ${op.operationId}: the bundle does not hold it at ${op.pointer}`);
    const samples = operationCodeSamples(doc, op);
    op.operation['x-codeSamples'] = samples;
    const node = yaml.createNode(samples);
    // Multi-line sources as literal blocks (`|`), so that the YAML reads like the code.
    YAML.visit(node, {
      Scalar: (key, scalar) => {
        if (key === 'value' && String(scalar.value).includes('\n')) scalar.type = 'BLOCK_LITERAL';
      },
    });
    yaml.setIn(['paths', op.path, op.method, 'x-codeSamples'], node);
  }
}

/** bundle, then the TypeScript types of the bundles (scripts/config/openapi-ts.redocly.yaml says where). */
export function generate(): void {
  keepingUnchanged(() => {
    bundleFiles();
    runTool('openapi-typescript', 'bin/cli.js', ['--redocly', 'scripts/config/openapi-ts.redocly.yaml']);
  });
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
