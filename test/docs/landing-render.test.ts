// The landing page template on hostile input: text from the documents is escaped, never interpreted as markup.
import { describe, expect, test } from 'vitest';
import { renderLanding } from '../../src/docs/landing.ts';
import type { ServiceModel } from '../../src/docs/model.ts';
import type { SearchEntry } from '../../src/docs/search.ts';

const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;

/** The operations the guide links to (a link to an operation no document defines fails the build). */
const GUIDE_LINKS = [
  'UpdateBaremetalServerMetadata',
  'UpdateBaremetalServerMetadataItem',
  'ListBareMetalServerDetails',
  'BatchCreateBaremetalServerTags',
  'BatchDeleteBaremetalServerTags',
  'ShowBaremetalServerTags',
  'ShowPrivateProviderMetadata',
  'UpdatePrivateProviderMetadata',
];

function service(listed: string[]): ServiceModel {
  const operationIds = [...listed, ...GUIDE_LINKS];
  return {
    name: 'ecs',
    label: 'ECS',
    title: `Title ${EVIL}`,
    summary: `Summary with \`code\` ${EVIL}`,
    version: `1.0.0${EVIL}`,
    page: 'ecs.html',
    downloads: { json: `openapi/ecs.json${EVIL}`, yaml: 'openapi/ecs.yaml' },
    endpoints: [{ url: `https://ecs.{region}.example${EVIL}`, description: EVIL }],
    operations: operationIds.map((operationId) => ({
      operationId,
      method: 'POST',
      path: `/v1/{project_id}/${EVIL}`,
      summary: `Op ${EVIL}`,
      href: `ecs.html#/x/${operationId.toLowerCase()}`,
      endpoints: [{ url: `https://other${EVIL}`, description: `Why ${EVIL}` }],
      // What the search index and the console read; the landing page renders none of it.
      source: { service: 'ecs', operationId, method: 'post', path: '/', pointer: '', operation: {}, parameters: [], statuses: [], servers: [] },
    })),
  };
}

describe('renderLanding', () => {
  test('escapes everything that comes from the documents', () => {
    const page = renderLanding({
      services: [service(['ChangeServerOsWithoutCloudInit', 'ShowJob', 'ShowServer', 'UpdateServerMetadata', 'DeleteServerMetadata', `Evil${EVIL}`])],
      errors: {
        huawei: { example: { error: { code: EVIL, message: EVIL } }, source: 'test', services: new Set([EVIL]), codes: new Set([EVIL]) },
        nova: undefined,
        flat: undefined,
      },
    });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('Summary with <code>code</code>'); // Markdown code spans become <code>, after escaping
  });

  test('carries the search index as data that no value can break out of, and loads only its own script', () => {
    const index: SearchEntry[] = [
      { kind: 'operation', service: 'ECS', name: `Evil${EVIL}`, summary: `</script><script>alert(3)</script>`, href: `ecs.html#${EVIL}` },
    ];
    const page = renderLanding(
      {
        services: [service(['ChangeServerOsWithoutCloudInit', 'ShowJob', 'ShowServer', 'UpdateServerMetadata', 'DeleteServerMetadata'])],
        errors: { huawei: undefined, nova: undefined, flat: undefined },
      },
      { search: { index, script: 'search.0123456789ab.js' } },
    );
    const data = /<script type="application\/json" id="search-index">([\s\S]*?)<\/script>/.exec(page)?.[1] ?? '';
    expect(data).not.toContain('<');
    expect(JSON.parse(data)).toEqual(index);
    expect([...page.matchAll(/<script[^>]*>/g)].map((m) => m[0])).toEqual([
      '<script type="application/json" id="search-index">',
      '<script src="search.0123456789ab.js" defer>',
    ]);
    expect(page).toContain(`content="default-src 'none'; script-src 'self';`);
  });

  test('links the console from the page and from each operation only when the portal has one', () => {
    const model = {
      services: [service(['ChangeServerOsWithoutCloudInit', 'ShowJob', 'ShowServer', 'UpdateServerMetadata', 'DeleteServerMetadata'])],
      errors: { huawei: undefined, nova: undefined, flat: undefined },
    };
    expect(renderLanding(model)).not.toContain('console.html');
    const page = renderLanding(model, { consolePage: 'console.html' });
    expect(page).toContain('href="console.html#ShowJob"');
    expect(page).toContain('href="console.html#ChangeServerOsWithoutCloudInit"');
    expect(page).toContain('<a href="console.html">Console</a>');
  });

  test('fails the build when the guide links to an operation no document defines', () => {
    expect(() => renderLanding({ services: [service(['ShowJob'])], errors: { huawei: undefined, nova: undefined, flat: undefined } })).toThrow(
      /ChangeServerOsWithoutCloudInit/,
    );
  });
});
