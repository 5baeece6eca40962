// Builds the try-it console into the portal directory: console.html (page.ts, with the operations' model from
// model.ts) and, under assets/, its stylesheet, its script (app/main.ts), the package's own client bundled for
// browsers from src/index.ts (the page signs requests with the code users import, loaded as its own file) and the
// simulator its "In this page" target runs (app/in-page.ts), loaded only when chosen. Classic scripts, not modules,
// so that the page works opened from a file too. File names carry a content hash, so the portal's static server lets
// browsers keep them.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Plugin } from 'esbuild';
import { locateAsset } from '../../openapi/load.ts';
import type { Documents, PortalModel } from '../model.ts';
import { consoleModel } from './model.ts';
import { renderConsolePage } from './page.ts';
import { precompiledValidators } from './precompiled.ts';
import { IN_PAGE_GLOBAL } from './targets.ts';

export interface ConsoleBuildOptions {
  /** The portal directory: console.html goes there, its files into `assets/`. */
  outDir: string;
  /** Progress lines; default console.log. */
  log?: (line: string) => void;
  /** The bundled documents and the portal's model of them, as the rest of the portal is built from. */
  documents: Documents;
  model: PortalModel;
}

const CONSOLE_PAGE = 'console.html';
const CLIENT_ENTRY = fileURLToPath(new URL('../../index.ts', import.meta.url));
const APP_ENTRY = fileURLToPath(new URL('./app/main.ts', import.meta.url));
const IN_PAGE_ENTRY = fileURLToPath(new URL('./app/in-page.ts', import.meta.url));

const hashed = (name: string, ext: string, content: string) => `assets/${name}.${createHash('sha256').update(content).digest('hex').slice(0, 10)}.${ext}`;
const kb = (text: string) => `${(Buffer.byteLength(text) / 1024).toFixed(1)} KB`;

/** The global the client's script leaves for the app's (the in-page simulator's is targets.ts IN_PAGE_GLOBAL). */
const CLIENT_GLOBAL = 'hwcOpenapi';

/**
 * The app imports the client from src/index.ts; in the page the client is its own script, run before the app's,
 * and that import reads the global it leaves (as a CommonJS module, so that named imports stay property reads).
 */
function clientFromGlobal(): Plugin {
  return {
    name: 'hwc-openapi-client-global',
    setup(build) {
      build.onResolve({ filter: /index\.ts$/ }, (args) =>
        resolve(args.resolveDir, args.path) === CLIENT_ENTRY ? { path: 'client', namespace: CLIENT_GLOBAL } : undefined,
      );
      build.onLoad({ filter: /.*/, namespace: CLIENT_GLOBAL }, () => ({ contents: `module.exports = globalThis.${CLIENT_GLOBAL};`, loader: 'js' }));
    },
  };
}

/**
 * One browser bundle, minified, as a classic script: browsers run no module script from file://, a classic one they
 * do. `globalName` names the global that holds its exports. A Node built-in anywhere in it fails the build:
 * `platform: 'browser'`.
 */
async function bundle(entry: string, plugins: Plugin[], globalName?: string): Promise<string> {
  const { build } = await import('esbuild');
  const result = await build({
    entryPoints: [entry],
    bundle: true,
    format: 'iife',
    ...(globalName ? { globalName } : {}),
    platform: 'browser',
    target: 'es2022',
    minify: true,
    legalComments: 'none',
    write: false,
    logLevel: 'silent',
    plugins,
  });
  const [output] = result.outputFiles;
  if (!output) throw new Error(`esbuild wrote nothing for ${entry}`);
  return output.text;
}

/** Writes the console into the portal directory; returns the page's name. */
export async function buildConsole({ outDir, log = console.log, documents, model: portal }: ConsoleBuildOptions): Promise<string> {
  const started = performance.now();
  const dir = resolve(outDir);
  mkdirSync(join(dir, 'assets'), { recursive: true });
  const model = consoleModel(documents, portal);

  const client = await bundle(CLIENT_ENTRY, [], CLIENT_GLOBAL);
  const clientFile = hashed('hwc-openapi', 'js', client);
  // The simulator in the page: loaded by the app only when that target is chosen, so the first load stays as it was.
  const inPage = await bundle(IN_PAGE_ENTRY, [precompiledValidators()], IN_PAGE_GLOBAL);
  const inPageFile = hashed('console-in-page', 'js', inPage);
  const app = await bundle(APP_ENTRY, [clientFromGlobal()]);
  const appFile = hashed('console', 'js', app);
  // The portal's shared base, then the console's own sheet.
  const css = ['../base.css', './console.css'].map((name) => readFileSync(locateAsset([name], import.meta.url), 'utf8')).join('\n');
  const cssFile = hashed('console', 'css', css);
  const page = renderConsolePage(model, { client: clientFile, script: appFile, inPage: inPageFile, style: cssFile });

  for (const [name, content] of [
    [clientFile, client],
    [inPageFile, inPage],
    [appFile, app],
    [cssFile, css],
    [CONSOLE_PAGE, page],
  ] as const) {
    writeFileSync(join(dir, name), content);
  }
  log(
    `docs:   console.html  ${model.operations.length} operations; client ${kb(client)}, console ${kb(app)}, in-page simulator ${kb(inPage)}, ` +
      `page ${kb(page)} in ${((performance.now() - started) / 1000).toFixed(1)} s`,
  );
  return CONSOLE_PAGE;
}
