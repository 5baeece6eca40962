// Shared helpers of the benchmarks: medians, fresh-process timing, esbuild bundles, free ports.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

export const root = resolve(import.meta.dirname, '../..');
export const workDir = mkdtempSync(join(tmpdir(), 'hwc-bench-'));

export function median(values) {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export function progress(message) {
  process.stderr.write(`bench: ${message}\n`);
}

/** Writes a program into the work dir (resolving packages from the project) and returns its path. */
export function writeProgram(name, source) {
  const file = join(root, 'node_modules', '.hwc-bench', name);
  spawnSync('mkdir', ['-p', join(root, 'node_modules', '.hwc-bench')]);
  writeFileSync(file, source);
  return file;
}

/** Bundles an entry (ESM) with esbuild; returns { file, bytes, gzipBytes }. */
export async function bundle(entry, { minify = true, platform = 'node', name = 'bundle' } = {}) {
  const outfile = join(workDir, `${name}.${minify ? 'min.' : ''}mjs`);
  await build({
    entryPoints: [entry],
    bundle: true,
    minify,
    format: 'esm',
    platform,
    target: 'es2022',
    outfile,
    logLevel: 'silent',
    // The SDK's CommonJS code needs `require` inside an ES module bundle.
    banner: { js: "import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);" },
  });
  const code = readFileSync(outfile);
  return { file: outfile, bytes: code.length, gzipBytes: gzipSync(code, { level: 9 }).length };
}

/**
 * Median milliseconds to import `specifier` in a fresh Node process, measured inside that process. The process
 * first imports an empty module, so that the figure is the module's own cost and not the ~5 ms every first
 * dynamic import pays to start Node's ES module loader (which would otherwise dominate a small module).
 */
export function coldImportMs(specifier, runs = 7) {
  const empty = join(workDir, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const times = [];
  for (let i = 0; i < runs; i++) {
    const code = `await import(${JSON.stringify(pathToFileURL(empty).href)}); const t = performance.now(); await import(${JSON.stringify(specifier)}); process.stdout.write(String(performance.now() - t));`;
    const out = spawnSync(process.execPath, ['--input-type=module', '-e', code], { cwd: root, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`import of ${specifier} failed: ${out.stderr}`);
    times.push(Number(out.stdout));
  }
  return median(times);
}

export function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

/** Starts a child process and resolves once `url` answers any HTTP status. */
export async function startProcess(args, url, { env = {}, timeoutMs = 30_000 } = {}) {
  const child = spawn(process.execPath, args, { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const stop = () => child.exitCode === null && child.kill('SIGTERM');
  process.once('exit', stop);
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${args.join(' ')} exited: ${stderr}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
      return {
        child,
        stop: () =>
          new Promise((r) => {
            if (child.exitCode !== null) return r();
            child.once('exit', r);
            stop();
          }),
      };
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  stop();
  throw new Error(`${args.join(' ')} did not answer at ${url} within ${timeoutMs} ms: ${stderr}`);
}

export const ratio = (ours, peer) => (peer ? ours / peer : Number.NaN);
export const fmt = (n, digits = 1) => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
