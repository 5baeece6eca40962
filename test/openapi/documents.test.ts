// The one reader of the documents: operations with parameters, body and responses resolved; broken refs fail.
import { describe, expect, it } from 'vitest';
import { deref, examplesOf, hostLabel, listOperations, responseOf } from '../../src/openapi/documents.ts';
import { loadDocument } from '../../src/openapi/load.ts';
import { compileRoutes, matchRoute } from '../../src/openapi/routes.ts';

describe('documents', () => {
  const ecs = loadDocument('ecs');
  const operations = listOperations(ecs, 'ecs');
  it('lists the operations with resolved parameters, body and servers', () => {
    const update = operations.find((o) => o.operationId === 'UpdateServerMetadata');
    expect(update?.method).toBe('post');
    expect(update?.parameters.map((p) => `${p.in} ${p.name}`)).toEqual(expect.arrayContaining(['path project_id', 'path server_id']));
    expect(update?.body?.required).toBe(true);
    expect(update?.statuses).toContain(200);
    expect(hostLabel(update?.servers ?? [])).toBe('ecs');
  });
  it('reads named examples of a response', () => {
    const job = operations.find((o) => o.operationId === 'ShowJob');
    if (!job) throw new Error('ShowJob');
    const media = (responseOf(ecs, job, 200)?.response.content as Record<string, unknown> | undefined)?.['application/json'];
    expect(examplesOf(ecs, media).map((e) => e.name).length).toBeGreaterThan(1);
  });
  it('throws on a reference that resolves to nothing', () => {
    expect(() => deref(ecs, { $ref: '#/components/schemas/Nope' })).toThrow(/points at nothing/);
  });
});

describe('routes', () => {
  const routes = compileRoutes(listOperations(loadDocument('bms'), 'bms'));
  it('decodes path parameters, and reports bad encodings and wrong methods', () => {
    const project = 'c685484a8cc2416b97260938705deb65';
    const match = matchRoute(routes, 'PUT', `/v2.1/${project}/servers/s/metadata/a%20b`);
    expect(match.kind === 'ok' && match.params.key).toBe('a b');
    expect(matchRoute(routes, 'PUT', `/v2.1/${project}/servers/s/metadata/%FF`).kind).toBe('bad-encoding');
    expect(matchRoute(routes, 'GET', `/v2.1/${project}/servers/s/metadata/k`)).toEqual({ kind: 'method-not-allowed', allowed: ['PUT'] });
    expect(matchRoute(routes, 'GET', '/nowhere').kind).toBe('none');
  });
  it('refuses two operations on one route', () => {
    const ops = listOperations(loadDocument('ecs'), 'ecs');
    expect(() => compileRoutes([...ops, ...ops])).toThrow(/share the route/);
  });
});
