// Section `servers`: start-up to the first 2xx of UpdateServerMetadata, and throughput, of the installed
// `hwc-openapi mock` and `hwc-openapi sim` against stock Prism (`prism mock` of @stoplight/prism-cli on the ECS
// document), each server in its own process pinned away from the load generator.
import { join } from 'node:path';
import { PRISM_BIN, PRISM_VERSION } from '../../test/support/processes.ts';
import type { Context, Section } from './context.ts';
import type { Installed } from './install.ts';
import { CONNECTIONS, generateLoad, LOAD_GENERATOR, type LoadResult } from './load.ts';
import { PLACES, watchLoad } from './machine.ts';
import { alternate, median, pairwise } from './method.ts';
import { freePort, type Started, start, timeToFirst2xx } from './processes.ts';
import { fixed, progress, type Row } from './report.ts';

type Server = 'mock' | 'prism' | 'sim' | 'simState';
/** The simulators get a new value every request: a real change, which with --state must be saved before the answer. */
const CHANGING: ReadonlySet<Server> = new Set(['sim', 'simState']);

interface Launch {
  args: string[];
  cwd: string;
}

/** How each server is started on `port`; `fast` is the setting a throughput run uses (no log line per request). */
function launch(server: Server, port: number, context: Context, installed: Installed, fast: boolean): Launch {
  const p = String(port);
  switch (server) {
    case 'mock':
      return { args: [installed.bin, 'mock', '--port', p, ...(fast ? ['--quiet'] : [])], cwd: installed.app };
    case 'prism':
      return {
        args: [PRISM_BIN, 'mock', join(context.root, 'generated/openapi/ecs.json'), '-p', p, '-h', '127.0.0.1', ...(fast ? ['-v', 'silent'] : [])],
        cwd: context.root,
      };
    case 'sim':
      return { args: [installed.bin, 'sim', '--port', p], cwd: installed.app };
    case 'simState':
      return { args: [installed.bin, 'sim', '--port', p, '--state', join(context.work, 'sim-state.json')], cwd: installed.app };
  }
}

async function startupRows(context: Context, installed: Installed): Promise<Row[]> {
  const once = (server: Server) => async () => {
    const port = await freePort();
    const { args, cwd } = launch(server, port, context, installed, false);
    const started = start(process.execPath, args, { cwd });
    try {
      return await timeToFirst2xx(started, `http://127.0.0.1:${port}`);
    } finally {
      await started.stop();
    }
  };
  const busy = watchLoad();
  const samples = await alternate('start-up to the first 2xx', { mock: once('mock'), prism: once('prism'), sim: once('sim') }, context.rounds);
  const load = busy.stop();
  const what = 'Start-up to the first 2xx of UpdateServerMetadata, ms';
  const prismLabel = `stock \`prism mock ecs.json\` (${PRISM_VERSION})`;
  context.note(
    `Start-up: ms from spawn to the first 2xx answer, polled every 5 ms with a new connection. Ours are the installed \`hwc-openapi\` command run with node (the mock serves ECS, BMS and RFS; the simulator its built-in fixture); Prism is @stoplight/prism-cli ${PRISM_VERSION} on generated/openapi/ecs.json. Default logging for all.`,
  );
  const mockRatio = pairwise(samples.mock, samples.prism);
  return [
    {
      label: `${what}: \`hwc-openapi mock\` vs ${prismLabel}`,
      ours: `${fixed(median(samples.mock), 0)} ms`,
      peer: `${fixed(median(samples.prism), 0)} ms`,
      ratio: mockRatio,
      goal: '≤ 0.6×',
      met: mockRatio.median <= 0.6,
      busy: load,
    },
    {
      label: `${what}: \`hwc-openapi sim\` vs ${prismLabel}`,
      ours: `${fixed(median(samples.sim), 0)} ms`,
      peer: `${fixed(median(samples.prism), 0)} ms`,
      ratio: pairwise(samples.sim, samples.prism),
      busy: load,
    },
  ];
}

