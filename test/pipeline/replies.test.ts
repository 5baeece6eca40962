// The error codes the pipeline answers with are read from the documents' error examples, not copied into code.
// This checks that the reading is faithful for the answers the pipeline writes for any operation: a 500 and a
// flow-control refusal in each format come from the operation's own examples, and a request that breaks the
// document's rules gets the operation's own 400 example (RFS: the example for the kind of mistake), with the
// message naming the violations.
import { describe, expect, it } from 'vitest';
import { loadDocuments } from '../../src/openapi/bundled.ts';
import { violationExample } from '../../src/openapi/service-rules.ts';
import { serveOperations } from '../../src/pipeline/operations.ts';
import { errorCodesOf, documentedError as pipelineError, serviceError, violationsText } from '../../src/pipeline/replies.ts';
import { documentedError, documentedErrors, withoutMessage } from '../servers/sim/support/harness.ts';
import { operations } from '../support/openapi.ts';

const GENERIC = [500, 429, 503]; // what the pipeline itself answers: a fault, flow control
const served = serveOperations(loadDocuments()).operations;
const codes = errorCodesOf(served);
const opOf = (operationId: string) => {
  const op = served.find((o) => o.operationId === operationId);
  if (!op) throw new Error(`no ${operationId}`);
  return op;
};
/** The 400 the pipeline answers for these violations. */
const invalid = (operationId: string, violations: Array<{ field: string; rule: string; message: string }>) => {
  const reply = pipelineError(opOf(operationId), 400, 'rid', violationsText(violations), violationExample(operationId, violations));
  if (!reply) throw new Error(`${operationId} documents no 400`);
  return reply;
};

describe('error codes from the documents', () => {
  const cases = operations().flatMap((op) =>
    Object.keys(op.operation.responses as Record<string, unknown>)
      .map(Number)
      .filter((status) => status >= 400)
      .map((status) => ({ operationId: op.operationId, status, example: documentedErrors(op.operationId, status)[0] })),
  );

  it('takes the codes per status from the documents, a 500 code for every format, and falls back to it', () => {
    for (const dialect of ['ecs', 'bms', 'nova', 'rfs'] as const) expect(codes.get(dialect)?.has(500), dialect).toBe(true);
    expect(codes.get('ecs')?.get(400)).toBe('Ecs.0005');
    expect(codes.get('nova')?.get(404)).toBe('itemNotFound');
    expect(serviceError(opOf('ShowJob'), codes, 418, 'm').body).toEqual({ error: { code: codes.get('ecs')?.get(500), message: 'm' } });
  });

  it('covers every error response, each with an example', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.filter((c) => c.example === undefined)).toEqual([]);
  });

  it.each(cases.filter((c) => GENERIC.includes(c.status)))("$operationId $status: the first example, with the server's message", (c) => {
    const body = serviceError(opOf(c.operationId), codes, c.status, 'simulated').body;
    const expected = JSON.parse(JSON.stringify(c.example?.value).replace(JSON.stringify(c.example?.message), '"simulated"')) as unknown;
    expect(body).toEqual(expected);
  });

  it.each(served.map((op) => [op.operationId] as const))('%s: a broken rule gets its 400 example, naming the rule', (operationId) => {
    const reply = invalid(operationId, [{ field: 'body.x', rule: 'someRule', message: 'must be something' }]);
    expect(reply.status).toBe(400);
    expect(withoutMessage(reply.body)).toEqual(withoutMessage(documentedError(operationId, 400).value));
    expect(JSON.stringify(reply.body)).toContain('"body.x: someRule: must be something"');
  });

  it('RFS: a code per kind of mistake, from the examples the document names by code', () => {
    const codeOf = (field: string, rule: string) =>
      (invalid('UpdatePrivateProviderMetadata', [{ field, rule, message: 'm' }]).body as { error_code?: string }).error_code;
    expect(codeOf('header.Client-Request-Id', 'required')).toBe('RF.10011001');
    expect(codeOf('body.provider_name', 'additionalProperties')).toBe('RF.10011002');
    expect(codeOf('body.provider_description', 'maxLength')).toBe('RF.10011005');
    expect(codeOf('path.provider_name', 'pattern')).toBe('RF.10011166');
    expect(codeOf('path.provider_name', 'maxLength')).toBe('RF.10011005');
    // Only the first violation decides; every one is named.
    const both = invalid('UpdatePrivateProviderMetadata', [
      { field: 'body.a', rule: 'additionalProperties', message: 'm' },
      { field: 'body.b', rule: 'required', message: 'm' },
    ]);
    expect(both.body).toEqual({ error_code: 'RF.10011002', error_msg: 'body.a: additionalProperties: m; body.b: required: m' });
  });
});
