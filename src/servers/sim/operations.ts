// The operations the simulator serves, compiled from the bundled documents once per process: each operation's
// route, request validator and documented statuses, bound to its handler. The documents are the only place
// where paths, parameters, body rules and status codes are written.
import { listOperations, type OperationInfo, SERVICES } from '../../openapi/documents.ts';
import { loadDocuments } from '../../openapi/load.ts';
import { compileRoutes, type Route } from '../../openapi/routes.ts';
import { createRequestValidators, type OperationValidator } from '../../openapi/validators.ts';
import { type Handler, handlers } from './handlers.ts';

export interface ServedOperation extends OperationInfo {
  handler: Handler;
  validate: OperationValidator;
  /** The statuses its document lists: nothing else may be answered. */
  allowed: ReadonlySet<number>;
  /** It has query parameters: only then is the query string parsed. */
  readsQuery: boolean;
}

let compiled: Route<ServedOperation>[] | undefined;

/** The routes of every operation of the documents, validators compiled (not on first use: at start). */
export function servedRoutes(): Route<ServedOperation>[] {
  if (compiled) return compiled;
  const documents = loadDocuments();
  const validatorFor = createRequestValidators(documents);
  const operations = SERVICES.flatMap((service) => listOperations(documents[service], service)).map((op): ServedOperation => {
    const handler = handlers[op.operationId];
    if (!handler) throw new Error(`the simulator has no handler for ${op.service} ${op.operationId}`);
    return { ...op, handler, validate: validatorFor(op), allowed: new Set(op.statuses), readsQuery: op.parameters.some((p) => p.in === 'query') };
  });
  compiled = compileRoutes(operations);
  return compiled;
}
