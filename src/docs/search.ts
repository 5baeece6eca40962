// One search across every service on the landing page: the index of operations (id, method, path, summary),
// schemas (each with the operations that use it) and documented error codes (each with its status, message and
// the operations that answer it), built from the documents and embedded in the page as JSON; the
// page's own small script (search-browser.ts, compiled by writeSearchScript) filters it as the reader types.
import { readFileSync } from 'node:fs';
import { transformSync } from 'esbuild';
import { atPointer, type Json } from '../openapi/documents.ts';
import { errorExamples } from '../openapi/error-formats.ts';
import { docsAsset, writeHashed } from './assets.ts';
import { html, jsonData, type SafeHtml } from './html.ts';
import type { Documents, PortalModel } from './model.ts';

export interface SearchEntry {
  kind: 'operation' | 'schema' | 'error';
  /** The service label, `ECS`. */
  service: string;
  /** The operationId, schema name or error code (`Ecs.0100`). */
  name: string;
  method?: string;
  path?: string;
  /** An operation's summary; an error code's message, as its first example gives it. */
  summary?: string;
  /** An error code's HTTP status(es), `400` or `400, 409`. */
  status?: string;
  /** The operation's page; for a schema or an error code, the page of the first operation that uses it. */
  href: string;
  /** For a schema: the operations that use it, directly or through other schemas; for an error code: those that answer it. */
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

/** Every error code the operations' examples answer, with its statuses and the operations, per service. */
function errorEntries(documents: Documents, model: PortalModel): SearchEntry[] {
  const entries = new Map<string, SearchEntry & { statuses: Set<number> }>();
  for (const service of model.services) {
    const examples = errorExamples({ [service.name]: documents[service.name] });
    for (const { operationId, href } of service.operations) {
      for (const [status, list] of examples.get(operationId) ?? []) {
        for (const { code, message } of list) {
          const key = `${service.label} ${code}`;
          const entry = entries.get(key) ?? { kind: 'error', service: service.label, name: code, summary: message, href, usedBy: [], statuses: new Set() };
          entry.statuses.add(status);
          if (!entry.usedBy?.some((use) => use.operationId === operationId)) entry.usedBy?.push({ operationId, href });
          entries.set(key, entry);
        }
      }
    }
  }
  return [...entries.values()].map(({ statuses, ...entry }) => ({ ...entry, status: [...statuses].sort().join(', ') }));
}

/** Every operation of the portal, then every named schema with the operations that use it, then the error codes. */
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
  return [...operations, ...schemas.values(), ...errorEntries(documents, model)];
}

/** The search box, hidden until its script runs (without scripts, the operations table lists everything). */
export function searchBox(index: readonly SearchEntry[]): SafeHtml {
  return html`<div class="search" role="search" hidden>
      <label for="search-input">Search every service</label>
      <input id="search-input" type="search" autocomplete="off" spellcheck="false" placeholder="An operation, path, summary, schema or error code">
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
