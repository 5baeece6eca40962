// The checks `npm test` runs after generated/'s drift (which runs before Vitest, as it regenerates generated/ in
// place): Biome and Redocly, Spectral on the bundles, and tsc over src, test and scripts. They run as tests, beside
// the others, rather than all before them: a lint or tsc keeps about one core busy while the browser and process
// tests leave CPU idle, and run first they added about 25 s to every `npm test`. A failing check fails its test
// with the tool's report.
import { describe, expect, it } from 'vitest';
import { AFTER_DRIFT, runScript } from '../../scripts/npm-script.ts';

const root = new URL('../../', import.meta.url).pathname;
/**
 * A whole tsc takes about 25 s on an idle machine, a minute or more when other processes keep both cores busy (later
 * runs check only what changed: `typecheck` keeps tsc's incremental state in node_modules/.cache).
 */
const LIMIT_MS = 300_000;

describe('npm test checks', () => {
  it.each(AFTER_DRIFT)('npm run %s passes', { timeout: LIMIT_MS }, async (name) => {
    const outcome = await runScript(name, root);
    expect(outcome.code, `npm run ${name} failed:\n${outcome.output}`).toBe(0);
    // lint:sources runs Redocly through scripts/redocly-lint.ts: its report, without the Node 20 notice.
    if (name === 'lint:sources') {
      expect(outcome.output).toContain('openapi/ecs/openapi.yaml: validated');
      expect(outcome.output).not.toMatch(/Node\.js 20|end-of-life|╔/);
    }
  });
});
