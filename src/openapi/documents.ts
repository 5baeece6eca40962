/**
 * The one reader of the bundled OpenAPI documents (generated/openapi/*.json): the service list, JSON pointers,
 * `$ref` resolution and the list of operations with their parameters, body and responses resolved.
 * Pure data functions with no Node built-ins, so that browser code (the opt-in schema validator, the docs
 * console) can use them too; src/openapi/load.ts reads the files from disk.
 */

/** The services of this project, in the order the docs and the servers list them. */
export const SERVICES = ['ecs', 'bms', 'rfs'] as const;
export type ServiceName = (typeof SERVICES)[number];

const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export type Json = Record<string, unknown>;

export interface OpenApiDocument {
  openapi: string;
  info?: Json;
  servers?: ServerObject[];
  paths: Record<string, Json>;
  components?: Json;
  [key: string]: unknown;
}

export interface ServerObject {
  url: string;
  description?: string;
  variables?: Record<string, { default: string; description?: string; enum?: string[] }>;
}

export interface ParameterInfo {
  name: string;
  in: 'path' | 'header' | 'query' | 'cookie';
  required: boolean;
  /** The parameter's schema, as written (it may hold `$ref`s into the document). */
  schema: unknown;
  /** JSON pointer of that schema in the document, for validators compiled against the whole document. */
  schemaPointer: string;
  description?: string;
}

export interface OperationInfo {
  service: string;
  operationId: string;
  /** Lower case, as in the document. */
  method: HttpMethod;
  /** The path template, e.g. `/v1/{project_id}/jobs/{job_id}`. */
  path: string;
  /** JSON pointer of the operation object. */
  pointer: string;
  /** The operation object as written. */
  operation: Json;
  /** Path-item and operation parameters, resolved (operation-level ones win, as OpenAPI says). */
  parameters: ParameterInfo[];
  /** The JSON request body, if any: whether it is required and the pointer of its schema. */
  body?: { required: boolean; schemaPointer: string };
  /** Documented statuses, as numbers (`default` is left out). */
  statuses: number[];
  /** The servers that serve this operation: its own, else the path item's, else the document's. */
  servers: ServerObject[];
}

export const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const unescapePointer = (key: string): string => key.replace(/~1/g, '/').replace(/~0/g, '~');

/** The value at a JSON pointer (`/components/schemas/Job`), or undefined. */
export function atPointer(doc: unknown, pointer: string): unknown {
  if (pointer === '') return doc;
  let at: unknown = doc;
  for (const key of pointer.split('/').slice(1)) {
    if (at === null || typeof at !== 'object') return undefined;
    at = (at as Json)[unescapePointer(key)];
  }
  return at;
}

/**
 * Follows local `$ref`s (`#/components/...`) from `node`; returns the target and its pointer (`pointer` is where
 * `node` itself sits). Throws on a reference that does not resolve: a silent `undefined` hides broken documents.
 */
export function resolve<T = Json>(doc: OpenApiDocument, node: unknown, pointer = ''): { node: T; pointer: string } {
  let at = node;
  let where = pointer;
  for (let hops = 0; at !== null && typeof at === 'object' && typeof (at as Json).$ref === 'string'; hops++) {
    const ref = (at as Json).$ref as string;
    if (!ref.startsWith('#') || hops > 32) throw new Error(`cannot resolve $ref ${JSON.stringify(ref)}: only local references are supported`);
    where = ref.slice(1);
    at = atPointer(doc, where);
    if (at === undefined) throw new Error(`$ref ${JSON.stringify(ref)} points at nothing`);
  }
  return { node: at as T, pointer: where };
}

/** `resolve(...).node`. */
export function deref<T = Json>(doc: OpenApiDocument, node: unknown): T {
  return resolve<T>(doc, node).node;
}

