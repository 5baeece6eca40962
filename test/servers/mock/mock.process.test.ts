// Every operation of the documents, through the client, against the real mock (Prism) started in global-setup:
// valid requests get the documented success, every documented error is reachable and parses into the typed error,
// every schema case of the fidelity table is refused with the documented 400 naming its field and rule, and the
// service rules that need no state get their documented answer.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/index.ts';
import { readError } from '../../../src/openapi/error-formats.ts';
import { MAX_FIELD_CHARS } from '../../../src/pipeline/replies.ts';
import { expectedBadRequest, type InvalidCase, invalidCases, type OperationRequest, validRequests } from '../../support/fidelity-cases.ts';
import { deref, describeViolations, type OperationInfo, operations, validatorAt } from '../../support/openapi.ts';
import { call, callRaw } from './api.ts';

type Json = Record<string, unknown>;
const escapePointer = (key: string) => key.replace(/~/g, '~0').replace(/\//g, '~1');

interface DocumentedResponse {
  status: number;
  /** JSON pointer of the application/json schema, when the response has a body. */
  schema: string | undefined;
  examples: Array<{ name: string; value: unknown }>;
}

function responsesOf(op: OperationInfo): DocumentedResponse[] {
  return Object.entries(op.operation.responses as Record<string, Json>).map(([status, raw]) => {
    const base = typeof raw.$ref === 'string' ? raw.$ref.slice(1) : `/paths/${escapePointer(op.path)}/${op.method}/responses/${status}`;
    const json = (deref<Json>(op.api, raw).content as Record<string, Json> | undefined)?.['application/json'];
    const examples = Object.entries((json?.examples ?? {}) as Record<string, unknown>).map(([name, example]) => ({
      name,
      value: deref<{ value: unknown }>(op.api, example).value,
    }));
    return { status: Number(status), schema: json ? `${base}/content/application~1json/schema` : undefined, examples };
  });
}

function validRequest(op: OperationInfo): OperationRequest {
  const request = validRequests[op.operationId];
  if (!request) throw new Error(`test/support/fidelity-cases.ts has no valid request for ${op.operationId}`);
  return request;
}

function expectMatchesSchema(op: OperationInfo, pointer: string | undefined, body: unknown) {
  if (!pointer) return expect(body).toBeUndefined();
  expect(describeViolations(validatorAt(op.api, pointer)(body))).toEqual([]);
}

const allOperations = operations();

describe('valid requests get the documented success', () => {
  it.each(allOperations.map((op) => [op.operationId, op] as const))('%s', async (_, op) => {
    const success = responsesOf(op).filter((r) => r.status < 300);
    expect(success).toHaveLength(1);
    const outcome = await call(validRequest(op));
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBe(success[0]?.status);
    expectMatchesSchema(op, success[0]?.schema, outcome.data);
  });
});

describe('every documented error is reachable with Prefer and parses into the typed error', () => {
  const cases = allOperations.flatMap((op) =>
    responsesOf(op)
      .filter((r) => r.status >= 400)
      .flatMap((response) => response.examples.map((example) => ({ op, response, example }))),
  );
  it.each(cases.map((c) => [`${c.op.operationId} ${c.response.status} ${c.example.name}`, c] as const))('%s', async (_, { op, response, example }) => {
    const outcome = await call(validRequest(op), { prefer: `code=${response.status}, example=${example.name}` });
    const error = outcome.error;
    expect(error?.status).toBe(response.status);
    expectMatchesSchema(op, response.schema, error?.body);
    // The typed error carries the example's code and text, whichever of the three formats it uses.
    const documented = JSON.stringify(example.value);
    expect(error?.code).toBeTruthy();
    expect(documented).toContain(JSON.stringify(error?.code));
    expect(error?.message).toBeTruthy();
    expect(documented).toContain(JSON.stringify(error?.message));
  });
  it('covers every error status of every operation', () => {
    const reached = new Set(cases.map((c) => `${c.op.operationId} ${c.response.status}`));
    const documented = allOperations.flatMap((op) =>
      responsesOf(op)
        .filter((r) => r.status >= 400)
        .map((r) => `${op.operationId} ${r.status}`),
    );
    expect([...reached].sort()).toEqual(documented.sort());
  });
});

/** The cases of a kind: schema rules, service rules that need no state (no `given`), and those that do. */
const schemaCases = invalidCases.filter((c) => c.kind === 'schema');
const statelessCases = invalidCases.filter((c) => c.kind === 'server' && c.given === undefined);
const statefulCases = invalidCases.filter((c) => c.kind === 'server' && c.given !== undefined);
const titled = (cases: InvalidCase[]) => cases.map((c) => [`${c.operationId}: ${c.name}`, c] as const);

/**
 * The field as the mock's message shows it: the validators' path, cut at the mock's limit (a 100 KB key must not
 * make a 100 KB message).
 */
const shown = (field: string) => (field.length > MAX_FIELD_CHARS ? `${field.slice(0, MAX_FIELD_CHARS - 1)}…` : field);

/** The one message style (`field: rule: explanation; ...`): the first violation is exactly the case's field and rule. */
function expectFirstViolation(message: string, c: InvalidCase) {
  expect(message.startsWith(`${shown(c.field)}: ${c.rule}: `), `"${message}" should start with ${c.field}: ${c.rule}`).toBe(true);
}

/** The documented example of a status whose code is `code` (for Nova faults, the fault name). */
function documentedExample(op: OperationInfo, status: number, code: string): unknown {
  const found = responsesOf(op)
    .find((r) => r.status === status)
    ?.examples.find((e) => readError(e.value).code === code);
  if (!found) throw new Error(`${op.operationId} documents no ${status} example with code ${code}`);
  return found.value;
}

describe('the mock refuses every invalid payload of the schemas with the documented 400, in the service format, naming the field', () => {
  // Plain fetch: the client checks a few rules itself before sending (see below); the mock must too.
  it.each(titled(schemaCases))('%s', async (_, c) => {
    const op = operationOf(c);
    const badRequest = responsesOf(op).find((r) => r.status === 400);
    expect(badRequest, `${c.operationId} documents no 400`).toBeDefined();
    const { status, body } = await callRaw(c);
    expect(status).toBe(400);
    expectMatchesSchema(op, badRequest?.schema, body);
    // The documented example for this mistake, code included, with only its text replaced by the reason.
    const name = expectedBadRequest(c);
    const example = badRequest?.examples.find((e) => e.name === name) ?? badRequest?.examples[0];
    expect(withText(body, '…')).toEqual(withText(example?.value, '…'));
    expectFirstViolation(textOf(body), c);
  });
});

describe('the mock applies the service rules that need no state, with their documented answer', () => {
  it.each(titled(statelessCases))('%s', async (_, c) => {
    const op = operationOf(c);
    const documented = c.expect;
    if (!documented) throw new Error(`the server case ${c.name} says nothing of the answer`);
    const { status, body } = await callRaw(c);
    expect(status).toBe(documented.status);
    expect(readError(body)).toMatchObject({ code: documented.code, ...(documented.message && { message: documented.message }) });
    // The documented example as it is: the service's code and message.
    expect(body).toEqual(documentedExample(op, documented.status, documented.code));
  });
});

describe('the service rules that need state are the simulator’s: the mock answers them with the documented success', () => {
  // An unknown server or job, a full metadata quota, a vm_state: the mock keeps no world, so it cannot know which
  // answer is due. The simulator keeps one: its suite (test/servers/sim) sets up each case's `given` and expects
  // its `expect`. Here the mock must at least accept the request, as its schema does.
  it.each(titled(statefulCases))('%s', async (_, c) => {
    const op = operationOf(c);
    const success = responsesOf(op).filter((r) => r.status < 300);
    const { status, body } = await callRaw(c);
    expect(status).toBe(success[0]?.status);
    expectMatchesSchema(op, success[0]?.schema, body);
  });
});

/**
 * The schema cases the client refuses before sending, by the rules it checks without opt-in validation
 * (src/client/bms.ts), and what it names: its own rule, which for these payloads is met before the schema's.
 */
const refusedByClient: Record<string, { field: string; rule: string }> = {
  'UpdateBaremetalServerMetadataItem: value of 256 bytes in 86 characters': { field: 'body.meta.key', rule: 'x-max-bytes' },
  // The body's key is the path key, and over the limit too.
  'UpdateBaremetalServerMetadataItem: key of 256 bytes in 128 characters': { field: `body.meta["${'é'.repeat(128)}"]`, rule: 'x-max-bytes' },
  // 256 ASCII characters are 256 bytes too.
  'UpdateBaremetalServerMetadataItem: BMS value of 256 characters': { field: 'body.meta.key', rule: 'x-max-bytes' },
  'UpdateBaremetalServerMetadataItem: BMS meta with two pairs': { field: 'body.meta', rule: 'single-pair-matching-path-key' },
  'UpdateBaremetalServerMetadataItem: BMS meta empty': { field: 'body.meta', rule: 'single-pair-matching-path-key' },
  'UpdateBaremetalServerMetadataItem: BMS meta missing': { field: 'body.meta', rule: 'single-pair-matching-path-key' },
  // These keep the base body (key `key`) beside another path key, or give the body another key: not the path's.
  'UpdateBaremetalServerMetadataItem: BMS key with a colon': { field: 'body.meta', rule: 'body-uri-key-match' },
  'UpdateBaremetalServerMetadataItem: BMS path key with a question mark': { field: 'body.meta', rule: 'body-uri-key-match' },
};

describe('the client reports every invalid payload as an error naming the field and rule', () => {
  it.each(titled(schemaCases))('%s', async (title, c) => {
    const own = refusedByClient[title];
    if (own) {
      const error = await call(c).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(ValidationError);
      expect({ field: (error as ValidationError).field, rule: (error as ValidationError).rule }).toEqual(own);
      return;
    }
    const outcome = await call(c);
    expect(outcome.error?.status).toBe(400);
    expectFirstViolation(outcome.error?.message ?? '', c);
  });
  it('lists only cases of the table among the client’s own refusals', () => {
    expect(Object.keys(refusedByClient).filter((title) => !schemaCases.some((c) => `${c.operationId}: ${c.name}` === title))).toEqual([]);
  });
  // The two service rules that need no state: the client refuses them itself, under the rule's name.
  it.each(titled(statelessCases))('%s', async (_, c) => {
    await expect(call(c)).rejects.toMatchObject({ name: 'ValidationError', field: c.field, rule: c.rule });
  });
  it.each(titled(statefulCases))('%s reaches the mock, which answers the documented success', async (_, c) => {
    const outcome = await call(c);
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBeLessThan(300);
  });
});

function operationOf(c: InvalidCase): OperationInfo {
  const op = allOperations.find((o) => o.operationId === c.operationId);
  if (!op) throw new Error(`no operation ${c.operationId}`);
  return op;
}

/** The error text of any of the formats: `error_msg`, or the `message` of `{error: {...}}` or of a Nova fault. */
function textOf(body: unknown): string {
  if (typeof body !== 'object' || body === null) return '';
  const record = body as Json;
  if (typeof record.error_msg === 'string') return record.error_msg;
  const inner = Object.values(record).find((v): v is Json => typeof v === 'object' && v !== null && typeof (v as Json).message === 'string');
  return inner ? String(inner.message) : '';
}

/** The body with its error text replaced, to compare everything else. */
function withText(body: unknown, text: string): unknown {
  return JSON.parse(JSON.stringify(body ?? null), (key, value: unknown) =>
    (key === 'message' || key === 'error_msg') && typeof value === 'string' ? text : value,
  );
}

describe('a request without credentials gets the documented 401 in the service format', () => {
  it.each(allOperations.map((op) => [op.operationId, op] as const))('%s', async (_, op) => {
    const unauthorized = responsesOf(op).find((r) => r.status === 401);
    const outcome = await call(validRequest(op), { credentials: null });
    expect(outcome.status).toBe(401);
    expectMatchesSchema(op, unauthorized?.schema, outcome.error?.body);
    expect(outcome.error?.message).toMatch(/X-Auth-Token.*Authorization \+ X-Sdk-Date/);
  });
});

describe('AK/SK-signed requests (Authorization + X-Sdk-Date) are accepted', () => {
  // Prism checks that the headers are there, not the signature: the simulator verifies signatures.
  it.each(allOperations.map((op) => [op.operationId, op] as const))('%s', async (_, op) => {
    const outcome = await call(validRequest(op), { credentials: { accessKey: 'MOCKACCESSKEY', secretKey: 'mock-secret-key' } });
    expect(outcome.error).toBeUndefined();
    expect(outcome.status).toBeLessThan(300);
  });
});

describe('Prefer header', () => {
  const showJob = allOperations.find((o) => o.operationId === 'ShowJob');
  if (!showJob) throw new Error('no ShowJob');
  const jobSchema = responsesOf(showJob).find((r) => r.status === 200)?.schema;

  it('example= picks a named example', async () => {
    const outcome = await call(validRequest(showJob), { prefer: 'example=Running' });
    expect(outcome.status).toBe(200);
    expect(outcome.data).toMatchObject({ status: 'RUNNING' });
  });
  it('dynamic=true generates a body that still matches the schema', async () => {
    const outcome = await call(validRequest(showJob), { prefer: 'dynamic=true' });
    expect(outcome.status).toBe(200);
    expectMatchesSchema(showJob, jobSchema, outcome.data);
    expect(outcome.data).not.toEqual(responsesOf(showJob)[0]?.examples[0]?.value);
  });
  // ShowJob documents no 404 (an unknown job is a 400): asking for one is a 422 listing the statuses it documents,
  // never a 404 a client would take for the operation's own.
  it.each(['404', '418'])('code=%s, which ShowJob does not document, is refused listing the documented statuses', async (code) => {
    const outcome = await call(validRequest(showJob), { prefer: `code=${code}` });
    expect(outcome.status).toBe(422);
    expect(outcome.error?.body).toMatchObject({
      title: 'Invalid Prefer header',
      detail: `Prefer code=${code}: ShowJob documents no ${code} response; documented statuses: 200, 400, 401, 403, 500, 503`,
    });
  });
});
