// Section `servers`: start-up to the first 2xx of UpdateServerMetadata, and throughput, of the installed
// `hwc-openapi mock` and `hwc-openapi sim` against stock Prism (`prism mock` of @stoplight/prism-cli on the ECS
// document), each server in its own process pinned away from the load generator; and the simulator against bare
// node:http (a fixed answer), and its AK/SK-signed requests against its token requests.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { signHeaders } from '../../src/signer.ts';
import { PRISM_BIN, PRISM_VERSION } from '../../test/support/processes.ts';
import { startFixedServer } from './client-cpu.ts';
import type { Context, Section } from './context.ts';
import type { Installed } from './install.ts';
import { CONNECTIONS, generateLoad, LOAD_GENERATOR, type LoadResult } from './load.ts';
import { idleCpus, PLACES, watchLoad } from './machine.ts';
import { alternate, median, pairwise } from './method.ts';
import { freePort, type Started, start, timeToFirst2xx, UPDATE_METADATA } from './processes.ts';
import { fixed, progress, type Row } from './report.ts';

type Server = 'mock' | 'prism' | 'sim' | 'simState';
/** The simulators get a new value every request: a real change, which with --state must be saved before the answer. */
const CHANGING: ReadonlySet<Server> = new Set(['sim', 'simState']);

/** The access key pair of the simulator's built-in fixture. */
function fixtureAccessKey(root: string): { accessKey: string; secretKey: string } {
  const fixture = JSON.parse(readFileSync(join(root, 'src/servers/sim/fixtures/default.json'), 'utf8')) as {
    credentials: { access_keys: { access_key: string; secret_key: string }[] };
  };
  const pair = fixture.credentials.access_keys[0];
  if (!pair) throw new Error('the default fixture has no access key');
  return { accessKey: pair.access_key, secretKey: pair.secret_key };
}

/**
 * UpdateServerMetadata's headers signed with AK/SK (content-type, host, x-sdk-date), no token. Signed once per
 * sample: X-Sdk-Date stays valid for 15 minutes, and every request sends the same body, so the same signature.
 */
function signedHeaders(base: string, credentials: { accessKey: string; secretKey: string }): Record<string, string> {
  const headers = new Headers({ 'content-type': UPDATE_METADATA.headers['content-type'] });
  signHeaders({ method: UPDATE_METADATA.method, url: `${base}${UPDATE_METADATA.path}`, headers, body: UPDATE_METADATA.body }, credentials);
  return Object.fromEntries(headers);
}

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
      goal: '≤ 0.35× (issue 19)',
      met: mockRatio.median <= 0.35,
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

/** The median of the samples' server CPU per request, µs; undefined when none could be read (no /proc). */
const serverCpu = (results: readonly LoadResult[]): number | undefined => {
  const cpu = results.flatMap((r) => (r.cpuUsPerRequest === undefined ? [] : [r.cpuUsPerRequest]));
  return cpu.length > 0 ? median(cpu) : undefined;
};

const describeLoad = (results: readonly LoadResult[]): string => {
  const rps = median(results.map((r) => r.rps));
  const p50 = median(results.map((r) => r.p50Ms));
  const p99 = median(results.map((r) => r.p99Ms));
  const bad = results.reduce((sum, r) => sum + r.bad, 0);
  const errors = results.reduce((sum, r) => sum + r.errors, 0);
  const cpu = serverCpu(results);
  const perRequest = cpu === undefined ? '' : `, server CPU ${fixed(cpu, 0)} µs/request`;
  return `${fixed(rps, 0)} req/s, p50 ${fixed(p50, 2)} ms, p99 ${fixed(p99, 2)} ms${perRequest}${bad || errors ? `; ${bad} non-2xx, ${errors} errors` : ''}`;
};

