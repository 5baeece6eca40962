/** ECS client: https://ecs.{region}.myhuaweicloud.com. */
import type { components, paths } from '../../generated/types/ecs.ts';
import { createServiceClient, type ServiceDefinition } from './core.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type EcsClient = ServiceClient<ClientPaths<paths>>;
export type Job = components['schemas']['Job'];

const ecs: ServiceDefinition = {
  host: 'ecs',
  operations: {
    // The API reference calls it idempotent: the same body twice leaves the same metadata.
    'POST /v1/{project_id}/cloudservers/{server_id}/metadata': { id: 'UpdateServerMetadata', idempotent: true },
    // Every accepted request starts a new job: retried only with retry.nonIdempotent.
    'POST /v1/{project_id}/cloudservers/{server_id}/changeos': { id: 'ChangeServerOsWithoutCloudInit', idempotent: false },
    'GET /v1/{project_id}/jobs/{job_id}': { id: 'ShowJob', idempotent: true },
  },
};

export function createEcsClient(options: ClientOptions): EcsClient {
  return createServiceClient(ecs, options);
}
