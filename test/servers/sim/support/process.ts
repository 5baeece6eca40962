// The simulator as a real process: the built `hwc-openapi sim`, its output collected, and the URL it prints.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from '../../../support/built.ts';

const root = fileURLToPath(new URL('../../../../', import.meta.url));

export interface SimProcess {
  child: ChildProcess;
  /** Resolves with the exit code ('close': everything it printed has been read). */
  exited: Promise<number | null>;
  output(): { stdout: string; stderr: string };
  /** Resolves with the URL the simulator prints once it listens; rejects if it exits first. */
  url: Promise<string>;
}

/** Starts `hwc-openapi sim ...args`; the caller kills what it adds to `children`. */
export function startSimProcess(args: readonly string[], children: ChildProcess[], env: Record<string, string> = {}): SimProcess {
  const child = spawn(process.execPath, [CLI, 'sim', ...args], {
    cwd: root,
    env: { ...process.env, ...env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (c: Buffer) => {
    stdout += c;
  });
  child.stderr?.on('data', (c: Buffer) => {
    stderr += c;
  });
  const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
  const url = new Promise<string>((resolve, reject) => {
    child.stdout?.on('data', () => {
      const m = /simulator on (http:\/\/\S+)/.exec(stdout);
      if (m?.[1]) resolve(m[1]);
    });
    void exited.then((code) => reject(new Error(`exited ${code}: ${stderr}`)));
  });
  url.catch(() => undefined); // only the tests that wait for it care
  return { child, exited, output: () => ({ stdout, stderr }), url };
}