async function throughputRows(context: Context, installed: Installed): Promise<Row[]> {
  const servers: Server[] = ['mock', 'prism', 'sim', 'simState'];
  const running = new Map<Server, { base: string; process: Started }>();
  let fixedServer: Awaited<ReturnType<typeof startFixedServer>> | undefined;
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
    fixedServer = await startFixedServer(context);
    const fixedBase = fixedServer.url;
    const simBase = running.get('sim')!.base;
    const credentials = fixtureAccessKey(context.root);
    progress('throughput: warming up the fixed-answer server and the simulator with signed requests (2 s each, not counted)');
    await generateLoad(fixedBase, 2, context.work);
    await generateLoad(simBase, 2, context.work, { headers: signedHeaders(simBase, credentials) });
    /**
     * Every load measured; `simToken` and `simSigned` go to the same simulator as `sim`, with the same body each time.
     * The `…Shared` loads run the generator on the server's own CPU, and are compared by server CPU per request.
     */
    type Load = Server | 'simToken' | 'simSigned' | 'fixed' | 'simTokenShared' | 'simSignedShared' | 'fixedShared';
    const results = new Map<Load, LoadResult[]>();
    const record = (load: Load, result: LoadResult): number => {
      results.set(load, [...(results.get(load) ?? []), result]);
      return result.rps;
    };
    /** Requests per second of the server's CPU time, so that a ratio of two reads the way a ratio of rates does. */
    const perCpuSecond = (load: Load, result: LoadResult): number => {
      record(load, result);
      return result.cpuUsPerRequest ? 1e6 / result.cpuUsPerRequest : Number.NaN;
    };
    const shared = { cpus: PLACES.server };
    const pid = (server: Server) => running.get(server)!.process.child.pid;
    const once = (server: Server) => async () =>
      record(server, await generateLoad(running.get(server)!.base, context.seconds, context.work, { changing: CHANGING.has(server), server: pid(server) }));
    const busy = watchLoad();
    const samples = await alternate(
      `throughput (${context.seconds} s each, ${LOAD_GENERATOR})`,
      {
        mock: once('mock'),
        prism: once('prism'),
        sim: once('sim'),
        simState: once('simState'),
        simSigned: async () =>
          record('simSigned', await generateLoad(simBase, context.seconds, context.work, { headers: signedHeaders(simBase, credentials), server: pid('sim') })),
        simToken: async () => record('simToken', await generateLoad(simBase, context.seconds, context.work, { server: pid('sim') })),
        fixed: async () => record('fixed', await generateLoad(fixedBase, context.seconds, context.work, { server: fixedServer?.pid })),
        simSignedShared: async () =>
          perCpuSecond(
            'simSignedShared',
            await generateLoad(simBase, context.seconds, context.work, { headers: signedHeaders(simBase, credentials), server: pid('sim'), ...shared }),
          ),
        simTokenShared: async () =>
          perCpuSecond('simTokenShared', await generateLoad(simBase, context.seconds, context.work, { server: pid('sim'), ...shared })),
        fixedShared: async () =>
          perCpuSecond('fixedShared', await generateLoad(fixedBase, context.seconds, context.work, { server: fixedServer?.pid, ...shared })),
      },
      context.rounds,
    );
    const load = busy.stop();
    const cell = (server: Load) => describeLoad(results.get(server) ?? []);
    const what = 'Throughput of UpdateServerMetadata, req/s';
    const perCpu = "Requests per second of server CPU time, the load generator on the server's CPU";
    const cpuCell = (load: Load) => {
      const cpu = serverCpu(results.get(load) ?? []);
      return cpu === undefined ? 'n/a (no /proc)' : `server CPU ${fixed(cpu, 1)} µs/request`;
    };
    context.note(
      `Throughput: ${context.seconds} s of ${LOAD_GENERATOR} per sample, ${CONNECTIONS} keep-alive connections, every server started once and warmed up with 2 s of load first; servers pinned to CPU ${PLACES.server}, the load generator to CPU ${PLACES.client} (for the rows by server CPU time, to the server's CPU ${PLACES.server} too). Our servers are the installed command; the simulator with --state writes a state file in the scratch directory. The mock and Prism get the same pair every request; both simulators a new value every request, so that with --state every answer waits for a real durable write. The simulator's token and AK/SK rows send the same pair every request to that same in-memory simulator (token: X-Auth-Token; signed: content-type, host and x-sdk-date signed with the fixture's access key once per sample, no token); the bare node:http server (scripts/bench/fixed-server.ts, run with tsx) reads each body and answers the same 200 JSON through src/servers/http.ts, with the token request. Server CPU per request: the CPU time /proc counts for the server process (and any children) over the sample, divided by the requests answered; the rates are the goals' measure, and this one is steadier, since time the hypervisor gives to other machines lowers a rate but costs no CPU time.`,
    );
    const mockVsPrism = pairwise(samples.mock, samples.prism);
    const stateVsMemory = pairwise(samples.simState, samples.sim);
    const idle = idleCpus();
    if (idle?.haltsAtOnce) {
      context.note(
        `This machine's idle CPUs halt at once (${idle.text}): an answer that finds the load generator idle pays for waking its CPU through the hypervisor, in the server's own CPU time, and the generator idles more behind a slower server. That lowers the rate of a slower server more than its extra work explains. The rows with the generator on the server's CPU have no wake-up across CPUs: they compare what the servers' work costs.`,
      );
    }
    const simVsBare = pairwise(samples.simToken, samples.fixed);
    const signedVsToken = pairwise(samples.simSigned, samples.simToken);
    return [
      {
        label: `${what}: \`hwc-openapi mock --quiet\` vs stock \`prism mock -v silent ecs.json\` (${PRISM_VERSION})`,
        ours: cell('mock'),
        peer: cell('prism'),
        ratio: mockVsPrism,
        goal: '≥ 2× (issue 19)',
        met: mockVsPrism.median >= 2,
        busy: load,
      },
      {
        label: `${what}: \`hwc-openapi sim\` answering token POSTs (same pair each time) vs bare node:http answering a fixed 200 through the project's HTTP layer (scripts/bench/fixed-server.ts)`,
        ours: cell('simToken'),
        peer: cell('fixed'),
        ratio: simVsBare,
        goal: '≥ 0.6× (issue 19)',
        met: simVsBare.median >= 0.6,
        busy: load,
      },
      {
        label: `${what}: \`hwc-openapi sim\` answering AK/SK-signed POSTs (SDK-HMAC-SHA256, signed once per sample) vs token POSTs, same pair each time`,
        ours: cell('simSigned'),
        peer: cell('simToken'),
        ratio: signedVsToken,
        goal: '≥ 0.8× (issue 19)',
        met: signedVsToken.median >= 0.8,
        busy: load,
      },
      {
        label: `${perCpu}: \`hwc-openapi sim\` answering token POSTs vs bare node:http (as above)`,
        ours: cpuCell('simTokenShared'),
        peer: cpuCell('fixedShared'),
        ratio: pairwise(samples.simTokenShared, samples.fixedShared),
        busy: load,
      },
      {
        label: `${perCpu}: \`hwc-openapi sim\` answering AK/SK-signed POSTs vs token POSTs (as above)`,
        ours: cpuCell('simSignedShared'),
        peer: cpuCell('simTokenShared'),
        ratio: pairwise(samples.simSignedShared, samples.simTokenShared),
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
    await fixedServer?.stop();
  }
}

export const serversSection: Section = {
  name: 'servers',
  summary:
    "mock and simulator start-up and throughput, against stock Prism; the simulator with --state against without, against bare node:http, and signed against token requests (by rate, and by server CPU time with the load generator on the server's CPU)",
  run: async (context) => {
    const installed = await context.install();
    return [...(await startupRows(context, installed)), ...(await throughputRows(context, installed))];
  },
};
