// The console's model agrees with the code samples (src/openapi/samples.ts): an operation's path inputs start from
// the values its documented sample sends, and its success is followed the way the sample follows it.
import { describe, expect, test } from 'vitest';
import { consoleModel } from '../../src/docs/console/model.ts';
import { portalModel } from '../../src/docs/model.ts';
import { listOperations } from '../../src/openapi/documents.ts';
import { loadDocuments } from '../../src/openapi/load.ts';
import { exampleRequest, sdkOperationsOf } from '../../src/openapi/samples.ts';

const documents = loadDocuments();
const { operations } = consoleModel(documents, portalModel(documents));
const samples = new Map(
  Object.entries(documents).flatMap(([service, doc]) =>
    listOperations(doc, service).flatMap((op) =>
      sdkOperationsOf(op).map((sdk) => [`${service} ${sdk.operationId}`, exampleRequest(doc, op, 'token', sdk)] as const),
    ),
  ),
);

describe('the console model', () => {
  test.each(operations.map((op) => [`${op.service} ${op.operationId}`, op] as const))('%s: path inputs and outcome as in its code sample', (key, op) => {
    const sample = samples.get(key);
    expect(sample, key).toBeDefined();
    expect(Object.fromEntries(op.pathParameters.map((p) => [p.name, p.example]))).toEqual(sample?.request.pathParams);
    expect(op.outcome).toBe(sample?.options.outcome);
    // An SDK operation that shares its path offers only its own request examples (BMS tags: create or delete).
    const action = (sample?.request.body as { action?: string } | undefined)?.action;
    if (action) for (const example of op.body?.examples ?? []) expect(example.value).toMatchObject({ action });
  });
});
