/**
 * The error bodies of the APIs, in one place: how to recognise, read and write each of them.
 *
 *   huawei  {"error": {"code": "Ecs.0005", "message": "..."}}              ECS and BMS native APIs
 *   nova    {"badRequest": {"code": 400, "message": "..."}}                BMS v2.1 (OpenStack Nova faults)
 *   flat    {"error_code": "...", "error_msg": "...", "request_id"?: ...}  RFS, and the API gateway (APIGW.*)
 *
 * The client reads them (readError, kept tiny: it is in every browser bundle); the servers write them; the docs
 * classify them. The codes per status come from the documents' own examples (errorCodes).
 */
import { examplesOf, listOperations, type OpenApiDocument, responseOf } from './documents.ts';

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

export type ErrorCodes = Readonly<Record<Exclude<ErrorDialect, 'gateway'>, ReadonlyMap<number, string>>>;

/**
 * Each dialect's error code per status (for Nova, the fault name), taken from the documents' error examples: the
 * first example of each error response, the first operation that documents a status setting it.
 */
export function errorCodes(documents: Readonly<Record<string, OpenApiDocument>>): ErrorCodes {
  const found = { ecs: new Map<number, string>(), bms: new Map<number, string>(), nova: new Map<number, string>(), rfs: new Map<number, string>() };
  for (const [service, doc] of Object.entries(documents)) {
    for (const op of listOperations(doc, service)) {
      for (const status of op.statuses.filter((s) => s >= 400)) {
        const media = (responseOf(doc, op, status)?.response.content as Record<string, unknown> | undefined)?.['application/json'];
        const [first] = examplesOf(doc, media);
        const shape = classifyError(first?.value);
        const { code } = readError(first?.value);
        const dialect =
          shape === 'nova'
            ? 'nova'
            : shape === 'huawei' && (service === 'ecs' || service === 'bms')
              ? service
              : shape === 'flat' && service === 'rfs' && !code?.startsWith('APIGW.')
                ? 'rfs'
                : undefined;
        if (dialect && code && !found[dialect].has(status)) found[dialect].set(status, code);
      }
    }
  }
  return found;
}

/** The code of a dialect for a status, falling back to its 500 code (a status the documents give no example for). */
export function codeFor(codes: ErrorCodes, dialect: Exclude<ErrorDialect, 'gateway'>, status: number): string {
  const map = codes[dialect];
  const code = map.get(status) ?? map.get(500);
  if (code === undefined) throw new Error(`the documents have no ${status} or 500 error example in the ${dialect} format`);
  return code;
}
