// The load generator of the throughput rows, always in a process of its own and pinned away from the servers:
// wrk (Debian's `apt-get install wrk`) when it is installed, a C program that needs a fraction of a core; else
// autocannon in a child process. 16 connections, keep-alive, POST UpdateServerMetadata, 127.0.0.1 only; the same
// pair every time, or (changing) a new value every time; with the token header, or with headers given (say, an
// AK/SK signature made once for the same body).
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { cpuSeconds, PLACES } from './machine.ts';
import { runOk, UPDATE_METADATA } from './processes.ts';

export const CONNECTIONS = 16;

export interface LoadResult {
  rps: number;
  /** Requests answered in the sample. */
  requests: number;
  /** The server's CPU µs per request answered (generateLoad's `server`), when it could be read. */
  cpuUsPerRequest?: number | undefined;
  p50Ms: number;
  p99Ms: number;
  /** Answers other than 2xx (wrk counts 3xx as good too; the servers here never send one). */
  bad: number;
  errors: number;
}

/** `wrk 4.1.0` when wrk runs here, else undefined. */
function wrkVersion(): string | undefined {
  const run = spawnSync('wrk', ['-v'], { encoding: 'utf8' });
  if (run.error) return undefined;
  return /wrk \S+/.exec(`${run.stdout}${run.stderr}`)?.[0] ?? 'wrk';
}

/** BENCH_LOAD=wrk|autocannon picks the load generator; by default wrk when it is installed. */
function chooseGenerator(env: NodeJS.ProcessEnv = process.env): string {
  const wanted = env['BENCH_LOAD'] ?? '';
  if (!['', 'wrk', 'autocannon'].includes(wanted)) throw new Error(`BENCH_LOAD must be wrk or autocannon, not ${wanted}`);
  const wrk = wanted === 'autocannon' ? undefined : wrkVersion();
  if (wanted === 'wrk' && !wrk) throw new Error('BENCH_LOAD=wrk, but wrk is not installed (Debian: apt-get install wrk)');
  return wrk ?? `autocannon ${(createRequire(import.meta.url)('autocannon/package.json') as { version: string }).version}`;
}

/** `wrk debian/4.1.0-3+b2` or `autocannon 8.0.0`. */
export const LOAD_GENERATOR = chooseGenerator();

