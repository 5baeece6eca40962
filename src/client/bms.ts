/** BMS client: https://bms.{region}.myhuaweicloud.com, except the native v2.1 API, which the ECS endpoint serves. */
import type { paths } from '../../generated/types/bms.ts';
import { createServiceClient, type ServiceDefinition } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type BmsClient = ServiceClient<ClientPaths<paths>>;

const METADATA_ITEM = 'UpdateBaremetalServerMetadataItem';
const TAGS = 'BatchCreateBaremetalServerTags';

const bms: ServiceDefinition = {
  host: 'bms',
  operations: {
    'PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}': { id: METADATA_ITEM, idempotent: true },
    // The API reference calls it idempotent: an existing tag with the same key is overwritten.
    'POST /v1/{project_id}/baremetalservers/{server_id}/tags/action': { id: TAGS, idempotent: true },
  },
  hostFor: (path) => (path.startsWith('/v2.1/') ? 'ecs' : undefined),
  // Rules the document states in prose only (see MetadataItemRequest and BatchCreateBaremetalServerTagsRequest).
  check({ operationId, params, body }) {
    if (operationId === METADATA_ITEM) {
      const meta = (body as { meta?: Record<string, unknown> } | undefined)?.meta ?? {};
      const entries = Object.entries(meta);
      const [key, value] = entries[0] ?? [];
      if (entries.length !== 1 || key !== params.path?.key) {
        throw new ValidationError('body.meta', 'single-pair-matching-path-key', 'must hold exactly one pair, whose key equals the path parameter key');
      }
      if (new TextEncoder().encode(`${key}${value}`).length > 255) {
        throw new ValidationError('body.meta', 'max-255-utf8-bytes', 'key and value together must fit in 255 bytes (UTF-8)');
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
  },
};

export function createBmsClient(options: ClientOptions): BmsClient {
  return createServiceClient(bms, options);
}
