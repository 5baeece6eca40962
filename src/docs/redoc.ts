// One Redoc page per service, built by Redocly CLI (`build-docs`) with the portal's template, and what they share:
// the Redoc script (redoc.<content hash>.js, a copy of the one Redocly CLI ships) and one stylesheet
// (redoc.<content hash>.css: the portal's own rules); all checked to be fully offline. A browser fetches the shared
// files once, and the static server lets it keep them for a year, since their names change whenever their content
// does. A page itself is its document, which Redoc renders in the browser: a warm next page transfers about 17 KB
// (52 KB with 248 KB of styles inlined, 23 KB with Redoc's server-rendered menu).
// The script is a classic one (not an ES module), so that the pages also work opened from file://.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { docsAsset, writeHashed } from './assets.ts';

const require = createRequire(import.meta.url);
const redocly = require.resolve('@redocly/cli/bin/cli.js');
/** The Redoc bundle that `build-docs --inlineBundle` would inline, and the CDN URL the pages name without it. */
const REDOC_STANDALONE = join(dirname(require.resolve('@redocly/cli/package.json')), 'lib/chunks/redoc.standalone.js');
const CDN_SCRIPT = /https:\/\/cdn\.redocly\.com\/redoc\/v[\d.]+\/bundles\/redoc\.standalone\.js/g;
const MODULE_PRELOAD = /<link rel="modulepreload" href="[^"]+" integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous" \/>/;
const MODULE_START = /<script type="module">\s*import \{ hydrate \} from "[^"]+";/;
const HYDRATE = "hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc'));";
/** Redoc's server-rendered styles (styled-components), one block per page: dropped, as is the markup they style. */
const STYLED = /<style data-styled="true" data-styled-version="[\d.]+">[^<]*<\/style>/;
/** Where a page links the shared stylesheet, once its name is known. */
const STYLESHEET = '<!-- redoc stylesheet -->';

