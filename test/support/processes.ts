// Small helpers of the tests (and benchmarks) that start real processes: a free loopback port, waiting for a line
// a process prints, whether a process is still alive, and where stock Prism's command is.
import type { ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';

const require = createRequire(import.meta.url);
const prismPackage = require.resolve('@stoplight/prism-cli/package.json');
const prism = require(prismPackage) as { version: string; bin: { prism: string } };
/** The `prism` command of @stoplight/prism-cli (run it with node), and its version. */
export const PRISM_BIN = join(dirname(prismPackage), prism.bin.prism);
export const PRISM_VERSION = prism.version;

/** A port nothing listens on now (for a process that must be told its port before it starts). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * Resolves with the first match of `pattern` in what `child` prints (stdout and stderr) from now on; rejects, with
 * what it printed, when it exits first or prints no match within `timeoutMs`. `name` names it in those errors.
 */
export function waitFor(child: ChildProcess, pattern: RegExp, { name = 'the process', timeoutMs = 60_000 } = {}): Promise<RegExpMatchArray> {
  let output = '';
  return new Promise((resolve, reject) => {
    // Removing the listeners does not pause the streams: what the child prints later is read and dropped.
    const settle = () => {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.stderr?.off('data', onData);
      child.off('exit', onExit);
    };
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const match = output.match(pattern);
      if (match) {
        settle();
        resolve(match);
      }
    };
    const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
      settle();
      reject(new Error(`${name} exited with ${code ?? signal} before printing ${pattern}:\n${output}`));
    };
    const timer = setTimeout(() => {
      settle();
      reject(new Error(`${name} printed no ${pattern} within ${timeoutMs / 1000} s:\n${output}`));
    }, timeoutMs);
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('exit', onExit);
  });
}

/** Whether a process of this pid is running (signal 0 only asks). */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
