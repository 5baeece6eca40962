/**
 * The one JSON Schema validator of the project (ajv, draft 2020-12, compiled from the documents) and the one
 * explainer of its errors. The client's opt-in validator, the mock and the simulator all answer a bad request
 * with the same sentence: the field path, the rule (a JSON Schema keyword) and an explanation, e.g.
 *
 *   body.metadata["bad key!"]: pattern: must match ^[A-Za-z0-9_:.-]{1,255}$
 *
 * An explanation never contains the rejected value (it may be a password), only names and the rule's terms.
 * No Node built-ins: the client's browser bundle may include this module.
 */
import type { CodeOptions, SchemaValidateFunction } from 'ajv';
import Ajv2020, { type ErrorObject, type ValidateFunction } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import type { OpenApiDocument, OperationInfo } from './documents.ts';
import { fieldPath, maxBytesKeyword, maxBytesMessage, utf8Length, type Violation } from './violations.ts';

export { fieldPath, formatViolation, formatViolations, MAX_VIOLATIONS, utf8Length, type Violation } from './violations.ts';

/** Instance path segments, with array positions as numbers (found by walking the data). */
function segmentsOf(instancePath: string, data: unknown): Array<string | number> {
  const segments: Array<string | number> = [];
  let at = data;
  for (const raw of instancePath.split('/').slice(1)) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    const isIndex = Array.isArray(at) && /^\d+$/.test(key);
    segments.push(isIndex ? Number(key) : key);
    at = at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  }
  return segments;
}

const quoteList = (values: unknown[]): string => values.map((v) => JSON.stringify(v)).join(', ');

/** The explanation of one ajv error (never quoting the value). */
function messageOf(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'is required';
    case 'additionalProperties':
      return 'is not a known field';
    case 'dependentRequired':
      return `is required when ${String(p.property)} is present`;
    case 'pattern':
      return `must match ${String(p.pattern)}`;
    case 'format':
      return `must be a valid ${String(p.format)}`;
    case 'enum':
      return `must be one of ${quoteList(p.allowedValues as unknown[])}`;
    case 'const':
      return `must be ${JSON.stringify(p.allowedValue)}`;
    case 'x-max-bytes':
      return maxBytesMessage(Number(p.limit));
    case 'discriminator': {
      if (p.error === 'tag') return 'is required, a string';
      const values = (e.parentSchema as { [TAG_VALUES]?: unknown[] } | undefined)?.[TAG_VALUES];
      return values ? `must be one of ${quoteList(values)}` : 'must select one of the alternatives';
    }
    default:
      return e.message ?? 'is invalid';
  }
}

/** The property an error is about, when ajv names it in params rather than in the instance path. */
function namedProperty(e: ErrorObject): string | undefined {
  const p = e.params as Record<string, unknown>;
  const name =
    e.keyword === 'required' || e.keyword === 'dependentRequired'
      ? p.missingProperty
      : e.keyword === 'additionalProperties'
        ? p.additionalProperty
        : e.keyword === 'discriminator'
          ? p.tag
          : e.propertyName;
  return typeof name === 'string' ? name : undefined;
}

/**
 * The rule an error breaks, as the violations name it: a JSON Schema keyword, except for a discriminated oneOf,
 * whose tag is `required` when missing, and otherwise must be one of its values (`enum`).
 */
function ruleOf(e: ErrorObject): string {
  if (e.keyword !== 'discriminator') return e.keyword;
  return (e.params as { error?: string }).error === 'tag' ? 'required' : 'enum';
}

/** Where documentSchemas keeps the tag values of a discriminator's mapping, for the explanation. */
const TAG_VALUES = 'x-discriminator-values';

/**
 * A document as ajv compiles it. ajv validates a `oneOf` with a `discriminator` as OpenAPI means it: only the
 * branch the tag selects, so a bad body gets that branch's errors, not every branch's. It refuses the
 * `mapping` (it reads each branch's `const` instead), so the mapping is dropped here and its tag values kept for
 * the explanation.
 */
function forAjv(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(forAjv);
  if (node === null || typeof node !== 'object') return node;
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    const discriminator = value as { propertyName?: unknown; mapping?: Record<string, unknown> } | null;
    if (key === 'discriminator' && discriminator && typeof discriminator === 'object' && discriminator.mapping) {
      copy[key] = { propertyName: discriminator.propertyName };
      copy[TAG_VALUES] = Object.keys(discriminator.mapping);
    } else copy[key] = forAjv(value);
  }
  return copy;
}

/**
 * Branches of anyOf/oneOf that each require properties (`[{required: [a]}, {required: [b]}]`, possibly with
 * `properties` that forbid the others) → [a, b]; undefined when a branch does something else.
 */
