// Section `client-cpu`: CPU time of the client per request against a local server, in a measuring process of
// its own (client-cpu-worker.ts) pinned away from the server, the clients taken alternately round by round.
import { join } from 'node:path';
import type { Variant, WorkerConfig } from './client-cpu-worker.ts';
import type { Context, Section } from './context.ts';
import { PLACES, watchLoad } from './machine.ts';
import { median, pairwise } from './method.ts';
import { freePort, runOk, start, timeToFirst2xx } from './processes.ts';
import { fixed, progress, type Row } from './report.ts';

const TSX = ['--import', 'tsx'];

/** The fixed-answer server on a free port, started as servers.ts starts the others: ready at its first 2xx. */
export async function startFixedServer(context: Context): Promise<{ url: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const server = start(process.execPath, [...TSX, join(context.root, 'scripts/bench/fixed-server.ts'), String(port)], {
    cwd: context.root,
    cpus: PLACES.server,
  });
  const url = `http://127.0.0.1:${port}`;
  try {
    await timeToFirst2xx(server, url, 30_000);
  } catch (error) {
    await server.stop();
    throw new Error(`the fixed-answer server did not start: ${(error as Error).message}`);
  }
  return { url, pid: server.child.pid, stop: server.stop };
}

async function measure(context: Context, config: WorkerConfig): Promise<Record<Variant, number[]>> {
  const worker = await runOk(process.execPath, [...TSX, join(context.root, 'scripts/bench/client-cpu-worker.ts'), JSON.stringify(config)], {
    cwd: context.root,
    cpus: PLACES.client,
  });
  const json = /samples=(\{.*\})/.exec(worker.output)?.[1];
  if (!json) throw new Error(`the client-CPU worker printed no samples: ${worker.output.slice(-2000)}`);
  return JSON.parse(json) as Record<Variant, number[]>;
}

/** Our figure against a peer's, from the same rounds. */
function compare(samples: Record<Variant, number[]>, ours: Variant, peer: Variant, label: string, busy: string, goal?: { text: string; max: number }): Row {
  const ratio = pairwise(samples[ours], samples[peer]);
  return {
    label,
    ours: `${fixed(median(samples[ours]), 0)} µs`,
    peer: `${fixed(median(samples[peer]), 0)} µs`,
    ratio,
    busy,
    ...(goal ? { goal: goal.text, met: ratio.median <= goal.max } : {}),
  };
}

export const clientCpuSection: Section = {
  name: 'client-cpu',
  summary: 'client CPU per request: our client (token, AK/SK) against raw fetch, unsigned openapi-fetch and the official SDK',
  run: async (context) => {
    const installed = await context.install();
    context.note(
      'Client CPU: `process.cpuUsage()` of a measuring process that loads each client from the installed projects and calls UpdateServerMetadata on a fixed-answer server (scripts/bench/fixed-server.ts) in another process; the two are pinned apart; one batch per client per round, clients alternating.',
    );
    const server = await startFixedServer(context);
    const rows: Row[] = [];
    try {
      for (const [concurrency, count] of [
        [1, 600],
        [16, 1200],
      ] as const) {
        progress(`client CPU per request, concurrency ${concurrency}: ${count} requests per client per round, ${context.rounds} rounds, clients alternating`);
        const busy = watchLoad();
        const samples = await measure(context, {
          url: server.url,
          clientOnly: installed.clientOnly,
          sdk: installed.sdk,
          concurrency,
          count,
          rounds: context.rounds,
        });
        const load = busy.stop();
        const at = `concurrency ${concurrency}, µs`;
        rows.push(
          compare(samples, 'our client, token', 'raw fetch', `Client CPU per request, ${at}: our client (token) vs raw \`fetch\``, load),
          compare(
            samples,
            'our client, token',
            'openapi-fetch, unsigned',
            `Client CPU per request, ${at}: our client (token) vs bare openapi-fetch (token header)`,
            load,
          ),
          compare(
            samples,
            'our client, AK/SK signed',
            'openapi-fetch, unsigned',
            `Client CPU per request, ${at}: our client (AK/SK signed) vs bare openapi-fetch (unsigned)`,
            load,
            { text: '≤ 1.2×', max: 1.2 },
          ),
          compare(
            samples,
            'our client, AK/SK signed',
            'official SDK, AK/SK signed',
            `Client CPU per request, ${at}: our client (AK/SK signed) vs the official SDK (AK/SK signed)`,
            load,
          ),
        );
      }
    } finally {
      await server.stop();
    }
    return rows;
  },
};
