/**
 * Start-up time. Importing Prism (@stoplight/prism-http) loads two large things the mock rarely or never uses:
 *   - `require('@faker-js/faker')`, whose entry builds a Faker with every one of its ~60 locales: more than half of
 *     the time it takes to import Prism (about 570 ms against 80 ms for the English-only entry, measured on the
 *     machine of the README's table). Faker is used only when a body is generated from a schema (`--dynamic`,
 *     `Prefer: dynamic=true`), and then English is all we need;
 *   - `@stoplight/http-spec/postman/operation`, the reader of Postman collections (postman-collection, with a
 *     faker of its own): the mock reads OpenAPI documents only.
 * So, before Prism loads, this hook answers those two require() calls, when they come from inside @stoplight/,
 * with stand-ins that load the real module on first use:
 *   - faker: `default` and `faker` are a Proxy over the English-only Faker (`@faker-js/faker/locale/en`, resolved
 *     from Prism's own location, so it is the version Prism depends on), required on the first property read.
 *     json-schema-faker keeps the stand-in and reads `faker.lorem.word` and the like through it;
 *   - the Postman reader: its one export is a getter that requires the real module when Prism calls it.
 * Node 20 has no public synchronous require hook (module.registerHooks arrives in Node 22.15), so this wraps
 * Module._load, the function every require() goes through. Everything else goes to the original.
 */
import Module, { createRequire } from 'node:module';

type Load = (request: string, parent: { filename?: string | null } | null | undefined, isMain: boolean) => unknown;
interface ModuleInternals {
  _load: Load;
}

const FAKER = '@faker-js/faker';
const POSTMAN = '@stoplight/http-spec/postman/operation';

/** Whether the English-only Faker has been loaded (tests and the start-up measurement look at it). */
export const fakerState = { loaded: false };

/** A Proxy that requires `load()` on its first property read and forwards every read to it. */
function deferred(load: () => object): object {
  let real: object | undefined;
  const target = () => {
    real ??= load();
    return real;
  };
  return new Proxy({}, { get: (_, key) => Reflect.get(target(), key), has: (_, key) => Reflect.has(target(), key) });
}

function fakerStandIn(parentFile: string): object {
  const faker = deferred(() => {
    const english = createRequire(parentFile)(`${FAKER}/locale/en`) as object;
    fakerState.loaded = true;
    return english;
  });
  return { __esModule: true, default: faker, faker };
}

function postmanStandIn(parentFile: string): object {
  let real: { transformPostmanCollectionOperations?: unknown } | undefined;
  return {
    get transformPostmanCollectionOperations() {
      // By its resolved file name, which is not a request this hook answers.
      const require = createRequire(parentFile);
      real ??= require(require.resolve(POSTMAN)) as { transformPostmanCollectionOperations?: unknown };
      return real.transformPostmanCollectionOperations;
    },
  };
}

let installed = false;

/** Installs the hook (once per process). Call it before anything requires @stoplight/prism-http. */
export function installRequireHook(): void {
  if (installed) return;
  installed = true;
  const internals = Module as unknown as ModuleInternals;
  const original = internals._load;
  const standIns = new Map<string, object>();
  const makers: Record<string, (parentFile: string) => object> = { [FAKER]: fakerStandIn, [POSTMAN]: postmanStandIn };
  internals._load = function load(this: unknown, request, parent, isMain) {
    const make = makers[request];
    const from = parent?.filename;
    if (make && typeof from === 'string' && from.includes('@stoplight')) {
      let standIn = standIns.get(request);
      if (!standIn) {
        standIn = make(from);
        standIns.set(request, standIn);
      }
      return standIn;
    }
    return original.call(this, request, parent, isMain);
  };
}
