// Sends one request with the package's own client (the browser bundle of src/index.ts, loaded as a separate
// file), exactly as a program using `hwc-openapi` would: the client fills project_id, signs AK/SK requests in
// the page and reads the answer. The `fetch` it is given records what went out and what came back. For the
// "In this page" target that fetch is the simulator in the page (in-page.ts), loaded on first use.
import { type Credentials, createBmsClient, createEcsClient, createRfsClient, type EcsClient, type JobProgress, waitForJob } from '../../../index.ts';
import type { ConsoleOperation } from '../model.ts';
import { IN_PAGE_GLOBAL, IN_PAGE_REGION } from '../targets.ts';
import { make } from './dom.ts';
import type { ShownRequest } from './mask.ts';

export interface Draft {
  operation: ConsoleOperation;
  /** The target's base URL (the mock or the simulator); for the simulator in the page, the regional endpoint. */
  baseUrl: string;
  /** Answered by the simulator in the page: the client goes to its region, and nothing to the network. */
  inPage: boolean;
  /** Path parameter values; `project_id` goes to the client's `projectId`, as users write it. */
  path: Record<string, string>;
  /** The parsed body, when the operation has one. */
  body?: unknown;
  /** The mock's `Prefer` header, or undefined. */
  prefer: string | undefined;
  credentials: Credentials;
}

export interface Received {
  status: number;
  statusText: string;
  headers: Array<[string, string]>;
  body: string;
}

export interface Exchange {
  sent?: ShownRequest;
  received?: Received;
  /** The client's result: the parsed data of a 2xx. */
  data?: unknown;
  /** Why there is no answer: a ValidationError (nothing sent), a NetworkError, a TimeoutError, a redirect... */
  failure?: Error;
}

/**
 * What the console says of a redirect. It never follows one: the request carries credentials, which must not go
 * to another address (a browser does not show a page the Location of a redirect it did not follow).
 */
export const REDIRECT_REFUSED =
  'The target answered with a redirect (HTTP 3xx), which the console does not follow: following it would send your credentials and body to another address. Point the target at the server itself.';

class RedirectRefused extends Error {
  override readonly name = 'RedirectRefused';
  constructor() {
    super(REDIRECT_REFUSED);
  }
}

/** fetch without following redirects: a redirect comes back as an `opaqueredirect` response, which throws here. */
async function fetchNoRedirect(request: Request): Promise<Response> {
  const response = await fetch(request, { redirect: 'manual' });
  if (response.type === 'opaqueredirect') throw new RedirectRefused();
  return response;
}

type InPageSimulator = typeof import('./in-page.ts');
let inPageSimulatorLoaded: Promise<InPageSimulator> | undefined;

/** The in-page simulator's script, added to the page: it leaves its exports in a global (build.ts). */
function loadInPageSimulator(): Promise<InPageSimulator> {
  return new Promise((resolve, reject) => {
    const src = document.querySelector<HTMLScriptElement>('script[data-in-page]')?.dataset['inPage'];
    if (!src) return reject(new Error('console.html names no in-page simulator'));
    const script = make('script', { src });
    script.addEventListener('load', () => {
      const loaded = (globalThis as Record<string, unknown>)[IN_PAGE_GLOBAL] as InPageSimulator | undefined;
      if (loaded) resolve(loaded);
      else reject(new Error('the simulator did not start (the browser console says why)'));
    });
    script.addEventListener('error', () => reject(new Error(`${src} could not be loaded`)));
    document.head.append(script);
  });
}

/** The simulator in the page, loaded (its own file, see build.ts) and started on first use; one for the page's life. */
export function inPageSimulator(): Promise<InPageSimulator> {
  inPageSimulatorLoaded ??= loadInPageSimulator().catch((error: unknown) => {
    inPageSimulatorLoaded = undefined; // a failed load (the portal went away) may be tried again
    throw error;
  });
  return inPageSimulatorLoaded;
}

/** Where the console's requests go: the target's server, without following a redirect, or the simulator in the page. */
function transport(draft: Draft): (request: Request) => Promise<Response> {
  return draft.inPage ? async (request) => (await inPageSimulator()).answer(request) : fetchNoRedirect;
}

/** A service client seen without its path types: the console calls whichever operation was picked. */
type Call = (path: string, init: Record<string, unknown>) => Promise<{ data?: unknown; error?: unknown; response: Response }>;

const FACTORIES = { ecs: createEcsClient, bms: createBmsClient, rfs: createRfsClient } as const;

function clientOptions(draft: Draft, fetch: (request: Request) => Promise<Response>) {
  const projectId = draft.path['project_id'];
  return {
    ...(draft.inPage ? { region: IN_PAGE_REGION } : { endpoint: draft.baseUrl }),
    ...(projectId === undefined ? {} : { projectId }),
    credentials: draft.credentials,
    fetch,
    // One attempt: the console shows the answer the server gave, 429 and 503 included.
    retry: false as const,
  };
}

export async function send(draft: Draft): Promise<Exchange> {
  const exchange: Exchange = {};
  let redirected = false;
  const recording = async (request: Request): Promise<Response> => {
    const body = request.body ? await request.clone().text() : undefined;
    exchange.sent = { method: request.method, url: request.url, headers: [...request.headers], body };
    let response: Response;
    try {
      response = await transport(draft)(request);
    } catch (error) {
      if (error instanceof RedirectRefused) redirected = true;
      throw error;
    }
    const text = await response.clone().text();
    exchange.received = { status: response.status, statusText: response.statusText, headers: [...response.headers], body: text };
    return response;
  };
  const { operation } = draft;
  const client = FACTORIES[operation.service](clientOptions(draft, recording)) as unknown as Record<string, Call>;
  const { project_id: _filledByTheClient, ...path } = draft.path;
  const call = client[operation.method] as Call;
  try {
    const result = await call(operation.path, {
      params: { path },
      ...(operation.body ? { body: draft.body } : {}),
      ...(draft.prefer ? { headers: { Prefer: draft.prefer } } : {}),
    });
    if (result.error === undefined) exchange.data = result.data;
  } catch (error) {
    // The client reports a failed fetch as a NetworkError of its own: the redirect is named here.
    exchange.failure = redirected ? new RedirectRefused() : error instanceof Error ? error : new Error(String(error));
  }
  return exchange;
}

export interface FollowOptions {
  intervalMs: number;
  signal: AbortSignal;
  onProgress: (progress: JobProgress) => void;
}

/** Follows a job with `waitForJob`, against the same target with the same credentials as the request that started it. */
export function followJob(draft: Draft, jobId: string, options: FollowOptions): ReturnType<typeof waitForJob> {
  const ecs: EcsClient = createEcsClient(clientOptions(draft, transport(draft)));
  return waitForJob(ecs, jobId, { intervalMs: options.intervalMs, timeoutMs: 30 * 60_000, signal: options.signal, onProgress: options.onProgress });
}
