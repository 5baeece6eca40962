// Loads the bundled documents (generated/openapi/*.json) and compiles JSON Schema validators from them, so
// tests check payloads against exactly what the documents say.
import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export type ApiName = 'ecs' | 'bms' | 'rfs';
export const apiNames: readonly ApiName[] = ['ecs', 'bms', 'rfs'];

type Json = Record<string, unknown>;
export interface OperationInfo {
  api: ApiName;
  operationId: string;
  method: string;
  path: string;
  operation: Json;
  parameters: Json[];
}

const documents = new Map<ApiName, Json>();
export function loadDocument(api: ApiName): Json {
  let doc = documents.get(api);
  if (!doc) {
    doc = JSON.parse(readFileSync(new URL(`../../generated/openapi/${api}.json`, import.meta.url), 'utf8')) as Json;
    documents.set(api, doc);
  }
  return doc;
}

/** Follows a local `#/components/...` reference. */
export function deref<T = Json>(api: ApiName, value: unknown): T {
  let node = value as Json | undefined;
  while (node && typeof node.$ref === 'string') {
    node = (node.$ref as string)
      .slice(2)
      .split('/')
      .reduce<Json | undefined>((at, key) => at?.[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json | undefined, loadDocument(api));
  }
  if (!node) throw new Error(`${api}: unresolvable reference ${JSON.stringify(value)}`);
  return node as T;
}

export function operations(): OperationInfo[] {
  return apiNames.flatMap((api) =>
    Object.entries(loadDocument(api).paths as Record<string, Json>).flatMap(([path, item]) =>
      ['get', 'put', 'post', 'patch', 'delete']
        .filter((method) => item[method])
        .map((method) => {
          const operation = item[method] as Json;
          const parameters = [...((item.parameters as Json[]) ?? []), ...((operation.parameters as Json[]) ?? [])].map((p) => deref(api, p));
          return { api, operationId: operation.operationId as string, method, path, operation, parameters };
        }),
    ),
  );
}

export function operation(operationId: string): OperationInfo {
  const found = operations().find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the documents`);
  return found;
}

const ajvs = new Map<ApiName, Ajv2020>();
function ajvFor(api: ApiName): Ajv2020 {
  let ajv = ajvs.get(api);
  if (!ajv) {
    ajv = new Ajv2020({ allErrors: true, strict: false });
    addFormats(ajv);
    ajv.addSchema({ ...loadDocument(api), $id: `${api}.json` });
    ajvs.set(api, ajv);
  }
  return ajv;
}

/** A validator for a schema found at a JSON pointer of the document (refs resolve inside the document). */
export function validatorAt(api: ApiName, pointer: string): ValidateFunction {
  return ajvFor(api).getSchema(`${api}.json#${pointer}`) ?? fail(`no schema at ${api}.json#${pointer}`);
}

function fail(message: string): never {
  throw new Error(message);
}

const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');
export function requestBodyPointer(op: OperationInfo): string {
  return `/paths/${escapePointer(op.path)}/${op.method}/requestBody/content/application~1json/schema`;
}

/** One line per error, naming the field (JSON path or parameter name) and the rule (JSON Schema keyword). */
export function describeErrors(errors: ErrorObject[] | null | undefined, prefix = ''): string[] {
  return (errors ?? []).map((e) => {
    const field = `${prefix}${e.instancePath}` || '(body)';
    const detail = e.keyword === 'propertyNames' ? '' : ` ${JSON.stringify(e.params)}`;
    return `${field}: ${e.keyword}: ${e.message ?? ''}${detail}`;
  });
}

/** JSON pointer of a path/header parameter's schema (parameters are `$ref`s to components or inline). */
export function parameterSchemaPointer(op: OperationInfo, name: string): string {
  const escapedPath = escapePointer(op.path);
  const item = (loadDocument(op.api).paths as Record<string, Json>)[op.path] ?? {};
  const places: Array<[Json[] | undefined, string]> = [
    [op.operation.parameters as Json[] | undefined, `/paths/${escapedPath}/${op.method}/parameters`],
    [item.parameters as Json[] | undefined, `/paths/${escapedPath}/parameters`],
  ];
  for (const [list, base] of places) {
    for (const [index, raw] of (list ?? []).entries()) {
      if (deref<{ name?: string }>(op.api, raw).name !== name) continue;
      return typeof raw.$ref === 'string' ? `${raw.$ref.slice(1)}/schema` : `${base}/${index}/schema`;
    }
  }
  throw new Error(`${op.operationId} has no parameter ${name}`);
}