function requiredAlternatives(schema: unknown): string[] | undefined {
  if (!Array.isArray(schema)) return undefined;
  const names: string[] = [];
  for (const branch of schema) {
    if (branch === null || typeof branch !== 'object') return undefined;
    const { required, properties, ...rest } = branch as { required?: unknown; properties?: unknown };
    const onlyFlags = properties === undefined || Object.values(properties as object).every((p) => typeof p === 'boolean');
    if (Object.keys(rest).length > 0 || !Array.isArray(required) || !onlyFlags) return undefined;
    names.push(...required.map(String));
  }
  return names;
}

/** One sentence for a failed anyOf/oneOf, from its alternatives. */
function combinatorMessage(e: ErrorObject, list: readonly ErrorObject[]): string {
  const branches = list.filter((b) => b !== e && b.schemaPath.startsWith(`${e.schemaPath}/`));
  const names = requiredAlternatives(e.schema);
  if (names) {
    // Every branch failed only on a forbidden property: more than one was given.
    const several = branches.length > 0 && branches.every((b) => b.keyword === 'false schema');
    return `must have ${e.keyword === 'oneOf' ? 'exactly' : 'at least'} one of ${names.join(', ')}${several ? ', not several' : ''}`;
  }
  const messages = [...new Set(branches.map(messageOf))];
  return messages.length > 0 ? `must match ${e.keyword === 'oneOf' ? 'exactly one' : 'one'} of: ${messages.join(', or ')}` : messageOf(e);
}

/** The keys of the object at `segments` that break an x-max-bytes of its propertyNames (ajv does not name them). */
function oversizedKeys(e: ErrorObject, data: unknown, segments: ReadonlyArray<string | number>): string[] {
  const limit = (e.params as { limit?: unknown }).limit;
  const object = segments.reduce<unknown>((at, s) => (at !== null && typeof at === 'object' ? (at as Record<string, unknown>)[s] : undefined), data);
  if (typeof limit !== 'number' || object === null || typeof object !== 'object') return [];
  return Object.keys(object).filter((key) => utf8Length(key) > limit);
}

/**
 * ajv's errors as violations under `root` (`body`, `path.server_id`, ...). Alternatives of anyOf/oneOf are said
 * together; the outer error of propertyNames is dropped in favour of the inner one, which names the key.
 */
export function explain(errors: readonly ErrorObject[] | null | undefined, root: string, data?: unknown): Violation[] {
  const list = errors ?? [];
  const combinators = list.filter((e) => e.keyword === 'anyOf' || e.keyword === 'oneOf');
  const insideCombinator = (e: ErrorObject) => combinators.some((c) => c !== e && e.schemaPath.startsWith(`${c.schemaPath}/`));
  const violations: Violation[] = [];
  const seen = new Set<string>();
  const add = (field: string, rule: string, message: string) => {
    const key = `${field}\0${rule}\0${message}`;
    if (seen.has(key)) return;
    seen.add(key);
    violations.push({ field, rule, message });
  };
  for (const e of list) {
    if (e.keyword === 'propertyNames' || insideCombinator(e)) continue;
    const segments = segmentsOf(e.instancePath, data);
    const name = namedProperty(e);
    const message = combinators.includes(e) ? combinatorMessage(e, list) : messageOf(e);
    const keys = name === undefined && e.keyword === 'x-max-bytes' && e.schemaPath.includes('/propertyNames/') ? oversizedKeys(e, data, segments) : [];
    if (keys.length > 0) for (const key of keys) add(fieldPath(root, [...segments, key]), e.keyword, message);
    else add(fieldPath(root, name === undefined ? segments : [...segments, name]), ruleOf(e), message);
  }
  return violations.length > 0 || list.length === 0 ? violations : [{ field: root, rule: 'schema', message: 'does not match the schema' }];
}

/** `code`: for code generated ahead of time (ajv's standalone code, src/docs/console/precompiled.ts). */
export function newAjv(code: CodeOptions = {}): Ajv2020 {
  // strict: false because OpenAPI documents carry keywords JSON Schema does not know (example, xml, ...);
  // verbose: explanations of anyOf/oneOf read the alternatives' schemas.
  // discriminator: a oneOf with one (see forAjv) is validated through the branch its tag selects.
  // validateSchema: false because documents are added whole, where JSON Schema's meta-schema checks only the top
  // level (none of it is a schema keyword), and compiling the meta-schema cost every Ajv about 0.05 s: 0.15–0.2 s
  // of a server's start-up. A fault in a schema still stops its compile; the tests check our fixture and state
  // schemas against the meta-schema.
  const ajv = new Ajv2020({ strict: false, allErrors: true, verbose: true, discriminator: true, code, validateSchema: false });
  addFormats(ajv);
  ajv.addFormat('password', true); // OpenAPI's `format: password` marks a secret; it is not a rule.
  // `x-max-bytes: N`: a string of at most N UTF-8 bytes (maxLength counts characters). openapi/README.md lists it.
  ajv.addKeyword({ keyword: 'x-max-bytes', type: 'string', schemaType: 'number', errors: true, validate: maxBytesKeyword as SchemaValidateFunction });
  return ajv;
}