// Redoc's sidebar footer shows the Redocly logo from its CDN: the only request a built page would make. A
// same-sized inline SVG keeps the attribution without leaving the machine.
const CDN_LOGOS = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const LOCAL_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14" viewBox="0 0 56 14"><text x="0" y="11" font-family="sans-serif" font-size="11" font-weight="600" fill="#1b1f27">Redocly</text></svg>',
)}`;

export interface RedocPage {
  /** The service, for messages. */
  name: string;
  /** The bundled JSON document. */
  document: string;
  /** The page's file name in the portal. */
  output: string;
  /** HTML of the portal bar: links to the landing page, every service page and the downloads. */
  portalBar: string;
  /** The shared Redoc script's file name (writeRedocScript). */
  script: string;
  /** The document for download, as the portal serves it (relative URLs). */
  downloads: { json: string; yaml: string };
}

/**
 * The code-sample tabs of a document: Redoc 3 shows only the languages listed in its options, matched by `lang`
 * and `label`, so every labelled sample of the bundle (`curl: BatchDeleteBaremetalServerTags` on a path that
 * serves two SDK operations) is listed, then the payload.
 */
function sampleLanguages(documentFile: string): Array<{ lang: string; label?: string }> {
  const doc = JSON.parse(readFileSync(documentFile, 'utf8')) as {
    paths: Record<string, Record<string, { 'x-codeSamples'?: Array<{ lang: string; label?: string }> }>>;
  };
  const seen = new Map<string, { lang: string; label?: string }>();
  for (const item of Object.values(doc.paths)) {
    for (const op of Object.values(item)) {
      for (const { lang, label } of op['x-codeSamples'] ?? []) seen.set(`${lang}\n${label ?? ''}`, label && label !== lang ? { lang, label } : { lang });
    }
  }
  return [...seen.values(), { lang: 'Payload' }];
}

/** Redoc's options for a page: the code-sample tabs and the document's download buttons. */
function redocOptions(page: RedocPage): string {
  return JSON.stringify({
    codeSamples: { languages: sampleLanguages(page.document) },
    downloadUrls: [
      { title: 'OpenAPI JSON', url: page.downloads.json },
      { title: 'OpenAPI YAML', url: page.downloads.yaml },
    ],
  });
}

/**
 * Writes Redoc's script into the portal as `redoc.<hash of its content>.js`, with the CDN logo replaced, removes
 * the copies earlier builds left there, and returns its name. Redocly ships it as an ES module whose only export
 * is the result of one function; here it is a classic script that sets `window.Redoc`: browsers run no module
 * script from file://. `import.meta`, which would not parse in a classic script, is in two worker branches the
 * pages do not take (Node's worker threads, and a search worker loaded from a file): `""` and the page's URL stand in.
 */
export function writeRedocScript(outDir: string): string {
  const module = readFileSync(REDOC_STANDALONE, 'utf8').replace(CDN_LOGOS, LOCAL_LOGO);
  if (module.includes('cdn.redoc.ly')) throw new Error(`${REDOC_STANDALONE} names a Redocly CDN logo this build does not replace`);
  const exports = '{RedocStandalone,hydrate,init}';
  const code = module
    .replace(`const${exports}=`, 'window.Redoc=')
    .replace(`export${exports};`, '')
    .replace(/(?<!")import\.meta\.(dirname|url)(?!")/g, (_, name: string) => (name === 'url' ? 'location.href' : '""'));
  if (code.includes(`const${exports}`) || /\bexport\{/.test(code.slice(-200)) || /(?<!")import\.meta\b/.test(code)) {
    throw new Error(`${REDOC_STANDALONE} no longer has the shape this build turns into a classic script: check the Redocly CLI upgrade`);
  }
  return writeHashed(outDir, 'redoc', code);
}

/**
 * The stylesheet every service page links: the portal's own rules (the bar above Redoc). Redoc's styles are not
 * in it: the pages carry no server-rendered markup for them to style, and Redoc's script injects its own as it
 * renders (a sheet with them, 240 KB, changed no screenshot of the browser tests once a page had settled).
 */
export function redocPageStylesheet(): string {
  return readFileSync(docsAsset('redoc-page.css'), 'utf8');
}

/** Runs a command to its end; resolves with its exit code and everything it printed. */
function run(args: readonly string[], cwd: string): Promise<{ code: number | null; out: string }> {
  const child = spawn(process.execPath, args, {
    cwd,
    env: { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  child.stderr.on('data', (chunk: Buffer) => {
    out += chunk;
  });
  return new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', (code) => done({ code, out }));
  });
}

/**
 * Runs `redocly build-docs` for one bundled document and returns the page, pointed at the shared, local Redoc script,
 * without Redoc's server-rendered markup and styles (linkStylesheet then links the shared sheet).
 */
export async function buildRedocPage(page: RedocPage, repoRoot: string, outDir: string): Promise<string> {
  const output = join(outDir, page.output);
  const { code, out } = await run(
    [
      redocly,
      'build-docs',
      page.document,
      '--output',
      output,
      '--template',
      docsAsset('redoc-template.hbs'),
      '--templateOptions.portalBar',
      page.portalBar,
      '--openapi',
      redocOptions(page),
      '--config',
      join(repoRoot, 'redocly.yaml'), // carries `telemetry: off`
    ],
    repoRoot,
  );
  // Redocly prints an unsuppressible Node 20 banner: show its output only when the build fails.
  if (code !== 0) throw new Error(`redocly build-docs ${page.name} failed (exit ${code}):\n${out}`);

  const built = readFileSync(output, 'utf8');
  const styled = STYLED.exec(built);
  if ((built.match(CDN_SCRIPT) ?? []).length !== 2 || !MODULE_PRELOAD.test(built) || !MODULE_START.test(built) || !built.includes(HYDRATE) || !styled) {
    throw new Error(
      `${output}: build-docs no longer writes the page this build expects (a modulepreload link, an import of hydrate, one styled-components block): check the Redocly CLI upgrade`,
    );
  }
  const html = built
    .replace(MODULE_PRELOAD, `<script src="./${page.script}" defer></script>\n  ${STYLESHEET}`)
    .replace(styled[0], '')
    .replace(MODULE_START, '<script>')
    // The deferred script has run when the document is parsed.
    .replace(
      HYDRATE,
      `addEventListener('DOMContentLoaded', () => window.Redoc.hydrate(__redoc_definition, __redoc_options, document.getElementById('redoc')));`,
    )
    .replace(CDN_LOGOS, LOCAL_LOGO);
  const clientRendered = withoutServerRendering(html);
  if (!clientRendered) throw new Error(`${output}: build-docs no longer renders into <div id="redoc"> before its data script: check the Redocly CLI upgrade`);
  // Guards, so that a Redocly upgrade or a config change cannot quietly bring network traffic back. (The Redoc script
  // also names an icon CDN, used only by Markdown icon tags the documents do not use; the browser tests prove it.)
  if (/cdn\.redoc\.ly|cdn\.redocly\.com\/redoc\//.test(clientRendered)) throw new Error(`${output} still references the Redocly CDN`);
  if (!clientRendered.includes('"disableTelemetry":true')) {
    throw new Error(`${output} has telemetry enabled: redocly.yaml must say \`telemetry: off\``);
  }
  return clientRendered;
}

/** Redoc's container as build-docs writes it: its color-mode script, then the server-rendered HTML, up to the data. */
const RENDERED = /<div id="redoc">(<div hidden=""><script>[^<]*<\/script><\/div>)[\s\S]*<\/div>\s*(?=<script>\s*const __redoc_definition)/;

/**
 * The page with Redoc's container emptied of its server-rendered HTML (the menu and the document's title: a third of
 * a page's weight once compressed), which Redoc's hydrate then renders in the browser, as it does for an empty
 * container. The color-mode script stays, before the container. Undefined when the page is not shaped so.
 */
function withoutServerRendering(html: string): string | undefined {
  const rendered = RENDERED.exec(html);
  if (!rendered) return undefined;
  return `${html.slice(0, rendered.index)}${rendered[1]}<div id="redoc"></div>\n  ${html.slice(rendered.index + rendered[0].length)}`;
}

/** The page as built by buildRedocPage, linking the shared stylesheet (its file name in the portal). */
export function linkStylesheet(html: string, stylesheet: string): string {
  return html.replace(STYLESHEET, `<link rel="stylesheet" href="./${stylesheet}">`);
}
