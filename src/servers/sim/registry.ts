// The handler of every operation of the documents, by operationId (handlers.ts says what a handler is).

import { batchCreateBaremetalTags, updateBaremetalMetadata, updateBaremetalMetadataItem } from './handlers/bms.ts';
import { changeServerOs, deleteServerMetadata, showJob, showServer, updateServerMetadata } from './handlers/ecs.ts';
import { updatePrivateProviderMetadata } from './handlers/rfs.ts';
import type { Handler } from './handlers.ts';

export const handlers: Readonly<Record<string, Handler>> = {
  UpdateServerMetadata: updateServerMetadata,
  ChangeServerOsWithoutCloudInit: changeServerOs,
  ShowJob: showJob,
  ShowServer: showServer,
  DeleteServerMetadata: deleteServerMetadata,
  UpdateBaremetalServerMetadata: updateBaremetalMetadata,
  UpdateBaremetalServerMetadataItem: updateBaremetalMetadataItem,
  BatchCreateBaremetalServerTags: batchCreateBaremetalTags,
  UpdatePrivateProviderMetadata: updatePrivateProviderMetadata,
};
