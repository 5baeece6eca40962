/** BMS client: https://bms.{region}.myhuaweicloud.com, except the native v2.1 API, which the ECS endpoint serves. */

import { bmsOperations } from '../../generated/operations.ts';
import type { components, paths } from '../../generated/types/bms.ts';
import type { ByteLimit } from '../openapi/operations-table.ts';
import { brokenServiceRule } from '../openapi/service-rules.ts';
import { fieldPath, maxBytesMessage, utf8Length } from '../openapi/violations.ts';
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
/** One path for BatchCreateBaremetalServerTags and BatchDeleteBaremetalServerTags, whose operationId is the first's. */
const TAGS = 'BatchCreateBaremetalServerTags';

// Rules the schemas cannot express: one pair, whose key is the path key, and unique tag keys in a create (stated in prose, see
// MetadataItemRequest and BatchCreateBaremetalServerTagsRequest), and the byte limits of key and value, which the
// schemas state as x-max-bytes and the generated table lists as byteLimits (read here, not restated).
function check({ operationId, params, body }: PreparedCall): void {
  if (operationId === METADATA_ITEM) {
    const keys = Object.keys((body as { meta?: Record<string, unknown> } | undefined)?.meta ?? {});
    if (keys.length !== 1) {
      throw new ValidationError('body.meta', 'single-pair-matching-path-key', 'must hold exactly one pair, whose key equals the path parameter key');
    }
  }
  // The service rules of the request alone (the service answers the one here "Request body and URI mismatch").
  const rule = brokenServiceRule(operationId, params.path ?? {}, body);
  if (rule) throw new ValidationError(rule.field, rule.rule, rule.explanation);
  checkByteLimits(Object.values(bmsOperations).find((op) => op.operationId === operationId)?.byteLimits ?? [], body);
  // Unique keys are a rule of the create (a key names one tag to set); the delete states none.
  const tagsBody = body as { action?: unknown; tags?: { key?: unknown }[] } | undefined;
  if (operationId === TAGS && tagsBody?.action === 'create') {
    const tags = tagsBody.tags ?? [];
    const seen = new Set<unknown>();
    tags.forEach(({ key }, i) => {
      if (seen.has(key)) throw new ValidationError(`body.tags[${i}].key`, 'unique', 'repeats the key of an earlier tag; tag keys must be unique');
      seen.add(key);
    });
  }
}

/** The UTF-8 byte limits of body fields (x-max-bytes in the schemas; maxLength counts characters, these bytes). */
function checkByteLimits(limits: readonly ByteLimit[], body: unknown): void {
  for (const { path, of, maxBytes } of limits) {
    const at = path.reduce<unknown>((node, key) => (node !== null && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), body);
    const named = of === 'value' ? [[undefined, at] as const] : Object.entries(at !== null && typeof at === 'object' ? at : {});
    for (const [name, value] of named) {
      const text = of === 'keys' ? name : value;
      if (typeof text === 'string' && utf8Length(text) > maxBytes) {
        throw new ValidationError(fieldPath('body', name === undefined ? path : [...path, name]), 'x-max-bytes', maxBytesMessage(maxBytes));
      }
    }
  }
}

// The definition is built by the factory, not at import, so that programs that never create a BMS client do not
// bundle this module (a bundler cannot tell that a top-level object literal has no effect).
// The native v2.1 API is served by the ECS endpoint: the table gives each operation's host.
export function createBmsClient(options: ClientOptions): BmsClient {
  return createServiceClient({ host: 'bms', operations: bmsOperations, check }, options);
}
