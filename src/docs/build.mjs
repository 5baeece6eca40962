// Builds the offline docs portal: one self-contained Redoc page per API of redocly.yaml (Redocly CLI
// `build-docs --inlineBundle`) and a landing page (landing.mjs). Used by `npm run docs`, `npm start` and the
// browser tests' globalSetup, so the tests check exactly what users get.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { html } from './html.mjs';
import { renderLanding } from './landing.mjs';
import { errorFormats, loadDocuments, serviceModel } from './model.mjs';

export const repoRoot = fileURLToPath(new URL('../../', import.meta.url));
export const defaultOutDir = join(repoRoot, 'generated', 'docs');
const redocly = createRequire(import.meta.url).resolve('@redocly/cli/bin/cli.js');
const template = fileURLToPath(new URL('./redoc-template.hbs', import.meta.url));

// Redoc's sidebar footer shows the Redocly logo from its CDN, even with --inlineBundle: the only request a built
// page would make. A same-sized inline SVG keeps the attribution without leaving the machine.
const CDN_LOGOS = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(?:-full)?\.svg/g;
const LOCAL_LOGO = `data:image/svg+xml,${encodeURIComponent(
  '<svg xmlns="http://www.w3.org/2000/svg" width="56" height="14" viewBox="0 0 56 14"><text x="0" y="11" font-family="sans-serif" font-size="11" font-weight="600" fill="#1b1f27">Redocly</text></svg>',
)}`;

const seconds = (since) => `${((performance.now() - since) / 1000).toFixed(1)} s`;

/**
 * Runs `redocly build-docs` for one bundled document and makes the page fully offline.
 * @param {{ name: string, jsonPath: string }} api
 * @param {string} output
 * @param {string} serviceLinks HTML of the portal bar's links
 */
async function buildRedocPage(api, output, serviceLinks) {
  const args = [
    redocly,
    'build-docs',
    api.jsonPath,
    '--output',
    output,
    '--inlineBundle', // embed Redoc instead of loading it from the CDN
    '--template',
    template,
    '--templateOptions.serviceLinks',
    serviceLinks,
    '--config',
    join(repoRoot, 'redocly.yaml'), // carries `telemetry: off`
  ];
  const child = spawn(process.execPath, args, {
    cwd: repoRoot,
    env: { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.on('data', (chunk) => (out += chunk));
  child.stderr.on('data', (chunk) => (out += chunk));
  const code = await new Promise((done, fail) => {
    child.on('error', fail);
    child.on('close', done);
  });
  // Redocly prints an unsuppressible Node 20 banner: show its output only when the build fails.
  if (code !== 0) throw new Error(`redocly build-docs ${api.name} failed (exit ${code}):\n${out}`);

  const page = readFileSync(output, 'utf8').replace(CDN_LOGOS, LOCAL_LOGO);
  // Guards, so that a Redocly upgrade or a config change cannot quietly bring network traffic back. (The bundle
  // also names an icon CDN, used only by Markdown icon tags the documents do not use; the browser tests prove it.)
  if (page.includes('cdn.redoc.ly') || page.includes('cdn.redocly.com/redoc/')) {
    throw new Error(`${output} still references the Redocly CDN: check build-docs --inlineBundle`);
  }
  if (!page.includes('"disableTelemetry":true')) {
    throw new Error(`${output} has telemetry enabled: redocly.yaml must say \`telemetry: off\``);
  }
  writeFileSync(output, page);
}

/**
 * @param {{ outDir?: string, log?: (line: string) => void }} [options]
 * @returns {Promise<{ outDir: string, pages: string[] }>}
 */
export async function buildDocs({ outDir = defaultOutDir, log = console.log } = {}) {
  const started = performance.now();
  const dir = resolve(outDir);
  mkdirSync(dir, { recursive: true });
  const apis = loadDocuments(repoRoot);
  const services = apis.map(serviceModel);
  const serviceLinks = html`${services.map((s) => html`<a href="${s.page}">${s.label}</a>`)}`.toString();

  log(`docs: building ${services.map((s) => s.page).join(', ')} with Redoc (in parallel)…`);
  await Promise.all(
    apis.map(async (api) => {
      const since = performance.now();
      const output = join(dir, `${api.name}.html`);
      await buildRedocPage(api, output, serviceLinks);
      log(`docs:   ${api.name}.html  ${(statSync(output).size / 1024 / 1024).toFixed(1)} MB  ${seconds(since)}`);
    }),
  );

  writeFileSync(join(dir, 'index.html'), renderLanding({ services, errors: errorFormats(apis) }));
  const operations = services.reduce((n, s) => n + s.operations.length, 0);
  log(`docs:   index.html  ${services.length} services, ${operations} operations`);
  const shown = relative(process.cwd(), dir);
  log(`docs: built ${shown && !shown.startsWith('..') ? shown : dir}/ in ${seconds(started)}`);
  return { outDir: dir, pages: ['index.html', ...services.map((s) => s.page)] };
}
