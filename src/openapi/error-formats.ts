/**
 * The error bodies of the APIs, in one place: how to recognise, read and write each of them.
 *
 *   huawei  {"error": {"code": "Ecs.0005", "message": "..."}}              ECS and BMS native APIs
 *   nova    {"badRequest": {"code": 400, "message": "..."}}                BMS v2.1 (OpenStack Nova faults)
 *   flat    {"error_code": "...", "error_msg": "...", "request_id"?: ...}  RFS, and the API gateway (APIGW.*)
 *
 * The client reads them (readError, kept tiny: it is in every browser bundle); the servers write them; the docs
 * classify them. The codes come from the documents' own examples: per status (src/pipeline/replies.ts errorCodesOf), or per operation and
 * example name (errorExamples, errorExample).
 */
import { listOperations, type OpenApiDocument, responseExamples } from './documents.ts';

export type ErrorShape = 'huawei' | 'nova' | 'flat';
/** Who answers: each service in its own format, Nova faults on the BMS v2.1 API, or the API gateway. */
export type ErrorDialect = 'ecs' | 'bms' | 'nova' | 'rfs' | 'gateway';

export const SHAPE_OF: Readonly<Record<ErrorDialect, ErrorShape>> = { ecs: 'huawei', bms: 'huawei', nova: 'nova', rfs: 'flat', gateway: 'flat' };

export interface ErrorFields {
  code?: string | undefined;
  message?: string | undefined;
  requestId?: string | undefined;
}

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);
const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/** Code, message and request id of an error body in any of the formats (Nova: the fault name is the code). */
export function readError(body: unknown): ErrorFields {
  if (!isRecord(body)) return {};
  if (typeof body.error_code === 'string' || typeof body.error_msg === 'string') {
    return { code: text(body.error_code), message: text(body.error_msg), requestId: text(body.request_id) };
  }
  for (const [name, detail] of Object.entries(body)) {
    if (isRecord(detail) && typeof detail.message === 'string') return { code: name === 'error' ? text(detail.code) : name, message: detail.message };
  }
  return {};
}

/** The shape of an error body, or undefined when it is none of them. */
export function classifyError(body: unknown): ErrorShape | undefined {
  if (!isRecord(body)) return undefined;
  if (typeof body.error_code === 'string' && 'error_msg' in body) return 'flat';
  const keys = Object.keys(body);
  const only = keys.length === 1 ? body[keys[0] as string] : undefined;
  if (!isRecord(only) || typeof only.message !== 'string') return undefined;
  if (keys[0] === 'error' && typeof only.code === 'string') return 'huawei';
  return typeof only.code === 'number' ? 'nova' : undefined;
}

/** An error body in a dialect's format. For Nova, `code` is the fault name (`badRequest`). */
export function writeError(dialect: ErrorDialect, status: number, code: string, message: string, requestId?: string): Record<string, unknown> {
  switch (SHAPE_OF[dialect]) {
    case 'nova':
      return { [code]: { code: status, message } };
    case 'flat':
      return requestId === undefined ? { error_code: code, error_msg: message } : { error_code: code, error_msg: message, request_id: requestId };
    default:
      return { error: { code, message } };
  }
}

/** The same body with its message replaced: the documented code and format stay. */
export function withMessage(body: unknown, message: string): unknown {
  if (!isRecord(body)) return body;
  if (typeof body.error_msg === 'string') return { ...body, error_msg: message };
  for (const [key, value] of Object.entries(body)) {
    if (isRecord(value) && typeof value.message === 'string') return { ...body, [key]: { ...value, message } };
  }
  return body;
}

/** One error example of an operation's response: its name in the document, code (Nova: fault name), message and body. */
export interface ErrorExample {
  name: string;
  status: number;
  dialect: ErrorDialect;
  code: string;
  message: string;
  body: unknown;
}
/** Every operation's error examples, by operationId and status, in document order. */
export type ErrorExamples = ReadonlyMap<string, ReadonlyMap<number, readonly ErrorExample[]>>;

/** Who answers with an example: the service in its format, Nova, or the API gateway (flat `APIGW.*`). */
function dialectOf(service: string, body: unknown, code: string): ErrorDialect | undefined {
  switch (classifyError(body)) {
    case 'nova':
      return 'nova';
    case 'huawei':
      return service === 'ecs' || service === 'bms' ? service : undefined;
    case 'flat':
      return code.startsWith('APIGW.') ? 'gateway' : service === 'rfs' ? 'rfs' : undefined;
    default:
      return undefined;
  }
}

/** The error examples (status 400 and above) of every operation of the documents, keyed by service name. */
export function errorExamples(documents: Readonly<Record<string, OpenApiDocument>>): ErrorExamples {
  const found = new Map<string, Map<number, ErrorExample[]>>();
  for (const [service, doc] of Object.entries(documents)) {
    for (const op of listOperations(doc, service)) {
      const byStatus = new Map<number, ErrorExample[]>();
      for (const status of op.statuses.filter((s) => s >= 400)) {
        const examples: ErrorExample[] = [];
        for (const { name, value } of responseExamples(doc, op, status)) {
          const { code, message } = readError(value);
          const dialect = code === undefined ? undefined : dialectOf(service, value, code);
          if (dialect && code !== undefined) examples.push({ name, status, dialect, code, message: message ?? '', body: value });
        }
        byStatus.set(status, examples);
      }
      found.set(op.operationId, byStatus);
    }
  }
  return found;
}

/**
 * An operation's error example for a status: the one named `name`, or else the first in the service's own format
 * (not the gateway's). Throws, naming what is missing, when the documents have no such example: servers resolve
 * the examples they use when they load, so a renamed or removed example stops them at start.
 */
export function errorExample(examples: ErrorExamples, operationId: string, status: number, name?: string): ErrorExample {
  const list = examples.get(operationId)?.get(status) ?? [];
  const found = name === undefined ? list.find((e) => e.dialect !== 'gateway') : list.find((e) => e.name === name);
  if (!found) {
    const which = name === undefined ? 'error example in the service format' : `error example named ${JSON.stringify(name)}`;
    throw new Error(`the documents give no ${which} for ${operationId} ${status} (examples: ${list.map((e) => e.name).join(', ') || 'none'})`);
  }
  return found;
}
