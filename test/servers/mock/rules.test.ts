// The service rules the mock applies without state (src/servers/mock/rules.ts), served from a document that lacks
// the example a rule names, as a file given with --document may: the rule still holds, answered with the
// operation's documented 400 in the one message style instead of an answer the document does not have.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Json, listOperations, responseOf } from '../../../src/openapi/documents.ts';
import { loadDocument } from '../../../src/openapi/load.ts';
import { close, listen } from '../../../src/servers/http.ts';
import { loadMockDocuments } from '../../../src/servers/mock/served.ts';
import { createMockServer } from '../../../src/servers/mock/server.ts';
import { clientRequestId, providerId, providerName } from '../../support/fidelity-cases.ts';

const dir = mkdtempSync(join(tmpdir(), 'mock-rules-'));
let server: Server;
let url: string;

beforeAll(async () => {
  const doc = structuredClone(loadDocument('rfs'));
  const op = listOperations(doc, 'rfs').find((o) => o.operationId === 'UpdatePrivateProviderMetadata');
  if (!op) throw new Error('no UpdatePrivateProviderMetadata in the RFS document');
  // The 400 as the document holds it (resolved in place, so deleting from it changes the copy).
  const content = responseOf(doc, op, 400)?.response.content as Record<string, Json> | undefined;
  const examples = (content?.['application/json']?.examples ?? {}) as Json;
  expect(Object.keys(examples)).toContain('RF.10011084');
  delete examples['RF.10011084'];
  const file = join(dir, 'rfs.json');
  writeFileSync(file, JSON.stringify(doc));
  server = createMockServer({ mock: await loadMockDocuments([file]) });
  ({ url } = await listen(server, { host: '127.0.0.1', port: 0, portOption: '--port' }));
}, 60_000);

afterAll(async () => {
  if (server) await close(server);
  rmSync(dir, { recursive: true, force: true });
});

const update = (body: unknown) =>
  fetch(`${url}/v1/private-providers/${providerName}/metadata`, {
    method: 'PATCH',
    headers: { 'X-Auth-Token': 't', 'Content-Type': 'application/json', 'Client-Request-Id': clientRequestId },
    body: JSON.stringify(body),
  });

describe('a document without the example a service rule names', () => {
  it.each([[{}], [{ provider_id: providerId }]])('nothing to update (%j) is its first 400, naming the field and rule', async (body) => {
    const res = await update(body);
    expect(res.status).toBe(400);
    expect(await res.json()).toEqual({
      error_code: 'RF.10011001',
      error_msg: 'body: nothing-to-update: must change something: provider_description is the only field an update can change',
    });
  });
  it('still serves an update that changes something', async () => {
    expect((await update({ provider_description: 'd' })).status).toBe(204);
  });
});
