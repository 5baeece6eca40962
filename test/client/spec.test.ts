// The clients know each operation's operationId (for errors) and whether it is idempotent (for retries).
// This checks both against the bundled documents, so a new or renamed operation cannot go unnoticed.
import { describe, expect, it } from 'vitest';
import { createBmsClient, createEcsClient, createRfsClient } from '../../src/index.ts';
import { validRequests } from '../support/fidelity-cases.ts';
import { operations } from '../support/openapi.ts';
import { akSk } from './support.ts';

// The documents state idempotency in prose ("Idempotent", "Not idempotent", "Safe and idempotent").
const documentedIdempotent = (description: string) => /idempotent/i.test(description) && !/not idempotent/i.test(description);

describe('the clients cover the documents', () => {
  it.each(operations())('$api $operationId: operationId in errors, retried only if documented idempotent', async (op) => {
    let attempts = 0;
    const fetch = async () => {
      attempts++;
      return new Response('{}', { status: 503 });
    };
    const options = { endpoint: 'https://api.test', credentials: akSk, fetch, retry: { baseDelayMs: 1 } };
    const client = { ecs: createEcsClient(options), bms: createBmsClient(options), rfs: createRfsClient(options) }[op.api];
    const request = validRequests[op.operationId];
    expect(request, `fidelity-cases.ts has a valid ${op.operationId}`).toBeDefined();
    const call = (client as unknown as Record<string, (path: string, init: unknown) => Promise<{ error?: { operation: string } }>>)[op.method.toUpperCase()];
    const { error } = await call!(op.path, { params: { path: request!.path, header: request!.headers }, body: request!.body });

    expect(error?.operation).toBe(op.operationId);
    expect(attempts).toBe(documentedIdempotent(String(op.operation.description)) ? 3 : 1);
  });
});
