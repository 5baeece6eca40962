// `npm run build`: the two published packages, built with tsdown (rolldown + rolldown-plugin-dts).
// tsdown rather than tsup or tsc: one tool emits ESM and CommonJS with bundled declarations for both (.d.ts and
// .d.cts, with the generated types inlined, so consumers never see a .ts source), runs on Node 20 at 0.21.x, and
// builds in seconds. scripts/build.ts runs this and then adds the command package's assets.
import { defineConfig } from 'tsdown';

// Rolldown's plugin-timing notice is advice about our build machine, not about the output.
const inputOptions = { checks: { pluginTimings: false } };

// @stoplight (Prism, the mock) and ajv are its dependencies; @redocly and esbuild build the docs portal, which it
// ships prebuilt (never loaded when installed); msw is the optional peer of `hwc-openapi-dev/msw`.
const DEV_EXTERNAL = [/^@stoplight\//, 'ajv', 'ajv-formats', /^ajv\//, 'yaml', /^@redocly\//, 'esbuild', 'msw', /^msw\//];

export default defineConfig([
  {
    // The client package `hwc-openapi`: for Node 20+ and browsers, so no Node built-in may be bundled.
    entry: { index: 'src/index.ts', 'schema-validation': 'src/client/schema-validation.ts' },
    format: ['esm', 'cjs'],
    platform: 'neutral',
    target: 'es2022',
    dts: true,
    outDir: 'dist',
    clean: true,
    inputOptions,
    // Its dependency and its optional peers stay imports (`deps.neverBundle`: tsdown 0.21's name for `external`).
    deps: { neverBundle: ['openapi-fetch', 'ajv', 'ajv-formats', /^ajv\//] },
  },
  {
    // The command package `hwc-openapi-dev`: `hwc-openapi start|mock|sim|docs|proxy`, run by plain node.
    entry: { cli: 'src/cli/main.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: false,
    outDir: 'packages/hwc-openapi-dev/dist',
    // `.js`, as its package.json is `type: module` and names dist/cli.js as the bin.
    fixedExtension: false,
    // Three builds write this directory at once: scripts/build.ts empties it before, none of them cleans it.
    clean: false,
    inputOptions,
    deps: { neverBundle: DEV_EXTERNAL },
  },
  {
    // Its programmatic API, `hwc-openapi-dev` (startSimulator, startMock, defineFixture) and
    // `hwc-openapi-dev/msw`, for ESM with declarations.
    entry: { index: 'src/dev/index.ts', msw: 'src/dev/msw.ts' },
    format: ['esm'],
    platform: 'node',
    target: 'node20',
    dts: true,
    outDir: 'packages/hwc-openapi-dev/dist',
    fixedExtension: false,
    clean: false,
    inputOptions,
    deps: { neverBundle: DEV_EXTERNAL },
  },
  {
    // The same API for CommonJS (`require('hwc-openapi-dev')`), with .d.cts declarations; import.meta.url (where
    // the packaged fixture and documents are) is shimmed. Not `./msw`: it imports its optional peer msw with a
    // top-level await, so that a missing msw names the install command, and CommonJS has no top-level await.
    entry: { index: 'src/dev/index.ts' },
    format: ['cjs'],
    platform: 'node',
    target: 'node20',
    dts: true,
    shims: true,
    outDir: 'packages/hwc-openapi-dev/dist',
    clean: false,
    inputOptions,
    deps: { neverBundle: DEV_EXTERNAL },
  },
]);
