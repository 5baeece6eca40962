// The documents as the tests see them, through the project's own reader (src/openapi/documents.ts, load.ts) and
// validator (src/openapi/validators.ts): tests check payloads against exactly what the documents say, in the same
// words the servers use.
import {
  type OperationInfo as DocumentOperation,
  deref as derefIn,
  type Json,
  listOperations,
  type OpenApiDocument,
  SERVICES,
  type ServiceName,
} from '../../src/openapi/documents.ts';
import { loadDocument as load, loadDocuments } from '../../src/openapi/load.ts';
import { createSchemaValidators, formatViolation, type Violation } from '../../src/openapi/validators.ts';

export type ApiName = ServiceName;
export const apiNames: readonly ApiName[] = SERVICES;

/** An operation as src/openapi/documents.ts lists it (parameters resolved, body schema pointer), with its API. */
export interface OperationInfo extends DocumentOperation {
  api: ApiName;
}

export const loadDocument = (api: ApiName): OpenApiDocument => load(api);

/** Follows local `#/components/...` references (throws on one that resolves to nothing). */
export function deref<T = Json>(api: ApiName, value: unknown): T {
  return derefIn<T>(load(api), value);
}

let all: OperationInfo[] | undefined;
export function operations(): OperationInfo[] {
  all ??= SERVICES.flatMap((api) => listOperations(load(api), api).map((op) => ({ ...op, api })));
  return all;
}

export function operation(operationId: string): OperationInfo {
  const found = operations().find((o) => o.operationId === operationId);
  if (!found) throw new Error(`no operation ${operationId} in the documents`);
  return found;
}

let schemas: ReturnType<typeof createSchemaValidators> | undefined;
/** The violations of a value against the schema at a JSON pointer of a document ([] when it conforms). */
export function validatorAt(api: ApiName, pointer: string): (value: unknown) => Violation[] {
  schemas ??= createSchemaValidators(loadDocuments());
  return schemas(api, pointer);
}

/** One line per violation, for assertion messages. */
export const describeViolations = (violations: readonly Violation[]): string[] => violations.map(formatViolation);

/** JSON pointer of a path/header parameter's schema. */
export function parameterSchemaPointer(op: OperationInfo, name: string): string {
  const parameter = op.parameters.find((p) => p.name === name);
  if (!parameter) throw new Error(`${op.operationId} has no parameter ${name}`);
  return parameter.schemaPointer;
}
