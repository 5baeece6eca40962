/**
 * Opt-in schema validation: checks the path, header and query parameters and the JSON body of a request against
 * the bundled OpenAPI document (generated/openapi/*.json) before anything is sent, with the project's one
 * validator (src/openapi/validators.ts), so the client, the mock and the simulator word a refusal alike.
 *
 *   import { ecsSchemaValidator } from 'hwc-openapi/schema-validation';
 *   const ecs = createEcsClient({ ..., validateRequest: await ecsSchemaValidator() });
 *
 * ajv and ajv-formats are optional peer dependencies of the package (`npm install ajv ajv-formats`): the factories
 * are async because they load them on first use, so that a missing one gives an error that says how to install it
 * instead of a failed import of the whole module.
 *
 * It is a separate entry, not part of the package root: with ajv and the document, a program making one call
 * bundles to about 200 KB minified (61 KB gzip) instead of 19 KB (8.0 KB gzip), and ajv compiles validators
 * with `new Function`, which a strict Content-Security-Policy forbids. The client always checks, without it,
 * the rules the schemas cannot express; the server checks the rest. The constraints themselves live only in
 * openapi/: this module reads them from the bundled documents, it does not restate them. No Node built-ins.
 */
import bmsDocument from '../../generated/openapi/bms.json' with { type: 'json' };
import ecsDocument from '../../generated/openapi/ecs.json' with { type: 'json' };
import rfsDocument from '../../generated/openapi/rfs.json' with { type: 'json' };
import { listOperations, type OpenApiDocument, type OperationInfo } from '../openapi/documents.ts';
import { ValidationError } from './errors.ts';
import type { RequestValidator } from './types.ts';

export type { OpenApiDocument } from '../openapi/documents.ts';

/**
 * A RequestValidator for the operations of `document` (`service` names it in the validator's `$ref`s); each
 * operation's schemas are compiled on first use. A refusal lists every violation found.
 */
export async function createSchemaValidator(document: OpenApiDocument, service = 'api'): Promise<RequestValidator> {
  const { createRequestValidators } = await loadValidators();
  const validatorFor = createRequestValidators({ [service]: document });
  const operations = new Map<string, OperationInfo>(listOperations(document, service).map((op) => [`${op.method.toUpperCase()} ${op.path}`, op]));
  return ({ method, path, params, body }) => {
    const op = operations.get(`${method} ${path}`);
    if (!op) return;
    const violations = validatorFor(op)({ ...params, body });
    if (violations.length > 0) throw new ValidationError(violations);
  };
}

export const ecsSchemaValidator = (): Promise<RequestValidator> => createSchemaValidator(ecsDocument as unknown as OpenApiDocument, 'ecs');
export const bmsSchemaValidator = (): Promise<RequestValidator> => createSchemaValidator(bmsDocument as unknown as OpenApiDocument, 'bms');
export const rfsSchemaValidator = (): Promise<RequestValidator> => createSchemaValidator(rfsDocument as unknown as OpenApiDocument, 'rfs');

export const MISSING_AJV = 'hwc-openapi/schema-validation needs its optional peer dependencies ajv and ajv-formats: run `npm install ajv@8 ajv-formats@3`';

/** The shared validator, which imports ajv; a missing ajv or ajv-formats becomes an error that says what to install. */
async function loadValidators(): Promise<typeof import('../openapi/validators.ts')> {
  try {
    return await import('../openapi/validators.ts');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const missing = (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && /\bajv(-formats)?\b/.test(String((error as Error).message));
    throw missing ? new Error(MISSING_AJV, { cause: error }) : error;
  }
}
