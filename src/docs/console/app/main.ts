// The console page's script: reads the model embedded in console.html, sends the form's request with the
// package's client, and shows what was sent (secrets masked), what came back, the sample code for that request,
// and for a change OS its job followed to the end. It writes nothing to storage, the address (but the
// operation's id) or the console.
import { HuaweiCloudError, JobFailedError, JobTimeoutError } from '../../../index.ts';
import type { ConsoleModel } from '../model.ts';
import { CONSOLE_TARGETS } from '../targets.ts';
import { byId, show } from './dom.ts';
import { RequestForm } from './form.ts';
import { masker, pretty, requestText } from './mask.ts';
import { samplesFor } from './samples.ts';
import { type Draft, type Exchange, followJob, inPageSimulator, send } from './send.ts';

// Shown by the page for when this script cannot run.
show(byId('needs-server', HTMLParagraphElement), false);
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

/** The result panel: its placeholder, or the exchange (emptied, so that an old answer is never taken for a new one). */
function resetResult(placeholder: boolean): void {
  for (const id of ['sent', 'status', 'response-headers', 'response-body', 'sample-curl', 'sample-ts', 'job-status', 'job-body']) text(id, '');
  show(byId('job', HTMLDivElement), false);
  show(byId('placeholder', HTMLDivElement), placeholder);
  show(byId('exchange', HTMLDivElement), !placeholder);
}

/** On one column (phones), the result is below the form: it is brought into view when a request is sent. */
function revealResult(): void {
  const result = byId('result', HTMLElement);
  const { top } = result.getBoundingClientRect();
  if (top < 0 || top > window.innerHeight / 2) result.scrollIntoView({ block: 'start' });
}

function showExchange(draft: Draft, exchange: Exchange): void {
  const mask = masker(draft.credentials, exchange.sent?.body);
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
  // As the README and the TypeScript sample say: a change OS's job is followed at once.
  if (last) void follow();
}

async function onSubmit(event: SubmitEvent): Promise<void> {
  event.preventDefault();
  following?.abort(new Error('a new request was sent'));
  following = undefined;
  const draft = form.draft();
  // The previous answer goes at once, also when nothing is sent, so that it cannot be taken for this one's.
  if (typeof draft === 'string') {
    resetResult(true);
    return report(draft);
  }
  report(undefined);
  sendButton.disabled = true;
  resetResult(false);
  text('status', 'sending…');
  revealResult();
  try {
    showExchange(draft, await send(draft));
    revealResult();
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
  following?.abort(new Error('the job is followed anew'));
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
    // A newer request or follow replaced this one: what it shows now is not this job's.
    if (following === controller) text('job-status', describeFailure(error, mask));
  } finally {
    if (following === controller) {
      following = undefined;
      show(byId('follow', HTMLButtonElement), true);
      show(byId('stop', HTMLButtonElement), false);
    }
  }
}

/** Choosing "In this page" loads and starts the simulator, and fills the credentials it accepts where none are given. */
async function prepareInPage(): Promise<void> {
  if (!form.inPage) return;
  const status = byId('in-page-status', HTMLOutputElement);
  status.value = 'loading the simulator…';
  try {
    form.fillEmptyCredentials((await inPageSimulator()).credentials);
    status.value = 'ready';
  } catch (error) {
    status.value = `could not load the simulator: ${error instanceof Error ? error.message : String(error)}`;
  }
}

async function resetInPage(): Promise<void> {
  following?.abort(new Error('the simulator in this page was reset'));
  (await inPageSimulator()).reset();
  byId('in-page-status', HTMLOutputElement).value = 'reset: back to the fixture';
}

for (const input of document.querySelectorAll<HTMLInputElement>('input[name="target"]')) input.addEventListener('change', () => void prepareInPage());
const fromFile = location.protocol === 'file:';
show(byId('from-file', HTMLParagraphElement), fromFile);
const inPageId = CONSOLE_TARGETS.find((t) => t.defaultUrl === undefined)?.id;
const pageTarget = document.querySelector<HTMLInputElement>(`input[name="target"][value="${inPageId}"]`);
// Opened from a file, the simulator in the page is the target that answers.
if (fromFile && pageTarget && !pageTarget.checked) {
  pageTarget.checked = true;
  pageTarget.dispatchEvent(new Event('change'));
} else void prepareInPage(); // a reload keeps the choice
byId('reset-in-page', HTMLButtonElement).addEventListener('click', () => void resetInPage());
byId('request', HTMLFormElement).addEventListener('submit', (event) => void onSubmit(event));
byId('follow', HTMLButtonElement).addEventListener('click', () => void follow());
byId('stop', HTMLButtonElement).addEventListener('click', () => following?.abort(new Error('you stopped following the job')));
