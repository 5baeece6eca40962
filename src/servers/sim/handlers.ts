// What each operation does to the world, once the request has been authenticated and validated against the
// document. Only the rules a JSON Schema cannot express are written here (state, cross-field, byte lengths).
// Handlers are synchronous: no other request can interleave with the state change one of them makes.
import { bmsOperations, ecsOperations } from '../../../generated/operations.ts';
import { changeOsJob, type Job, type JobDurations, presentJob } from './jobs.ts';
import { type Dialect, type Reply, serviceError } from './replies.ts';
import type { World } from './world.ts';

/** A validated request, as a handler sees it. */
export interface Call {
  params: Record<string, string>;
  body: unknown;
  now: number;
}
/** What handlers may touch. */
export interface Sim {
  readonly world: World;
  readonly images: ReadonlySet<string>;
  readonly durations: JobDurations;
  /** Call after changing the world: schedules a state-file write. */
  changed(): void;
}
export interface Handler {
  /** The error format of the operation's service. */
  dialect: Dialect;
  handle(call: Call, sim: Sim): Reply;
}

// Rules no JSON Schema keyword can express are stated once, as operation extensions in the documents
// (generated/operations.ts); keyed by path so that tsc fails if an operation or a rule disappears.
const ecsMetadataRules = ecsOperations['POST /v1/{project_id}/cloudservers/{server_id}/metadata'];
const bmsMetadataRules = bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'];
const ECS_METADATA_VM_STATES: ReadonlySet<string> = new Set(ecsMetadataRules.allowedVmStates);
const BMS_METADATA_VM_STATES: ReadonlySet<string> = new Set(bmsMetadataRules.allowedVmStates);
// Tags per server in total (the schema's tags/maxItems limits one request, not what the server accumulates).
const BMS_TAG_LIMIT = bmsOperations['POST /v1/{project_id}/baremetalservers/{server_id}/tags/action'].maxTagsPerServer;
// The simulator's own choice, not a Huawei fact: the BMS document lists 413 overLimit for an exceeded metadata
// quota but no document gives its size, so the simulator borrows OpenStack Nova's default metadata_items quota.
const NOVA_METADATA_QUOTA = 128;

function busy(dialect: Dialect, job: Job): Reply {
  return serviceError(dialect, 409, `Server ${job.server_id} is busy: job ${job.job_id} (${job.job_type}) is still running; try again when it has finished.`);
}

const updateServerMetadata: Handler = {
  dialect: 'ecs',
  handle({ params, body }, sim) {
    const server = sim.world.servers.get(params.server_id ?? '');
    if (!server || server.project_id !== params.project_id) return serviceError('ecs', 404, `Instance ${params.server_id} could not be found.`);
    const job = sim.world.activeJobs.get(server.id);
    if (job) return busy('ecs', job);
    if (!ECS_METADATA_VM_STATES.has(server.vm_state)) {
      return serviceError(
        'ecs',
        409,
        `Server ${server.id} is in vm_state ${server.vm_state}; metadata can be updated only in vm_state ${[...ECS_METADATA_VM_STATES].join(', ')}.`,
      );
    }
    for (const [key, value] of Object.entries((body as { metadata: Record<string, string> }).metadata)) server.metadata.set(key, value);
    sim.changed();
    return { status: 200, body: { metadata: Object.fromEntries(server.metadata) } };
  },
};

const changeServerOs: Handler = {
  dialect: 'ecs',
  handle({ params, body, now }, sim) {
    const change = (body as { 'os-change': { imageid: string; mode?: string } })['os-change'];
    const server = sim.world.servers.get(params.server_id ?? '');
    if (!server || server.project_id !== params.project_id) return serviceError('ecs', 404, `Instance ${params.server_id} could not be found.`);
    const running = sim.world.activeJobs.get(server.id);
    if (running) return busy('ecs', running);
    const qualifies = server.vm_state === 'stopped' || server.os_change_failed;
    const stopFirst = !qualifies && change.mode === 'withStopServer' && server.vm_state === 'active';
    if (!qualifies && !stopFirst) {
      return serviceError(
        'ecs',
        409,
        `Server ${server.id} is in vm_state ${server.vm_state}; the OS can be changed only on a stopped server (or after a failed OS change), or on an active one with mode withStopServer.`,
      );
    }
    const plan = { projectId: server.project_id, serverId: server.id, imageId: change.imageid, imageKnown: sim.images.has(change.imageid), stopFirst };
    const job = changeOsJob(plan, sim.durations, now);
    sim.world.addJob(job);
    sim.changed();
    return { status: 200, body: { job_id: job.job_id } };
  },
};

