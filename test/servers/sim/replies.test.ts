// The simulator's error codes are read from the documents' error examples, not copied into the simulator. This
// checks that the reading is faithful for the answers the pipeline writes for any operation: a 500 and a
// flow-control refusal in each format come from one table per format (so the documents must agree across the
// operations of a format: this fails when they do not), and a request that breaks the document's rules gets the
// operation's own 400 example (RFS: the example for the kind of mistake), with the simulator's message.
import { describe, expect, it } from 'vitest';
import { handlers } from '../../../src/servers/sim/handlers.ts';
import { servedRoutes } from '../../../src/servers/sim/operations.ts';
import { serviceError } from '../../../src/servers/sim/replies.ts';
import { operations } from '../../support/openapi.ts';
import { documentedError, documentedErrors, withoutMessage } from './support/harness.ts';

const GENERIC = [500, 429, 503]; // what the pipeline itself answers: a fault, flow control

describe('error codes from the documents', () => {
  const cases = operations().flatMap((op) =>
    Object.keys(op.operation.responses as Record<string, unknown>)
      .map(Number)
      .filter((status) => status >= 400)
      .map((status) => ({ operationId: op.operationId, status, example: documentedErrors(op.operationId, status)[0] })),
  );

  it('covers every error response, each with an example', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.filter((c) => c.example === undefined)).toEqual([]);
  });

  it.each(cases.filter((c) => GENERIC.includes(c.status)))("$operationId $status: the first example, with the simulator's message", (c) => {
    const dialect = handlers[c.operationId]?.dialect;
    expect(dialect).toBeDefined();
    const body = serviceError(dialect ?? 'ecs', c.status, 'simulated').body;
    const expected = JSON.parse(JSON.stringify(c.example?.value).replace(JSON.stringify(c.example?.message), '"simulated"')) as unknown;
    expect(body).toEqual(expected);
  });

  const served = servedRoutes().map((route) => route.op);
  it.each(served.map((op) => [op.operationId, op] as const))('%s: a broken rule gets its 400 example, naming the rule', (operationId, op) => {
    const violation = { field: 'body.x', rule: 'someRule', message: 'must be something' };
    const reply = op.invalid([violation]);
    expect(reply.status).toBe(400);
    expect(withoutMessage(reply.body)).toEqual(withoutMessage(documentedError(operationId, 400).value));
    expect(JSON.stringify(reply.body)).toContain('"body.x: someRule: must be something"');
  });

  it('RFS: a code per kind of mistake, from the examples the document names by code', () => {
    const rfs = served.find((op) => op.operationId === 'UpdatePrivateProviderMetadata');
    if (!rfs) throw new Error('no UpdatePrivateProviderMetadata');
    const codeOf = (field: string, rule: string) => (rfs.invalid([{ field, rule, message: 'm' }]).body as { error_code?: string }).error_code;
    expect(codeOf('header.Client-Request-Id', 'required')).toBe('RF.10011001');
    expect(codeOf('body.provider_name', 'additionalProperties')).toBe('RF.10011002');
    expect(codeOf('body.provider_description', 'maxLength')).toBe('RF.10011005');
    expect(codeOf('path.provider_name', 'pattern')).toBe('RF.10011166');
    expect(codeOf('path.provider_name', 'maxLength')).toBe('RF.10011005');
    // Only the first violation decides; every one is named.
    const both = rfs.invalid([
      { field: 'body.a', rule: 'additionalProperties', message: 'm' },
      { field: 'body.b', rule: 'required', message: 'm' },
    ]);
    expect(both.body).toEqual({ error_code: 'RF.10011002', error_msg: 'body.a: additionalProperties: m; body.b: required: m' });
  });
});
