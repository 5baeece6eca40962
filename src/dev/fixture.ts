// The typed fixture helper of both entries of hwc-openapi-dev (index.ts, and msw.ts, which a browser bundle imports).
import type { Fixture } from '../servers/sim/formats.ts';

/**
 * A fixture, checked by the compiler as you write it (a misspelt field is an error), for
 * `startSimulator({ fixture })` and `simulatorHandlers({ fixture })`. The simulator checks it again at start.
 */
export function defineFixture(fixture: Fixture): Fixture {
  return fixture;
}
