// Fails when generated/openapi, generated/types or generated/operations.ts differ from what `npm run generate` produces from openapi/.
// It regenerates in place and compares with what was there, so it works on uncommitted trees too.
import { execSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const dirs = ['generated/openapi', 'generated/types'];
const files = ['generated/operations.ts'];
const snapshot = () =>
  new Map(
    [...dirs.flatMap((dir) => (existsSync(dir) ? readdirSync(dir).map((f) => `${dir}/${f}`) : [])), ...files]
      .filter((f) => existsSync(f))
      .map((f) => [f, readFileSync(f, 'utf8')]),
  );
const before = snapshot();
execSync('npm run --silent generate', { stdio: ['ignore', 'ignore', 'inherit'] });
const after = snapshot();
const drifted = [...new Set([...before.keys(), ...after.keys()])].filter((f) => before.get(f) !== after.get(f));
if (drifted.length > 0) {
  console.error(`generated/ was out of date with openapi/ (now regenerated; review and commit):\n  ${drifted.join('\n  ')}`);
  process.exit(1);
}
console.log(`generated/ is up to date (${after.size} files)`);
