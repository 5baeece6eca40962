// BMS: server metadata through the current API (UpdateBaremetalServerMetadata, BMS format) and through the
// deprecated OpenStack Nova API (UpdateBaremetalServerMetadataItem, Nova faults), both on one metadata store per
// server; tags, added and deleted on one path (the body's `action` picks the SDK operation) and read back; and the
// server's details, where both metadata APIs read back. The Nova API keeps Nova's rules and messages; the BMS APIs
// answer with BMS codes.
import { bmsOperationRules } from '../../../../generated/operations.ts';
import { loadDocuments } from '../../../openapi/bundled.ts';
import { deref, type Json, listOperations, responseExamples } from '../../../openapi/documents.ts';
import type { Handler } from '../handlers.ts';
import { answer, documented, type Reply } from '../replies.ts';
import { type BareMetalServer, BMS_METADATA_LIMIT, mergeMetadata } from '../world.ts';
import { mergeReply, serverInProject, stateError, vmStateProblem } from './metadata.ts';

// Rules stated as operation extensions in the documents (generated/operations.ts), keyed by path so that tsc
// fails if an operation or a rule disappears.
const METADATA_VM_STATES: ReadonlySet<string> = new Set(bmsOperationRules['POST /v1/{project_id}/baremetalservers/{server_id}/metadata'].allowedVmStates);
const ITEM_VM_STATES: ReadonlySet<string> = new Set(bmsOperationRules['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'].allowedVmStates);
// Tags per server in total (the schema's tags/maxItems limits one request, not what the server accumulates).
const TAG_LIMIT = bmsOperationRules['POST /v1/{project_id}/baremetalservers/{server_id}/tags/action'].maxTagsPerServer;

// The documents' error examples each answer uses, read when the simulator loads (a missing one stops it there).
const metadataErrors = {
  invalid: documented('UpdateBaremetalServerMetadata', 400),
  notFound: documented('UpdateBaremetalServerMetadata', 400, 'BMS.0040'),
  state: documented('UpdateBaremetalServerMetadata', 400, 'VmState'),
};
const itemErrors = {
  quota: documented('UpdateBaremetalServerMetadataItem', 403, 'quota'),
  notFound: documented('UpdateBaremetalServerMetadataItem', 404),
  state: documented('UpdateBaremetalServerMetadataItem', 409),
};
const tagErrors = {
  invalid: documented('BatchCreateBaremetalServerTags', 400),
  notFound: documented('BatchCreateBaremetalServerTags', 404),
};
const readTagsNotFound = documented('ShowBaremetalServerTags', 404);
const detailsNotFound = documented('ListBareMetalServerDetails', 404);

type Tag = { key: string; value?: string };

export const updateBaremetalMetadata: Handler = {
  handle({ params, body }, sim) {
    const server = serverInProject(sim.world.baremetal, params);
    if (!server) return answer(metadataErrors.notFound);
    const problem = vmStateProblem(server, METADATA_VM_STATES);
    if (problem) return stateError(metadataErrors.state, problem);
    const whose = "per bare metal server (OpenStack Nova's default quota; BMS publishes none)";
    return mergeReply(sim, server.metadata, body, { items: BMS_METADATA_LIMIT, whose, refusal: metadataErrors.invalid });
  },
};

export const updateBaremetalMetadataItem: Handler = {
  // The pipeline has answered a body key other than the URI key (the service rule body-uri-key-match); then the
  // server, its state and, as in OpenStack Nova, the quota last (a state check guards the update that counts it).
  handle({ params, body }, sim) {
    const [entry] = Object.entries((body as { meta: Record<string, string> }).meta);
    const [key, value] = entry ?? ['', ''];
    const server = serverInProject(sim.world.baremetal, params);
    if (!server) return answer(itemErrors.notFound, `Instance ${params.server_id} could not be found.`);
    if (!ITEM_VM_STATES.has(server.vm_state)) {
      return answer(itemErrors.state, `Cannot 'update metadata' instance ${server.id} while it is in vm_state ${server.vm_state}`);
    }
    if (!server.metadata.has(key) && server.metadata.size >= BMS_METADATA_LIMIT) {
      return answer(itemErrors.quota, `Maximum number of metadata items exceeds ${BMS_METADATA_LIMIT}`);
    }
    server.metadata.set(key, value);
    sim.changed();
    return { status: 200, body: { meta: Object.fromEntries([[key, value]]) } };
  },
};

/**
 * BatchCreateBaremetalServerTags: the server, then a merge within the per-server limit. Keys are unique: the
 * pipeline has answered a request that repeats one (the service rule `unique`).
 */
