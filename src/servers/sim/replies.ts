// What the simulator answers, before it is written to the socket: a status, an optional JSON body and headers.
// Error bodies are written by src/openapi/error-formats.ts in each service's format, with the codes the
// documents' own error examples give (read once, when the simulator loads), so no code is written here.
import { codeFor, type ErrorDialect, errorCodes, writeError } from '../../openapi/error-formats.ts';
import { loadDocuments } from '../../openapi/load.ts';

/** The format a service answers in: each document's own, or Nova faults on the BMS v2.1 API. */
export type Dialect = Exclude<ErrorDialect, 'gateway'>;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const CODES = errorCodes(loadDocuments());
// Every format needs a 500 code, the fallback for a status its document gives no example for: fail at load.
for (const dialect of ['ecs', 'bms', 'nova', 'rfs'] as const) codeFor(CODES, dialect, 500);

/** An error in a service's format, with the code its document gives for the status (else its 500 code). */
export function serviceError(dialect: Dialect, status: number, message: string): Reply {
  return { status, body: writeError(dialect, status, codeFor(CODES, dialect, status), message) };
}

/** An error of the API gateway, which answers before any service: authentication and unknown routes. */
export function gatewayError(status: number, code: string, message: string, requestId: string): Reply {
  return { status, body: writeError('gateway', status, code, message, requestId) };
}
