// The landing page template on hostile input: text from the documents is escaped, never interpreted as markup.
import { describe, expect, test } from 'vitest';
import { renderLanding } from '../../src/docs/landing.ts';
import type { ServiceModel } from '../../src/docs/model.ts';

const EVIL = `"><script>alert(1)</script><img src=x onerror=alert(2)>`;

function service(operationIds: string[]): ServiceModel {
  return {
    name: 'ecs',
    label: 'ECS',
    title: `Title ${EVIL}`,
    summary: `Summary with \`code\` ${EVIL}`,
    version: `1.0.0${EVIL}`,
    page: 'ecs.html',
    endpoints: [{ url: `https://ecs.{region}.example${EVIL}`, description: EVIL }],
    operations: operationIds.map((operationId) => ({
      operationId,
      method: 'POST',
      path: `/v1/{project_id}/${EVIL}`,
      summary: `Op ${EVIL}`,
      href: `ecs.html#/x/${operationId.toLowerCase()}`,
      endpoints: [{ url: `https://other${EVIL}`, description: `Why ${EVIL}` }],
    })),
  };
}

describe('renderLanding', () => {
  test('escapes everything that comes from the documents', () => {
    const page = renderLanding({
      services: [service(['ChangeServerOsWithoutCloudInit', 'ShowJob', `Evil${EVIL}`])],
      errors: { huawei: { example: { error: { code: EVIL, message: EVIL } }, source: 'test', services: new Set([EVIL]) }, nova: undefined, flat: undefined },
    });
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&#60;script&#62;alert(1)&#60;/script&#62;');
    expect(page).toContain('Summary with <code>code</code>'); // Markdown code spans become <code>, after escaping
  });

  test('fails the build when the guide links to an operation no document defines', () => {
    expect(() => renderLanding({ services: [service(['ShowJob'])], errors: { huawei: undefined, nova: undefined, flat: undefined } })).toThrow(
      /ChangeServerOsWithoutCloudInit/,
    );
  });
});
