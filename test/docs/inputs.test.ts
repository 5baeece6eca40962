// `npm start` keeps a portal built from unchanged inputs (src/docs/inputs.ts, buildDocs' `reuse`) and says so;
// a portal with another stamp, or with a page missing, is not taken for current.
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, test } from 'vitest';
import { buildDocs } from '../../src/docs/build.ts';
import { currentPortalPages, INPUTS_STAMP, portalInputsHash, writeInputsStamp } from '../../src/docs/inputs.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** A directory holding a one-page "portal" stamped with `inputs`. */
function stampedPortal(inputs: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'hwc-docs-inputs-'));
  dirs.push(dir);
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>built earlier</title>');
  writeInputsStamp(dir, inputs, ['index.html']);
  return dir;
}

describe('reusing the built portal', () => {
  test('the inputs hash is stable, and a stamp matches only the same inputs and complete pages', () => {
    const inputs = portalInputsHash();
    expect(inputs).toMatch(/^[0-9a-f]{64}$/);
    expect(portalInputsHash()).toBe(inputs);
    const dir = stampedPortal(inputs);
    expect(currentPortalPages(dir, inputs)).toEqual(['index.html']);
    expect(currentPortalPages(dir, 'f'.repeat(64))).toBeUndefined();
    rmSync(join(dir, 'index.html'));
    expect(currentPortalPages(dir, inputs)).toBeUndefined();
    expect(currentPortalPages(join(dir, 'missing'), inputs)).toBeUndefined();
  });

  test('buildDocs with reuse keeps a current portal untouched and says so', async () => {
    const dir = stampedPortal(portalInputsHash());
    const before = statSync(join(dir, 'index.html')).mtimeMs;
    const lines: string[] = [];
    const result = await buildDocs({ outDir: dir, reuse: true, log: (line) => lines.push(line) });
    expect(result.pages).toEqual(['index.html']);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/is up to date \(built from the same documents and code, inputs sha256 [0-9a-f]{12}\): not rebuilt/);
    expect(statSync(join(dir, 'index.html')).mtimeMs).toBe(before);
    expect(readFileSync(join(dir, INPUTS_STAMP), 'utf8')).toContain('"index.html"');
  });
});
