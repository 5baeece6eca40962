// The console's compact model of every operation, made at build time from the bundled documents through the
// shared reader (src/openapi/documents.ts) and embedded in console.html as data: the page needs no document
// parser of its own and loads nothing but its two scripts. Pure (no Node built-ins), so the page's code may
// import its types.
import {
  atPointer,
  deref,
  examplesOf,
  type Json,
  type OpenApiDocument,
  type OperationInfo,
  type ParameterInfo,
  responseOf,
  type ServiceName,
} from '../../openapi/documents.ts';
import { outcomeOf, parameterExample, type SampleOptions } from '../../openapi/samples.ts';
import type { Documents, PortalModel } from '../model.ts';

export type SampleOutcome = NonNullable<SampleOptions['outcome']>;

export interface ConsoleExample {
  name: string;
  summary?: string;
  value: unknown;
}

export interface ConsoleParameter {
  name: string;
  required: boolean;
  description?: string;
  /** The parameter's documented example, the one the code samples use, as the input's starting value. */
  example?: string;
}

/** A documented response: its status and the names of its examples, for the mock's `Prefer` header. */
export interface ConsoleResponse {
  status: number;
  examples: string[];
}

export interface ConsoleOperation {
  service: ServiceName;
  operationId: string;
  /** Upper case. */
  method: string;
  path: string;
  summary: string;
  /** The operation in its reference page, e.g. `ecs.html#/jobs/showjob`. */
  reference: string;
  pathParameters: ConsoleParameter[];
  /** Names of the header parameters it declares (RFS's Client-Request-Id, which the client fills): the samples repeat those sent. */
  headerParameters: string[];
  /** The JSON request body: whether it is required and its named examples; null without one. */
  body: { required: boolean; examples: ConsoleExample[] } | null;
  responses: ConsoleResponse[];
  /**
   * What its success answer is, by the samples' rule (src/openapi/samples.ts): data, a status without a body,
   * or the receipt of an ECS job to follow with ShowJob (change OS).
   */
  outcome: SampleOutcome;
}

export interface ConsoleModel {
  services: Array<{ name: ServiceName; label: string; page: string }>;
  operations: ConsoleOperation[];
}

/** A listed parameter's example, as the samples take it from the parameter object (the parent of its schema). */
function exampleOf(doc: OpenApiDocument, parameter: ParameterInfo): string | undefined {
  const value = parameterExample(doc, atPointer(doc, parameter.schemaPointer.replace(/\/schema$/, '')) as Json);
  return value === undefined ? undefined : String(value);
}

function pathParameters(doc: OpenApiDocument, op: OperationInfo): ConsoleParameter[] {
  return op.parameters
    .filter((p) => p.in === 'path')
    .map((p) => {
      const example = exampleOf(doc, p);
      return {
        name: p.name,
        required: p.required,
        ...(p.description ? { description: p.description.trim() } : {}),
        ...(example === undefined ? {} : { example }),
      };
    });
}

function mediaOf(doc: OpenApiDocument, holder: unknown): unknown {
  const content = deref<Json>(doc, holder).content as Json | undefined;
  return content?.['application/json'];
}

/** The request examples of an operation; of an SDK operation that shares it, those with its `action`. */
function body(doc: OpenApiDocument, op: OperationInfo, action: string | undefined): ConsoleOperation['body'] {
  if (!op.body) return null;
  const all = examplesOf(doc, mediaOf(doc, op.operation.requestBody));
  const examples = all
    .filter((e) => action === undefined || (e.value as { action?: unknown } | null)?.action === action)
    .map((e) => ({
      name: e.name,
      ...(e.summary ? { summary: e.summary } : {}),
      value: e.value,
    }));
  return { required: op.body.required, examples };
}

function responses(doc: OpenApiDocument, op: OperationInfo): ConsoleResponse[] {
  return op.statuses.map((status) => {
    const found = responseOf(doc, op, status);
    const media = (found?.response.content as Json | undefined)?.['application/json'];
    return { status, examples: examplesOf(doc, media).map((e) => e.name) };
  });
}

/**
 * Every operation of every service, in the portal's order. Labels, pages, methods, summaries and reference links
 * come from the portal's own model (src/docs/model.ts), so the console links exactly where the landing page does.
 */
export function consoleModel(documents: Documents, portal: PortalModel): ConsoleModel {
  const services = portal.services.map(({ name, label, page }) => ({ name, label, page }));
  const operations = portal.services.flatMap(({ name: service, operations: listed }) => {
    const doc = documents[service];
    return listed.map(
      ({ operationId, action, method, path, summary, href, source: op }): ConsoleOperation => ({
        service,
        operationId,
        method,
        path,
        summary,
        reference: href,
        pathParameters: pathParameters(doc, op),
        headerParameters: op.parameters.filter((p) => p.in === 'header').map((p) => p.name),
        body: body(doc, op, action),
        responses: responses(doc, op),
        outcome: outcomeOf(doc, op),
      }),
    );
  });
  return { services, operations };
}
