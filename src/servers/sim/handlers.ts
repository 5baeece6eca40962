// What each operation does to the world, once the request has been authenticated and validated against the
// document. Only the rules a JSON Schema cannot express are written here (state, cross-field, byte lengths).
import { randomBytes } from 'node:crypto';
import { bmsOperations, ecsOperations } from '../../../generated/operations.ts';
import { type Dialect, type Reply, serviceError } from './errors.ts';
import { type Job, type JobDurations, presentJob, type World } from './world.ts';

export interface Call {
  params: Record<string, string>;
  body: unknown;
  now: number;
}
export interface Sim {
  world: World;
  images: ReadonlySet<string>;
  durations: JobDurations;
  /** Call after changing the world: schedules a state-file write. */
  changed(): void;
}
export interface Handler {
  dialect: Dialect;
  handle(call: Call, sim: Sim): Reply;
}

const newId = (): string => randomBytes(16).toString('hex');
// Rules no JSON Schema keyword can express are stated once, as operation extensions in the documents
// (generated/operations.ts); keyed by path so that tsc fails if an operation or a rule disappears.
const ecsMetadataRules = ecsOperations['POST /v1/{project_id}/cloudservers/{server_id}/metadata'];
const bmsMetadataRules = bmsOperations['PUT /v2.1/{project_id}/servers/{server_id}/metadata/{key}'];
const ECS_METADATA_VM_STATES: ReadonlySet<string> = new Set(ecsMetadataRules.allowedVmStates);
const BMS_METADATA_VM_STATES: ReadonlySet<string> = new Set(bmsMetadataRules.allowedVmStates);
const BMS_META_BYTES = Math.min(...bmsMetadataRules.byteLimits.map((limit) => limit.maxBytes)); // key and value each, in UTF-8 bytes
// Tags per server in total (the schema's tags/maxItems limits one request, not what the server accumulates).
const BMS_TAG_LIMIT = bmsOperations['POST /v1/{project_id}/baremetalservers/{server_id}/tags/action'].maxTagsPerServer;
// The simulator's own choice, not a Huawei fact: the BMS document lists 413 overLimit for an exceeded metadata
// quota but no document gives its size, so the simulator borrows OpenStack Nova's default metadata_items quota.
const NOVA_METADATA_QUOTA = 128;

function busy(dialect: Dialect, job: Job): Reply {
  return serviceError(dialect, 409, `Server ${job.server_id} is busy: job ${job.job_id} (${job.job_type}) is still running; try again when it has finished.`);
}