const describeLoad = (results: readonly LoadResult[]): string => {
  const rps = median(results.map((r) => r.rps));
  const p50 = median(results.map((r) => r.p50Ms));
  const p99 = median(results.map((r) => r.p99Ms));
  const bad = results.reduce((sum, r) => sum + r.bad, 0);
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  return `${fixed(rps, 0)} req/s, p50 ${fixed(p50, 2)} ms, p99 ${fixed(p99, 2)} ms${bad || errors ? `; ${bad} non-2xx, ${errors} errors` : ''}`;
};

async function throughputRows(context: Context, installed: Installed): Promise<Row[]> {
  const servers: Server[] = ['mock', 'prism', 'sim', 'simState'];
  const running = new Map<Server, { base: string; process: Started }>();
  try {
    for (const server of servers) {
      const port = await freePort();
      const { args, cwd } = launch(server, port, context, installed, true);
      const started = start(process.execPath, args, { cwd, cpus: PLACES.server });
      const base = `http://127.0.0.1:${port}`;
      running.set(server, { base, process: started });
      await timeToFirst2xx(started, base);
      progress(`throughput: warming up ${server} (2 s of load, not counted)`);
      await generateLoad(base, 2, context.work, { changing: CHANGING.has(server) });
    }
    const results = new Map<Server, LoadResult[]>(servers.map((s) => [s, []]));
    const once = (server: Server) => async () => {
      const result = await generateLoad(running.get(server)!.base, context.seconds, context.work, { changing: CHANGING.has(server) });
      results.get(server)!.push(result);
      return result.rps;
    };
    const busy = watchLoad();
    const samples = await alternate(
      `throughput (${context.seconds} s each, ${LOAD_GENERATOR})`,
      { mock: once('mock'), prism: once('prism'), sim: once('sim'), simState: once('simState') },
      context.rounds,
    );
    const load = busy.stop();
    const cell = (server: Server) => describeLoad(results.get(server)!);
    const what = 'Throughput of UpdateServerMetadata, req/s';
    context.note(
      `Throughput: ${context.seconds} s of ${LOAD_GENERATOR} per sample, ${CONNECTIONS} keep-alive connections, every server started once and warmed up with 2 s of load first; servers pinned to CPU ${PLACES.server}, the load generator to CPU ${PLACES.client}. Our servers are the installed command; the simulator with --state writes a state file in the scratch directory. The mock and Prism get the same pair every request; both simulators a new value every request, so that with --state every answer waits for a real durable write.`,
    );
    const mockVsPrism = pairwise(samples.mock, samples.prism);
    const stateVsMemory = pairwise(samples.simState, samples.sim);
    return [
      {
        label: `${what}: \`hwc-openapi mock --quiet\` vs stock \`prism mock -v silent ecs.json\` (${PRISM_VERSION})`,
        ours: cell('mock'),
        peer: cell('prism'),
        ratio: mockVsPrism,
        goal: '≥ 1.3×',
        met: mockVsPrism.median >= 1.3,
        busy: load,
      },
      {
        label: `${what}: \`hwc-openapi mock --quiet\` vs \`hwc-openapi sim\``,
        ours: cell('mock'),
        peer: cell('sim'),
        ratio: pairwise(samples.mock, samples.sim),
        busy: load,
      },
      {
        label: `${what}: \`hwc-openapi sim --state FILE\` vs \`hwc-openapi sim\` (memory only)`,
        ours: cell('simState'),
        peer: cell('sim'),
        ratio: stateVsMemory,
        goal: '≥ 0.5×',
        met: stateVsMemory.median >= 0.5,
        busy: load,
      },
    ];
  } finally {
    await Promise.all([...running.values()].map((server) => server.process.stop()));
  }
}

export const serversSection: Section = {
  name: 'servers',
  summary: 'mock and simulator start-up and throughput, against stock Prism; the simulator with --state against without',
  run: async (context) => {
    const installed = await context.install();
    return [...(await startupRows(context, installed)), ...(await throughputRows(context, installed))];
  },
};