function createTags(server: BareMetalServer | undefined, tags: readonly Tag[], changed: () => void): Reply {
  if (!server) return answer(tagErrors.notFound);
  const merged = mergeMetadata(server.tags, Object.fromEntries(tags.map((tag) => [tag.key, tag.value ?? ''])), TAG_LIMIT);
  if ('refused' in merged) {
    const added = merged.refused - server.tags.size;
    return answer(
      tagErrors.invalid,
      `Invalid tag: the server has ${server.tags.size} tags and this request adds ${added} new keys; a server holds at most ${TAG_LIMIT} tags. Nothing was changed.`,
    );
  }
  if (merged.changed) changed();
  return { status: 204 };
}

/**
 * BatchDeleteBaremetalServerTags: idempotent, so a tag the server does not have is no error (bms_api_0643). A tag
 * given with a value is deleted only when the value matches, as other Huawei Cloud tag APIs state (the BMS page is
 * silent); a key alone deletes whatever value it has. No server state refuses it (the page names none).
 */
function deleteTags(server: BareMetalServer | undefined, tags: readonly Tag[], changed: () => void): Reply {
  if (!server) return answer(tagErrors.notFound);
  let deleted = false;
  for (const { key, value } of tags) {
    if (!server.tags.has(key) || (value !== undefined && server.tags.get(key) !== value)) continue;
    server.tags.delete(key);
    deleted = true;
  }
  if (deleted) changed();
  return { status: 204 };
}

/** One path, two SDK operations: the body's `action` (the schema's discriminator) picks the create or the delete. */
export const batchBaremetalTags: Handler = {
  handle({ params, body }, sim) {
    const { action, tags } = body as { action: 'create' | 'delete'; tags: Tag[] };
    const server = serverInProject(sim.world.baremetal, params);
    const changed = () => sim.changed();
    return action === 'delete' ? deleteTags(server, tags, changed) : createTags(server, tags, changed);
  },
};

export const showBaremetalServerTags: Handler = {
  handle({ params }, sim) {
    const server = serverInProject(sim.world.baremetal, params);
    if (!server) return answer(readTagsNotFound);
    return { status: 200, body: { tags: [...server.tags].map(([key, value]) => ({ key, value })) } };
  },
};

// The details' defaults are the document's own example server: a field the world does not hold reads as
// documented, and a fixture may override any of them per server (`details`).
const DETAILS = listOperations(loadDocuments().bms, 'bms').find((op) => op.operationId === 'ListBareMetalServerDetails');
if (!DETAILS) throw new Error('the BMS document has no ListBareMetalServerDetails');
const DOCUMENTED_SERVER = (responseExamples(loadDocuments().bms, DETAILS, 200)[0]?.value as { server?: Json } | undefined)?.server;
if (!DOCUMENTED_SERVER) throw new Error('ListBareMetalServerDetails documents no example server');
/** The metadata keys the service sets (MetadataList's properties): the documented ones are kept beside the user's. */
const SERVICE_METADATA_KEYS = new Set(Object.keys(deref<Json>(loadDocuments().bms, { $ref: '#/components/schemas/MetadataList' }).properties ?? {}));

/**
 * The `status` a vm_state shows (bms_api_0608: SHUTOFF covers stopped, frozen and the other halted states; `paused`,
 * which the metadata APIs accept, has no status of its own there).
 */
const STATUS_OF: Readonly<Record<string, string>> = { active: 'ACTIVE', building: 'BUILD', error: 'ERROR', deleted: 'DELETED' };
/** `OS-EXT-STS:power_state`: 1 RUNNING, 4 SHUTDOWN, 0 NO STATE (bms_api_0608's examples). */
const POWER_OF: Readonly<Record<string, number>> = { active: 1, stopped: 4 };

/**
 * A server's details: the documented example, the fixture's own `details`, then what the world holds: identity,
 * state (`status`, `OS-EXT-STS:vm_state`, `OS-EXT-STS:power_state`), the metadata written through either BMS
 * metadata API after the service's documented keys, and the tags as `key=value` strings (the page gives no format:
 * this one is the simulator's).
 */
function serverDetails(server: BareMetalServer): Json {
  const base = { ...structuredClone(DOCUMENTED_SERVER as Json), ...structuredClone(server.details ?? {}) };
  const serviceMetadata = Object.entries((base.metadata as Record<string, string> | undefined) ?? {}).filter(([key]) => SERVICE_METADATA_KEYS.has(key));
  return {
    ...base,
    id: server.id,
    name: server.name,
    tenant_id: server.project_id,
    status: STATUS_OF[server.vm_state] ?? 'SHUTOFF',
    'OS-EXT-STS:vm_state': server.vm_state,
    'OS-EXT-STS:power_state': POWER_OF[server.vm_state] ?? 0,
    metadata: { ...Object.fromEntries(serviceMetadata), ...Object.fromEntries(server.metadata) },
    tags: [...server.tags].map(([key, value]) => (value === '' ? key : `${key}=${value}`)),
  };
}

export const listBareMetalServerDetails: Handler = {
  handle({ params }, sim) {
    const server = serverInProject(sim.world.baremetal, params);
    if (!server) return answer(detailsNotFound);
    return { status: 200, body: { server: serverDetails(server) } };
  },
};