/** Every operation of a document, in document order. */
export function listOperations(doc: OpenApiDocument, service: string): OperationInfo[] {
  const found: OperationInfo[] = [];
  for (const [path, rawItem] of Object.entries(doc.paths ?? {})) {
    const itemPointer = `/paths/${escapePointer(path)}`;
    const item = resolve<Json>(doc, rawItem, itemPointer).node;
    for (const method of HTTP_METHODS) {
      const operation = item[method] as Json | undefined;
      if (!operation) continue;
      const pointer = `${itemPointer}/${method}`;
      const byKey = new Map<string, ParameterInfo>();
      const addParameters = (list: unknown, base: string) => {
        for (const [index, raw] of ((list as unknown[] | undefined) ?? []).entries()) {
          const { node, pointer: at } = resolve<Json>(doc, raw, `${base}/${index}`);
          const parameter: ParameterInfo = {
            name: String(node.name),
            in: node.in as ParameterInfo['in'],
            required: node.required === true,
            schema: node.schema ?? {},
            schemaPointer: `${at}/schema`,
            ...(typeof node.description === 'string' ? { description: node.description } : {}),
          };
          byKey.set(`${parameter.in} ${parameter.name.toLowerCase()}`, parameter);
        }
      };
      addParameters(item.parameters, `${itemPointer}/parameters`);
      addParameters(operation.parameters, `${pointer}/parameters`);
      let body: OperationInfo['body'];
      if (operation.requestBody) {
        const { node, pointer: at } = resolve<Json>(doc, operation.requestBody, `${pointer}/requestBody`);
        if ((node.content as Json | undefined)?.['application/json']) {
          body = { required: node.required === true, schemaPointer: `${at}/content/application~1json/schema` };
        }
      }
      const statuses = Object.keys((operation.responses as Json | undefined) ?? {})
        .map(Number)
        .filter(Number.isInteger);
      found.push({
        service,
        operationId: String(operation.operationId),
        method,
        path,
        pointer,
        operation,
        parameters: [...byKey.values()],
        ...(body ? { body } : {}),
        statuses,
        servers: (operation.servers ?? item.servers ?? doc.servers ?? []) as ServerObject[],
      });
    }
  }
  return found;
}

/**
 * The response object of an operation for a status (resolved), and the pointer of its JSON schema when it has one.
 */
export function responseOf(doc: OpenApiDocument, op: OperationInfo, status: number | string): { response: Json; schemaPointer?: string } | undefined {
  const raw = (op.operation.responses as Json | undefined)?.[String(status)];
  if (raw === undefined) return undefined;
  const { node, pointer } = resolve<Json>(doc, raw, `${op.pointer}/responses/${status}`);
  const json = (node.content as Json | undefined)?.['application/json'];
  return { response: node, ...(json ? { schemaPointer: `${pointer}/content/application~1json/schema` } : {}) };
}

/** The named examples of a media type object (`examples`, or the single `example` as `default`), resolved. */
export function examplesOf(doc: OpenApiDocument, media: unknown): Array<{ name: string; summary?: string; value: unknown }> {
  if (media === null || typeof media !== 'object') return [];
  const m = media as Json;
  const named = Object.entries((m.examples as Json | undefined) ?? {}).map(([name, raw]) => {
    const example = deref<{ summary?: string; value?: unknown }>(doc, raw);
    return { name, ...(example.summary ? { summary: example.summary } : {}), value: example.value };
  });
  if (named.length === 0 && m.example !== undefined) return [{ name: 'default', value: m.example }];
  return named;
}

/** The named JSON examples of one documented response of an operation (none when it documents no such status). */
export function responseExamples(doc: OpenApiDocument, op: OperationInfo, status: number): Array<{ name: string; summary?: string; value: unknown }> {
  return examplesOf(doc, (responseOf(doc, op, status)?.response.content as Json | undefined)?.['application/json']);
}

/** `https://{host}.{region}.myhuaweicloud.com` → `{host}`: the first label of a server URL template. */
export function hostLabel(servers: readonly ServerObject[]): string | undefined {
  return /^https?:\/\/([a-z0-9-]+)\./.exec(servers[0]?.url ?? '')?.[1];
}
