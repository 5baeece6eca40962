/**
 * Documents from disk (Node only): the paths of the bundled files (the docs portal serves them), and a document
 * the user names (the mock's `--document`). The bundled documents as data are src/openapi/bundled.ts. The files
 * are found beside the code: `generated/openapi/` in this repository, `assets/openapi/` in the built command package.
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { OpenApiDocument, ServiceName } from './documents.ts';

export { loadDocument, loadDocuments } from './bundled.ts';

/**
 * The first of `candidates` (relative to this module's URL) that exists. Source files and the bundled command
 * sit at different depths, so each asset has a source path and a built path.
 */
export function locateAsset(candidates: readonly string[], from: string = import.meta.url): string {
  for (const candidate of candidates) {
    const path = fileURLToPath(new URL(candidate, from));
    if (existsSync(path)) return path;
  }
  throw new Error(`cannot find ${candidates[0]} (looked in ${candidates.map((c) => fileURLToPath(new URL(c, from))).join(', ')})`);
}

/** The directory holding `<service>.json` and `<service>.yaml`. */
function documentsDir(): string {
  return locateAsset(['../../generated/openapi/', './assets/openapi/', '../assets/openapi/']);
}

export function documentPath(service: ServiceName, format: 'json' | 'yaml' = 'json'): string {
  return `${documentsDir()}/${service}.${format}`;
}

/** A document the user names (the mock's `--document`): JSON or YAML, with an error that says what is wrong. */
export async function readDocumentFile(file: string): Promise<{ name: string; doc: OpenApiDocument }> {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new Error(`cannot read document ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`);
  }
  const yaml = /\.ya?ml$/i.test(file);
  let doc: unknown;
  try {
    doc = yaml ? (await import('yaml')).parse(text) : JSON.parse(text);
  } catch (error) {
    throw new Error(`document ${file} is not valid ${yaml ? 'YAML' : 'JSON'}: ${(error as Error).message}`);
  }
  if (doc === null || typeof doc !== 'object' || typeof (doc as { openapi?: unknown }).openapi !== 'string') {
    throw new Error(`document ${file} is not an OpenAPI document (no "openapi" field)`);
  }
  return { name: basename(file, extname(file)), doc: doc as OpenApiDocument };
}
