/**
 * Start-up time. Importing Prism (@stoplight/prism-http) loads, at once, modules the mock rarely or never uses:
 *   - `@faker-js/faker`, whose entry builds a Faker with every one of its ~60 locales: more than half of the time it
 *     takes to import Prism (about 570 ms against 80 ms for the English-only entry, measured on the machine of the
 *     README's table). Faker serves only bodies generated from a schema, and then English is all we need;
 *   - the reader of Postman collections (postman-collection, with a faker of its own): we read OpenAPI only;
 *   - node-fetch and the HTTP(S) proxy agents of Prism's forwarder: the proxy forwards with its own client;
 *   - lodash/fp (Prism's credentials check, replaced by ours) and json-schema-merge-allof (used only when a
 *     response with allOf is validated, i.e. in proxy mode);
 *   - isomorphic-fetch, which its $ref resolver loads only to install a global fetch that Node already has, and
 *     json-schema-faker's own $ref resolver, which Prism's synchronous use of json-schema-faker never calls;
 *   - json-schema-faker itself (about 60 ms, with the JSONPath library it loads), which generates a body only for
 *     `dynamic=true` or a response without an example: Prism configures it as it loads, and its stand-in keeps
 *     that configuration for the real one (see configuredLater).
 * So, before Prism loads, this hook answers those require() calls, when they come from Prism's own files, with
 * stand-ins that load the real module on first use (a property read, a call), resolved from Prism's own location
 * so that it is the version Prism depends on. Faker's stand-in is the English-only Faker, and its `default` is
 * itself deferred, because json-schema-faker takes `faker.default` when it loads but reads `faker.lorem.word` and
 * the like only when a schema asks for them.
 *
 * Node 20 has no public synchronous require hook (module.registerHooks arrives in Node 22.15), so this wraps
 * Module._load, the function every require() goes through. Every other request goes to the original.
 */
import Module, { createRequire } from 'node:module';

type Load = (request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: Load;
}

const FAKER = '@faker-js/faker';
const JSON_SCHEMA_FAKER = 'json-schema-faker';
const PRISM = /[/\\]@stoplight[/\\]prism-http[/\\]/;
/** Each request answered with a stand-in, and whose require() of it is answered (a pattern of its file name). */
const DEFERRED: ReadonlyMap<string, RegExp> = new Map([
  [FAKER, PRISM],
  [JSON_SCHEMA_FAKER, PRISM],
  ['@stoplight/http-spec/postman/operation', PRISM],
  ['node-fetch', PRISM],
  ['http-proxy-agent', PRISM],
  ['https-proxy-agent', PRISM],
  ['lodash/fp', PRISM],
  ['@stoplight/json-schema-merge-allof', PRISM],
  // Loaded by the $ref resolver Prism reads documents with only to install a global fetch, which Node 18+ has.
  ['isomorphic-fetch', /[/\\]@stoplight[/\\]json-schema-ref-parser[/\\]/],
  // json-schema-faker's resolver (with a YAML parser) serves its async resolve(); Prism calls generate() only.
  ['json-schema-ref-parser', /[/\\]json-schema-faker[/\\]/],
]);

/** Which stand-ins have loaded their real module (tests and the start-up measurement look at it). */
export const loadedLate = new Set<string>();
/** Whether the English-only Faker has been loaded. */
export const fakerState = {
  get loaded(): boolean {
    return loadedLate.has(FAKER);
  },
};

/**
 * A stand-in that loads the module on first use and forwards property reads, calls and `new` to it. Its target
 * is an arrow function, so that a module whose export is a function (`module.exports = fn`) can be called.
 */
function deferred(name: string, load: () => unknown): unknown {
  let real: unknown;
  let done = false;
  const target = (): object => {
    if (!done) {
      real = load();
      done = true;
      loadedLate.add(name);
    }
    return real as object;
  };
  return new Proxy(() => undefined, {
    get: (_, key) => Reflect.get(target(), key),
    has: (_, key) => Reflect.has(target(), key),
    apply: (_, self, args) => Reflect.apply(target() as (...a: unknown[]) => unknown, self, args),
    construct: (_, args) => Reflect.construct(target() as new (...a: unknown[]) => object, args),
  });
}

/** What Prism asks of json-schema-faker before it generates anything. */
interface SchemaFaker {
  extend(name: string, cb: () => unknown): unknown;
  option(nameOrMap: string | Record<string, unknown>, value?: unknown): unknown;
}

/**
 * json-schema-faker's stand-in. Prism configures it as it loads (`extend('faker', …)`, `option({…})`) and again
 * before a seeded generation (`option('random', …)`). Until something else is asked of it (generate), those calls
 * are kept, merged as json-schema-faker merges them (so what is kept stays bounded); the real one, loaded as the
 * other stand-ins load theirs (deferred), gets them first.
 */
function configuredLater(load: () => SchemaFaker): unknown {
  const extensions = new Map<string, () => unknown>();
  const options: Record<string, unknown> = {};
  const real = deferred(JSON_SCHEMA_FAKER, () => {
    const faker = load();
    for (const [name, cb] of extensions) faker.extend(name, cb);
    faker.option(options);
    return faker;
  }) as SchemaFaker;
  const kept: SchemaFaker = {
    extend: (name, cb) => {
      extensions.set(name, cb);
      return schemaFaker;
    },
    option: (nameOrMap, value) => {
      if (typeof nameOrMap === 'string' && value === undefined) return real.option(nameOrMap); // a read
      Object.assign(options, typeof nameOrMap === 'string' ? { [nameOrMap]: value } : nameOrMap);
      return undefined;
    },
  };
  const loaded = () => loadedLate.has(JSON_SCHEMA_FAKER);
  const schemaFaker: object = new Proxy({}, { get: (_, key) => (!loaded() && (key === 'extend' || key === 'option') ? kept[key] : Reflect.get(real, key)) });
  return schemaFaker;
}

/** The stand-in of `request` for a module required from `parentFile`. */
function standIn(request: string, parentFile: string): unknown {
  const require = createRequire(parentFile);
  if (request === FAKER) {
    const faker = deferred(FAKER, () => require(`${FAKER}/locale/en`));
    return { __esModule: true, default: faker, faker };
  }
  if (request === JSON_SCHEMA_FAKER) {
    return { JSONSchemaFaker: configuredLater(() => (require(require.resolve(request)) as { JSONSchemaFaker: SchemaFaker }).JSONSchemaFaker) };
  }
  // Required by its resolved file name, which is not a request this hook answers.
  return deferred(request, () => require(require.resolve(request)));
}

let installed = false;

/** Installs the hook (once per process). Call it before anything requires @stoplight/prism-http. */
export function installRequireHook(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as ModuleInternals;
  const original = internals._load;
  const answers = new Map<string, unknown>();
  internals._load = function load(this: unknown, request, parent, isMain) {
    const from = parent?.filename;
    const parents = DEFERRED.get(request);
    if (!parents || typeof from !== 'string' || !parents.test(from)) return original.call(this, request, parent, isMain);
    let answer = answers.get(request);
    if (answer === undefined) {
      answer = standIn(request, from);
      answers.set(request, answer);
    }
    return answer;
  };
}