export const handlers: Record<string, Handler> = {
  UpdateServerMetadata: {
    dialect: 'ecs',
    handle({ params, body }, { world, changed }) {
      const server = world.servers.get(params.server_id ?? '');
      if (!server || server.project_id !== params.project_id) return serviceError('ecs', 404, `Instance ${params.server_id} could not be found.`);
      const job = world.activeJobs.get(server.id);
      if (job) return busy('ecs', job);
      if (!ECS_METADATA_VM_STATES.has(server.vm_state)) {
        return serviceError(
          'ecs',
          409,
          `Server ${server.id} is in vm_state ${server.vm_state}; metadata can be updated only in vm_state ${[...ECS_METADATA_VM_STATES].join(', ')}.`,
        );
      }
      for (const [key, value] of Object.entries((body as { metadata: Record<string, string> }).metadata)) server.metadata.set(key, value);
      changed();
      return { status: 200, body: { metadata: Object.fromEntries(server.metadata) } };
    },
  },

  ChangeServerOsWithoutCloudInit: {
    dialect: 'ecs',
    handle({ params, body, now }, { world, images, durations, changed }) {
      const change = (body as { 'os-change': { imageid: string; mode?: string } })['os-change'];
      const server = world.servers.get(params.server_id ?? '');
      if (!server || server.project_id !== params.project_id) return serviceError('ecs', 404, `Instance ${params.server_id} could not be found.`);
      const running = world.activeJobs.get(server.id);
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
      const imageKnown = images.has(change.imageid);
      let t = now + durations.initMs;
      const steps: Job['steps'] = [];
      if (stopFirst) {
        steps.push({
          job_id: newId(),
          job_type: 'stopServer',
          effect: 'stop',
          begin: t,
          end: t + durations.stopMs,
          error_code: null,
          fail_reason: null,
          done: false,
        });
        t += durations.stopMs;
      }
      steps.push({
        job_id: newId(),
        job_type: 'changeOSSubJob',
        effect: 'changeOS',
        begin: t,
        end: t + durations.runMs,
        error_code: imageKnown ? null : 'Ecs.0005',
        fail_reason: imageKnown ? null : `Image ${change.imageid} could not be found.`,
        done: false,
      });
      const job: Job = {
        job_id: newId(),
        job_type: 'changeOS',
        project_id: server.project_id,
        server_id: server.id,
        image_id: change.imageid,
        created: now,
        steps,
        done: false,
      };
      world.addJob(job);
      changed();
      return { status: 200, body: { job_id: job.job_id } };
    },
  },

  ShowJob: {
    dialect: 'ecs',
    handle({ params, now }, { world }) {
      const job = world.jobs.get(params.job_id ?? '');
      if (!job || job.project_id !== params.project_id) return serviceError('ecs', 404, `Job ${params.job_id} could not be found.`);
      return { status: 200, body: presentJob(job, now) };
    },
  },

  UpdateBaremetalServerMetadataItem: {
    dialect: 'nova',
    handle({ params, body }, { world, changed }) {
      const [entry] = Object.entries((body as { meta: Record<string, string> }).meta);
      const [key, value] = entry ?? ['', ''];
      if (key !== params.key) return serviceError('nova', 400, 'Metadata item key and URI key do not match.');
      const bytes = Math.max(Buffer.byteLength(key), Buffer.byteLength(value));
      if (bytes > BMS_META_BYTES) {
        return serviceError('nova', 400, `Metadata item key or value takes ${bytes} bytes (UTF-8); at most ${BMS_META_BYTES} each are allowed.`);
      }
      const server = world.baremetal.get(params.server_id ?? '');
      if (!server || server.project_id !== params.project_id) return serviceError('nova', 404, `Instance ${params.server_id} could not be found.`);
      if (!BMS_METADATA_VM_STATES.has(server.vm_state)) {
        return serviceError('nova', 409, `Cannot 'update metadata' instance ${server.id} while it is in vm_state ${server.vm_state}.`);
      }
      if (!server.metadata.has(key) && server.metadata.size >= NOVA_METADATA_QUOTA) {
        return serviceError('nova', 413, `Quota exceeded for metadata items: at most ${NOVA_METADATA_QUOTA} per server.`);
      }
      server.metadata.set(key, value);
      changed();
      return { status: 200, body: { meta: Object.fromEntries([[key, value]]) } };
    },
  },

  BatchCreateBaremetalServerTags: {
    dialect: 'bms',
    handle({ params, body }, { world, changed }) {
      const tags = (body as { tags: Array<{ key: string; value?: string }> }).tags;
      const firstIndex = new Map<string, number>();
      for (const [i, tag] of tags.entries()) {
        const seen = firstIndex.get(tag.key);
        if (seen !== undefined)
          return serviceError('bms', 400, `Invalid tag: tags[${i}].key repeats tags[${seen}].key ${JSON.stringify(tag.key)}; keys must be unique.`);
        firstIndex.set(tag.key, i);
      }
      const server = world.baremetal.get(params.server_id ?? '');
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
      if (differs) changed();
      return { status: 204 };
    },
  },

  UpdatePrivateProviderMetadata: {
    dialect: 'rfs',
    handle({ params, body, now }, { world, changed }) {
      // The document makes provider_description required (the one updatable field; provider_id only selects),
      // and the body has been validated against it.
      const update = body as { provider_description: string; provider_id?: string };
      const provider = world.providers.get(params.provider_name ?? '');
      if (!provider) return serviceError('rfs', 404, `The private provider ${params.provider_name} does not exist.`);
      if (update.provider_id !== undefined && update.provider_id !== provider.id) {
        return serviceError('rfs', 400, `provider_id ${update.provider_id} does not match the current private provider ${provider.name}.`);
      }
      provider.description = update.provider_description;
      provider.update_time = new Date(now).toISOString();
      changed();
      return { status: 204 };
    },
  },
};
