// ECS: server details, server metadata, the OS change and its job, ShowJob. A server refuses changes while a job
// of its own runs or when its vm_state does not allow them (400 Ecs.0100, where ECS publishes that case); an
// unknown server is 404 Ecs.0114, a metadata key it does not have the document's 404 for it; an unknown, foreign
// or expired job is 400 Common.0011.
import { ecsOperationRules } from '../../../../generated/operations.ts';
import type { ErrorExample } from '../../../openapi/error-formats.ts';
import type { Handler } from '../handlers.ts';
import { changeOsJob, type Job, presentJob } from '../jobs.ts';
import { answer, documented, type Reply } from '../replies.ts';
import { ECS_METADATA_LIMIT } from '../world.ts';
import { mergeReply, serverInProject, stateError, vmStateProblem } from './metadata.ts';
import { serverDetail } from './server-detail.ts';

// The rules no JSON Schema keyword can express are stated once, as operation extensions in the documents
// (generated/operations.ts); keyed by path so that tsc fails if an operation or a rule disappears.
const METADATA_VM_STATES: ReadonlySet<string> = new Set(ecsOperationRules['POST /v1/{project_id}/cloudservers/{server_id}/metadata'].allowedVmStates);
const DELETE_METADATA_VM_STATES: ReadonlySet<string> = new Set(
  ecsOperationRules['DELETE /v1/{project_id}/cloudservers/{server_id}/metadata/{key}'].allowedVmStates,
);

// The documents' error examples each answer uses, read when the simulator loads (a missing one stops it there).
const metadataErrors = {
  invalid: documented('UpdateServerMetadata', 400),
  state: documented('UpdateServerMetadata', 400, 'Ecs.0100'),
  notFound: documented('UpdateServerMetadata', 404),
};
const changeOsErrors = {
  state: documented('ChangeServerOsWithoutCloudInit', 400, 'Ecs.0100'),
  notFound: documented('ChangeServerOsWithoutCloudInit', 404),
  /** Not answered: the job fails with it (the API is asynchronous, and the image is looked up by the job). */
  noImage: documented('ChangeServerOsWithoutCloudInit', 400, 'Ecs.0031'),
};
const deleteMetadataErrors = {
  state: documented('DeleteServerMetadata', 400, 'Ecs.0100'),
  notFound: documented('DeleteServerMetadata', 404, 'Ecs.0114'),
  noKey: documented('DeleteServerMetadata', 404, 'Ecs.XXXX'),
};
const serverNotFound = documented('ShowServer', 404);
const noJob = documented('ShowJob', 400, 'Common.0011');

const busy = (example: ErrorExample, job: Job): Reply =>
  stateError(example, `Server ${job.server_id} is busy: job ${job.job_id} (${job.job_type}) is still running; try again when it has finished.`);

export const updateServerMetadata: Handler = {
  handle({ params, body }, sim) {
    const server = serverInProject(sim.world.servers, params);
    if (!server) return answer(metadataErrors.notFound);
    const job = sim.world.activeJobs.get(server.id);
    if (job) return busy(metadataErrors.state, job);
    const problem = vmStateProblem(server, METADATA_VM_STATES);
    if (problem) return stateError(metadataErrors.state, problem);
    const whose = 'per server (a limit of the simulator, not one Huawei Cloud publishes)';
    return mergeReply(sim, server.metadata, body, { items: ECS_METADATA_LIMIT, whose, refusal: metadataErrors.invalid });
  },
};

export const deleteServerMetadata: Handler = {
  handle({ params }, sim) {
    const server = serverInProject(sim.world.servers, params);
    if (!server) return answer(deleteMetadataErrors.notFound);
    const job = sim.world.activeJobs.get(server.id);
    if (job) return busy(deleteMetadataErrors.state, job);
    const problem = vmStateProblem(server, DELETE_METADATA_VM_STATES, 'deleted');
    if (problem) return stateError(deleteMetadataErrors.state, problem);
    const key = params.key ?? '';
    if (!server.metadata.delete(key)) {
      return answer(deleteMetadataErrors.noKey, `${deleteMetadataErrors.noKey.message} Server ${server.id} has no metadata key ${JSON.stringify(key)}.`);
    }
    sim.changed();
    return { status: 204 };
  },
};

export const showServer: Handler = {
  handle({ params }, sim) {
    // The pipeline settles the world first: the state and image are those the jobs have reached by now.
    const server = serverInProject(sim.world.servers, params);
    if (!server) return answer(serverNotFound);
    return { status: 200, body: { server: serverDetail(server, sim.world.activeJobs.get(server.id)) } };
  },
};

export const changeServerOs: Handler = {
  handle({ params, body, now }, sim) {
    const change = (body as { 'os-change': { imageid: string; mode?: string } })['os-change'];
    const server = serverInProject(sim.world.servers, params);
    if (!server) return answer(changeOsErrors.notFound);
    const running = sim.world.activeJobs.get(server.id);
    if (running) return busy(changeOsErrors.state, running);
    const qualifies = server.vm_state === 'stopped' || server.os_change_failed;
    const stopFirst = !qualifies && change.mode === 'withStopServer' && server.vm_state === 'active';
    if (!qualifies && !stopFirst) {
      return stateError(
        changeOsErrors.state,
        `Server ${server.id} is in vm_state ${server.vm_state}; the OS can be changed only on a stopped server (or after a failed OS change), or on an active one with mode withStopServer.`,
      );
    }
    const { code, message } = changeOsErrors.noImage;
    const failure = sim.images.has(change.imageid) ? undefined : { code, reason: message };
    const job = changeOsJob({ projectId: server.project_id, serverId: server.id, imageId: change.imageid, failure, stopFirst }, sim.durations, now);
    sim.world.addJob(job);
    sim.changed();
    return { status: 200, body: { job_id: job.job_id } };
  },
};

export const showJob: Handler = {
  handle({ params, now }, sim) {
    // Expired jobs are gone already: the pipeline settles the world before any handler runs.
    const job = sim.world.jobs.get(params.job_id ?? '');
    if (!job || job.project_id !== params.project_id) return answer(noJob);
    return { status: 200, body: presentJob(job, now) };
  },
};