const luaString = (text: string): string => `"${text.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;

/** The body of a changing load: a new value for one key each request (`[<id>]` is autocannon's placeholder). */
const CHANGING_BODY = JSON.stringify({ metadata: { key: '[<id>]' } });

/** The headers every request of a load carries. */
export type LoadHeaders = Readonly<Record<string, string>>;

let scripts = 0;

function wrkScript(work: string, changing: boolean, headerSet: LoadHeaders): string {
  scripts += 1;
  const file = join(work, `update-metadata-${scripts}.lua`);
  const headers = Object.entries(headerSet).map(([name, value]) => `wrk.headers[${luaString(name)}] = ${luaString(value)}`);
  const [before, after] = CHANGING_BODY.split('[<id>]') as [string, string];
  const body = changing
    ? [
        'counter = 0',
        'request = function()',
        '  counter = counter + 1',
        `  return wrk.format(nil, nil, nil, ${luaString(before)} .. counter .. ${luaString(after)})`,
        'end',
      ]
    : [`wrk.body = ${luaString(UPDATE_METADATA.body)}`];
  writeFileSync(file, [`wrk.method = ${luaString(UPDATE_METADATA.method)}`, ...headers, ...body, ''].join('\n'));
  return file;
}

/** A wrk duration (`317.00us`, `1.23ms`, `2.00s`) in milliseconds. */
function wrkMs(text: string | undefined): number {
  const match = /([\d.]+)(us|ms|s)/.exec(text ?? '');
  if (!match) return Number.NaN;
  const scale = { us: 0.001, ms: 1, s: 1000 }[match[2] as 'us' | 'ms' | 's'];
  return Number(match[1]) * scale;
}

function parseWrk(output: string): LoadResult {
  const rps = Number(/Requests\/sec:\s+([\d.]+)/.exec(output)?.[1]);
  if (!Number.isFinite(rps)) throw new Error(`wrk printed no rate: ${output.slice(-1000)}`);
  const socket = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(output);
  return {
    rps,
    requests: Number(/(\d+) requests in/.exec(output)?.[1] ?? 0),
    p50Ms: wrkMs(/^\s+50%\s+(\S+)/m.exec(output)?.[1]),
    p99Ms: wrkMs(/^\s+99%\s+(\S+)/m.exec(output)?.[1]),
    bad: Number(/Non-2xx or 3xx responses:\s+(\d+)/.exec(output)?.[1] ?? 0),
    errors: socket ? socket.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
  };
}

interface AutocannonJson {
  requests: { average: number; total: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}

function autocannonResult(output: string): LoadResult {
  const json = JSON.parse(output.slice(output.indexOf('{'))) as AutocannonJson;
  return { rps: json.requests.average, requests: json.requests.total, p50Ms: json.latency.p50, p99Ms: json.latency.p99, bad: json.non2xx, errors: json.errors };
}

function autocannonArgs(url: string, seconds: number, changing: boolean, headerSet: LoadHeaders): string[] {
  const bin = createRequire(import.meta.url).resolve('autocannon/autocannon.js');
  const headers = Object.entries(headerSet).flatMap(([name, value]) => ['-H', `${name}=${value}`]);
  const body = changing ? ['-I', '-b', CHANGING_BODY] : ['-b', UPDATE_METADATA.body];
  return [bin, '-c', String(CONNECTIONS), '-d', String(seconds), '-m', UPDATE_METADATA.method, ...headers, ...body, '-n', '-j', url];
}

/**
 * Runs `seconds` of load against `base`; the generator is pinned to the client CPUs (machine.ts). `changing`:
 * every request sets a new value (a real change for the simulator to save), instead of the same pair each time.
 * `headers`: every header of each request, instead of UPDATE_METADATA's (content type and token). `server`: the
 * pid whose CPU time per request to measure (machine.ts cpuSeconds, read before and after the load). `cpus`: where
 * the generator runs instead (say, on the server's own CPU).
 */
export async function generateLoad(
  base: string,
  seconds: number,
  work: string,
  {
    changing = false,
    headers = UPDATE_METADATA.headers as LoadHeaders,
    server,
    cpus = PLACES.client,
  }: { changing?: boolean; headers?: LoadHeaders; server?: number | undefined; cpus?: string } = {},
): Promise<LoadResult> {
  const url = `${base}${UPDATE_METADATA.path}`;
  const wrk = !LOAD_GENERATOR.startsWith('autocannon');
  const args = wrk
    ? ['-t1', `-c${CONNECTIONS}`, `-d${seconds}s`, '--latency', '-s', wrkScript(work, changing, headers), url]
    : autocannonArgs(url, seconds, changing, headers);
  const cpuBefore = server === undefined ? undefined : cpuSeconds(server);
  const { output } = await runOk(wrk ? 'wrk' : process.execPath, args, { cwd: work, cpus });
  const cpuAfter = server === undefined ? undefined : cpuSeconds(server);
  const result = wrk ? parseWrk(output) : autocannonResult(output);
  if (cpuBefore !== undefined && cpuAfter !== undefined && result.requests > 0) result.cpuUsPerRequest = ((cpuAfter - cpuBefore) / result.requests) * 1e6;
  // A sample of nothing sent (autocannon 8 with -I and a body sends no request at all) must not pass as 0 req/s.
  if (result.rps === 0) throw new Error(`${LOAD_GENERATOR} completed no request to ${url}${changing ? ' (changing body)' : ''}`);
  return result;
}
