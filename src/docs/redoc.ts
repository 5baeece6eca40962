// One Redoc page per service, built by Redocly CLI (`build-docs --inlineBundle`) with the portal's template, then
// checked to be fully offline.
import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { docsAsset } from './assets.ts';

const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');

// Redoc's sidebar footer shows the Redocly logo from its CDN, even with --inlineBundle: the only request a built
// page would make. A same-sized inline SVG keeps the attribution without leaving the machine.
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
  /** HTML of the portal bar's links to every service page. */
  serviceLinks: string;
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

/** Runs `redocly build-docs` for one bundled document and makes the page fully offline. */
export async function buildRedocPage(page: RedocPage, repoRoot: string): Promise<void> {
  const { code, out } = await run(
    [
      redocly,
      'build-docs',
      page.document,
      '--output',
      page.output,
      '--inlineBundle', // embed Redoc instead of loading it from the CDN
      '--template',
      docsAsset('redoc-template.hbs'),
      '--templateOptions.serviceLinks',
      page.serviceLinks,
      '--config',
      join(repoRoot, 'redocly.yaml'), // carries `telemetry: off`
    ],
    repoRoot,
  );
  // Redocly prints an unsuppressible Node 20 banner: show its output only when the build fails.
  if (code !== 0) throw new Error(`redocly build-docs ${page.name} failed (exit ${code}):\n${out}`);

  const html = readFileSync(page.output, 'utf8').replace(CDN_LOGOS, LOCAL_LOGO);
  // Guards, so that a Redocly upgrade or a config change cannot quietly bring network traffic back. (The bundle
  // also names an icon CDN, used only by Markdown icon tags the documents do not use; the browser tests prove it.)
  if (html.includes('cdn.redoc.ly') || html.includes('cdn.redocly.com/redoc/')) {
    throw new Error(`${page.output} still references the Redocly CDN: check build-docs --inlineBundle`);
  }
  if (!html.includes('"disableTelemetry":true')) {
    throw new Error(`${page.output} has telemetry enabled: redocly.yaml must say \`telemetry: off\``);
  }
  writeFileSync(page.output, html);
}
