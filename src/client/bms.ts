/** BMS client: https://bms.{region}.myhuaweicloud.com, except the native v2.1 API, which the ECS endpoint serves. */

import { bmsOperations } from '../../generated/operations.ts';
import type { paths } from '../../generated/types/bms.ts';
import { createServiceClient, type PreparedCall } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type BmsClient = ServiceClient<ClientPaths<paths>>;

const METADATA_ITEM = 'UpdateBaremetalServerMetadataItem';
const TAGS = 'BatchCreateBaremetalServerTags';

// Rules the schemas cannot express: one pair matching the path key and unique tag keys (stated in prose, see
// MetadataItemRequest and BatchCreateBaremetalServerTagsRequest), and the byte limits of key and value, which the
// schemas state as x-max-bytes and the generated table lists as byteLimits (read here, not restated).
function check({ operationId, params, body }: PreparedCall): void {
  if (operationId === METADATA_ITEM) {
    const { byteLimits } = bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'];
    const meta = (body as { meta?: Record<string, unknown> } | undefined)?.meta ?? {};
    const entries = Object.entries(meta);
    const [key] = entries[0] ?? [];
    if (entries.length !== 1 || key !== params.path?.key) {
      throw new ValidationError('body.meta', 'single-pair-matching-path-key', 'must hold exactly one pair, whose key equals the path parameter key');
    }
    // maxLength counts characters; the limits are in UTF-8 bytes, for the key and for the value each.
    for (const { of, maxBytes } of byteLimits) {
      for (const [name, value] of entries) {
        const text = of === 'keys' ? name : value;
        if (typeof text === 'string' && new TextEncoder().encode(text).length > maxBytes) {
          const field = of === 'keys' ? `body.meta[${JSON.stringify(name)}]` : `body.meta.${name}`;
          throw new ValidationError(field, 'x-max-bytes', `must NOT be longer than ${maxBytes} bytes (UTF-8)`);
        }
      }
    }
  }
  if (operationId === TAGS) {
    const tags = (body as { tags?: { key?: unknown }[] } | undefined)?.tags ?? [];
    const seen = new Set<unknown>();
    tags.forEach(({ key }, i) => {
      if (seen.has(key)) throw new ValidationError(`body.tags[${i}].key`, 'unique', 'repeats the key of an earlier tag; tag keys must be unique');
      seen.add(key);
    });
  }
}

// The definition is built by the factory, not at import, so that programs that never create a BMS client do not
// bundle this module (a bundler cannot tell that a top-level object literal has no effect).
// The native v2.1 API is served by the ECS endpoint: the table gives each operation's host.
export function createBmsClient(options: ClientOptions): BmsClient {
  return createServiceClient({ host: 'bms', operations: bmsOperations, check }, options);
}
