/** RFS client: https://rfs.{region}.myhuaweicloud.com (no project_id in its paths). */

import { rfsOperations } from '../../generated/operations.ts';
import type { paths } from '../../generated/types/rfs.ts';
import { createServiceClient } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type RfsClient = ServiceClient<ClientPaths<paths>>;

const UPDATE_METADATA = 'UpdatePrivateProviderMetadata';

// The definition is built by the factory, not at import, so that programs that never create an RFS client do not
// bundle this module (a bundler cannot tell that a top-level object literal has no effect).
export function createRfsClient(options: ClientOptions): RfsClient {
  return createServiceClient(
    {
      host: 'rfs',
      operations: rfsOperations,
      prepare(call) {
        // Required by every RFS request; a fresh UUID unless the caller chose one (kept across retries).
        call.params.header = { 'Client-Request-Id': crypto.randomUUID(), ...call.params.header };
      },
      check(call) {
        // The service refuses an update that changes nothing (`{}`, or provider_id alone), and provider_description
        // is the only field that can change: refused here before sending, under the service rule's name. Checked
        // on the value, not on the key, because JSON.stringify drops a field set to undefined.
        if (call.operationId === UPDATE_METADATA && (call.body as { provider_description?: unknown } | undefined)?.provider_description === undefined) {
          throw new ValidationError('body', 'nothing-to-update', 'must change something: provider_description is the only field an update can change');
        }
      },
    },
    options,
  );
}
