// One message style for every bad request: field path, rule, explanation, and never the rejected value.
import Ajv2020 from 'ajv/dist/2020.js';
import { describe, expect, it } from 'vitest';
import { listOperations, SERVICES } from '../../src/openapi/documents.ts';
import { loadDocuments } from '../../src/openapi/load.ts';
import {
  compileSchema,
  createRequestValidators,
  fieldPath,
  formatViolation,
  formatViolations,
  MAX_VIOLATIONS,
  utf8Length,
} from '../../src/openapi/validators.ts';
import { CHANGE_SCHEMA, FIXTURE_SCHEMA, STATE_SCHEMA } from '../../src/servers/sim/formats.ts';

const documents = loadDocuments();
const validatorFor = createRequestValidators(documents);
const op = (operationId: string) => {
  const found = SERVICES.flatMap((s) => listOperations(documents[s], s)).find((o) => o.operationId === operationId);
  if (!found) throw new Error(operationId);
  return validatorFor(found);
};
const path = { project_id: 'c685484a8cc2416b97260938705deb65', server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' };

describe('fieldPath', () => {
  it('writes identifiers with dots, positions in brackets and other keys quoted', () => {
    expect(fieldPath('body', ['os-change', 'adminpass'])).toBe('body.os-change.adminpass');
    expect(fieldPath('body', ['tags', 0, 'key'])).toBe('body.tags[0].key');
    expect(fieldPath('body', ['metadata', 'bad key!'])).toBe('body.metadata["bad key!"]');
  });
});

describe('request validators compiled from the documents', () => {
  it('names the offending map key, the rule and the pattern', () => {
    const violations = op('UpdateServerMetadata')({ path, body: { metadata: { 'bad key!': 'v' } } });
    expect(violations.map(formatViolation)).toContain('body.metadata["bad key!"]: pattern: must match ^[A-Za-z0-9_:.-]+$');
  });
  it('names a missing required field and an unknown one', () => {
    expect(op('UpdateServerMetadata')({ path, body: { metadta: {} } }).map(formatViolation)).toEqual([
      'body.metadata: required: is required',
      'body.metadta: additionalProperties: is not a known field',
    ]);
  });
  it('checks path and header parameters, header names case-insensitively', () => {
    expect(op('UpdateServerMetadata')({ path: { ...path, server_id: 'nope' }, body: { metadata: {} } }).map(formatViolation)).toEqual([
      'path.server_id: format: must be a valid uuid',
    ]);
    const rfs = op('UpdatePrivateProviderMetadata');
    const body = { provider_description: 'd' };
    expect(rfs({ path: { provider_name: 'p' }, header: { 'client-request-id': 'c'.repeat(36) }, body })).toEqual([]);
    expect(rfs({ path: { provider_name: 'p' }, header: {}, body }).map(formatViolation)).toEqual(['header.Client-Request-Id: required: is required']);
  });
  it('says a required body is missing', () => {
    expect(op('UpdateServerMetadata')({ path }).map(formatViolation)).toEqual(['body: required: is required']);
  });
  it('never includes the rejected value', () => {
    const secret = 'short1';
    const violations = op('ChangeServerOsWithoutCloudInit')({
      path,
      body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', adminpass: secret } },
    });
    expect(violations.length).toBeGreaterThan(0);
    expect(JSON.stringify(violations)).not.toContain(secret);
  });
});

describe('formatViolations', () => {
  it(`reports at most ${MAX_VIOLATIONS} and counts the rest`, () => {
    const metadata = Object.fromEntries(Array.from({ length: 500 }, (_, i) => [`bad key ${i}`, 'v']));
    const violations = op('UpdateServerMetadata')({ path, body: { metadata } });
    expect(violations).toHaveLength(500);
    const line = formatViolations(violations);
    expect(line.split('; ')).toHaveLength(MAX_VIOLATIONS + 1);
    expect(line).toMatch(/; and 480 more$/);
  });
});

describe('compileSchema', () => {
  it('is given valid JSON Schema 2020-12 by the simulator: the fixture and state formats (it does not check them)', () => {
    const ajv = new Ajv2020({ strict: false });
    for (const schema of [FIXTURE_SCHEMA, STATE_SCHEMA, CHANGE_SCHEMA]) expect(ajv.validateSchema(schema), ajv.errorsText()).toBe(true);
  });

  it('would gain nothing from the meta-schema for the documents: added whole, a faulty nested schema passes it', () => {
    const checking = new Ajv2020({ strict: false });
    expect(() => checking.addSchema({ $id: 'x.json', openapi: '3.1.0', components: { schemas: { Bad: { type: 'strng' } } } })).not.toThrow();
  });

  it('refuses a schema with a fault, without the meta-schema', () => {
    expect(() => compileSchema({ type: 'object', properties: { a: { type: 'strng' } } })).toThrow(/type must be JSONType/);
  });

  it('explains a standalone schema in the same style', () => {
    const check = compileSchema({ type: 'object', required: ['servers'], properties: { servers: { type: 'array' } } }, 'fixture');
    expect(check({}).map(formatViolation)).toEqual(['fixture.servers: required: is required']);
    expect(check({ servers: [] })).toEqual([]);
  });
});

describe('x-max-bytes', () => {
  it('limits a string by its UTF-8 bytes, with the same message style', () => {
    const check = compileSchema({ type: 'string', 'x-max-bytes': 6 }, 'body.meta.key');
    expect(check('abcdef')).toEqual([]);
    expect(check('ééé')).toEqual([]);
    expect(check('éééa').map(formatViolation)).toEqual(['body.meta.key: x-max-bytes: must NOT be longer than 6 bytes (UTF-8)']);
    expect(check('😀a')).toEqual([]);
    expect(check('😀😀')).toHaveLength(1);
  });
  it('counts like TextEncoder', () => {
    for (const text of ['', 'a', 'é', '中文', '😀', 'a😀é中', '\uD800', '\uD800\uD800', '\uDC00a', 'a\uD800'])
      expect(utf8Length(text), text).toBe(new TextEncoder().encode(text).length);
  });
});
