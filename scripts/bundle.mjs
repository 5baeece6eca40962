// Bundles each API of redocly.yaml into generated/openapi/<api>.yaml, then writes the same document as JSON
// beside it (for consumers that do not parse YAML: ajv, the simulator, the docs build).
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import YAML from 'yaml';

const require = createRequire(import.meta.url);
const redocly = require.resolve('@redocly/cli/bin/cli.js');
export const apis = ['ecs', 'bms', 'rfs'];

// Redocly prints an unsuppressible Node 20 banner on stderr: show its output only when bundling fails.
const run = spawnSync(process.execPath, [redocly, 'bundle'], {
  encoding: 'utf8',
  env: { ...process.env, REDOCLY_SUPPRESS_NOTIFICATIONS: 'true' },
});
if (run.status !== 0) {
  process.stderr.write(run.stdout + run.stderr);
  process.exit(run.status ?? 1);
}
for (const api of apis) {
  const doc = YAML.parse(readFileSync(`generated/openapi/${api}.yaml`, 'utf8'));
  writeFileSync(`generated/openapi/${api}.json`, `${JSON.stringify(doc, null, 2)}\n`);
}
console.log(`bundled ${apis.map((a) => `generated/openapi/${a}.{yaml,json}`).join(', ')}`);
