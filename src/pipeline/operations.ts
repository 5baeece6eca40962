/**
 * The operations a pipeline serves, compiled from OpenAPI documents (the bundled ones, or files the user gives the
 * mock): each operation's route, request validator, documented statuses, error format and error examples. The
 * documents are the only place where paths, parameters, body rules, status codes and error codes are written.
 */
import { listOperations, type OpenApiDocument, type OperationInfo, responseExamples } from '../openapi/documents.ts';
import { classifyError, type ErrorDialect, readError } from '../openapi/error-formats.ts';
import { compileRoutes, type Route } from '../openapi/routes.ts';
import { createRequestValidators, type OperationValidator } from '../openapi/validators.ts';

export interface Example {
  name: string;
  value: unknown;
  /** The code it carries (Nova: the fault name), when it is an error body. */
  code?: string | undefined;
  /** Answered by the API gateway (flat `APIGW.*`), not by the service. */
  gateway: boolean;
}

export interface ServedOperation extends OperationInfo {
  doc: OpenApiDocument;
  /** Parameters and body against the document (compiled on first use, or at start with `eager`). */
  validate: OperationValidator;
  /** The statuses its document lists. */
  allowed: ReadonlySet<number>;
  /** It has query parameters: only then is the query string parsed. */
  readsQuery: boolean;
  /** The format its service answers errors in: its document's own (Nova faults on the BMS v2.1 API). */
  dialect: Exclude<ErrorDialect, 'gateway'>;
  /** The document's examples of a response status, in document order (read once per status). */
  examples(status: number): readonly Example[];
}

/** The error format of an operation: that of its first error example in a service format, else its service's. */
function dialectOf(service: string, examples: (status: number) => readonly Example[], statuses: readonly number[]): Exclude<ErrorDialect, 'gateway'> {
  for (const status of statuses.filter((s) => s >= 400)) {
    for (const example of examples(status)) {
      const shape = example.gateway ? undefined : classifyError(example.value);
      if (shape === 'nova') return 'nova';
      if (shape) break;
    }
  }
  return service === 'bms' || service === 'rfs' ? service : 'ecs';
}

export interface ServeOptions {
  /** Compile every validator now (the simulator: a broken document stops the start, not a request). */
  eager?: boolean;
}

export interface Served {
  /** In document order. */
  operations: ServedOperation[];
  /** Most specific first. */
  routes: Route<ServedOperation>[];
}

/** Every operation of the documents, and their routes; throws when two documents share a route. */
export function serveOperations(documents: Readonly<Record<string, OpenApiDocument>>, options: ServeOptions = {}): Served {
  const validatorFor = createRequestValidators(documents);
  const operations = Object.entries(documents).flatMap(([service, doc]) =>
    listOperations(doc, service).map((op): ServedOperation => {
      const byStatus = new Map<number, Example[]>();
      const examples = (status: number): readonly Example[] => {
        let found = byStatus.get(status);
        if (!found) {
          found = responseExamples(doc, op, status).map(({ name, value }) => {
            const { code } = readError(value);
            return { name, value, code, gateway: code?.startsWith('APIGW.') === true };
          });
          byStatus.set(status, found);
        }
        return found;
      };
      let validate: OperationValidator | undefined;
      const served: ServedOperation = {
        ...op,
        doc,
        validate: (request) => {
          validate ??= validatorFor(op);
          return validate(request);
        },
        allowed: new Set(op.statuses),
        readsQuery: op.parameters.some((p) => p.in === 'query'),
        dialect: dialectOf(service, examples, op.statuses),
        examples,
      };
      if (options.eager) validate = validatorFor(op);
      return served;
    }),
  );
  return { operations, routes: compileRoutes(operations) };
}
