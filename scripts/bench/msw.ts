// Section `msw`: one AK/SK-signed metadata update through the real client, answered by hwc-openapi-dev/msw's
// handlers in this process (setupServer, the client at its default regional endpoint) against the same call to
// the simulator started on a loopback port (startSimulator). Each round times CALLS sequential calls of each; the
// figure is the median call of the median round.
import { setupServer } from 'msw/node';
import { startSimulator } from '../../src/dev/index.ts';
import { simulatorHandlers } from '../../src/dev/msw.ts';
import { createEcsClient, unwrap } from '../../src/index.ts';
import type { Section } from './context.ts';
import { alternate, median, pairwise } from './method.ts';
import { fixed } from './report.ts';

const CALLS = 200;
const PROJECT = 'c685484a8cc2416b97260938705deb65';
const SERVER = '95bf2490-5428-432c-ad9b-5e3406f869dd';
const credentials = { accessKey: 'SIMACCESSKEYEXAMPLE01', secretKey: 'sim-secret-key-for-local-development-only' };

/** The median time of one call, in ms, over CALLS sequential calls. */
async function perCall(ecs: ReturnType<typeof createEcsClient>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < CALLS; i++) {
    const started = performance.now();
    unwrap(
      await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
        params: { path: { server_id: SERVER } },
        body: { metadata: { round: String(i) } },
      }),
    );
    times.push(performance.now() - started);
  }
  return median(times);
}

/** Both sides, started once; MSW intercepts only the regional host, so the loopback calls go to the server. */
export async function measureMswAgainstServer(rounds: number): Promise<{ handlers: number[]; server: number[] }> {
  const sim = simulatorHandlers();
  const mocks = setupServer(...sim.handlers);
  mocks.listen({ onUnhandledRequest: 'bypass' });
  const server = await startSimulator({ port: 0 });
  try {
    const viaHandlers = createEcsClient({ region: 'cn-north-4', projectId: PROJECT, credentials });
    const viaServer = createEcsClient({ endpoint: server.url, projectId: PROJECT, credentials });
    return await alternate('msw', { handlers: () => perCall(viaHandlers), server: () => perCall(viaServer) }, rounds);
  } finally {
    mocks.close();
    sim.close();
    await server.close();
  }
}

export const mswSection: Section = {
  name: 'msw',
  summary: 'one signed call through hwc-openapi-dev/msw handlers vs through startSimulator on a port',
  run: async (context) => {
    const { handlers, server } = await measureMswAgainstServer(context.rounds);
    return [
      {
        label: `one AK/SK-signed metadata update, median of ${CALLS} sequential calls per round: simulatorHandlers() under MSW setupServer vs startSimulator({ port: 0 }) over loopback HTTP`,
        ours: `${fixed(median(handlers), 3)} ms`,
        peer: `${fixed(median(server), 3)} ms`,
        ratio: pairwise(handlers, server),
      },
    ];
  },
};

// `node --import tsx scripts/bench/msw.ts`: this section alone, printed.
if (import.meta.url === `file://${process.argv[1]}`) {
  const { handlers, server } = await measureMswAgainstServer(5);
  console.log(JSON.stringify({ handlersMs: median(handlers), serverMs: median(server), rounds: { handlers, server } }));
}
