// The errors handlers answer with: the documents' own error examples (read once, when the simulator loads) with the
// simulator's message. An operation's answer for a status is its document's first example for it, or the example
// a handler names (`Ecs.0100`, `VmState`, `quota`). No code is written here or in the handlers.

import { loadDocuments } from '../../openapi/bundled.ts';
import { type ErrorExample, errorExample, errorExamples, withMessage } from '../../openapi/error-formats.ts';
import type { Reply } from '../../pipeline/exchange.ts';

export type { Reply } from '../../pipeline/exchange.ts';

const EXAMPLES = errorExamples(loadDocuments());

/**
 * An error example of an operation's document: the one named `name`, else the first in the service's format.
 * Throws when the document has none: call it when a module loads, not per request.
 */
export function documented(operationId: string, status: number, name?: string): ErrorExample {
  return errorExample(EXAMPLES, operationId, status, name);
}

/** The answer an error example gives, with the simulator's message (by default the example's own). */
export function answer(example: ErrorExample, message: string = example.message): Reply {
  return { status: example.status, body: withMessage(example.body, message), note: message };
}
