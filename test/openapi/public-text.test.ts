// Everything the docs portal shows comes from the bundled documents, and their readers have none of this
// project's working files: no string in them (descriptions, summaries, titles, examples, keys) may cite the
// project's internal sources. openapi/README.md, which users also read, follows the same rule.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { SERVICES } from '../../src/openapi/documents.ts';
import { documentPath } from '../../src/openapi/load.ts';

/**
 * Names of internal working files and folders: the seed pages (`seed 001`, `seeds/`), the facts page
 * (`api-facts`), the shared folder (`shared/`), the helpers' notes (`notes/`, `issue12-research`) and the work tree.
 * `\bseeds?\b` matches the word only, not "seeded" or "seedling".
 */
const INTERNAL_SOURCE = /\bseeds?\b|seed\s*0\d\d|api-facts|shared\/|\bnotes\/|issue\d+-research|\/work\//i;

/** Every string of a JSON value, keys included, with where it is. */
function strings(value: unknown, at = ''): Array<{ at: string; text: string }> {
  if (typeof value === 'string') return [{ at, text: value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => strings(item, `${at}/${i}`));
  if (value !== null && typeof value === 'object') {
    return Object.entries(value).flatMap(([key, item]) => [{ at: `${at}/${key} (key)`, text: key }, ...strings(item, `${at}/${key}`)]);
  }
  return [];
}

describe('the pattern', () => {
  it('finds internal sources and leaves ordinary words alone', () => {
    for (const text of ['Source: seed 003', 'see seed003', 'the seeds', 'api-facts.md', '../shared/reference', 'notes/issue12-research.md']) {
      expect(text).toMatch(INTERNAL_SOURCE);
    }
    for (const text of ['a seeded random generator', 'reference pages (ecs_02_0701)', 'shared responses', 'the API Explorer', 'facts']) {
      expect(text).not.toMatch(INTERNAL_SOURCE);
    }
  });
});

describe('bundled documents cite only public sources', () => {
  it.each(SERVICES.flatMap((service) => (['json', 'yaml'] as const).map((format) => [`${service}.${format}`, service, format] as const)))(
    '%s',
    (_, service, format) => {
      const text = readFileSync(documentPath(service, format), 'utf8');
      const found = format === 'json' ? strings(JSON.parse(text)).filter((s) => INTERNAL_SOURCE.test(s.text)) : [];
      expect(found.map((s) => `${s.at}: ${s.text.slice(0, 120)}`)).toEqual([]);
      expect(text).not.toMatch(INTERNAL_SOURCE);
    },
  );
  it('openapi/README.md', () => {
    const readme = readFileSync(new URL('../../openapi/README.md', import.meta.url), 'utf8');
    expect(readme.split('\n').filter((line) => INTERNAL_SOURCE.test(line))).toEqual([]);
  });
});
