/** RFS client: https://rfs.{region}.myhuaweicloud.com (no project_id in its paths). */

import { rfsOperations } from '../../generated/operations.ts';
import type { components, paths } from '../../generated/types/rfs.ts';
import { brokenServiceRule, refusalExample } from '../openapi/service-rules.ts';
import { createServiceClient } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type RfsClient = ServiceClient<ClientPaths<paths>>;
/** What ShowPrivateProviderMetadata reads (huaweicloud-sdk-go-v3 model ShowPrivateProviderMetadataResponse). */
export type PrivateProviderMetadata = components['schemas']['ShowPrivateProviderMetadataResponse'];

// The definition is built by the factory, not at import, so that programs that never create an RFS client do not
// bundle this module (a bundler cannot tell that a top-level object literal has no effect).
export function createRfsClient(options: ClientOptions): RfsClient {
  return createServiceClient(
    {
      host: 'rfs',
      operations: rfsOperations,
      refusalExample,
      prepare(call) {
        // Required by every RFS request; a fresh UUID unless the caller chose one (kept across retries).
        call.params.header = { 'Client-Request-Id': crypto.randomUUID(), ...call.params.header };
      },
      check({ operationId, params, body }) {
        // The service refuses an update that changes nothing: refused here before sending, under the service rule's
        // name. A missing (or non-object) body changes nothing either: the schema refuses it, but its check is opt-in.
        const fields = typeof body === 'object' && body !== null && !Array.isArray(body) ? body : {};
        const broken = brokenServiceRule(operationId, params.path ?? {}, fields);
        if (broken) throw new ValidationError([broken.violation]);
      },
    },
    options,
  );
}
