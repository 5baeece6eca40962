// Page weight and speed of the docs portal, measured in real Chromium (not a timed test):
//   - bytes transferred for the first service page with an empty cache, and for the next one with a warm cache;
//   - time until every operation of the page is visible (its path listed on the page), and until the page's
//     scripts have run (DOMContentLoaded ends after module scripts).
// Usage: node --import tsx scripts/bench/docs-weight.ts [built-portal-dir]   (default: builds one in a temp dir;
// BENCH_ROUNDS rounds, each with a fresh browser profile, default 5; medians are reported)
// Returns bench rows ({ metric, ours, peer, ratio, goal, met }) from run(), like the other scripts of this folder.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { buildDocs } from '../../src/docs/build.ts';
import { listOperations, SERVICES } from '../../src/openapi/documents.ts';
import { loadDocuments } from '../../src/openapi/load.ts';
import { startStaticServer } from '../../src/servers/static.ts';
import { launchBrowser } from '../../test/support/chromium.ts';

interface PageFigures {
  page: string;
  bytes: number;
  requests: number;
  operationsVisibleMs: number;
  scriptsRunMs: number;
}

export interface BenchRow {
  metric: string;
  ours: string;
  peer: string;
  ratio: number | undefined;
  goal: string;
  met: boolean | undefined;
}

const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const median = (values: number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? 0) : ((sorted[mid - 1] ?? 0) + (sorted[mid] ?? 0)) / 2;
};

/** Loads one page and returns what crossed the wire (headers included) and when its operations showed. */
async function measure(page: Page, url: string, paths: string[]): Promise<PageFigures> {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (event: { encodedDataLength: number }) => {
    bytes += event.encodedDataLength;
    requests++;
  });
  await page.goto(url, { waitUntil: 'commit' });
  // Visible: each operation's path is shown in a rendered element (Redoc lists them under their tags).
  const operationsVisibleMs = await page.waitForFunction(
    (wanted: string[]) => {
      const shown = [...document.querySelectorAll('#redoc span')]
        .filter((e) => e.children.length === 0 && e.getClientRects().length > 0)
        .map((e) => e.textContent);
      return wanted.every((path) => shown.includes(path)) && performance.now();
    },
    paths,
    { polling: 'raf', timeout: 60_000 },
  );
  const visible = Number(await operationsVisibleMs.jsonValue());
  await page.waitForLoadState('load');
  const scriptsRunMs = await page.evaluate(() => {
    const [navigation] = performance.getEntriesByType('navigation') as PerformanceNavigationTiming[];
    return navigation?.domContentLoadedEventEnd ?? Number.NaN;
  });
  await page.waitForTimeout(300); // late requests (fonts, images) still count
  await cdp.detach();
  return { page: new URL(url).pathname.slice(1), bytes, requests, operationsVisibleMs: visible, scriptsRunMs };
}

/** One round: a fresh browser profile (empty cache), the first service page, then the next one. */
async function round(base: string, paths: Record<string, string[]>): Promise<[PageFigures, PageFigures]> {
  const browser = await launchBrowser();
  try {
    const [first = 'ecs', next = 'bms'] = SERVICES;
    const cold = await measure(browser.page, `${base}${first}.html`, paths[first] ?? []);
    const warm = await measure(browser.page, `${base}${next}.html`, paths[next] ?? []);
    return [cold, warm];
  } finally {
    await browser.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;

export async function run(dir?: string): Promise<BenchRow[]> {
  let built = dir;
  const temp = dir ? undefined : mkdtempSync(join(tmpdir(), 'hwc-docs-weight-'));
  if (temp) built = (await buildDocs({ outDir: temp, log: () => {} })).outDir;
  const documents = loadDocuments();
  const paths = Object.fromEntries(SERVICES.map((service) => [service, listOperations(documents[service], service).map((op) => op.path)]));
  const server = await startStaticServer({ root: built ?? '.', port: 0 });
  try {
    const rounds: Array<[PageFigures, PageFigures]> = [];
    for (let i = 0; i < ROUNDS; i++) rounds.push(await round(server.url, paths));
    const pick = (which: 0 | 1, key: keyof Omit<PageFigures, 'page'>) => median(rounds.map((r) => r[which][key]));
    const [cold, warm] = rounds[0] ?? [];
    const html = (name: string) => readFileSync(join(built ?? '.', name)).length;
    return [
      {
        metric: `docs: first service page, empty cache (${cold?.page}, ${kb(html(cold?.page ?? ''))} on disk), bytes transferred`,
        ours: `${kb(pick(0, 'bytes'))} in ${pick(0, 'requests')} requests`,
        peer: '',
        ratio: undefined,
        goal: '≤ 700 KB',
        met: pick(0, 'bytes') <= 700 * 1024,
      },
      {
        metric: `docs: next service page, warm cache (${warm?.page}), bytes transferred`,
        ours: `${kb(pick(1, 'bytes'))} in ${pick(1, 'requests')} requests`,
        peer: '',
        ratio: undefined,
        goal: '≤ 60 KB',
        met: pick(1, 'bytes') <= 60 * 1024,
      },
      ...(['operationsVisibleMs', 'scriptsRunMs'] as const).flatMap((key) =>
        ([0, 1] as const).map((which) => ({
          metric: `docs: ${which === 0 ? 'first page, empty cache' : 'next page, warm cache'}: ${key === 'operationsVisibleMs' ? 'all operations visible' : 'scripts run (DOMContentLoaded end)'} (ms, median of ${ROUNDS})`,
          ours: pick(which, key).toFixed(0),
          peer: '',
          ratio: undefined,
          goal: '',
          met: undefined,
        })),
      ),
    ];
  } finally {
    await server.close();
    if (temp) rmSync(temp, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  for (const row of await run(process.argv[2]))
    console.log(`| ${row.metric} | ${row.ours} | ${row.goal} | ${row.met === undefined ? '' : row.met ? 'met' : 'missed'} |`);
}
