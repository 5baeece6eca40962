// One search across every service on the landing page: the index of operations (id, method, path, summary) and
// schemas (each with the operations that use it), built from the documents and embedded in the page as JSON; the
// page's own small script (search-browser.ts, compiled by writeSearchScript) filters it as the reader types.
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { atPointer, type Json } from '../openapi/documents.ts';
import { docsAsset, writeHashed } from './assets.ts';
import { html, jsonData, type SafeHtml } from './html.ts';
import type { Documents, PortalModel } from './model.ts';

export interface SearchEntry {
  kind: 'operation' | 'schema';
  /** The service label, `ECS`. */
  service: string;
  /** The operationId or schema name. */
  name: string;
  method?: string;
  path?: string;
  summary?: string;
  /** The operation's page; for a schema, the page of the first operation that uses it. */
  href: string;
  /** For a schema: the operations that use it, directly or through other schemas. */
  usedBy?: Array<{ operationId: string; href: string }>;
}

const SCHEMA_REF = /^#\/components\/schemas\/([^/]+)$/;

/** The names of the schemas an operation uses, following every `$ref` (responses, parameters, schemas). */
function schemasUsedBy(doc: Json, operation: unknown): string[] {
  const names = new Set<string>();
  const seen = new Set<string>();
  const visit = (node: unknown): void => {
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    if (node === null || typeof node !== 'object') return;
    const ref = (node as Json).$ref;
    if (typeof ref === 'string' && ref.startsWith('#/') && !seen.has(ref)) {
      seen.add(ref);
      const name = SCHEMA_REF.exec(ref)?.[1];
      if (name) names.add(name.replace(/~1/g, '/').replace(/~0/g, '~'));
      visit(atPointer(doc, ref.slice(1)));
    }
    for (const [key, value] of Object.entries(node)) if (key !== 'x-codeSamples' && key !== 'examples') visit(value);
  };
  visit(operation);
  return [...names];
}

/** Every operation of the portal, then every named schema with the operations that use it. */
export function searchIndex(documents: Documents, model: PortalModel): SearchEntry[] {
  const operations: SearchEntry[] = [];
  const schemas = new Map<string, SearchEntry>();
  for (const service of model.services) {
    const doc = documents[service.name];
    for (const { operationId, method, path, summary, href, source } of service.operations) {
      operations.push({ kind: 'operation', service: service.label, name: operationId, method, path, summary, href });
      for (const name of schemasUsedBy(doc, source.operation)) {
        const key = `${service.label} ${name}`;
        const entry = schemas.get(key) ?? { kind: 'schema', service: service.label, name, href, usedBy: [] };
        entry.usedBy?.push({ operationId, href });
        schemas.set(key, entry);
      }
    }
  }
  return [...operations, ...schemas.values()];
}

/** The search box, hidden until its script runs (without scripts, the operations table lists everything). */
export function searchBox(index: readonly SearchEntry[]): SafeHtml {
  return html`<div class="search" role="search" hidden>
      <label for="search-input">Search every service</label>
      <input id="search-input" type="search" autocomplete="off" spellcheck="false" placeholder="An operation, path, summary or schema name">
      <p class="search-status" id="search-status" aria-live="polite"></p>
      <ul class="search-results" id="search-results"></ul>
      <script type="application/json" id="search-index">${jsonData(index)}</script>
    </div>`;
}

/**
 * Compiles the page's search script (search-browser.ts) into the portal as `search.<hash>.js`, removing older
 * copies; returns its file name.
 */
export function writeSearchScript(outDir: string): string {
  const source = readFileSync(docsAsset('search-browser.ts'), 'utf8');
  const { code } = transformSync(source, { loader: 'ts', minify: true, target: 'es2020', format: 'iife' });
  return writeHashed(outDir, 'search', code);
}
