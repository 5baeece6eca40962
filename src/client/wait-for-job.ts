/** Polls ECS ShowJob until an asynchronous job (such as an OS change) succeeds or fails. */
import type { EcsClient, Job } from './ecs.ts';
import { JobFailedError, JobTimeoutError } from './errors.ts';
import { checkOption, NON_NEGATIVE, POSITIVE } from './options.ts';
import { MAX_TIMER_MS, sleep } from './transport.ts';

export interface JobProgress {
  job: Job;
  /**
   * The job's status exactly as ShowJob sent it: one of the documented values (`INIT`, `RUNNING`,
   * `PENDING_PAYMENT`, `SUCCESS`, `FAIL`) or any other string Huawei may add, which waitForJob treats as not finished.
   */
  status: Job['status'] | (string & {});
  /** Sub-jobs whose status is `SUCCESS`. */
  subJobsDone: number;
  subJobsTotal: number;
}

export interface WaitForJobOptions {
  /** Pause between polls (default 5 000: the API reference suggests polling every few seconds). */
  intervalMs?: number;
  /** Give up after this long with a JobTimeoutError (default 30 minutes; Infinity: never; at most about 24.8 days otherwise). */
  timeoutMs?: number;
  /** Stops waiting; the promise rejects with the signal's reason. */
  signal?: AbortSignal;
  /** Called with every polled job, the final one included. */
  onProgress?: (progress: JobProgress) => void;
}

/**
 * Polls ShowJob until the job finishes. Resolves with the job when its status is SUCCESS; rejects with
 * JobFailedError (failReason, errorCode) on FAIL, JobTimeoutError after timeoutMs, the HuaweiCloudError of a failed
 * poll (an unknown job, or one deleted after its retention time, is ECS's 400 `Common.0011`), or the signal's reason.
 *
 * Every other status means "not finished": `INIT`, `RUNNING`, `PENDING_PAYMENT` (a yearly/monthly order waiting
 * for payment, which may never come: set a timeoutMs that suits you) and any status ShowJob's document does not
 * list. waitForJob keeps polling through them and passes each one, unchanged, to onProgress.
 */
export async function waitForJob(ecs: EcsClient, jobId: string, options: WaitForJobOptions = {}): Promise<Job> {
  const { intervalMs = 5_000, timeoutMs = 30 * 60_000, signal, onProgress } = options;
  // NaN would poll without pause (sleep(NaN) is 1 ms) or time out at once.
  checkOption('options.intervalMs', intervalMs, NON_NEGATIVE);
  checkOption('options.timeoutMs', timeoutMs, POSITIVE);
  let job: Job | undefined;
  const deadline = new AbortController();
  // setTimeout fires at once for a delay above MAX_TIMER_MS: a longer limit is capped, and Infinity sets none.
  const timer = Number.isFinite(timeoutMs)
    ? setTimeout(() => deadline.abort(new JobTimeoutError(jobId, timeoutMs, job)), Math.min(timeoutMs, MAX_TIMER_MS))
    : undefined;
  const stop = signal ? AbortSignal.any([signal, deadline.signal]) : deadline.signal;
  try {
    for (;;) {
      const { data, error } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: jobId } }, signal: stop });
      if (error) throw error;
      job = data;
      const subJobs = job.entities?.sub_jobs ?? [];
      onProgress?.({
        job,
        status: job.status,
        subJobsDone: subJobs.filter((subJob) => subJob.status === 'SUCCESS').length,
        subJobsTotal: job.entities?.sub_jobs_total ?? subJobs.length,
      });
      if (job.status === 'SUCCESS') return job;
      if (job.status === 'FAIL') throw new JobFailedError(job);
      // Anything else is not finished yet, including PENDING_PAYMENT and statuses added after the document.
      await sleep(intervalMs, stop);
    }
  } finally {
    clearTimeout(timer);
  }
}