const showJob: Handler = {
  dialect: 'ecs',
  handle({ params, now }, sim) {
    const job = sim.world.jobs.get(params.job_id ?? '');
    if (!job || job.project_id !== params.project_id) return serviceError('ecs', 404, `Job ${params.job_id} could not be found.`);
    return { status: 200, body: presentJob(job, now) };
  },
};

const updateBaremetalMetadataItem: Handler = {
  dialect: 'nova',
  handle({ params, body }, sim) {
    const [entry] = Object.entries((body as { meta: Record<string, string> }).meta);
    const [key, value] = entry ?? ['', ''];
    if (key !== params.key) return serviceError('nova', 400, 'Metadata item key and URI key do not match.');
    const server = sim.world.baremetal.get(params.server_id ?? '');
    if (!server || server.project_id !== params.project_id) return serviceError('nova', 404, `Instance ${params.server_id} could not be found.`);
    if (!BMS_METADATA_VM_STATES.has(server.vm_state)) {
      return serviceError('nova', 409, `Cannot 'update metadata' instance ${server.id} while it is in vm_state ${server.vm_state}.`);
    }
    if (!server.metadata.has(key) && server.metadata.size >= NOVA_METADATA_QUOTA) {
      return serviceError('nova', 413, `Quota exceeded for metadata items: at most ${NOVA_METADATA_QUOTA} per server.`);
    }
    server.metadata.set(key, value);
    sim.changed();
    return { status: 200, body: { meta: Object.fromEntries([[key, value]]) } };
  },
};

const batchCreateBaremetalTags: Handler = {
  dialect: 'bms',
  handle({ params, body }, sim) {
    const tags = (body as { tags: Array<{ key: string; value?: string }> }).tags;
    const firstIndex = new Map<string, number>();
    for (const [i, tag] of tags.entries()) {
      const seen = firstIndex.get(tag.key);
      if (seen !== undefined)
        return serviceError('bms', 400, `Invalid tag: tags[${i}].key repeats tags[${seen}].key ${JSON.stringify(tag.key)}; keys must be unique.`);
      firstIndex.set(tag.key, i);
    }
    const server = sim.world.baremetal.get(params.server_id ?? '');
    if (!server || server.project_id !== params.project_id)
      return serviceError('bms', 404, `The requested resource was not found: bare metal server ${params.server_id}.`);
    const added = tags.filter((t) => !server.tags.has(t.key)).length;
    if (server.tags.size + added > BMS_TAG_LIMIT) {
      return serviceError(
        'bms',
        400,
        `Invalid tag: the server has ${server.tags.size} tags and this request adds ${added} new keys; a server holds at most ${BMS_TAG_LIMIT} tags. Nothing was changed.`,
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

const updatePrivateProviderMetadata: Handler = {
  dialect: 'rfs',
  handle({ params, body, now }, sim) {
    // The document makes provider_description required (the one updatable field; provider_id only selects),
    // and the body has been validated against it.
    const update = body as { provider_description: string; provider_id?: string };
    const provider = sim.world.providers.get(params.provider_name ?? '');
    if (!provider) return serviceError('rfs', 404, `The private provider ${params.provider_name} does not exist.`);
    if (update.provider_id !== undefined && update.provider_id !== provider.id) {
      return serviceError('rfs', 400, `provider_id ${update.provider_id} does not match the current private provider ${provider.name}.`);
    }
    provider.description = update.provider_description;
    provider.update_time = new Date(now).toISOString();
    sim.changed();
    return { status: 204 };
  },
};

/** The handler of every operation of the documents, by operationId. */
export const handlers: Readonly<Record<string, Handler>> = {
  UpdateServerMetadata: updateServerMetadata,
  ChangeServerOsWithoutCloudInit: changeServerOs,
  ShowJob: showJob,
  UpdateBaremetalServerMetadataItem: updateBaremetalMetadataItem,
  BatchCreateBaremetalServerTags: batchCreateBaremetalTags,
  UpdatePrivateProviderMetadata: updatePrivateProviderMetadata,
};
