/** BMS client: https://bms.{region}.myhuaweicloud.com, except the native v2.1 API, which the ECS endpoint serves. */
import type { paths } from '../../generated/types/bms.ts';
import { bmsOperations } from '../../generated/operations.ts';
import { createServiceClient, type PreparedCall } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type BmsClient = ServiceClient<ClientPaths<paths>>;

const METADATA_ITEM = 'UpdateBaremetalServerMetadataItem';
const TAGS = 'BatchCreateBaremetalServerTags';

// Rules the document states in prose only (see MetadataItemRequest and BatchCreateBaremetalServerTagsRequest).
function check({ operationId, params, body }: PreparedCall): void {
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
}

// The definition is built by the factory, not at import, so that programs that never create a BMS client do not
// bundle this module (a bundler cannot tell that a top-level object literal has no effect).
// The native v2.1 API is served by the ECS endpoint: the table gives each operation's host.
export function createBmsClient(options: ClientOptions): BmsClient {
  return createServiceClient({ host: 'bms', operations: bmsOperations, check }, options);
}
