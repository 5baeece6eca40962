// The project's tools run without noise a user would have to learn to ignore: npm finds no install script left
// unreviewed (package.json `allowScripts`), tsdown's configuration uses no deprecated option, and `npm run
// lint:sources` runs Redocly through the script that keeps its report and drops its Node 20 notice.
import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import config from '../../tsdown.config.ts';

const run = promisify(execFile);
const root = new URL('../../', import.meta.url).pathname;

describe('tooling', () => {
  it('npm: every dependency with install scripts is approved or denied in package.json', { timeout: 60_000 }, async () => {
    const { stdout, stderr } = await run('npm', ['approve-scripts', '--allow-scripts-pending'], { cwd: root });
    expect(`${stdout}${stderr}`).toContain('No packages with unreviewed install scripts.');
    const { allowScripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { allowScripts: Record<string, boolean> };
    // Scarf's install script reports downloads: telemetry, which this project keeps off.
    expect(allowScripts['@scarf/scarf']).toBe(false);
  });

  it('tsdown: no entry uses an option tsdown 0.21 deprecates (it warns in every npm pack)', () => {
    for (const entry of [config].flat()) {
      for (const deprecated of ['external', 'noExternal', 'inlineOnly', 'skipNodeModulesBundle']) expect(entry).not.toHaveProperty(deprecated);
    }
  });

  it('lint:sources runs Redocly through scripts/redocly-lint.ts (its report, checked with the lint in checks.process.test.ts)', () => {
    const { scripts } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(scripts['lint:sources']).toContain('scripts/redocly-lint.ts lint');
    expect(scripts['lint:sources']).not.toMatch(/(^|&& )redocly /);
  });
});
