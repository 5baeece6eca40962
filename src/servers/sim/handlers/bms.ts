// BMS: server metadata through the current API (UpdateBaremetalServerMetadata, BMS format) and through the
// deprecated OpenStack Nova API (UpdateBaremetalServerMetadataItem, Nova faults), both on one metadata store per
// server; and tags. The Nova API keeps Nova's rules and messages; the BMS APIs answer with BMS codes.
import { bmsOperations } from '../../../../generated/operations.ts';
import type { Handler, Sim } from '../handlers.ts';
import { answer, documented } from '../replies.ts';
import { type BareMetalServer, BMS_METADATA_LIMIT, newKeys } from '../world.ts';
import { mergeReply, vmStateProblem } from './metadata.ts';

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
  mismatch: documented('UpdateBaremetalServerMetadataItem', 400), // "Request body and URI mismatch", Nova's text
  quota: documented('UpdateBaremetalServerMetadataItem', 403, 'quota'),
  notFound: documented('UpdateBaremetalServerMetadataItem', 404),
  state: documented('UpdateBaremetalServerMetadataItem', 409),
};
const tagErrors = {
  invalid: documented('BatchCreateBaremetalServerTags', 400),
  notFound: documented('BatchCreateBaremetalServerTags', 404),
};

/** The bare metal server of the path, if it exists in the path's project. */
function serverOf(sim: Sim, params: Record<string, string>): BareMetalServer | undefined {
  const server = sim.world.baremetal.get(params.server_id ?? '');
  return server && server.project_id === params.project_id ? server : undefined;
}

export const updateBaremetalMetadata: Handler = {
  dialect: 'bms',
  handle({ params, body }, sim) {
    const server = serverOf(sim, params);
    if (!server) return answer(metadataErrors.notFound);
    const problem = vmStateProblem(server, METADATA_VM_STATES);
    if (problem) return answer(metadataErrors.state, `${metadataErrors.state.message} ${problem}`);
    const whose = "per bare metal server (OpenStack Nova's default quota; BMS publishes none)";
    return mergeReply(sim, server.metadata, body, { items: BMS_METADATA_LIMIT, whose, refusal: metadataErrors.invalid });
  },
};

export const updateBaremetalMetadataItem: Handler = {
  dialect: 'nova',
  // The request alone first (body key against URI key: the mock checks it too), then the server, its state and,
  // as in OpenStack Nova, the quota last (a state check guards the update that counts the quota).
  handle({ params, body }, sim) {
    const [entry] = Object.entries((body as { meta: Record<string, string> }).meta);
    const [key, value] = entry ?? ['', ''];
    if (key !== params.key) return answer(itemErrors.mismatch);
    const server = serverOf(sim, params);
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
  dialect: 'bms',
  handle({ params, body }, sim) {
    const tags = (body as { tags: Array<{ key: string; value?: string }> }).tags;
    const firstIndex = new Map<string, number>();
    for (const [i, tag] of tags.entries()) {
      const seen = firstIndex.get(tag.key);
      if (seen !== undefined) {
        return answer(tagErrors.invalid, `Invalid tag: tags[${i}].key repeats tags[${seen}].key ${JSON.stringify(tag.key)}; keys must be unique.`);
      }
      firstIndex.set(tag.key, i);
    }
    const server = serverOf(sim, params);
    if (!server) return answer(tagErrors.notFound);
    const added = newKeys(server.tags, firstIndex.keys());
    if (server.tags.size + added > TAG_LIMIT) {
      return answer(
        tagErrors.invalid,
        `Invalid tag: the server has ${server.tags.size} tags and this request adds ${added} new keys; a server holds at most ${TAG_LIMIT} tags. Nothing was changed.`,
      );
    }
    let differs = false;
    for (const tag of tags) {
      const value = tag.value ?? '';
      if (server.tags.get(tag.key) !== value) {
        server.tags.set(tag.key, value);
        differs = true;
      }
    }
    if (differs) sim.changed();
    return { status: 204 };
  },
};
