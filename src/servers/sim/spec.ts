// Routing and request validation compiled from the bundled documents (generated/openapi/*.json), once per
// process: the documents are the only place where paths, parameters, body rules and status codes are written.
import { readFileSync } from 'node:fs';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

export type ApiName = 'ecs' | 'bms' | 'rfs';
export const apiNames: readonly ApiName[] = ['ecs', 'bms', 'rfs'];
/** An error body format: each document's own, plus the OpenStack Nova faults of the BMS v2.1 API. */
export type Dialect = ApiName | 'nova';
type Json = Record<string, unknown>;

export interface Parameter {
  name: string;
  in: 'path' | 'header' | 'query';
  required: boolean;
  validate: ValidateFunction;
}

export interface Operation {
  api: ApiName;
  operationId: string;
  method: string;
  template: string;
  regex: RegExp;
  /** Names of the path parameters, in the order of the regex groups. */
  pathNames: string[];
  parameters: Parameter[];
  body?: { required: boolean; validate: ValidateFunction };
  /** Status codes the document lists for this operation: nothing else may be returned. */
  statuses: ReadonlySet<number>;
}

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

export function loadDocument(api: ApiName): Json {
  return JSON.parse(readFileSync(new URL(`../../../generated/openapi/${api}.json`, import.meta.url), 'utf8')) as Json;
}

/** Follows local `#/components/...` references; returns the target and its JSON pointer. */
function follow(doc: Json, node: Json, pointer: string): { node: Json; pointer: string } {
  while (typeof node.$ref === 'string') {
    pointer = node.$ref.slice(1);
    node = pointer
      .split('/')
      .slice(1)
      .reduce<Json>((at, key) => at[key.replace(/~1/g, '/').replace(/~0/g, '~')] as Json, doc);
  }
  return { node, pointer };
}

const escapePointer = (key: string): string => key.replace(/~/g, '~0').replace(/\//g, '~1');
const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

let compiled: Operation[] | undefined;

/** All operations of the three documents, most specific path first (literal segments beat templated ones). */
export function operations(): Operation[] {
  if (compiled) return compiled;
  // One ajv for all three documents: each is added under its own $id so `#/components/...` refs resolve.
  // strict: false because OpenAPI documents carry keywords JSON Schema does not know (description, examples…).
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  ajv.addFormat('password', true); // OpenAPI's `format: password` is a UI hint, not a rule.
  const ops: Operation[] = [];
  for (const api of apiNames) {
    const doc = loadDocument(api);
    ajv.addSchema({ ...doc, $id: `${api}.json` });
    const schemaAt = (pointer: string): ValidateFunction => ajv.compile({ $ref: `${api}.json#${pointer}` });
    for (const [template, rawItem] of Object.entries(doc.paths as Record<string, Json>)) {
      const itemPointer = `/paths/${escapePointer(template)}`;
      for (const method of METHODS) {
        const operation = rawItem[method] as Json | undefined;
        if (!operation) continue;
        const rawParams: Array<[Json, string]> = [
          ...((rawItem.parameters as Json[] | undefined) ?? []).map((p, i): [Json, string] => [p, `${itemPointer}/parameters/${i}`]),
          ...((operation.parameters as Json[] | undefined) ?? []).map((p, i): [Json, string] => [p, `${itemPointer}/${method}/parameters/${i}`]),
        ];
        const parameters = rawParams.map(([raw, at]) => {
          const { node, pointer } = follow(doc, raw, at);
          return {
            name: String(node.name),
            in: node.in as Parameter['in'],
            required: node.required === true,
            validate: schemaAt(`${pointer}/schema`),
          };
        });
        const pathNames: string[] = [];
        const regex = new RegExp(
          `^${template
            .split(/(\{[^}]+\})/)
            .map((part) => {
              if (!part.startsWith('{')) return escapeRegex(part);
              pathNames.push(part.slice(1, -1));
              return '([^/]+)';
            })
            .join('')}$`,
        );
        let body: Operation['body'];
        if (operation.requestBody) {
          const { node, pointer } = follow(doc, operation.requestBody as Json, `${itemPointer}/${method}/requestBody`);
          body = { required: node.required === true, validate: schemaAt(`${pointer}/content/application~1json/schema`) };
        }
        const statuses = new Set(
          Object.keys(operation.responses as Json)
            .map(Number)
            .filter(Number.isInteger),
        );
        ops.push({ api, operationId: String(operation.operationId), method: method.toUpperCase(), template, regex, pathNames, parameters, body, statuses });
      }
    }
  }
  const literalLength = (t: string): number => t.replace(/\{[^}]+\}/g, '').length;
  compiled = ops.sort((a, b) => literalLength(b.template) - literalLength(a.template));
  return compiled;
}

