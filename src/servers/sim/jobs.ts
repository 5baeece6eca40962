// Change-OS jobs: their steps (an optional stop, then the OS change), how a job's status follows from the clock,
// how long a finished job is kept, the ShowJob body, and the conversion to and from the state file. A job's
// status is never stored: it is computed from the step times, so moving the clock (or the steps) is all it takes
// for a job to progress, and to expire.
import type { JobDoc } from './formats.ts';

export type JobStatus = 'INIT' | 'RUNNING' | 'SUCCESS' | 'FAIL';

/**
 * How long a SUCCESS or FAIL job stays after it ends: one day, as ShowJob's document says ECS keeps them. Then
 * ShowJob answers as for an unknown job. (PENDING_PAYMENT, kept 14 days, needs a yearly/monthly order: the
 * simulator has none.)
 */
export const JOB_RETENTION_MS = 24 * 60 * 60 * 1000;
/**
 * The simulator's own limit, so that memory and the state file stay bounded under a flood of jobs: beyond this
 * many jobs, the oldest finished ones are deleted early. Unfinished jobs are never deleted (a server runs one at
 * a time, so there are at most as many as servers).
 */
export const MAX_JOBS = 1000;
export interface JobStep {
  job_id: string;
  job_type: string;
  /** What the step does to the server when it ends. */
  effect: 'stop' | 'changeOS';
  begin: number;
  end: number;
  error_code: string | null;
  fail_reason: string | null;
  /** The effect has been applied to the server. */
  done: boolean;
}
export interface Job {
  job_id: string;
  job_type: string;
  project_id: string;
  server_id: string;
  image_id: string;
  created: number;
  steps: JobStep[];
  done: boolean;
}
export interface JobDurations {
  /** INIT → RUNNING */
  initMs: number;
  /** the stop sub-job of `mode: withStopServer` on a running server */
  stopMs: number;
  /** the change-OS sub-job */
  runMs: number;
}

const iso = (ms: number): string => new Date(ms).toISOString();
/** 32 hex digits, from Web Crypto (in Node and in browsers alike). */
const newId = (): string => Array.from(globalThis.crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');

function stepStatus(step: JobStep, now: number): JobStatus {
  if (now < step.begin) return 'INIT';
  if (now < step.end) return 'RUNNING';
  return step.fail_reason === null ? 'SUCCESS' : 'FAIL';
}

export function jobStatus(job: Job, now: number): JobStatus {
  const first = job.steps[0];
  const last = job.steps[job.steps.length - 1];
  if (!first || !last || now < first.begin) return 'INIT';
  if (now < last.end) return 'RUNNING';
  return job.steps.some((s) => s.fail_reason !== null) ? 'FAIL' : 'SUCCESS';
}

export interface ChangeOsPlan {
  projectId: string;
  serverId: string;
  imageId: string;
  /** Why the change-OS step fails (the image does not exist), or nothing: it succeeds. */
  failure?: { code: string; reason: string } | undefined;
  /** `mode: withStopServer` on an active server: a stop step comes first. */
  stopFirst: boolean;
}

/** A new change-OS job starting at `now`, with its steps laid out by the configured durations. */
export function changeOsJob(plan: ChangeOsPlan, durations: JobDurations, now: number): Job {
  let t = now + durations.initMs;
  const steps: JobStep[] = [];
  if (plan.stopFirst) {
    const end = t + durations.stopMs;
    steps.push({ job_id: newId(), job_type: 'stopServer', effect: 'stop', begin: t, end, error_code: null, fail_reason: null, done: false });
    t = end;
  }
  steps.push({
    job_id: newId(),
    job_type: 'changeOSSubJob',
    effect: 'changeOS',
    begin: t,
    end: t + durations.runMs,
    error_code: plan.failure?.code ?? null,
    fail_reason: plan.failure?.reason ?? null,
    done: false,
  });
  return {
    job_id: newId(),
    job_type: 'changeOS',
    project_id: plan.projectId,
    server_id: plan.serverId,
    image_id: plan.imageId,
    created: now,
    steps,
    done: false,
  };
}

/** When the job's last step ends (its end_time once it has finished). */
export function jobEnd(job: Job): number {
  return job.steps[job.steps.length - 1]?.end ?? job.created;
}

/** When a finished job's retention time is over and it is deleted. */
export const expiresAt = (job: Job): number => jobEnd(job) + JOB_RETENTION_MS;

/** The ShowJob body. Sub-jobs appear once the job runs (they are created when it starts). */
export function presentJob(job: Job, now: number): Record<string, unknown> {
  const status = jobStatus(job, now);
  const failed = job.steps.find((s) => s.fail_reason !== null && now >= s.end);
  const subJobs =
    status === 'INIT'
      ? []
      : job.steps.map((s) => {
          const subStatus = stepStatus(s, now);
          const subFailed = subStatus === 'FAIL';
          return {
            status: subStatus,
            entities: subFailed ? { server_id: job.server_id, errorcode_message: s.fail_reason ?? '' } : { server_id: job.server_id },
            job_id: s.job_id,
            job_type: s.job_type,
            begin_time: now >= s.begin ? iso(s.begin) : '',
            end_time: now >= s.end ? iso(s.end) : '',
            error_code: subFailed ? s.error_code : null,
            fail_reason: subFailed ? s.fail_reason : null,
          };
        });
  const last = job.steps[job.steps.length - 1];
  return {
    status,
    entities: { server_id: job.server_id, sub_jobs_total: subJobs.length, sub_jobs: subJobs },
    job_id: job.job_id,
    job_type: job.job_type,
    begin_time: iso(job.created),
    end_time: last && now >= last.end ? iso(last.end) : '',
    error_code: failed?.error_code ?? null,
    fail_reason: failed?.fail_reason ?? null,
  };
}

export function jobFromDoc(doc: JobDoc): Job {
  return {
    ...doc,
    created: Date.parse(doc.created),
    steps: doc.steps.map((s) => ({
      job_id: s.job_id,
      job_type: s.job_type,
      effect: s.effect,
      begin: Date.parse(s.begin),
      end: Date.parse(s.end),
      error_code: s.error_code ?? null,
      fail_reason: s.fail_reason ?? null,
      done: s.done,
    })),
  };
}

/**
 * The state-file form, with the status at `now` for the reader (it is ignored when the file is read back);
 * without `now`, none (the journal's form: what a job is, not what the clock makes of it).
 */
export function jobToDoc(job: Job, now?: number): JobDoc {
  const doc: JobDoc = {
    ...job,
    created: iso(job.created),
    steps: job.steps.map((s) => ({ ...s, ...(now === undefined ? {} : { status: stepStatus(s, now) }), begin: iso(s.begin), end: iso(s.end) })),
  };
  return now === undefined ? doc : { ...doc, status: jobStatus(job, now) };
}
