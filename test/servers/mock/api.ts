// How the contract tests call an operation: through the typed clients of src/index.ts (`call`), or with plain
// fetch (`callRaw`) where the test is about the mock itself and the client's own checks would get in the way.
import { inject } from 'vitest';
import { type ClientOptions, type Credentials, createBmsClient, createEcsClient, createRfsClient, HuaweiCloudError } from '../../../src/index.ts';
import type { OperationRequest } from '../../support/fidelity-cases.ts';
import { type ApiName, operation } from '../../support/openapi.ts';

export interface Outcome {
  status: number;
  /** The parsed success body (undefined for 204). */
  data: unknown;
  /** The typed error of a non-2xx response: status, code, message, requestId, body. */
  error: HuaweiCloudError | undefined;
}

export interface CallOptions {
  /** Prism's Prefer header: `code=404`, `example=name`, `dynamic=true`. */
  prefer?: string;
  /** Default a token; `null` sends no credentials at all. */
  credentials?: Credentials | null;
  /** Another server than the mock of global-setup (the proxy). */
  baseUrl?: string;
}

export const token = 'mock-token';

const factories: Record<ApiName, (options: ClientOptions) => unknown> = {
  ecs: createEcsClient,
  bms: createBmsClient,
  rfs: createRfsClient,
};

type LooseResult = { data?: unknown; error?: unknown; response: Response };
/**
 * The clients' methods are typed per path; a table-driven test calls them with a path held in a string, so it
 * sees them through this loose signature. Each request of the table is checked against the document by ajv
 * (test/openapi), which is what the types would otherwise guarantee.
 */
type LooseClient = Record<string, (path: string, init: Record<string, unknown>) => Promise<LooseResult>>;

export async function call(request: OperationRequest, options: CallOptions = {}): Promise<Outcome> {
  const { prefer, credentials = { token }, baseUrl = inject('mockUrl') } = options;
  const op = operation(request.operationId);
  const client = factories[op.api]({
    endpoint: baseUrl,
    credentials: credentials ?? 'none',
    // Every status must come back as it is: no retry of the 429/5xx the tests ask for.
    retry: false,
    timeoutMs: 10_000,
  }) as LooseClient;
  const send = client[op.method.toUpperCase()];
  if (!send) throw new Error(`the ${op.api} client has no ${op.method} method`);
  const result = await send(op.path, {
    params: { path: request.path, ...(request.headers && { header: request.headers }) },
    ...(request.body !== undefined && { body: request.body }),
    ...(prefer && { headers: { Prefer: prefer } }),
  });
  if (result.error === undefined) return { status: result.response.status, data: result.data, error: undefined };
  if (!(result.error instanceof HuaweiCloudError)) throw new Error(`expected a HuaweiCloudError, got ${String(result.error)}`);
  return { status: result.response.status, data: undefined, error: result.error };
}

/** The same request with plain fetch and a token: what the mock does, whatever the client would check first. */
export async function callRaw(request: OperationRequest, { baseUrl = inject('mockUrl') }: { baseUrl?: string } = {}) {
  const op = operation(request.operationId);
  const path = op.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(request.path[name] ?? ''));
  const response = await fetch(`${baseUrl}${path}`, {
    method: op.method.toUpperCase(),
    headers: { 'X-Auth-Token': token, 'Content-Type': 'application/json', ...request.headers },
    body: request.body === undefined ? undefined : JSON.stringify(request.body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}
