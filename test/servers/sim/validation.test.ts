// Routing and validation come from the documents: every constraint of the fidelity table is enforced with a
// message naming the field and the rule, every request example of the documents works against the default
// fixture, and everything else gets a documented error, never a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { type InvalidCase, invalidCases } from '../../support/fidelity-cases.ts';
import { deref, operations } from '../../support/openapi.ts';
import { fixtureFor } from './support/given.ts';
import {
  call,
  documentedError,
  documentedErrors,
  errorMessage,
  field,
  PROJECT,
  SERVER,
  send,
  startTestSim,
  TOKEN,
  violations,
  withoutMessage,
} from './support/harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/**
 * The 400 example a schema case is answered with: the operation's first, except on RFS, whose document gives a
 * code per kind of mistake (RFS Error Codes): a missing parameter, an unknown one, a value too long, a provider
 * name breaking its character rule. Other RFS rules get one of the operation's documented 400 codes.
 */
function expectedBadRequest(c: InvalidCase): string | undefined {
  if (operations().find((o) => o.operationId === c.operationId)?.api !== 'rfs') return documentedError(c.operationId, 400).name;
  if (c.field === 'path.provider_name' && c.rule === 'pattern') return 'RF.10011166';
  const byRule: Record<string, string> = { required: 'RF.10011001', additionalProperties: 'RF.10011002', maxLength: 'RF.10011005', minLength: 'RF.10011006' };
  return byRule[c.rule];
}

/** Alternatives that each only require a property are said together, as the oneOf they are: the exact message. */
const ALTERNATIVES: Record<string, string> = {
  'neither adminpass nor keyname': 'body.os-change: oneOf: must have exactly one of adminpass, keyname',
};

describe('every schema constraint of the fidelity table: 400, the documented code, naming the field and the rule', () => {
  for (const c of invalidCases.filter((x) => x.kind === 'schema')) {
    it(`${c.operationId}: ${c.name} → ${c.field}: ${c.rule}`, async () => {
      const res = await call(sim.url, c.operationId, { params: c.path, headers: c.headers, body: c.body });
      expect(violations(c.operationId, res)).toBe('');
      expect(res.status).toBe(400);
      const name = expectedBadRequest(c);
      if (name) expect(withoutMessage(res.json), res.text).toEqual(withoutMessage(documentedError(c.operationId, 400, name).value));
      else expect(documentedErrors(c.operationId, 400).map((e) => withoutMessage(e.value))).toContainEqual(withoutMessage(res.json));
      // The field exactly as the table names it (a header in the case the request used), then the rule.
      const alternatives = ALTERNATIVES[c.name];
      if (alternatives) expect(errorMessage(res)).toBe(alternatives);
      else expect(errorMessage(res)).toMatch(new RegExp(`(^|; )${escapeRegex(c.field)}: ${c.rule}: \\S`));
    });
  }
});

describe('every server rule of the fidelity table: the schema accepts the request, the simulator gives the documented answer', () => {
  for (const c of invalidCases.filter((x) => x.kind === 'server')) {
    it(`${c.operationId}: ${c.name} → ${c.expect?.status} ${c.expect?.code}`, async () => {
      const given = await startTestSim({ fixture: fixtureFor(c) });
      try {
        const before = given.state;
        const res = await call(given.url, c.operationId, { params: c.path, headers: c.headers, body: c.body });
        expect(violations(c.operationId, res)).toBe('');
        expect(res.status, res.text).toBe(c.expect?.status);
        const example = documentedErrors(c.operationId, res.status).find((e) => e.code === c.expect?.code);
        expect(example, `${c.operationId} ${res.status} documents ${c.expect?.code}`).toBeDefined();
        expect(withoutMessage(res.json)).toEqual(withoutMessage(example?.value));
        if (c.expect?.message) expect(errorMessage(res)).toBe(c.expect.message);
        expect(given.state, 'a refused request changes nothing').toEqual(before);
      } finally {
        await given.close();
      }
    });
  }
});

