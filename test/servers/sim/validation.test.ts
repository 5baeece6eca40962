// Routing and validation come from the documents: every constraint of the fidelity table is enforced with a
// message naming the field and the rule, every request example of the documents works against the default
// fixture, and everything else gets a documented error, never a hang.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fieldPath } from '../../../src/openapi/validators.ts';
import type { Simulator } from '../../../src/servers/sim/index.ts';
import { type InvalidCase, invalidCases } from '../../support/fidelity-cases.ts';
import { deref, operations } from '../../support/openapi.ts';
import { call, errorMessage, field, PROJECT, SERVER, send, startTestSim, TOKEN, violations } from './support/harness.ts';

let sim: Simulator;
beforeAll(async () => {
  sim = await startTestSim();
});
afterAll(() => sim.close());

const FORMAT: Record<string, (body: unknown) => boolean> = {
  ecs: (b) => /^Ecs\.\d{4}$/.test(String((b as { error?: { code?: string } }).error?.code)),
  bms: (b) => String((b as { error?: { code?: string } }).error?.code).startsWith('BMS.'),
  nova: (b) => (b as { badRequest?: { code?: number } }).badRequest?.code === 400,
  rfs: (b) => (b as { error_code?: string }).error_code === 'LPA.00000400',
};
const formatOf = (operationId: string) =>
  operationId === 'UpdateBaremetalServerMetadataItem'
    ? 'nova'
    : operationId === 'BatchCreateBaremetalServerTags'
      ? 'bms'
      : operationId === 'UpdatePrivateProviderMetadata'
        ? 'rfs'
        : 'ecs';

const escapeRegex = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
/** The field as the one-style message names it: `body.tags[0].key`, `path.server_id`, `header.Client-Request-Id`. */
function fieldPattern(c: InvalidCase): string {
  if (c.location !== 'body') return escapeRegex(fieldPath(c.location, [c.field]));
  if (c.field === '(body)') return 'body';
  if (c.field.startsWith('/')) {
    const segments = c.field
      .slice(1)
      .split('/')
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
    return `${escapeRegex(fieldPath('body', segments))}(\\[[^\\]]*\\]|\\.[^:\\s]+)?`; // a map key may follow: body.metadata["a b"]
  }
  return `body\\S*${escapeRegex(fieldPath('', [c.field]))}`; // the property a rule names: required, additionalProperties
}
/** Alternatives that each only require a property are said together, as the anyOf they are. */
const ALTERNATIVES: Record<string, string> = {
  'neither adminpass nor keyname': 'body.os-change: anyOf: must have at least one of adminpass, keyname',
};

describe('every constraint of the fidelity table', () => {
  for (const c of invalidCases) {
    it(`${c.operationId}: ${c.name} → 400 naming ${c.field} and ${c.rule}`, async () => {
      const res = await call(sim.url, c.operationId, { params: c.path, headers: c.headers, body: c.body });
      expect(violations(c.operationId, res)).toBe('');
      expect(res.status).toBe(400);
      expect(FORMAT[formatOf(c.operationId)]?.(res.json), res.text).toBe(true);
      const message = errorMessage(res);
      const alternatives = ALTERNATIVES[c.name];
      if (alternatives) expect(message).toBe(alternatives);
      else expect(message).toMatch(new RegExp(`(^|; )${fieldPattern(c)}: ${c.rule}: \\S`));
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
