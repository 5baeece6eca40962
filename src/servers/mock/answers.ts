/**
 * The answers the mock makes itself, before Prism is asked: the documented 400 and 401 of an operation with the
 * real reason in their message (the service's own format and code stay), the credentials check, and the
 * problem+json answers for what no document describes (unknown route, bad Prefer, body too large, proxy faults).
 */
import { deref, type OpenApiDocument, type OperationInfo, responseExamples } from '../../openapi/documents.ts';
import { withMessage } from '../../openapi/error-formats.ts';
import { formatViolations, type Violation } from '../../openapi/validators.ts';
import { newRequestId } from '../http.ts';
import { PROBLEM_BASE, type Problem, SEVERITY } from './prism.ts';

export interface Answer {
  status: number;
  body?: unknown;
  headers: Record<string, string>;
  /** Why, for the log line. */
  note?: string;
}

export function problem(type: string, title: string, status: number, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `${PROBLEM_BASE}${type}`, title, status, detail, ...extra };
}

export function problemAnswer(p: Problem, headers: Record<string, string> = {}): Answer {
  return { status: p.status, body: p, headers: { 'Content-Type': 'application/problem+json', ...headers }, note: p.detail || p.title };
}

/** Longest field path shown: a key of 100 KB must not make a 100 KB message. */
export const MAX_FIELD_CHARS = 120;

/** The violations as one capped line (formatViolations caps the count; long field paths are cut here). */
export function violationsText(violations: readonly Violation[]): string {
  return formatViolations(violations.map((v) => (v.field.length > MAX_FIELD_CHARS ? { ...v, field: `${v.field.slice(0, MAX_FIELD_CHARS - 1)}…` } : v)));
}

const errorAnswer = (status: number, body: unknown, note: string): Answer => ({
  status,
  body,
  headers: { 'Content-Type': 'application/json', 'X-Request-Id': newRequestId() },
  note,
});

/**
 * The operation's documented error for `status` (the example named `exampleKey` if it has one, else the first),
 * with its message replaced by `message`. Undefined when the operation documents no such error with an example.
 */
export function documentedError(doc: OpenApiDocument, op: OperationInfo, status: number, message: string, exampleKey?: string): Answer | undefined {
  const examples = responseExamples(doc, op, status);
  const example = examples.find((e) => e.name === exampleKey) ?? examples[0];
  return example && errorAnswer(status, withMessage(example.value, message), message);
}

/** The documented error example of `status` named `name`, as it is (code and message). Undefined when there is none. */
export function documentedExample(doc: OpenApiDocument, op: OperationInfo, status: number, name: string, note: string): Answer | undefined {
  const example = responseExamples(doc, op, status).find((e) => e.name === name);
  return example && errorAnswer(status, example.value, note);
}

/**
 * The answer to a request that breaks the document (its violations, or why its body cannot be read): the
 * documented 400, else a 422 listing the violations.
 */
export function invalidRequest(doc: OpenApiDocument, op: OperationInfo, reason: readonly Violation[] | string, exampleKey?: string): Answer {
  const text = typeof reason === 'string' ? reason : violationsText(reason);
  const validation = typeof reason === 'string' ? [] : validationList(reason);
  return documentedError(doc, op, 400, text, exampleKey) ?? problemAnswer(problem('UNPROCESSABLE_ENTITY', 'Invalid request', 422, text, { validation }));
}

/** Violations in the `validation` list of a problem (Prism's shape: where, severity, rule, message), capped. */
export function validationList(violations: readonly Violation[]): Array<Record<string, unknown>> {
  return violations.slice(0, 20).map((v) => ({
    location: ['request', v.field],
    severity: SEVERITY[0],
    code: v.rule,
    message: violationsText([v]),
  }));
}

interface SecurityScheme {
  type?: string;
  in?: string;
  name?: string;
}

/** Per operation: the alternatives of credentials, each a list of header names (`[[X-Auth-Token], [Authorization, X-Sdk-Date]]`). */
const alternativesCache = new WeakMap<OperationInfo, string[][]>();

function alternatives(doc: OpenApiDocument, op: OperationInfo): string[][] {
  let found = alternativesCache.get(op);
  if (found) return found;
  const schemes = (doc.components?.securitySchemes ?? {}) as Record<string, unknown>;
  const requirements = (op.operation.security ?? doc.security ?? []) as Array<Record<string, unknown>>;
  found = requirements.map((requirement) =>
    Object.keys(requirement).map((name) => {
      const raw = schemes[name];
      const scheme = raw === undefined ? {} : deref<SecurityScheme>(doc, raw);
      // apiKey in a header names it; http (bearer, basic), oauth2 and openIdConnect all travel in Authorization.
      return scheme.type === 'apiKey' && scheme.in === 'header' && scheme.name
        ? scheme.name
        : scheme.type === 'apiKey'
          ? `${scheme.in} ${scheme.name}`
          : 'Authorization';
    }),
  );
  alternativesCache.set(op, found);
  return found;
}

/**
 * The credentials check: whether the request carries every header of at least one of the operation's security
 * alternatives. Like the gateway in front of the real services it is only a presence check here (the simulator
 * verifies tokens and signatures). Returns the message of the 401, or undefined when the request may pass.
 */
export function missingCredentials(doc: OpenApiDocument, op: OperationInfo, headers: Record<string, string | string[] | undefined>): string | undefined {
  const options = alternatives(doc, op);
  if (options.length === 0) return undefined;
  const present = (name: string) => {
    const value = headers[name.toLowerCase()];
    return typeof value === 'string' ? value.trim() !== '' : Array.isArray(value) && value.length > 0;
  };
  if (options.some((names) => names.every(present))) return undefined;
  return `Authentication required: missing credentials; send ${options.map((names) => names.join(' + ')).join(', or ')}`;
}

/** The documented 401 with the message naming what to send, else a 401 problem. */
export function unauthorized(doc: OpenApiDocument, op: OperationInfo, message: string, exampleKey?: string): Answer {
  return documentedError(doc, op, 401, message, exampleKey) ?? problemAnswer(problem('UNAUTHORIZED', 'Invalid security scheme used', 401, message));
}
