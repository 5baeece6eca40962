/** BMS client: https://bms.{region}.myhuaweicloud.com, except the native v2.1 API, which the ECS endpoint serves. */

import { bmsOperations } from '../../generated/operations.ts';
import type { components, paths } from '../../generated/types/bms.ts';
import { brokenServiceRule, byteLimitViolation, refusalExample } from '../openapi/service-rules.ts';
import { createServiceClient, type PreparedCall } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type BmsClient = ServiceClient<ClientPaths<paths>>;
type Schemas = components['schemas'];
/** The body of BatchCreateBaremetalServerTags (`action: 'create'`) on `POST …/tags/action`. */
export type BatchCreateBaremetalServerTagsRequest = Schemas['BatchCreateBaremetalServerTagsRequest'];
/** The body of BatchDeleteBaremetalServerTags (`action: 'delete'`), on the same path: the body's `action` picks the SDK operation. */
export type BatchDeleteBaremetalServerTagsRequest = Schemas['BatchDeleteBaremetalServerTagsRequest'];
/** A tag as ShowBaremetalServerTags reads it. */
export type BaremetalServerTag = Schemas['BaremetalServerTag'];
/** The `server` of ListBareMetalServerDetails (huaweicloud-sdk-go-v3 model ServerDetails). */
export type BaremetalServerDetails = Schemas['ServerDetails'];

const METADATA_ITEM = 'UpdateBaremetalServerMetadataItem';

// Rules the schemas cannot express, from src/openapi/service-rules.ts (one pair, whose key is the path key; unique
// tag keys in a create), and the byte limits of key and value, which the schemas state as x-max-bytes and the
// generated table lists as byteLimits (read here, not restated).
function check({ operationId, params, body }: PreparedCall): void {
  if (operationId === METADATA_ITEM) {
    const keys = Object.keys((body as { meta?: Record<string, unknown> } | undefined)?.meta ?? {});
    if (keys.length !== 1) {
      throw new ValidationError('body.meta', 'single-pair-matching-path-key', 'must hold exactly one pair, whose key equals the path parameter key');
    }
  }
  // The service rules of the request alone (the service answers the one here "Request body and URI mismatch").
  const broken = brokenServiceRule(operationId, params.path ?? {}, body);
  if (broken) throw new ValidationError([broken.violation]);
  const tooLong = byteLimitViolation(Object.values(bmsOperations).find((op) => op.operationId === operationId)?.byteLimits ?? [], body);
  if (tooLong) throw new ValidationError([tooLong]);
}

// The definition is built by the factory, not at import, so that programs that never create a BMS client do not
// bundle this module (a bundler cannot tell that a top-level object literal has no effect).
// The native v2.1 API is served by the ECS endpoint: the table gives each operation's host.
export function createBmsClient(options: ClientOptions): BmsClient {
  return createServiceClient({ host: 'bms', operations: bmsOperations, check, refusalExample }, options);
}
