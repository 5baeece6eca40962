// The in-page simulator's validators, compiled at build time. ajv turns a schema into JavaScript and runs it with
// `new Function`, which the console's Content-Security-Policy (script-src 'self', no 'unsafe-eval') forbids. ajv's
// standalone code is that same JavaScript written out ahead of time: the simulator bundled for the page gets, in
// place of ajv, a module whose `compile` returns these functions. src/openapi/validators.ts stays the one
// validator: the same options, keyword and documents, and its explanations read the same errors.
import { fileURLToPath } from 'node:url';
import { _ } from 'ajv';
import standaloneCode from 'ajv/dist/standalone/index.js';
import type { Plugin } from 'esbuild';
import { loadDocuments } from '../../openapi/bundled.ts';
import { listOperations } from '../../openapi/documents.ts';
import { documentsAjv, newAjv } from '../../openapi/validators.ts';
import { maxBytesKeyword } from '../../openapi/violations.ts';
import { FIXTURE_SCHEMA } from '../../servers/sim/formats.ts';

const VIOLATIONS = fileURLToPath(new URL('../../openapi/violations.ts', import.meta.url));
const FORMATS = fileURLToPath(new URL('../../servers/sim/formats.ts', import.meta.url));
const REPOSITORY = fileURLToPath(new URL('../../../', import.meta.url));
const NAMESPACE = 'hwc-precompiled';

type Ajv = ReturnType<typeof newAjv>;

/** An ajv that writes its code out; the `x-max-bytes` check is imported by the code, not copied into it. */
function sourceAjv(make: (code: { source: true; esm: true }) => Ajv): Ajv {
  const ajv = make({ source: true, esm: true });
  ajv.scope.value('keyword', { ref: maxBytesKeyword, code: _`require(${VIOLATIONS}).maxBytesKeyword` });
  return ajv;
}

/** The document schemas the simulator's request validators use (validators.ts createRequestValidators). */
function requestSchemaRefs(): string[] {
  const refs = new Set<string>();
  for (const [service, doc] of Object.entries(loadDocuments())) {
    for (const op of listOperations(doc, service)) {
      for (const p of op.parameters) if (p.in !== 'cookie') refs.add(`${service}.json#${p.schemaPointer}`);
      if (op.body) refs.add(`${service}.json#${op.body.schemaPointer}`);
    }
  }
  return [...refs];
}

/** The modules that replace `ajv/dist/2020.js` and `ajv-formats` in the in-page simulator's bundle. */
function modules(): Record<string, string> {
  const refs = requestSchemaRefs();
  const documents = sourceAjv((code) => documentsAjv(loadDocuments(), code));
  const names = Object.fromEntries(refs.map((ref, i) => [`v${i}`, ref]));
  const fixture = sourceAjv(newAjv);
  return {
    documents: standaloneCode(documents, names),
    fixture: standaloneCode(fixture, fixture.compile(FIXTURE_SCHEMA)),
    ajv: `import * as documents from '${NAMESPACE}:documents';
import fixture from '${NAMESPACE}:fixture';
import { FIXTURE_SCHEMA } from ${JSON.stringify(FORMATS)};
const NAMES = ${JSON.stringify(Object.fromEntries(refs.map((ref, i) => [ref, `v${i}`])))};
export default class PrecompiledAjv {
  opts = { code: {} };
  addFormat() { return this; }
  addKeyword() { return this; }
  addSchema() { return this; }
  compile(schema) {
    const validate = schema === FIXTURE_SCHEMA ? fixture : documents[NAMES[schema.$ref]];
    if (!validate) throw new Error('no validator was compiled ahead of time for ' + (schema.$ref ?? 'this schema') + ': rebuild the console');
    return validate;
  }
}`,
    // The formats are in the compiled code already.
    formats: 'export default function addFormats() {}',
  };
}

/** The esbuild plugin that gives the bundle the compiled validators instead of ajv's compiler. */
export function precompiledValidators(): Plugin {
  return {
    name: NAMESPACE,
    setup(build) {
      let sources: Record<string, string> | undefined;
      build.onResolve({ filter: /^ajv\/dist\/2020\.js$/ }, () => ({ path: 'ajv', namespace: NAMESPACE }));
      build.onResolve({ filter: /^ajv-formats$/ }, () => ({ path: 'formats', namespace: NAMESPACE }));
      build.onResolve({ filter: new RegExp(`^${NAMESPACE}:`) }, (args) => ({ path: args.path.slice(NAMESPACE.length + 1), namespace: NAMESPACE }));
      build.onLoad({ filter: /.*/, namespace: NAMESPACE }, (args) => {
        sources ??= modules();
        return { contents: sources[args.path], loader: 'js', resolveDir: REPOSITORY };
      });
    },
  };
}
