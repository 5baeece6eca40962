// One Redoc page per service, built by Redocly CLI (`build-docs`) with the portal's template, and the Redoc script
// they share (redoc.<content hash>.js, a copy of the one Redocly CLI ships); all checked to be fully offline.
// The pages load Redoc from that one file instead of inlining it (2.3 MB each): a browser fetches it once, and the
// static server lets it keep the file for a year, since its name changes whenever its content does.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { docsAsset, writeHashed } from './assets.ts';

const require = createRequire(import.meta.url);
const redocly = require.resolve('@redocly/cli/bin/cli.js');
/** The Redoc bundle that `build-docs --inlineBundle` would inline, and the CDN URL the pages name without it. */
const REDOC_STANDALONE = join(dirname(require.resolve('@redocly/cli/package.json')), 'lib/chunks/redoc.standalone.js');
const CDN_SCRIPT = /https:\/\/cdn\.redocly\.com\/redoc\/v[\d.]+\/bundles\/redoc\.standalone\.js/g;
const CDN_INTEGRITY = /(<link rel="modulepreload" href="[^"]+" integrity=")sha384-[A-Za-z0-9+/=]+"/;

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
  /** The page to write. */
  output: string;
  /** HTML of the portal bar: links to the landing page, every service page and the downloads. */
  portalBar: string;
  /** The shared Redoc script (writeRedocScript). */
  script: RedocScript;
  /** The document for download, as the portal serves it (relative URLs). */
  downloads: { json: string; yaml: string };
}

/**
 * Redoc's options for a page: the code-sample tabs (Redoc 3 shows only the languages listed here, and the bundles'
 * `x-codeSamples` are curl and TypeScript) and the document's download buttons.
 */
function redocOptions(page: RedocPage): string {
  return JSON.stringify({
    codeSamples: { languages: [{ lang: 'curl' }, { lang: 'TypeScript' }, { lang: 'Payload' }] },
    downloadUrls: [
      { title: 'OpenAPI JSON', url: page.downloads.json },
      { title: 'OpenAPI YAML', url: page.downloads.yaml },
    ],
  });
}

export interface RedocScript {
  /** Its file name in the portal, `redoc.<hash>.js`. */
  name: string;
  /** Its Subresource Integrity value, `sha384-…`. */
  integrity: string;
}

/**
 * Writes Redoc's script into the portal as `redoc.<hash of its content>.js`, with the CDN logo replaced, and removes
 * the copies earlier builds left there.
 */
export function writeRedocScript(outDir: string): RedocScript {
  const code = readFileSync(REDOC_STANDALONE, 'utf8').replace(CDN_LOGOS, LOCAL_LOGO);
  if (code.includes('cdn.redoc.ly')) throw new Error(`${REDOC_STANDALONE} names a Redocly CDN logo this build does not replace`);
  const name = writeHashed(outDir, 'redoc', code);
  return { name, integrity: `sha384-${createHash('sha384').update(code).digest('base64')}` };
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

/** Runs `redocly build-docs` for one bundled document and points the page at the shared, local Redoc script. */
export async function buildRedocPage(page: RedocPage, repoRoot: string): Promise<void> {
  const { code, out } = await run(
    [
      redocly,
      'build-docs',
      page.document,
      '--output',
      page.output,
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

  const built = readFileSync(page.output, 'utf8');
  if ((built.match(CDN_SCRIPT) ?? []).length !== 2 || !CDN_INTEGRITY.test(built)) {
    throw new Error(`${page.output}: build-docs no longer loads Redoc with a modulepreload link and an import: check the Redocly CLI upgrade`);
  }
  // The integrity of our copy: the logo replacement changed it.
  const html = built.replace(CDN_SCRIPT, `./${page.script.name}`).replace(CDN_INTEGRITY, `$1${page.script.integrity}"`).replace(CDN_LOGOS, LOCAL_LOGO);
  // Guards, so that a Redocly upgrade or a config change cannot quietly bring network traffic back. (The Redoc script
  // also names an icon CDN, used only by Markdown icon tags the documents do not use; the browser tests prove it.)
  if (/cdn\.redoc\.ly|cdn\.redocly\.com\/redoc\//.test(html)) throw new Error(`${page.output} still references the Redocly CDN`);
  if (!html.includes('"disableTelemetry":true')) {
    throw new Error(`${page.output} has telemetry enabled: redocly.yaml must say \`telemetry: off\``);
  }
  writeFileSync(page.output, html);
}
