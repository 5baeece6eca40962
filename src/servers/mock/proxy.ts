/**
 * The proxy's half of the pipeline (`npm run mock:proxy`), with `prism proxy --errors` semantics: the request goes
 * to the upstream (forward.ts), Prism's validator checks the answer against the operation, and
 *   - an answer that breaks the document, or whose status the document does not list, becomes a 500 listing the
 *     violations (application/problem+json, so it cannot be mistaken for the upstream's);
 *   - an upstream that cannot be reached, or answers too much, gives 502; one that does not answer in time 504;
 *   - a redirect is passed back, not followed.
 */
import type { IPrismDiagnostic } from '@stoplight/prism-core';
import type { Json } from '../../openapi/documents.ts';
import type { Reply } from '../../pipeline/exchange.ts';
import type { ServedOperation } from '../../pipeline/operations.ts';
import { problem, problemReply, SEVERITY } from '../../pipeline/replies.ts';
import { forward, shownUrl, UpstreamError, type UpstreamResponse } from './forward.ts';
import { isError, type PrismOperation, type PrismRequest, proxyResponse } from './prism.ts';

/** Violations listed in a 500 at most. */
const MAX_LISTED = 20;

interface Diagnostic {
  location: Array<string | number>;
  severity: string;
  code: string | number | undefined;
  message: string;
}

const located =
  (where: string) =>
  (d: IPrismDiagnostic): Diagnostic => ({
    location: [where, ...(d.path ?? [])],
    severity: SEVERITY[d.severity] ?? 'Error',
    code: d.code,
    message: d.message,
  });

export interface ProxyCall {
  op: ServedOperation;
  prismOp: PrismOperation;
  headers: Readonly<Record<string, string>>;
  method: string;
  /** The incoming path and query, raw. */
  pathAndQuery: string;
  prismRequest: PrismRequest;
  body: Uint8Array;
  upstream: URL;
  timeoutMs: number;
}

/** Forwards one request and judges the answer. */
export async function proxyAnswer(call: ProxyCall): Promise<Reply> {
  const { op, upstream } = call;
  const outcome: { received?: UpstreamResponse; failure?: UpstreamError } = {};
  const result = await proxyResponse(call.prismOp, call.prismRequest, upstream, async () => {
    try {
      const received = await forward(call.method, call.pathAndQuery, call.headers, call.body, { upstream, timeoutMs: call.timeoutMs });
      outcome.received = received;
      return { _tag: 'Right', right: { statusCode: received.status, headers: received.headers, body: received.body } };
    } catch (error) {
      const failure = error instanceof UpstreamError ? error : new UpstreamError(502, `${shownUrl(upstream)}: ${(error as Error).message}`);
      outcome.failure = failure;
      return { _tag: 'Left', left: failure };
    }
  });
  const { received, failure } = outcome;
  if (failure) {
    const [type, title] = failure.status === 504 ? ['UPSTREAM_TIMEOUT', 'Upstream did not answer'] : ['UPSTREAM', 'Upstream request failed'];
    return problemReply(problem(type, title, failure.status, failure.message));
  }
  if (result.kind === 'problem') return problemReply(result.problem);
  if (!received) return problemReply(problem('UNKNOWN', 'Proxy fault', 500, 'the upstream call did not run'));
  return judge(op, received, result.warnings.map(located('response')), result.warnings.some(isError));
}

function judge(op: ServedOperation, received: UpstreamResponse, diagnostics: Diagnostic[], hasErrors: boolean): Reply {
  const { status } = received;
  if (status >= 300 && status < 400) {
    // Passed back, not followed: the caller decides whether to go there with its credentials.
    const note = `upstream redirected to ${received.headers.location ?? '(no Location)'}; passed back, not followed`;
    return { status, body: received.raw, headers: received.headers, note };
  }
  const errors = hasErrors ? diagnostics.filter((d) => d.severity === 'Error') : [];
  const responses = op.operation.responses as Json | undefined;
  if (!op.statuses.includes(status) && responses?.default === undefined) {
    const message = `status ${status} is not documented for ${op.operationId} (documented: ${op.statuses.join(', ')})`;
    errors.unshift({ location: ['response', 'status'], severity: 'Error', code: 'status', message });
  }
  if (errors.length > 0) {
    // Prism's `--errors`: an upstream answer that breaks the document becomes a 500 listing what is wrong.
    const listed = errors.slice(0, MAX_LISTED);
    const detail = `The upstream response (${status}) does not match the document.`;
    const answer = problemReply(problem('VIOLATIONS', 'Request/Response not valid', 500, detail, { validation: listed }));
    const more = errors.length > listed.length ? `; and ${errors.length - listed.length} more` : '';
    return { ...answer, note: `upstream answered ${status}, which breaks the document: ${listed.map((e) => e.message).join('; ')}${more}` };
  }
  const headers = { ...received.headers };
  if (diagnostics.length > 0) headers['sl-violations'] = violationsHeader(diagnostics);
  return { status, body: received.raw, headers };
}

// Prism's own header: keeps tools that read it working; cut like Prism does to stay under header size limits.
function violationsHeader(violations: Diagnostic[]): string {
  const value = JSON.stringify(violations);
  return value.length > 8000 ? `Too many violations! ${value.slice(0, 8000)}` : value;
}
