/** BMS client: https://bms.{region}.myhuaweicloud.com, except the native v2.1 API, which the ECS endpoint serves. */

import { bmsOperations } from '../../generated/operations.ts';
import type { paths } from '../../generated/types/bms.ts';
import { fieldPath } from '../openapi/violations.ts';
import { createServiceClient, type PreparedCall } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type BmsClient = ServiceClient<ClientPaths<paths>>;

const METADATA_ITEM = 'UpdateBaremetalServerMetadataItem';
const TAGS = 'BatchCreateBaremetalServerTags';

// Rules the schemas cannot express: one pair matching the path key and unique tag keys (stated in prose, see
// MetadataItemRequest and BatchCreateBaremetalServerTagsRequest), and the pair's byte limit, which the
// operation states as x-max-pair-bytes and is read from the generated table, not restated here.
function check({ operationId, params, body }: PreparedCall): void {
  if (operationId === METADATA_ITEM) {
    const { maxPairBytes } = bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'];
    const meta = (body as { meta?: Record<string, unknown> } | undefined)?.meta ?? {};
    const entries = Object.entries(meta);
    const [key = '', value] = entries[0] ?? [];
    if (entries.length !== 1 || key !== params.path?.['key']) {
      throw new ValidationError('body.meta', 'single-pair-matching-path-key', 'must hold exactly one pair, whose key equals the path parameter key');
    }
    // maxLength counts characters; the limit is in UTF-8 bytes. The field is the pair, named by its key.
    if (new TextEncoder().encode(`${key}${value}`).length > maxPairBytes) {
      throw new ValidationError(fieldPath('body.meta', [key]), 'x-max-pair-bytes', `key and value together must fit in ${maxPairBytes} bytes (UTF-8)`);
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
