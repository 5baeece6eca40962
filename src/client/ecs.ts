/** ECS client: https://ecs.{region}.myhuaweicloud.com. */

import { ecsOperations } from '../../generated/operations.ts';
import type { components, paths } from '../../generated/types/ecs.ts';
import { createServiceClient } from './core.ts';
import type { ClientOptions, ClientPaths, ServiceClient } from './types.ts';

export type EcsClient = ServiceClient<ClientPaths<paths>>;
export type Job = components['schemas']['Job'];

export function createEcsClient(options: ClientOptions): EcsClient {
  return createServiceClient({ host: 'ecs', operations: ecsOperations }, options);
}
