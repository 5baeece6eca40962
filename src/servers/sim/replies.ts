// What the simulator answers, before it is written to the socket: a status, an optional JSON body and headers.
// Error bodies are the documents' own error examples (read once, when the simulator loads) with the simulator's
// message: an operation's answer for a status is its document's first example for it, or the example a handler
// names (`Ecs.0100`, `VmState`, `quota`). No code is written here or in the handlers.
import {
  codeFor,
  type ErrorDialect,
  type ErrorExample,
  errorCodes,
  errorExample,
  errorExamples,
  withMessage,
  writeError,
} from '../../openapi/error-formats.ts';
import { loadDocuments } from '../../openapi/load.ts';

/** The format a service answers in: each document's own, or Nova faults on the BMS v2.1 API. */
export type Dialect = Exclude<ErrorDialect, 'gateway'>;

export interface Reply {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

const EXAMPLES = errorExamples(loadDocuments());
const CODES = errorCodes(EXAMPLES);
// Every format needs a 500 code, the fallback for a status its document gives no example for: fail at load.
for (const dialect of ['ecs', 'bms', 'nova', 'rfs'] as const) codeFor(CODES, dialect, 500);

/** An error in a service's format, with the code its document gives for the status (else its 500 code). */
export function serviceError(dialect: Dialect, status: number, message: string): Reply {
  return { status, body: writeError(dialect, status, codeFor(CODES, dialect, status), message) };
}

/**
 * An error example of an operation's document: the one named `name`, else the first in the service's format.
 * Throws when the document has none: call it when a module loads, not per request.
 */
export function documented(operationId: string, status: number, name?: string): ErrorExample {
  return errorExample(EXAMPLES, operationId, status, name);
}

/** The answer an error example gives, with the simulator's message (by default the example's own). */
export function answer(example: ErrorExample, message: string = example.message): Reply {
  return { status: example.status, body: withMessage(example.body, message) };
}

/** An error of the API gateway, which answers before any service: authentication and unknown routes. */
export function gatewayError(status: number, code: string, message: string, requestId: string): Reply {
  return { status, body: writeError('gateway', status, code, message, requestId) };
}
