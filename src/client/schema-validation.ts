/**
 * Opt-in schema validation: checks path and header parameters and the JSON body of a request against the
 * bundled OpenAPI document (generated/openapi/*.json) with ajv, before anything is sent.
 *
 *   import { ecsSchemaValidator } from 'hwc-openapi/schema-validation';
 *   const ecs = createEcsClient({ ..., validateRequest: ecsSchemaValidator() });
 *
 * It is a separate entry, not part of the package root: with ajv and the document, a program making one call
 * bundles to about 190 KB minified (57 KB gzip) instead of 15 KB (6.3 KB gzip), and ajv compiles validators
 * with `new Function`, which a strict Content-Security-Policy forbids. The client always checks, without it,
 * the rules the schemas cannot express; the server checks the rest. The constraints themselves live only in
 * openapi/: this module reads them from the bundled documents, it does not restate them.
 */
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import bmsDocument from '../../generated/openapi/bms.json' with { type: 'json' };
import ecsDocument from '../../generated/openapi/ecs.json' with { type: 'json' };
import rfsDocument from '../../generated/openapi/rfs.json' with { type: 'json' };
import { ValidationError } from './errors.ts';
import type { RequestValidator } from './types.ts';

interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  schema?: unknown;
}
type MaybeRef<T> = T | { $ref: string };
interface Operation {
  parameters?: MaybeRef<Parameter>[];
  requestBody?: { required?: boolean; content?: Record<string, { schema?: unknown }> };
}
export interface OpenApiDocument {
  paths: Record<string, Record<string, unknown> & { parameters?: MaybeRef<Parameter>[] }>;
  components?: Record<string, unknown> & { parameters?: Record<string, Parameter> };
}

/** A RequestValidator for the operations of `document`; each operation's schema is compiled on first use. */
export function createSchemaValidator(document: OpenApiDocument): RequestValidator {
  const ajv = new Ajv2020({ strict: false });
  addFormats(ajv);
  // OpenAPI's `format: password` only marks a field as secret (and ajv's messages never include values).
  ajv.addFormat('password', true);
  const compiled = new Map<string, ValidateFunction | undefined>();

  const resolve = (parameter: MaybeRef<Parameter>): Parameter =>
    '$ref' in parameter ? (document.components?.parameters?.[parameter.$ref.split('/').pop() ?? ''] as Parameter) : parameter;

  function compile(path: string, method: string): ValidateFunction | undefined {
    const item = document.paths[path];
    const operation = item?.[method] as Operation | undefined;
    if (!item || !operation) return undefined;
    const parameters = [...(item.parameters ?? []), ...(operation.parameters ?? [])].map(resolve);
    const group = (location: string) => {
      const members = parameters.filter((p) => p.in === location);
      return {
        type: 'object',
        properties: Object.fromEntries(members.map((p) => [p.name, p.schema ?? {}])),
        required: members.filter((p) => p.required).map((p) => p.name),
      };
    };
    const body = operation.requestBody?.content?.['application/json']?.schema;
    return ajv.compile({
      type: 'object',
      properties: { path: group('path'), header: group('header'), query: group('query'), ...(body ? { body } : {}) },
      required: operation.requestBody?.required ? ['body'] : [],
      // `#/components/...` references in the schemas resolve against this root.
      components: document.components,
    });
  }

  return ({ method, path, params, body }) => {
    const key = `${method} ${path}`;
    if (!compiled.has(key)) compiled.set(key, compile(path, method.toLowerCase()));
    const validate = compiled.get(key);
    if (!validate || validate({ path: params.path ?? {}, header: params.header ?? {}, query: params.query ?? {}, body })) return;
    throw toValidationError(validate.errors ?? []);
  };
}

/**
 * The first failure, as a field path (`/body/os-change/adminpass` → `body.os-change.adminpass`, with the
 * offending property appended for required/additionalProperties/propertyNames) and the keyword that failed.
 * For anyOf/oneOf, whose alternatives ajv reports first, the combinator is named with every alternative.
 */
function toValidationError(errors: ErrorObject[]): ValidationError {
  const combinator = errors.find((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  if (combinator) {
    const alternatives = errors.filter((e) => e !== combinator && e.schemaPath.startsWith(combinator.schemaPath));
    const keywords = new Set(alternatives.map((e) => e.keyword));
    const rule = keywords.size === 1 ? [...keywords][0]! : combinator.keyword;
    const explanation = `must ${alternatives.map((e) => (e.message ?? e.keyword).replace(/^must /, '')).join(', or ')}`;
    return new ValidationError(fieldOf(combinator), rule, explanation);
  }
  const first = errors[0];
  if (!first) return new ValidationError('(request)', 'schema', 'does not match the schema');
  return new ValidationError(fieldOf(first), first.keyword, `${first.propertyName === undefined ? '' : 'key '}${first.message ?? first.keyword}`);
}

function fieldOf(error: ErrorObject): string {
  const segments = error.instancePath
    .split('/')
    .slice(1)
    .map((s) => s.replaceAll('~1', '/').replaceAll('~0', '~'));
  const { missingProperty, additionalProperty } = error.params as { missingProperty?: string; additionalProperty?: string };
  const name = missingProperty ?? additionalProperty ?? error.propertyName;
  return [...segments, ...(name === undefined ? [] : [name])].join('.');
}

export const ecsSchemaValidator = (): RequestValidator => createSchemaValidator(ecsDocument as OpenApiDocument);
export const bmsSchemaValidator = (): RequestValidator => createSchemaValidator(bmsDocument as OpenApiDocument);
export const rfsSchemaValidator = (): RequestValidator => createSchemaValidator(rfsDocument as OpenApiDocument);