/** The error code an example body carries, and the format it is written in (undefined: not an error body). */
function exampleCode(api: ApiName, example: unknown): [Dialect, string] | undefined {
  if (example === null || typeof example !== 'object') return undefined;
  const body = example as Record<string, unknown>;
  const error = body.error as { code?: unknown } | null | undefined;
  if (typeof error?.code === 'string') return [api, error.code]; // ECS, BMS: {"error": {"code", "message"}}
  if (typeof body.error_code === 'string') return [api, body.error_code]; // RFS: {"error_code", "error_msg"}
  const faults = Object.keys(body); // Nova: {"badRequest": {"code": 400, "message"}}; the code is the status
  const fault = faults.length === 1 ? (faults[0] ?? '') : '';
  return typeof (body[fault] as { code?: unknown } | undefined)?.code === 'number' ? ['nova', fault] : undefined;
}

let codes: Record<Dialect, ReadonlyMap<number, string>> | undefined;

/**
 * Each format's error code per status (for Nova, the fault name), taken from the documents' own examples: the
 * first example of each error response; the first operation that documents a status sets it.
 */
export function errorCodes(): Record<Dialect, ReadonlyMap<number, string>> {
  if (codes) return codes;
  const found: Record<Dialect, Map<number, string>> = { ecs: new Map(), bms: new Map(), nova: new Map(), rfs: new Map() };
  for (const api of apiNames) {
    const doc = loadDocument(api);
    for (const item of Object.values(doc.paths as Record<string, Json>)) {
      for (const method of METHODS) {
        const responses = (item[method] as Json | undefined)?.responses as Record<string, Json> | undefined;
        for (const [status, raw] of Object.entries(responses ?? {})) {
          if (Number(status) < 400) continue;
          const content = (follow(doc, raw, '').node.content as Record<string, Json> | undefined)?.['application/json'];
          const [first] = Object.values((content?.examples as Record<string, Json> | undefined) ?? {});
          const [dialect, code] = exampleCode(api, first ? follow(doc, first, '').node.value : content?.example) ?? [];
          if (dialect && code && !found[dialect].has(Number(status))) found[dialect].set(Number(status), code);
        }
      }
    }
  }
  // 500 is the fallback for any status a format has no example for.
  for (const [dialect, map] of Object.entries(found)) if (!map.has(500)) throw new Error(`the documents have no 500 error example in the ${dialect} format`);
  codes = found;
  return codes;
}

export type RouteMatch =
  | { kind: 'ok'; op: Operation; params: Record<string, string> }
  | { kind: 'bad-encoding'; op: Operation; name: string; params: Record<string, string> }
  | { kind: 'none' };

export function route(ops: Operation[], method: string, path: string): RouteMatch {
  for (const op of ops) {
    if (op.method !== method) continue;
    const m = op.regex.exec(path);
    if (!m) continue;
    const params: Record<string, string> = {};
    for (let i = 0; i < op.pathNames.length; i++) {
      const name = op.pathNames[i] ?? '';
      try {
        params[name] = decodeURIComponent(m[i + 1] ?? '');
      } catch {
        return { kind: 'bad-encoding', op, name, params };
      }
    }
    return { kind: 'ok', op, params };
  }
  return { kind: 'none' };
}

const shown = (s: string): string => JSON.stringify(s.length > 64 ? `${s.slice(0, 64)}…` : s);

function rule(e: ErrorObject): string {
  const params = e.params as Record<string, unknown>;
  const key = e.propertyName === undefined ? '' : `key ${shown(e.propertyName)} `;
  if (e.keyword === 'additionalProperties') return `${key}must NOT have additional property ${shown(String(params.additionalProperty))}`;
  if (e.keyword === 'enum') return `${key}${e.message ?? ''}: ${(params.allowedValues as unknown[]).map((v) => JSON.stringify(v)).join(', ')}`;
  return `${key}${e.message ?? 'is invalid'}`;
}

/**
 * One sentence naming the field and the rule, e.g.
 * `request body /metadata: key "a b" must match pattern "^[A-Za-z0-9_:.-]+$" (pattern)`.
 * Never includes the rejected value itself (it may be a password), only property names.
 */
export function describeError(errors: ErrorObject[] | null | undefined, subject: string): string {
  if (!errors || errors.length === 0) return `${subject} is invalid`;
  const where = (e: ErrorObject): string => (e.instancePath ? `${subject} ${e.instancePath}` : subject);
  // An anyOf/oneOf reports each failed alternative before itself: say them together, e.g. "give adminpass or keyname".
  const choices = errors.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const inChoice = (e: ErrorObject) => choices.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`));
  const sentences = errors.flatMap((e) => {
    if (inChoice(e)) return [];
    if (!choices.includes(e)) return [`${where(e)}: ${rule(e)} (${e.keyword})`];
    const branches = errors.filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`));
    const keywords = [...new Set(branches.map((b) => b.keyword))].join(', ');
    return [
      `${where(e)}: ${branches.map((b) => (b.instancePath === e.instancePath ? rule(b) : `${b.instancePath} ${rule(b)}`)).join(', or ')} (${e.keyword}: ${keywords})`,
    ];
  });
  // Every broken rule is named, so one round trip shows everything to fix.
  return [...new Set(sentences)].join('; ');
}
