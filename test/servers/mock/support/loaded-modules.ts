// Run as a process of its own (`node --import tsx`) by startup.process.test.ts: starts the mock in this fresh
// process, makes a static and a dynamic request, and prints which deferred modules loaded after each and the
// options json-schema-faker got, then loads Prism's Faker as its generator would and prints which locales came with
// it. Module loading is per process, hence the process.
import { createRequire } from 'node:module';
import { startMock } from '../../../../src/cli/mock.ts';
import { fakerState, loadedLate } from '../../../../src/servers/mock/require-hook.ts';
import { projectId } from '../../../support/fidelity-cases.ts';

const require = createRequire(import.meta.url);
const cached = (pattern: RegExp) => Object.keys(require.cache).filter((file) => pattern.test(file));

const fakerBefore = fakerState.loaded;
const mock = await startMock({ name: 'mock', host: '127.0.0.1', port: 0, portOption: '--port', log: () => undefined, print: () => undefined });
const statuses: number[] = [];
const ask = async (headers: Record<string, string>) => {
  const response = await fetch(`${mock.url}/v1/${projectId}/jobs/j`, { headers: { 'X-Auth-Token': 't', ...headers } });
  statuses.push(response.status);
  return response.json() as Promise<{ status?: unknown }>;
};
await ask({});
const afterStatic = [...loadedLate];
// A generated body: json-schema-faker loads now, and gets the options Prism gave its stand-in.
const generated = await ask({ Prefer: 'dynamic=true' });
await mock.close();
const prismGenerator = require.resolve('@stoplight/prism-http/dist/mocker/generator/JSONSchema.js');
const { JSONSchemaFaker } = createRequire(prismGenerator)('json-schema-faker') as { JSONSchemaFaker: { option(name: string): unknown } };
const generatorOptions = Object.fromEntries(
  ['alwaysFakeOptionals', 'optionalsProbability', 'failOnInvalidFormat'].map((name) => [name, JSONSchemaFaker.option(name)]),
);
const afterRequests = {
  afterStatic,
  generatedStatus: typeof generated.status,
  fakerLoaded: fakerState.loaded,
  loadedLate: [...loadedLate],
  fakerOrPostman: cached(/@faker-js|postman-collection/),
  others: cached(/node_modules[/\\](node-fetch|http-proxy-agent|https-proxy-agent|json-schema-merge-allof)[/\\]/),
};
// What Prism's generator gets when a schema asks for faker (`x-faker`): the English Faker, loaded on first use.
const { default: faker } = createRequire(prismGenerator)('@faker-js/faker') as { default: { lorem: { word: () => unknown }; locale: unknown } };
const loadedOnAccess = fakerState.loaded; // a stand-in: still not loaded
const word = typeof faker.lorem.word();
const locales = cached(/@faker-js/)
  .map((file) => /locales[/\\]([^/\\]+)[/\\]index\.js$/.exec(file)?.[1])
  .filter((locale) => locale !== undefined);
console.log(
  JSON.stringify({
    fakerBefore,
    statuses,
    afterRequests,
    generatorOptions,
    loadedOnAccess,
    word,
    locale: faker.locale,
    fakerAfter: fakerState.loaded,
    locales,
  }),
);
