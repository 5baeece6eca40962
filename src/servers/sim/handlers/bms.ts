// BMS: server metadata through the current API (UpdateBaremetalServerMetadata, BMS format) and through the
// deprecated OpenStack Nova API (UpdateBaremetalServerMetadataItem, Nova faults), both on one metadata store per
// server; and tags. The Nova API keeps Nova's rules and messages; the BMS APIs answer with BMS codes.
import { bmsOperations } from '../../../../generated/operations.ts';
import type { Handler } from '../handlers.ts';
import { answer, documented } from '../replies.ts';
import { BMS_METADATA_LIMIT, mergeMetadata } from '../world.ts';
import { mergeReply, serverInProject, stateError, vmStateProblem } from './metadata.ts';

// Rules stated as operation extensions in the documents (generated/operations.ts), keyed by path so that tsc
// fails if an operation or a rule disappears.
const METADATA_VM_STATES: ReadonlySet<string> = new Set(bmsOperations['POST /v1/{project_id}/baremetalservers/{server_id}/metadata'].allowedVmStates);
const ITEM_VM_STATES: ReadonlySet<string> = new Set(bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'].allowedVmStates);
// Tags per server in total (the schema's tags/maxItems limits one request, not what the server accumulates).
const TAG_LIMIT = bmsOperations['POST /v1/{project_id}/baremetalservers/{server_id}/tags/action'].maxTagsPerServer;

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

export const batchCreateBaremetalTags: Handler = {
  handle({ params, body }, sim) {
    // Keys are unique: the pipeline has answered a request that repeats one (the service rule `unique`).
    const tags = (body as { tags: Array<{ key: string; value?: string }> }).tags;
    const server = serverInProject(sim.world.baremetal, params);
    if (!server) return answer(tagErrors.notFound);
    const merged = mergeMetadata(server.tags, Object.fromEntries(tags.map((tag) => [tag.key, tag.value ?? ''])), TAG_LIMIT);
    if ('refused' in merged) {
      const added = merged.refused - server.tags.size;
      return answer(
        tagErrors.invalid,
        `Invalid tag: the server has ${server.tags.size} tags and this request adds ${added} new keys; a server holds at most ${TAG_LIMIT} tags. Nothing was changed.`,
      );
    }
    if (merged.changed) sim.changed();
    return { status: 204 };
  },
};
