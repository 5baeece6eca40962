/** RFS client: https://rfs.{region}.myhuaweicloud.com (no project_id in its paths). */
import type { paths } from '../../generated/types/rfs.ts';
import { createServiceClient, type ServiceDefinition } from './core.ts';
import { ValidationError } from './errors.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type RfsClient = ServiceClient<ClientPaths<paths>>;

const UPDATE_METADATA = 'UpdatePrivateProviderMetadata';

const rfs: ServiceDefinition = {
  host: 'rfs',
  operations: {
    'PATCH /v1/private-providers/{provider_name}/metadata': { id: UPDATE_METADATA, idempotent: true },
  },
  prepare(call) {
    // Required by every RFS request; a fresh UUID unless the caller chose one (kept across retries).
    call.params.header = { 'Client-Request-Id': crypto.randomUUID(), ...call.params.header };
  },
  check(call) {
    // An update must carry something to update, and provider_description is the only updatable field (the
    // document makes it required). Checked here too because JSON.stringify drops a field set to undefined.
    if (call.operationId === UPDATE_METADATA && (call.body as { provider_description?: unknown } | undefined)?.provider_description === undefined) {
      throw new ValidationError('body.provider_description', 'required', 'required: an update needs at least one field, and this is the one that can change');
    }
  },
};

export function createRfsClient(options: ClientOptions): RfsClient {
  return createServiceClient(rfs, options);
}
