// Everything the docs portal shows comes from the bundled documents, and their readers have none of this
// project's working files: no string in them (descriptions, summaries, titles, examples, keys) may cite the
// project's internal sources. openapi/README.md, which users also read, follows the same rule. And an API
// description describes the API: what our client or simulator does belongs in the guide and the README, so no
// description or summary may talk about them (the code samples, `x-codeSamples`, are our client by design).
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

/**
 * Talk about this project's own code: the typed client and its helpers, the simulator, the mock, the command.
 * Matches "The typed client refuses…", "this project's `waitForJob`", "the simulator returns…", not "a client
 * should honour it" or "the caller".
 */
const PROJECT_CODE =
  /\bsimulator\b|\bmock\b|\bprism\b|typed\s+client|\bthis\s+project's\b|\bour\s+(?:client|simulator|mock)|waitForJob|hwc-openapi-dev|npx\s+hwc-openapi/i;

/** The description, summary and title strings of a document, outside the code samples, with where they are. */
function prose(value: unknown, at = ''): Array<{ at: string; text: string }> {
  if (Array.isArray(value)) return value.flatMap((item, i) => prose(item, `${at}/${i}`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([key, item]) => {
    if (key === 'x-codeSamples') return [];
    if (typeof item === 'string' && ['description', 'summary', 'title'].includes(key)) return [{ at: `${at}/${key}`, text: item }];
    return prose(item, `${at}/${key}`);
  });
}

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

describe('the project-code pattern', () => {
  it('finds talk about our client and simulator and leaves the API words alone', () => {
    for (const text of [
      'The typed client refuses such a call before sending it.',
      "this project's `waitForJob` keeps polling",
      'the simulator returns all pairs',
      'The Prism mock answers with examples.',
      "never appears in this\nproject's logs",
    ]) {
      expect(text).toMatch(PROJECT_CODE);
    }
    for (const text of [
      'a client that gets one should honour it',
      'The server does not exist in this project',
      'chosen by the caller',
      'Poll it until SUCCESS',
    ]) {
      expect(text).not.toMatch(PROJECT_CODE);
    }
  });
});

describe('API descriptions describe the API, not our client or simulator', () => {
  it.each(SERVICES.map((service) => [`${service}.json`, service] as const))('%s', (_, service) => {
    const found = prose(JSON.parse(readFileSync(documentPath(service, 'json'), 'utf8'))).filter((s) => PROJECT_CODE.test(s.text));
    expect(found.map((s) => `${s.at}: ${s.text.slice(0, 160)}`)).toEqual([]);
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
