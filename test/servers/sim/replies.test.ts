// The simulator's error codes are read from the documents' error examples (one code per format and status), not
// copied into the simulator. This checks that the reading is faithful: for every error response of every operation,
// the simulator's body in that operation's format is the document's first example except for the message. It fails
// when a document gives two operations of one format different codes for one status, which one table per format
// could not answer.
import { describe, expect, it } from 'vitest';
import { handlers } from '../../../src/servers/sim/handlers.ts';
import { serviceError } from '../../../src/servers/sim/replies.ts';
import { deref, operations } from '../../support/openapi.ts';
import { errorMessage } from './support/harness.ts';

type Json = Record<string, unknown>;
const message = (json: unknown): string => errorMessage({ status: 0, headers: {}, text: '', json });

describe('error codes from the documents', () => {
  const cases = operations().flatMap((op) =>
    Object.entries(op.operation.responses as Record<string, unknown>)
      .filter(([status]) => Number(status) >= 400)
      .map(([status, raw]) => {
        const content = deref<{ content?: Record<string, Json> }>(op.api, raw).content?.['application/json'];
        const first = Object.values((content?.examples as Record<string, unknown> | undefined) ?? {})[0];
        return { operationId: op.operationId, status: Number(status), example: deref<Json>(op.api, first).value };
      }),
  );

  it('covers every error response', () => {
    expect(cases.length).toBeGreaterThan(30);
    expect(cases.filter((c) => c.example === undefined)).toEqual([]);
  });

  it.each(cases)("$operationId $status: the first example, with the simulator's message", ({ operationId, status, example }) => {
    const dialect = handlers[operationId]?.dialect;
    expect(dialect).toBeDefined();
    const body = serviceError(dialect ?? 'ecs', status, 'simulated').body;
    const expected = JSON.parse(JSON.stringify(example).replace(JSON.stringify(message(example)), '"simulated"')) as unknown;
    expect(body).toEqual(expected);
  });
});
