// What the docs must show, read straight from the bundled documents (generated/openapi/*.json) through the tests'
// own reader (test/support/openapi.ts), independent of the build code under test: every operation with its
// request and response examples.
import { type ApiName, apiNames, deref, loadDocument, operations } from '../support/openapi.ts';

type Json = Record<string, unknown>;

export interface ExampleCase {
  name: string;
  /** What Redoc shows in its example picker: the summary, else the name. */
  label: string;
  value: unknown;
}

export interface OperationCase {
  api: ApiName;
  operationId: string;
  summary: string;
  method: string;
  path: string;
  requestExamples: ExampleCase[];
  responses: { status: string; examples: ExampleCase[] }[];
  /** The operation's `x-codeSamples`, as the bundle step wrote them. */
  codeSamples: { lang: string; label: string; source: string }[];
  /** For one of several SDK operations on a path: the OpenAPI operation's summary, which the reference page shows. */
  referenceSummary?: string;
}

export const apis = apiNames;
export { loadDocument };

/** The examples of a request body or response: the single media type that has some (Redoc shows one at a time). */
function examplesOf(api: ApiName, where: string, body: Json | undefined): ExampleCase[] {
  const content = Object.entries((body?.content ?? {}) as Record<string, Json>).filter(
    ([, media]) => media.examples !== undefined || media.example !== undefined,
  );
  if (content.length > 1) throw new Error(`${where}: several media types with examples; teach the docs test to pick each`);
  const media = content[0]?.[1];
  if (!media) return [];
  if (media.example !== undefined) return [{ name: 'example', label: 'example', value: media.example }];
  return Object.entries(media.examples as Record<string, unknown>).map(([name, ref]) => {
    const example = deref(api, ref);
    return { name, label: typeof example.summary === 'string' ? example.summary : name, value: example.value };
  });
}

export function operationsOf(api: ApiName): OperationCase[] {
  return operations()
    .filter((op) => op.api === api)
    .map(({ operationId, method, path, operation }) => ({
      api,
      operationId,
      summary: String(operation.summary ?? ''),
      method: method.toUpperCase(),
      path,
      requestExamples: operation.requestBody ? examplesOf(api, `${operationId} request`, deref(api, operation.requestBody)) : [],
      responses: Object.entries(operation.responses as Record<string, unknown>).map(([status, response]) => ({
        status,
        examples: examplesOf(api, `${operationId} ${status}`, deref(api, response)),
      })),
      codeSamples: (operation['x-codeSamples'] ?? []) as OperationCase['codeSamples'],
    }));
}

/**
 * The operations as the portal lists them: one entry per official SDK operation (`x-sdk-operations`: the BMS tags
 * path serves BatchCreateBaremetalServerTags and BatchDeleteBaremetalServerTags), each with the request examples
 * of its `action` and its own code samples.
 */
export function sdkEntriesOf(api: ApiName): OperationCase[] {
  return operationsOf(api).flatMap((op) => {
    const raw = operations().find((o) => o.api === api && o.operationId === op.operationId)?.operation['x-sdk-operations'];
    const listed = (Array.isArray(raw) ? raw : []) as Array<{ operationId: string; summary: string; action: string }>;
    if (listed.length === 0) return [op];
    return listed.map((sdk) => ({
      ...op,
      operationId: sdk.operationId,
      summary: sdk.summary,
      referenceSummary: op.summary,
      requestExamples: op.requestExamples.filter((e) => (e.value as { action?: unknown }).action === sdk.action),
      codeSamples: op.codeSamples.filter((sample) => sample.label.endsWith(`: ${sdk.operationId}`)),
    }));
  });
}