/** A standalone schema (fixture and state files): returns the violations of a value under `root`. */
export function compileSchema(schema: object, root = '(document)'): (value: unknown) => Violation[] {
  const validate = newAjv().compile(schema);
  return (value) => (validate(value) ? [] : explain(validate.errors, root, value));
}

/** A header's value by its lower-case name, sent in any case; without allocating, since it runs per request. */
function headerValue(headers: Record<string, unknown>, lower: string): unknown {
  if (Object.hasOwn(headers, lower)) return headers[lower];
  for (const name in headers) if (name.length === lower.length && name.toLowerCase() === lower) return headers[name];
  return undefined;
}

/** An ajv holding several documents, as `<service>.json`: a schema of one is `{ $ref: 'ecs.json#<pointer>' }`. */
export function documentsAjv(documents: Readonly<Record<string, OpenApiDocument>>, code: CodeOptions = {}): Ajv2020 {
  const ajv = newAjv(code);
  for (const [service, doc] of Object.entries(documents)) ajv.addSchema({ ...(forAjv(doc) as object), $id: `${service}.json` });
  return ajv;
}

/** The schemas of several documents by JSON pointer, each compiled on first use against its whole document. */
function documentSchemas(documents: Readonly<Record<string, OpenApiDocument>>): (service: string, pointer: string) => ValidateFunction {
  const ajv = documentsAjv(documents);
  const compiled = new Map<string, ValidateFunction>();
  return (service, pointer) => {
    const key = `${service}.json#${pointer}`;
    let validate = compiled.get(key);
    if (!validate) {
      validate = ajv.compile({ $ref: key });
      compiled.set(key, validate);
    }
    return validate;
  };
}

/**
 * A validator for any schema of the documents, by JSON pointer (a response body, a parameter, a request body):
 * the violations of a value, in the one style. Tests check every answer of the servers with it.
 */
export function createSchemaValidators(
  documents: Readonly<Record<string, OpenApiDocument>>,
): (service: string, pointer: string) => (value: unknown) => Violation[] {
  const schemaAt = documentSchemas(documents);
  return (service, pointer) => {
    const validate = schemaAt(service, pointer);
    return (value) => (validate(value) ? [] : explain(validate.errors, '(value)', value));
  };
}

/** What a request carries, as the validator sees it. Header names are matched case-insensitively. */
export interface RequestParts {
  path?: Record<string, unknown>;
  header?: Record<string, unknown>;
  query?: Record<string, unknown>;
  /** The parsed body; `undefined` when the request has none. */
  body?: unknown;
}

export type OperationValidator = (request: RequestParts) => Violation[];

/**
 * Validators for the operations of several documents, each compiled on first use against the whole document
 * (so `$ref`s resolve): parameters of every location, then the JSON body.
 */
export function createRequestValidators(documents: Readonly<Record<string, OpenApiDocument>>): (op: OperationInfo) => OperationValidator {
  const schemaAt = documentSchemas(documents);
  const compiled = new Map<OperationInfo, OperationValidator>();

  return (op) => {
    let validator = compiled.get(op);
    if (validator) return validator;
    const parameters = op.parameters
      .filter((p) => p.in !== 'cookie')
      .map((p) => ({ ...p, validate: schemaAt(op.service, p.schemaPointer), lower: p.name.toLowerCase(), field: fieldPath(p.in, [p.name]) }));
    const body = op.body ? { required: op.body.required, validate: schemaAt(op.service, op.body.schemaPointer) } : undefined;
    validator = (request) => {
      const violations: Violation[] = [];
      for (const p of parameters) {
        const group = request[p.in as 'path' | 'header' | 'query'] ?? {};
        const value = p.in === 'header' ? headerValue(group, p.lower) : group[p.name];
        const { field } = p;
        if (value === undefined || value === null) {
          if (p.required) violations.push({ field, rule: 'required', message: 'is required' });
        } else if (!p.validate(value)) violations.push(...explain(p.validate.errors, field, value));
      }
      if (body) {
        if (request.body === undefined) {
          if (body.required) violations.push({ field: 'body', rule: 'required', message: 'is required' });
        } else if (!body.validate(request.body)) violations.push(...explain(body.validate.errors, 'body', request.body));
      }
      return violations;
    };
    compiled.set(op, validator);
    return validator;
  };
}
