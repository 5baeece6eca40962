// Child processes of the benchmark: servers and measured programs, started with a clean stop, and the one request
// every server row sends (UpdateServerMetadata, which the mock, stock Prism and the simulator all answer 200).
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { setTimeout as sleep } from 'node:timers/promises';
import { projectId, serverId } from '../../test/support/fidelity-cases.ts';
import { freePort } from '../../test/support/processes.ts';
import { pinned } from './machine.ts';

export { freePort };

/** The token the simulator's built-in fixture accepts; the mock and Prism accept any. */
const TOKEN = 'sim-token';
export const UPDATE_METADATA = {
  method: 'POST',
  path: `/v1/${projectId}/cloudservers/${serverId}/metadata`,
  headers: { 'content-type': 'application/json', 'x-auth-token': TOKEN },
  body: JSON.stringify({ metadata: { key: 'value' } }),
} as const;

const running = new Set<ChildProcess>();
// An interrupted or failed run must not leave servers behind: stop every child this process started, by its pid.
function killAll(): void {
  for (const child of running) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
}
process.once('exit', killAll);
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.once(signal, () => {
    killAll();
    process.exit(1);
  });
}

export interface Started {
  child: ChildProcess;
  /** When it was spawned (performance.now()). */
  spawnedAt: number;
  /** What it printed so far (stdout and stderr). */
  output(): string;
  /** SIGTERM, then SIGKILL after 5 s; resolves when it has exited. */
  stop(): Promise<void>;
}

export interface StartOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** taskset CPU list (machine.ts PLACES), when it should be pinned. */
  cpus?: string;
}

export function start(command: string, args: readonly string[], { cwd, env, cpus }: StartOptions): Started {
  const run = cpus ? pinned(cpus, command, args) : { command, args: [...args] };
  const spawnedAt = performance.now();
  const child = spawn(run.command, run.args, { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  const keep = (chunk: Buffer) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  child.once('error', (error) => {
    output += `\n${error.message}`;
  });
  return {
    child,
    spawnedAt,
    output: () => output,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        await exited;
        clearTimeout(timer);
      }
      running.delete(child);
    },
  };
}

export interface Finished {
  code: number | null;
  /** Wall time from spawn to exit. */
  ms: number;
  /** The end of what it printed (stdout and stderr). */
  output: string;
}

/** Runs a program to its end. */
export async function runToEnd(command: string, args: readonly string[], options: StartOptions): Promise<Finished> {
  const started = start(command, args, options);
  const code = await new Promise<number | null>((resolve) => started.child.once('close', (status) => resolve(status)));
  const ms = performance.now() - started.spawnedAt;
  await started.stop();
  return { code, ms, output: started.output() };
}

/** Runs a program to its end; rejects with its output unless it exits 0. */
export async function runOk(command: string, args: readonly string[], options: StartOptions): Promise<Finished> {
  const finished = await runToEnd(command, args, options);
  if (finished.code !== 0) throw new Error(`${command} ${args.join(' ')} exited with ${finished.code}: ${finished.output.slice(-1500)}`);
  return finished;
}

/** Sends UpdateServerMetadata once (a new connection each time); resolves with the status, rejects on no answer. */
function updateMetadata(base: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${base}${UPDATE_METADATA.path}`, { method: UPDATE_METADATA.method, headers: UPDATE_METADATA.headers, agent: false }, (res) => {
      res.resume();
      res.once('end', () => resolve(res.statusCode ?? 0));
    });
    req.setTimeout(5_000, () => req.destroy(new Error('no answer within 5 s')));
    req.once('error', reject);
    req.end(UPDATE_METADATA.body);
  });
}

/**
 * Milliseconds from the process's spawn to its first 2xx answer to UpdateServerMetadata, trying every 5 ms (a
 * refused connection costs microseconds, so the polling neither delays nor loads the server).
 */
export async function timeToFirst2xx(server: Started, base: string, timeoutMs = 60_000): Promise<number> {
  let last = 'no answer';
  while (performance.now() - server.spawnedAt < timeoutMs) {
    if (server.child.exitCode !== null) throw new Error(`exited with ${server.child.exitCode} before answering: ${server.output().slice(-2000)}`);
    try {
      const status = await updateMetadata(base);
      if (status >= 200 && status < 300) return performance.now() - server.spawnedAt;
      last = `status ${status}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(5);
  }
  throw new Error(`no 2xx within ${timeoutMs} ms (last: ${last}): ${server.output().slice(-2000)}`);
}
