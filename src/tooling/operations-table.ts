/**
 * The runtime facts the clients and the simulator need from the documents, derived once by `npm run generate`
 * into generated/operations.ts so that they are never written twice: per operation its operationId, whether it
 * may be retried (`x-idempotent`), the endpoint host (a path may override the document's server, as the BMS
 * native v2.1 API does with the ECS host), the rules stated as operation extensions (openapi/README.md lists
 * them) and the UTF-8 byte limits of its request body (`x-max-bytes` on schemas), which the client's always-on
 * check applies without a JSON Schema validator.
 * Pure: no Node built-ins (src/tooling/generate.ts writes the file).
 */
import { hostLabel, type Json, listOperations, type OpenApiDocument, type OperationInfo, resolve, responseExamples } from '../openapi/documents.ts';
import { readError } from '../openapi/error-formats.ts';
import type { ByteLimit } from '../openapi/service-rules.ts';

export interface OperationEntry {
  operationId: string;
  idempotent: boolean;
  host: string | undefined;
  byteLimits: ByteLimit[];
  /**
   * The code of its first documented 400 example in the service's format (its answer to a broken rule): what the
   * client's ValidationError says the service would answer, unless a rule names a more specific example. The
   * documents name those examples by their codes (`RF.10011166`, `BMS.0001`, Nova's `badRequest`).
   */
  badRequest?: string;
  /** The other operation extensions, camel-cased: `x-allowed-vm-states` → `allowedVmStates`. */
  [rule: string]: unknown;
}

const isObject = (value: unknown): value is Json => value !== null && typeof value === 'object' && !Array.isArray(value);
const camel = (extension: string): string => extension.slice(2).replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());

/** The `x-max-bytes` of a schema (after `$ref`s), or undefined. */
function maxBytesOf(doc: OpenApiDocument, schema: unknown): number | undefined {
  if (!isObject(schema)) return undefined;
  const limit = resolve<Json>(doc, schema).node['x-max-bytes'];
  return typeof limit === 'number' ? limit : undefined;
}

/**
 * Every `x-max-bytes` reachable through object properties, maps and `allOf`/`anyOf`/`oneOf` branches of a request
 * body schema. (Arrays are not walked: no array item of a request body carries a byte limit, and a path into an
 * array would need an index wildcard the client check does not have.)
 */
function byteLimitsOf(doc: OpenApiDocument, schema: unknown, path: string[] = [], seen = new Set<string>()): ByteLimit[] {
  if (!isObject(schema)) return [];
  const { node, pointer } = resolve<Json>(doc, schema);
  const key = `${pointer || JSON.stringify(node)}@${path.join('/')}`;
  if (seen.has(key)) return [];
  seen.add(key);
  const found: ByteLimit[] = [];
  const add = (of: ByteLimit['of'], limit: number | undefined) => {
    if (limit !== undefined) found.push({ path, of, maxBytes: limit });
  };
  if (path.length > 0) add('value', maxBytesOf(doc, node));
  add('keys', maxBytesOf(doc, node.propertyNames));
  add('values', maxBytesOf(doc, node.additionalProperties));
  for (const [name, sub] of Object.entries(isObject(node.properties) ? node.properties : {})) {
    found.push(...byteLimitsOf(doc, sub, [...path, name], seen));
  }
  for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
    const branches = node[combinator];
    if (!Array.isArray(branches)) continue;
    for (const branch of branches) found.push(...byteLimitsOf(doc, branch, path, seen));
  }
  return found;
}

/** The table of one document, keyed by `METHOD /path`. */
/** The code of an operation's first 400 example in the service's format (the gateway's `APIGW.*` left out). */
function badRequestCode(doc: OpenApiDocument, op: OperationInfo): string | undefined {
  return responseExamples(doc, op, 400)
    .map(({ value }) => readError(value).code)
    .find((code) => code !== undefined && !code.startsWith('APIGW.'));
}

function operationsTable(doc: OpenApiDocument, service: string): Record<string, OperationEntry> {
  const table: Record<string, OperationEntry> = {};
  for (const op of listOperations(doc, service)) {
    const extensions = Object.entries(op.operation).filter(([name]) => name.startsWith('x-') && name !== 'x-idempotent');
    const bodySchema = op.body ? { $ref: `#${op.body.schemaPointer}` } : undefined;
    table[`${op.method.toUpperCase()} ${op.path}`] = {
      operationId: op.operationId,
      idempotent: op.operation['x-idempotent'] === true,
      host: hostLabel(op.servers),
      ...Object.fromEntries(extensions.map(([name, value]) => [camel(name), value])),
      byteLimits: bodySchema ? byteLimitsOf(doc, bodySchema) : [],
      badRequest: badRequestCode(doc, op),
    };
  }
  return table;
}

/** The text of generated/operations.ts: one export per service, so a bundle with one client keeps one table. */
export function operationsModule(documents: Readonly<Record<string, OpenApiDocument>>): string {
  const exports = Object.entries(documents).map(
    ([service, doc]) => `export const ${service}Operations = ${JSON.stringify(operationsTable(doc, service), null, 2)} as const;\n`,
  );
  return `// Generated by src/tooling/generate.ts from openapi/ (npm run generate). Do not edit.\n${exports.join('\n')}`;
}
