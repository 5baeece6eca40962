// The handler of every operation of the documents, by operationId (handlers.ts says what a handler is).

import {
  batchBaremetalTags,
  listBareMetalServerDetails,
  showBaremetalServerTags,
  updateBaremetalMetadata,
  updateBaremetalMetadataItem,
} from './handlers/bms.ts';
import { changeServerOs, deleteServerMetadata, showJob, showServer, updateServerMetadata } from './handlers/ecs.ts';
import { showPrivateProviderMetadata, updatePrivateProviderMetadata } from './handlers/rfs.ts';
import type { Handler } from './handlers.ts';

export const handlers: Readonly<Record<string, Handler>> = {
  UpdateServerMetadata: updateServerMetadata,
  ChangeServerOsWithoutCloudInit: changeServerOs,
  ShowJob: showJob,
  ShowServer: showServer,
  DeleteServerMetadata: deleteServerMetadata,
  UpdateBaremetalServerMetadata: updateBaremetalMetadata,
  UpdateBaremetalServerMetadataItem: updateBaremetalMetadataItem,
  // One path for two SDK operations, BatchCreateBaremetalServerTags and BatchDeleteBaremetalServerTags.
  BatchCreateBaremetalServerTags: batchBaremetalTags,
  ShowBaremetalServerTags: showBaremetalServerTags,
  ListBareMetalServerDetails: listBareMetalServerDetails,
  UpdatePrivateProviderMetadata: updatePrivateProviderMetadata,
  ShowPrivateProviderMetadata: showPrivateProviderMetadata,
};
