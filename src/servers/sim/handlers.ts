// What each operation does to the world, once the pipeline has authenticated and validated the request against the
// document and checked the service rules of the request alone: the types every handler shares. The handlers
// themselves are in handlers/, one file per service, and registry.ts lists them by operationId. Only the rules a
// JSON Schema cannot express and that need state are written there (an unknown server, a vm_state, a quota), and
// every error they answer is one of the documents' error examples.
// Handlers are synchronous: no other request can interleave with the state change one of them makes.
import type { JobDurations } from './jobs.ts';
import type { Reply } from './replies.ts';
import type { World } from './world.ts';

/** A validated request, as a handler sees it. */
export interface HandlerCall {
  params: Record<string, string>;
  /** The query parameters the operation declares (only those that read one get them parsed). */
  query: Record<string, string>;
  body: unknown;
  now: number;
}
/** What handlers may touch: the running simulation (simulation.ts). */
export interface HandlerContext {
  readonly world: World;
  readonly images: ReadonlySet<string>;
  readonly durations: JobDurations;
  /** Call after changing the world: schedules a state-file write. */
  changed(): void;
}
export interface Handler {
  handle(call: HandlerCall, sim: HandlerContext): Reply;
}
