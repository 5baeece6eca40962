// What each operation does to the world, once the request has been authenticated and validated against the
// document: the handler of every operation, by operationId, with the types they share. The handlers themselves
// are in handlers/, one file per service. Only the rules a JSON Schema cannot express are written there (state,
// cross-field rules, limits), and every error they answer is one of the documents' error examples.
// Handlers are synchronous: no other request can interleave with the state change one of them makes.
import type { ErrorExample } from '../../openapi/error-formats.ts';
import type { Violation } from '../../openapi/validators.ts';
import {
  batchBaremetalTags,
  listBareMetalServerDetails,
  showBaremetalServerTags,
  updateBaremetalMetadata,
  updateBaremetalMetadataItem,
} from './handlers/bms.ts';
import { changeServerOs, showJob, updateServerMetadata } from './handlers/ecs.ts';
import { showPrivateProviderMetadata, updatePrivateProviderMetadata } from './handlers/rfs.ts';
import type { JobDurations } from './jobs.ts';
import type { Dialect, Reply } from './replies.ts';
import type { World } from './world.ts';

/** A validated request, as a handler sees it. */
export interface Call {
  params: Record<string, string>;
  /** The query parameters the operation declares (only those that read one get them parsed). */
  query: Record<string, string>;
  body: unknown;
  now: number;
}
/** What handlers may touch. */
export interface Sim {
  readonly world: World;
  readonly images: ReadonlySet<string>;
  readonly durations: JobDurations;
  /** Call after changing the world: schedules a state-file write. */
  changed(): void;
}
export interface Handler {
  /** The error format of the operation's service. */
  dialect: Dialect;
  handle(call: Call, sim: Sim): Reply;
  /**
   * The 400 example that answers a request breaking these rules of the document, when the document gives one
   * per kind of mistake (RFS); by default the operation's first 400 example (`Ecs.0005`, `BMS.0001`, `badRequest`).
   */
  badRequest?(violations: readonly Violation[]): ErrorExample | undefined;
}

/** The handler of every operation of the documents, by operationId. */
export const handlers: Readonly<Record<string, Handler>> = {
  UpdateServerMetadata: updateServerMetadata,
  ChangeServerOsWithoutCloudInit: changeServerOs,
  ShowJob: showJob,
  UpdateBaremetalServerMetadata: updateBaremetalMetadata,
  UpdateBaremetalServerMetadataItem: updateBaremetalMetadataItem,
  // One path for two SDK operations, BatchCreateBaremetalServerTags and BatchDeleteBaremetalServerTags.
  BatchCreateBaremetalServerTags: batchBaremetalTags,
  ShowBaremetalServerTags: showBaremetalServerTags,
  ListBareMetalServerDetails: listBareMetalServerDetails,
  UpdatePrivateProviderMetadata: updatePrivateProviderMetadata,
  ShowPrivateProviderMetadata: showPrivateProviderMetadata,
};
