// Every operation of the documents, through the client, against the real mock (Prism) started in global-setup:
// valid requests get the documented success, every documented error is reachable and parses into the typed error,
// and every invalid payload of the fidelity table is refused with the documented 400 naming the field.
import { describe, expect, it } from 'vitest';
import { ValidationError } from '../../../src/index.ts';
import { fieldPath } from '../../../src/openapi/validators.ts';
import { type InvalidCase, invalidCases, type OperationRequest, validRequests } from '../../support/fidelity-cases.ts';
import { deref, describeErrors, type OperationInfo, operations, validatorAt } from '../../support/openapi.ts';
import { call, callRaw, type Outcome } from './api.ts';

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
  const validate = validatorAt(op.api, pointer);
  expect(validate(body), describeErrors(validate.errors).join('\n')).toBe(true);
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

/** The field as it appears in a message: `/os-change/imageid` → `os-change.imageid`, `(body)` → `body`. */
function namesField(message: string, c: InvalidCase): boolean {
  const field = c.field === '(body)' ? 'body' : c.field.replace(/^\//, '').replaceAll('/', '.');
  const escaped = field.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Header names are case-insensitive, and Prism reports them in lower case.
  return new RegExp(`(^|[\\s'".])${escaped}($|[\\s'".:,])`, c.location === 'header' ? 'i' : '').test(message);
}

const escapeRegex = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/**
 * The one message style of the mock (and of every bad request): `field: rule: explanation`, the field a full path
 * (`body.tags[0].key`, `path.server_id`, `header.Client-Request-Id`). A case whose field is a JSON path must be
 * named by that path or one below it (`body.metadata["a b"]` for `/metadata`) with the case's rule; a case that
 * names a property (`keyname`, `metadta`) must find it as a segment of a path or in the explanation.
 */
function namesFieldStrictly(message: string, c: InvalidCase): boolean {
  if (c.location === 'body' && c.field !== '(body)' && !c.field.startsWith('/')) {
    return new RegExp(`(^|[\\s.,"[])${escapeRegex(c.field)}($|[\\s.,:"\\]])`).test(message);
  }
  const path =
    c.location !== 'body'
      ? `${c.location}.${c.field}`
      : c.field === '(body)'
        ? 'body'
        : fieldPath(
            'body',
            c.field
              .split('/')
              .slice(1)
              .map((s) => (/^\d+$/.test(s) ? Number(s) : s)),
          );
  const below = '(\\[[^\\]]*\\]|\\.[^.:\\s[]+)*';
  return new RegExp(`(^|; )${escapeRegex(path)}${below}: ${escapeRegex(c.rule)}: `, c.location === 'header' ? 'i' : '').test(message);
}

describe('the mock refuses every invalid payload with the documented 400, in the service format, naming the field', () => {
  // Plain fetch: the client checks a few rules itself before sending (see the next block); the mock must too.
  it.each(invalidCases.map((c) => [`${c.operationId}: ${c.name}`, c] as const))('%s', async (_, c) => {
    const op = operationOf(c);
    const badRequest = responsesOf(op).find((r) => r.status === 400);
    expect(badRequest, `${c.operationId} documents no 400`).toBeDefined();
    const { status, body } = await callRaw(c);
    expect(status).toBe(400);
    expectMatchesSchema(op, badRequest?.schema, body);
    // The documented example, code included, with only its text replaced by the reason.
    expect(withText(body, '…')).toEqual(withText(badRequest?.examples[0]?.value, '…'));
    const message = textOf(body);
    expect(namesFieldStrictly(message, c), `"${message}" should name ${c.field} (${c.rule})`).toBe(true);
  });
});

describe('the client reports every invalid payload as an error naming the field', () => {
  it.each(invalidCases.map((c) => [`${c.operationId}: ${c.name}`, c] as const))('%s', async (_, c) => {
    let outcome: Outcome;
    try {
      outcome = await call(c);
    } catch (error) {
      // Refused before sending, by a rule the client checks itself. Such a rule may concern the enclosing object
      // (BMS: key and value together at most 255 bytes), so naming the parent of the field is enough here.
      if (!(error instanceof ValidationError)) throw error;
      const parent = c.field.replace(/\/[^/]*$/, '');
      const named = namesField(error.message, c) || (parent !== '' && namesField(error.message, { ...c, field: parent }));
      expect(named, `"${error.message}" should name ${c.field} or its parent`).toBe(true);
      return;
    }
    expect(outcome.error?.status).toBe(400);
    const message = outcome.error?.message ?? '';
    expect(namesFieldStrictly(message, c), `"${message}" should name ${c.field} (${c.rule})`).toBe(true);
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
  it('code= of an undocumented status is refused, naming it', async () => {
    const outcome = await call(validRequest(showJob), { prefer: 'code=418' });
    expect(outcome.status).toBe(404);
    expect(JSON.stringify(outcome.error?.body)).toContain('418 is not defined');
  });
});
