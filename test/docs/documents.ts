// What the docs must show, read straight from the bundled documents (generated/openapi/*.json) and independent
// of the build code under test: every operation with its request and response examples.
import { readdirSync, readFileSync } from 'node:fs';

type Json = Record<string, unknown>;

export interface ExampleCase {
  name: string;
  /** What Redoc shows in its example picker: the summary, else the name. */
  label: string;
  value: unknown;
}

export interface OperationCase {
  api: string;
  operationId: string;
  summary: string;
  method: string;
  path: string;
  requestExamples: ExampleCase[];
  responses: { status: string; examples: ExampleCase[] }[];
}

const METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'];
const DIR = new URL('../../generated/openapi/', import.meta.url);

/** The APIs with a bundled JSON document, e.g. ['bms', 'ecs', 'rfs']. */
export const apis: string[] = readdirSync(DIR)
  .filter((f) => f.endsWith('.json'))
  .map((f) => f.slice(0, -'.json'.length))
  .sort();

export function loadDocument(api: string): Json {
  return JSON.parse(readFileSync(new URL(`${api}.json`, DIR), 'utf8')) as Json;
}

function deref(doc: Json, node: unknown): Json {
  let at = node as Json | undefined;
  while (at && typeof at.$ref === 'string') {
    at = at.$ref
      .slice(2)
      .split('/')
      .reduce<Json | undefined>((o, key) => o?.[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json | undefined, doc);
  }
  if (!at) throw new Error(`unresolvable reference ${JSON.stringify(node)}`);
  return at;
}

/** The examples of a request body or response: the single media type that has some (Redoc shows one at a time). */
function examplesOf(doc: Json, where: string, body: Json | undefined): ExampleCase[] {
  const content = Object.entries((body?.content ?? {}) as Record<string, Json>).filter(
    ([, media]) => media.examples !== undefined || media.example !== undefined,
  );
  if (content.length > 1) throw new Error(`${where}: several media types with examples; teach the docs test to pick each`);
  const media = content[0]?.[1];
  if (!media) return [];
  if (media.example !== undefined) return [{ name: 'example', label: 'example', value: media.example }];
  return Object.entries(media.examples as Record<string, unknown>).map(([name, ref]) => {
    const example = deref(doc, ref);
    return { name, label: typeof example.summary === 'string' ? example.summary : name, value: example.value };
  });
}

export function operationsOf(api: string): OperationCase[] {
  const doc = loadDocument(api);
  return Object.entries(doc.paths as Record<string, Json>).flatMap(([path, item]) =>
    METHODS.filter((m) => item[m]).map((method) => {
      const op = item[method] as Json;
      const operationId = String(op.operationId);
      return {
        api,
        operationId,
        summary: String(op.summary ?? ''),
        method: method.toUpperCase(),
        path,
        requestExamples: op.requestBody ? examplesOf(doc, `${operationId} request`, deref(doc, op.requestBody)) : [],
        responses: Object.entries(op.responses as Record<string, unknown>).map(([status, response]) => ({
          status,
          examples: examplesOf(doc, `${operationId} ${status}`, deref(doc, response)),
        })),
      };
    }),
  );
}
