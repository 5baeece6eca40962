// The built packages, as the process tests run them: the `hwc-openapi` command from its bundle (what ships), and
// the build itself, redone when a source is newer than it (`npm test` in CI builds first; a local run after an
// edit rebuilds here, once).
import { execFile } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const root = fileURLToPath(new URL('../../', import.meta.url));

/** The built command, run with node: `[CLI, 'mock', '--port', '0']`. */
export const CLI = join(root, 'packages/hwc-openapi-dev/dist/cli.js');

/** Newest modification time under a directory (skipping node_modules). */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules') continue;
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

/** The docs portal the command ships (scripts/build.ts writes it beside the command's bundle). */
export const PORTAL = join(root, 'packages/hwc-openapi-dev/dist/assets/docs');

// One build at a time: the global setups of several projects ask for it, in the same process.
const BUILDING = Symbol.for('hwc-openapi.test.ensureBuilt');
const shared = globalThis as { [BUILDING]?: Promise<void> };

/** Builds both packages unless their outputs are newer than every source and document. */
export function ensureBuilt(): Promise<void> {
  let building = shared[BUILDING];
  if (!building) {
    building = buildIfStale().finally(() => delete shared[BUILDING]);
    shared[BUILDING] = building;
  }
  return building;
}

async function buildIfStale(): Promise<void> {
  const outputs = [join(root, 'dist/index.js'), CLI];
  // Everything the two bundles are made from: the sources, the documents, their types and the operations table.
  const sources = Math.max(
    ...['src', 'generated/openapi', 'generated/types'].map((dir) => newest(join(root, dir))),
    statSync(join(root, 'generated/operations.ts')).mtimeMs,
  );
  if (outputs.every((file) => existsSync(file) && statSync(file).mtimeMs >= sources)) return;
  await promisify(execFile)('npm', ['run', 'build'], { cwd: root });
}
