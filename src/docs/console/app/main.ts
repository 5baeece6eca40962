// The console page's script: reads the model embedded in console.html, sends the form's request with the
// package's client, and shows what was sent (secrets masked), what came back, the sample code for that request,
// and for a change OS its job followed to the end. It writes nothing to storage, the address (but the
// operation's id) or the console.
import { HuaweiCloudError, JobFailedError, JobTimeoutError } from '../../../index.ts';
import type { ConsoleModel } from '../model.ts';
import { byId, show } from './dom.ts';
import { RequestForm } from './form.ts';
import { masker, pretty, requestText } from './mask.ts';
import { samplesFor } from './samples.ts';
import { type Draft, type Exchange, followJob, send } from './send.ts';

const model = JSON.parse(byId('console-model', HTMLScriptElement).text) as ConsoleModel;
const form = new RequestForm(model);
const problem = byId('problem', HTMLParagraphElement);
const sendButton = byId('send', HTMLButtonElement);
const text = (id: string, value: string) => {
  byId(id, HTMLElement).textContent = value;
};

/** The last request sent: the job panel follows its job with the same target and credentials. */
let last: { draft: Draft; jobId: string } | undefined;
let following: AbortController | undefined;

function report(message: string | undefined): void {
  problem.textContent = message ?? '';
  show(problem, message !== undefined);
}

function showExchange(draft: Draft, exchange: Exchange): void {
  const mask = masker(draft.credentials, exchange.sent?.body);
  show(byId('result', HTMLElement), true);
  text('sent', exchange.sent ? requestText(exchange.sent, mask) : `Nothing was sent: ${mask(exchange.failure?.message ?? 'unknown reason')}`);
  const received = exchange.received;
  text('status', received ? `${received.status} ${received.statusText}`.trim() : exchange.sent ? 'no answer' : '');
  text('response-headers', received ? received.headers.map(([name, value]) => `${name}: ${mask(value)}`).join('\n') : '');
  const failure = exchange.failure && exchange.sent ? mask(exchange.failure.message) : '';
  text('response-body', received ? mask(pretty(received.body)) || '(no body)' : failure);
  const samples = exchange.sent ? samplesFor({ ...draft, sent: exchange.sent }) : undefined;
  show(byId('samples', HTMLDivElement), samples !== undefined);
  text('sample-curl', samples ? mask(samples.curl) : '');
  text('sample-ts', samples ? mask(samples.typescript) : '');
  const jobId = (exchange.data as { job_id?: unknown } | undefined)?.job_id;
  last = draft.operation.outcome === 'job' && typeof jobId === 'string' ? { draft, jobId } : undefined;
  show(byId('job', HTMLDivElement), last !== undefined);
  text('job-status', last ? `job ${last.jobId}` : '');
  byId('job-progress', HTMLProgressElement).value = 0;
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  const draft = form.draft();
  if (typeof draft === 'string') return report(draft);
  report(undefined);
  following?.abort();
  sendButton.disabled = true;
  // The previous answer goes at once, so it cannot be taken for this one's.
  for (const id of ['sent', 'response-headers', 'response-body', 'sample-curl', 'sample-ts', 'job-body']) text(id, '');
  text('status', 'sending…');
  show(byId('job', HTMLDivElement), false);
  try {
    showExchange(draft, await send(draft));
  } finally {
    sendButton.disabled = false;
  }
}

function describeFailure(error: unknown, mask: (text: string) => string): string {
  if (error instanceof JobFailedError) return `FAIL: ${error.errorCode ?? ''} ${error.failReason ?? ''}`.trim();
  if (error instanceof JobTimeoutError) return `still ${error.job?.status ?? 'unknown'} after ${error.timeoutMs} ms`;
  if (error instanceof HuaweiCloudError) return `ShowJob answered ${error.status} ${error.code ?? ''}: ${mask(error.message)}`;
  return `stopped: ${mask(error instanceof Error ? error.message : String(error))}`;
}

async function follow(): Promise<void> {
  if (!last) return;
  const { draft, jobId } = last;
  const mask = masker(draft.credentials, undefined);
  const progress = byId('job-progress', HTMLProgressElement);
  const interval = Number(byId('job-interval', HTMLInputElement).value);
  const controller = new AbortController();
  following = controller;
  show(byId('follow', HTMLButtonElement), false);
  show(byId('stop', HTMLButtonElement), true);
  try {
    const job = await followJob(draft, jobId, {
      intervalMs: Number.isFinite(interval) && interval >= 100 ? interval : 2000,
      signal: controller.signal,
      onProgress: ({ status, subJobsDone, subJobsTotal }) => {
        progress.max = Math.max(subJobsTotal, 1);
        progress.value = subJobsDone;
        text('job-status', `${status} (${subJobsDone}/${subJobsTotal} sub-jobs)`);
      },
    });
    progress.value = progress.max;
    text('job-status', `${job.status}: job ${jobId} ended at ${job.end_time ?? 'an unknown time'}`);
    text('job-body', mask(JSON.stringify(job, null, 2)));
  } catch (error) {
    text('job-status', describeFailure(error, mask));
  } finally {
    following = undefined;
    show(byId('follow', HTMLButtonElement), true);
    show(byId('stop', HTMLButtonElement), false);
  }
}

byId('request', HTMLFormElement).addEventListener('submit', (event) => void onSubmit(event));
byId('follow', HTMLButtonElement).addEventListener('click', () => void follow());
byId('stop', HTMLButtonElement).addEventListener('click', () => following?.abort(new Error('you stopped following the job')));
