/**
 * The runtime facts the clients and the simulator need from the documents, derived once by `npm run generate`
 * into generated/operations.ts so that they are never written twice. What a client reads, per operation: its
 * operationId, whether it may be retried (`x-idempotent`), the endpoint host (a path may override the document's
 * server, as the BMS native v2.1 API does with the ECS host), the UTF-8 byte limits of its request body
 * (`x-max-bytes` on schemas), which the client's always-on check applies without a JSON Schema validator, and its
 * 400 code. Apart, the rules stated as other operation extensions (openapi/README.md lists them), which only the
 * simulator reads: a separate export, so that a client's bundle leaves them out.
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
}

/** An operation's other extensions, camel-cased: `x-allowed-vm-states` → `allowedVmStates`. */
export type OperationRules = Record<string, unknown>;

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

/** The code of an operation's first 400 example in the service's format (the gateway's `APIGW.*` left out). */
function badRequestCode(doc: OpenApiDocument, op: OperationInfo): string | undefined {
  return responseExamples(doc, op, 400)
    .map(({ value }) => readError(value).code)
    .find((code) => code !== undefined && !code.startsWith('APIGW.'));
}

/** The tables of one document, keyed by `METHOD /path`: what clients read, and the rules of the operations that state any. */
function operationsTables(doc: OpenApiDocument, service: string): [Record<string, OperationEntry>, Record<string, OperationRules>] {
  const table: Record<string, OperationEntry> = {};
  const rules: Record<string, OperationRules> = {};
  for (const op of listOperations(doc, service)) {
    const key = `${op.method.toUpperCase()} ${op.path}`;
    const bodySchema = op.body ? { $ref: `#${op.body.schemaPointer}` } : undefined;
    table[key] = {
      operationId: op.operationId,
      idempotent: op.operation['x-idempotent'] === true,
      host: hostLabel(op.servers),
      byteLimits: bodySchema ? byteLimitsOf(doc, bodySchema) : [],
      badRequest: badRequestCode(doc, op),
    };
    const extensions = Object.entries(op.operation).filter(([name]) => name.startsWith('x-') && name !== 'x-idempotent');
    if (extensions.length > 0) rules[key] = Object.fromEntries(extensions.map(([name, value]) => [camel(name), value]));
  }
  return [table, rules];
}

/**
 * The text of generated/operations.ts: two exports per service, so a bundle with one client keeps one table, and
 * not the rules only the simulator reads.
 */
export function operationsModule(documents: Readonly<Record<string, OpenApiDocument>>): string {
  const json = (value: unknown) => JSON.stringify(value, null, 2);
  const exports = Object.entries(documents).map(([service, doc]) => {
    const [table, rules] = operationsTables(doc, service);
    return `export const ${service}Operations = ${json(table)} as const;\n\nexport const ${service}OperationRules = ${json(rules)} as const;\n`;
  });
  return `// Generated by src/tooling/generate.ts from openapi/ (npm run generate). Do not edit.\n${exports.join('\n')}`;
}
