/** ECS client: https://ecs.{region}.myhuaweicloud.com. */

import { ecsOperations } from '../../generated/operations.ts';
import type { components, paths } from '../../generated/types/ecs.ts';
import { createServiceClient } from './core.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type EcsClient = ServiceClient<ClientPaths<paths>>;
export type Job = components['schemas']['Job'];
/** What ShowServer (`GET /v1/{project_id}/cloudservers/{server_id}`) answers in `server`: state, image, metadata, flavor, addresses... */
export type ServerDetail = components['schemas']['ServerDetail'];

export function createEcsClient(options: ClientOptions): EcsClient {
  return createServiceClient({ host: 'ecs', operations: ecsOperations }, options);
}
