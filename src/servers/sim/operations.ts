// The operations the simulator serves, compiled from the bundled documents once per process: each operation's
// route, request validator, documented statuses and the 400 that refuses a request breaking the document's rules,
// bound to its handler. The documents are the only place where paths, parameters, body rules, status codes and
// error codes are written.
import { listOperations, type OperationInfo, SERVICES } from '../../openapi/documents.ts';
import { loadDocuments } from '../../openapi/load.ts';
import { compileRoutes, type Route } from '../../openapi/routes.ts';
import { serviceRules } from '../../openapi/service-rules.ts';
import { createRequestValidators, formatViolations, type OperationValidator, type Violation } from '../../openapi/validators.ts';
import { type Handler, handlers } from './handlers.ts';
import { answer, documented, type Reply } from './replies.ts';

export interface ServedOperation extends OperationInfo {
  handler: Handler;
  validate: OperationValidator;
  /** The statuses its document lists: nothing else may be answered. */
  allowed: ReadonlySet<number>;
  /** It has query parameters: only then is the query string parsed. */
  readsQuery: boolean;
  /** The 400 of a request that breaks the document's rules: every violation named, with the operation's code. */
  invalid(violations: readonly Violation[]): Reply;
  /** The documented answer to a service rule of the request alone that it breaks (service-rules.ts), or undefined. */
  brokenRule(params: Readonly<Record<string, string>>, body: unknown): Reply | undefined;
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
    const badRequest = documented(op.operationId, 400); // every operation validates its requests, so documents a 400
    // Resolved now, so that a rule whose example the document lacks stops the start, not a request.
    const rules = serviceRules(op.operationId).map((rule) => ({ rule, example: documented(op.operationId, rule.status, rule.example) }));
    return {
      ...op,
      handler,
      validate: validatorFor(op),
      allowed: new Set(op.statuses),
      readsQuery: op.parameters.some((p) => p.in === 'query'),
      invalid: (violations) => answer(handler.badRequest?.(violations) ?? badRequest, formatViolations(violations)),
      brokenRule(params, body) {
        const broken = rules.find(({ rule }) => rule.broken(params, body));
        return broken && answer(broken.example);
      },
    };
  });
  compiled = compileRoutes(operations);
  return compiled;
}
