/**
 * The one error writer of the mock, the proxy and the simulator. An error an operation documents is answered with
 * the document's example for it (the service's code and format) and a message saying what is wrong; what no
 * document describes (no route, a fault) is answered in the server's own style: Prism's problem+json for the mock
 * and the proxy, the API gateway's format for the simulator, which stands where the gateway stands.
 */
import { type ErrorDialect, withMessage, writeError } from '../openapi/error-formats.ts';
import { formatViolations, type Violation } from '../openapi/violations.ts';
import type { Reply } from './exchange.ts';
import type { ServedOperation } from './operations.ts';

/** How a server answers what no document describes. */
export type Style = 'problem' | 'gateway';

export const PROBLEM_BASE = 'https://stoplight.io/prism/errors#';
/** Prism's severity names (DiagnosticSeverity: 0 error, 1 warning, ...). */
export const SEVERITY = ['Error', 'Warning', 'Information', 'Hint'] as const;

/** An answer the mock or proxy makes itself, as application/problem+json (Prism's own format for these). */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  [extra: string]: unknown;
}

export function problem(type: string, title: string, status: number, detail: string, extra: Record<string, unknown> = {}): Problem {
  return { type: `${PROBLEM_BASE}${type}`, title, status, detail, ...extra };
}

export function problemReply(p: Problem, headers: Record<string, string> = {}): Reply {
  return { status: p.status, body: p, headers: { 'Content-Type': 'application/problem+json', ...headers }, note: p.detail || p.title };
}

/** The API gateway's codes for what it refuses before any service sees the request. */
const GATEWAY_CODES: Readonly<Record<number, string>> = { 401: 'APIGW.0301', 403: 'APIGW.0306', 404: 'APIGW.0101', 500: 'APIGW.0001' };
/** The gateway's code for a status it answers itself. */
export const gatewayCode = (status: number): string => GATEWAY_CODES[status] ?? 'APIGW.0201';

/** An error of the API gateway, which answers before any service: authentication and unknown routes. */
export function gatewayError(status: number, message: string, requestId: string, code = gatewayCode(status)): Reply {
  return { status, body: writeError('gateway', status, code, message, requestId), note: message };
}

/** Longest field path shown: a key of 100 KB must not make a 100 KB message. */
export const MAX_FIELD_CHARS = 120;

/** The violations as one capped line (formatViolations caps the count; long field paths are cut here). */
export function violationsText(violations: readonly Violation[]): string {
  return formatViolations(violations.map((v) => (v.field.length > MAX_FIELD_CHARS ? { ...v, field: `${v.field.slice(0, MAX_FIELD_CHARS - 1)}…` } : v)));
}

/** Violations in the `validation` list of a problem (Prism's shape: where, severity, rule, message), capped. */
export function validationList(violations: readonly Violation[]): Array<Record<string, unknown>> {
  return violations.slice(0, 20).map((v) => ({ location: ['request', v.field], severity: SEVERITY[0], code: v.rule, message: violationsText([v]) }));
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/** The codes of each format by status, from every operation's first example of it: for statuses an operation lacks. */
export type ErrorCodes = ReadonlyMap<Exclude<ErrorDialect, 'gateway'>, ReadonlyMap<number, string>>;

export function errorCodesOf(operations: readonly ServedOperation[]): ErrorCodes {
  const codes = new Map<Exclude<ErrorDialect, 'gateway'>, Map<number, string>>();
  for (const op of operations) {
    const byStatus = codes.get(op.dialect) ?? new Map<number, string>();
    codes.set(op.dialect, byStatus);
    for (const status of op.statuses.filter((s) => s >= 400)) {
      const first = op.examples(status).find((e) => !e.gateway && e.code !== undefined);
      if (first?.code !== undefined && !byStatus.has(status)) byStatus.set(status, first.code);
    }
  }
  return codes;
}

/**
 * The operation's documented error for `status`: the example named `name` if it has one, else its first in the
 * service's format, with `message` (by default the example's own) and this request's id. Undefined when the
 * operation documents no such error with an example.
 */
export function documentedError(op: ServedOperation, status: number, requestId: string, message?: string, name?: string): Reply | undefined {
  const list = op.examples(status);
  const example = (name === undefined ? undefined : list.find((e) => e.name === name)) ?? list.find((e) => !e.gateway) ?? list[0];
  if (!example) return undefined;
  let body = message === undefined ? example.value : withMessage(example.value, message);
  if (isRecord(body) && typeof body.request_id === 'string') body = { ...body, request_id: requestId };
  return { status, body, headers: { 'Content-Type': 'application/json' }, note: message ?? example.name };
}

/** An error in the operation's service format for a status its document may not list (a fault, a throttle). */
export function serviceError(op: ServedOperation, codes: ErrorCodes, status: number, message: string): Reply {
  const byStatus = codes.get(op.dialect);
  const code = op.examples(status).find((e) => !e.gateway)?.code ?? byStatus?.get(status) ?? byStatus?.get(500) ?? 'APIGW.0001';
  return { status, body: writeError(op.dialect, status, code, message), note: message };
}