describe('the request examples of the documents', () => {
  for (const op of operations()) {
    const param = (name: string) => {
      const p = op.parameters.find((x) => x.name === name) as { schema?: unknown } | undefined;
      return (deref<{ examples?: string[] }>(op.api, p?.schema).examples ?? [])[0] ?? '';
    };
    const params = Object.fromEntries(op.parameters.filter((p) => p.in === 'path').map((p) => [String(p.name), param(String(p.name))]));
    const headers = Object.fromEntries(op.parameters.filter((p) => p.in === 'header').map((p) => [String(p.name), param(String(p.name))]));
    const content = (op.operation.requestBody as { content?: Record<string, { examples?: Record<string, unknown> }> } | undefined)?.content;
    const examples = Object.entries(content?.['application/json']?.examples ?? { 'no body': { value: undefined } });
    for (const [name, example] of examples) {
      it(`${op.operationId} ${name} succeeds against the default fixture`, async () => {
        sim.reset();
        if (op.operationId === 'UpdateBaremetalServerMetadataItem') params.key = 'key'; // the example body's key
        if (op.operationId === 'ShowJob') {
          // The documented job id only exists once a job was started: start one and show it.
          const started = await call(sim.url, 'ChangeServerOsWithoutCloudInit', {
            params: { project_id: PROJECT, server_id: SERVER },
            body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'kp' } },
          });
          params.job_id = String(field(started, 'job_id'));
        }
        const res = await call(sim.url, op.operationId, { params, headers, body: deref<{ value: unknown }>(op.api, example).value });
        expect(violations(op.operationId, res)).toBe('');
        expect(res.status, res.text).toBeLessThan(300);
      });
    }
  }
});

describe('requests the documents do not describe', () => {
  const metadataPath = `/v1/${PROJECT}/cloudservers/${SERVER}/metadata`;
  const auth = { 'X-Auth-Token': TOKEN, 'Content-Type': 'application/json' };

  it('an unknown path or method gets the gateway 404 APIGW.0101, with X-Request-Id', async () => {
    for (const [method, path] of [
      ['GET', '/'],
      ['GET', metadataPath],
      ['POST', `${metadataPath}/`],
      ['DELETE', `/v1/${PROJECT}/jobs/j1`],
    ] as const) {
      const res = await send(sim.url, method, path, auth);
      expect(res.status).toBe(404);
      expect(res.json).toMatchObject({ error_code: 'APIGW.0101', request_id: res.headers['x-request-id'] });
    }
  });

  it('malformed JSON, a wrong content type, an oversized body and bad percent-encoding are 400s in the service format', async () => {
    const cases: Array<[string, Record<string, string>, string, string]> = [
      [metadataPath, auth, '{"metadata":', 'body: syntax: must be valid JSON'],
      [metadataPath, { ...auth, 'Content-Type': 'text/plain' }, '{"metadata":{}}', 'header.Content-Type: mediaType: must be application/json'],
      [metadataPath, auth, JSON.stringify({ metadata: { k: 'v'.repeat(2 << 20) } }), 'body: maxBodySize: must NOT be larger than 1048576 bytes'],
      [`/v1/${PROJECT}/cloudservers/%E0%A4%A/metadata`, auth, '{"metadata":{}}', 'path.server_id: encoding: must be valid percent-encoded UTF-8'],
    ];
    for (const [path, headers, body, expected] of cases) {
      const res = await send(sim.url, 'POST', path, headers, body);
      expect(violations('UpdateServerMetadata', res)).toBe('');
      expect(res.status).toBe(400);
      expect(errorMessage(res)).toContain(expected);
    }
  });

  it('gives every response its own X-Request-Id', async () => {
    const ids = new Set<string>();
    for (let i = 0; i < 20; i++) ids.add(String((await send(sim.url, 'GET', `/v1/${PROJECT}/jobs/j${i}`, auth)).headers['x-request-id']));
    expect(ids.size).toBe(20);
  });
});
