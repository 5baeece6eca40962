// What the portal is built from, as one content hash: the bundled documents, the code that renders and bundles
// them (src/docs, and the client, signer and OpenAPI readers the console bundles, and the pipeline and simulator
// its "In this page" target bundles), the locked dependency
// versions (Redocly, Redoc, esbuild) and redocly.yaml. `npm start` keeps a portal whose stamp (written beside its
// pages, as a dotfile the static server never serves) matches, instead of rebuilding it for 7–18 s.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { SERVICES } from '../openapi/documents.ts';
import { documentPath } from '../openapi/load.ts';
import { ROOT } from '../tooling/generate.ts';

/** The stamp's file in the portal directory. */
export const INPUTS_STAMP = '.build-inputs.json';

/** Source directories and files (relative to the repository) the build reads or bundles. */
const SOURCES = ['src/docs', 'src/client', 'src/openapi', 'src/pipeline', 'src/servers', 'src/index.ts', 'src/signer.ts', 'package-lock.json', 'redocly.yaml'];

function filesUnder(path: string): string[] {
  if (!existsSync(path)) return [];
  if (!statSync(path).isDirectory()) return [path];
  return readdirSync(path, { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))
    .flatMap((entry) => filesUnder(join(path, entry.name)));
}

/** sha256 of every input's path and content, in a fixed order. */
export function portalInputsHash(): string {
  const hash = createHash('sha256');
  const documents = SERVICES.flatMap((service) => [documentPath(service, 'json'), documentPath(service, 'yaml')]);
  for (const file of [...documents, ...SOURCES.flatMap((source) => filesUnder(join(ROOT, source)))]) {
    hash.update(`${relative(ROOT, file)}\0`);
    hash.update(readFileSync(file));
    hash.update('\0');
  }
  return hash.digest('hex');
}

/** The pages of the portal in `dir` if it is complete and was built from exactly these inputs, else undefined. */
export function currentPortalPages(dir: string, inputs: string): string[] | undefined {
  try {
    const stamp = JSON.parse(readFileSync(join(dir, INPUTS_STAMP), 'utf8')) as { inputs?: unknown; pages?: unknown };
    const pages: unknown[] = Array.isArray(stamp.pages) ? stamp.pages : [];
    const complete = pages.length > 0 && pages.every((page) => typeof page === 'string' && existsSync(join(dir, page)));
    return stamp.inputs === inputs && complete ? (pages as string[]) : undefined;
  } catch {
    return undefined;
  }
}

export function writeInputsStamp(dir: string, inputs: string, pages: readonly string[]): void {
  writeFileSync(join(dir, INPUTS_STAMP), `${JSON.stringify({ inputs, pages }, null, 2)}\n`);
}
