// The console's "In this page" target: the simulator's core (src/servers/sim/core.ts, the one request pipeline and
// the simulation, as behind `hwc-openapi sim` and hwc-openapi-dev/msw) called by the page itself through the
// pipeline's Fetch adapter, with the packaged default fixture. Bundled as its own file and loaded only when that
// target is chosen (build.ts); its validators are compiled at build time (precompiled.ts), as the page's CSP allows
// no `new Function`. Called in the page rather than from MSW's service worker: a worker needs a registration on
// an http(s) origin, a scope covering the page and a worker script at the portal's root, and a page of a static
// host gets none of that for free; a function call needs nothing. State lives as long as the page.
import { createSimulatorCore, fetchSimulator } from '../../../servers/sim/core.ts';
import { parseFixture } from '../../../servers/sim/fixture.ts';
import defaultFixture from '../../../servers/sim/fixtures/default.json' with { type: 'json' };

const fixture = parseFixture(structuredClone(defaultFixture));
// Problems that do not stop the simulator (none are expected without a state file) are the page's, not the user's.
const core = createSimulatorCore({ fixture, warn: (line) => console.warn(line) });

/** The credentials the fixture accepts, for the console's empty credential inputs. */
export const credentials = {
  token: fixture.credentials.tokens[0] ?? '',
  accessKey: fixture.credentials.access_keys[0]?.access_key ?? '',
  secretKey: fixture.credentials.access_keys[0]?.secret_key ?? '',
};

/** Answers a request the client would have sent to Huawei Cloud, as the simulator would. */
export const answer: (request: Request) => Promise<Response> = fetchSimulator(core);

/** Back to the fixture: every write and job forgotten. */
export function reset(): void {
  core.simulation.reset();
}
