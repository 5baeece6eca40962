/**
 * Errors of the typed clients. None of them holds a request, its headers or its body: the only way a secret
 * could reach one is a server echoing it back, and what a response says is redacted before it gets here.
 */
import type { components } from '../../generated/types/ecs.ts';
import { formatViolations, type Violation } from '../openapi/violations.ts';

type Job = components['schemas']['Job'];

// Fields are `declare`d and assigned in the constructors, in one Object.assign: with ES2022 class fields,
// parameter properties would be emitted twice (a field and an assignment), and every byte counts in a browser bundle.

/** A non-2xx response, parsed from any of the three error formats (ECS/BMS, Nova fault, RFS/API gateway). */
export class HuaweiCloudError<Status extends number = number, Body = unknown> extends Error {
  override readonly name = 'HuaweiCloudError';
  /** HTTP status. */
  declare readonly status: Status;
  /** Service error code (`Ecs.0114`, `BMS.0001`, `APIGW.0301`, `RF.10011001`) or Nova fault name (`itemNotFound`); undefined when the body has none. */
  declare readonly code: string | undefined;
  /** `X-Request-Id` of the response (or the gateway body's `request_id`): quote it to support. */
  declare readonly requestId: string | undefined;
  /** operationId of the call, e.g. `ChangeServerOsWithoutCloudInit`. */
  declare readonly operation: string;
  /** The response body as received (parsed JSON, else text), with secrets of the request redacted. */
  declare readonly body: Body;
  constructor(status: Status, code: string | undefined, message: string, requestId: string | undefined, operation: string, body: Body) {
    super(message);
    Object.assign(this, { status, code, requestId, operation, body });
  }
}

/**
 * Input refused before anything was sent. The message lists every violation as `field: rule: explanation`
 * (`body.metadata["bad key!"]: pattern: must match ^[A-Za-z0-9_:.-]+$`); `field` and `rule` are the first one's.
 * A RequestValidator of your own may throw `new ValidationError([{ field, rule, message }])` or, for one
 * violation, `new ValidationError(field, rule, message)`.
 */
export class ValidationError extends Error {
  override readonly name = 'ValidationError';
  /** Where: a path such as `body.meta`, `path.project_id` or `options.timeoutMs`. */
  declare readonly field: string;
  /** The rule broken: a JSON Schema keyword (`pattern`, `required`, ...) or a named client rule. */
  declare readonly rule: string;
  /** Every violation found (the message shows at most 20). */
  declare readonly violations: readonly Violation[];
  /**
   * What the service answers such a request with, from the documents: 400 and the code of the documented example
   * for this mistake (`Ecs.0005`, `RF.10011166`, ...). Undefined for a refusal of the client's own options.
   */
  declare readonly status?: 400;
  declare readonly code?: string;
  constructor(violations: readonly Violation[]);
  constructor(field: string, rule: string, message: string);
  constructor(first: readonly Violation[] | string, rule = '', message = '') {
    const violations = typeof first === 'string' ? [{ field: first, rule, message }] : first;
    super(formatViolations(violations));
    Object.assign(this, { field: violations[0]?.field ?? '', rule: violations[0]?.rule ?? '', violations });
  }
}

/** A request (every attempt of it) or a job wait took longer than its time limit. */
export class TimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  declare readonly operation: string;
  declare readonly timeoutMs: number;
  /** The attempts made, each given timeoutMs (undefined for a job wait). */
  declare readonly attempts: number | undefined;
  constructor(operation: string, timeoutMs: number, attempts?: number) {
    super(`${operation} timed out after ${timeoutMs} ms${attempts ? ` (${attempts} attempt${attempts > 1 ? 's' : ''})` : ''}`);
    Object.assign(this, { operation, timeoutMs, attempts });
  }
}

/**
 * fetch itself failed (connection refused, reset, DNS...). The message names the system error and the host
 * (`ShowJob failed: connect ECONNREFUSED 127.0.0.1:4799`), however deep fetch buried it; the original is `cause`.
 */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  declare readonly operation: string;
  /** The system or library error code found in the cause chain (`ECONNREFUSED`, `ENOTFOUND`, `UND_ERR_SOCKET`). */
  declare readonly code: string | undefined;
  constructor(operation: string, cause: unknown, host: string) {
    const found = systemError(cause);
    super(`${operation} failed: ${found ? describe(found, host) : `network error (${host})`}`, { cause });
    Object.assign(this, { operation, code: found?.code });
  }
}

interface SystemError {
  code: string;
  syscall?: unknown;
  address?: unknown;
  port?: unknown;
  hostname?: unknown;
}

/** The first error with a string `code` along `cause` and AggregateError `errors`, breadth first. */
function systemError(error: unknown): SystemError | undefined {
  const queue = [error];
  for (let i = 0; i < queue.length && i < 32; i++) {
    const at = queue[i] as (Partial<SystemError> & { cause?: unknown; errors?: unknown }) | null | undefined;
    if (typeof at !== 'object' || at === null) continue;
    if (typeof at.code === 'string') return at as SystemError;
    queue.push(at.cause, ...(Array.isArray(at.errors) ? at.errors : []));
  }
  return undefined;
}

/** `connect ECONNREFUSED 127.0.0.1:4799`, from the error's fields (never its message, which a custom fetch writes). */
function describe({ code, syscall, address, port, hostname }: SystemError, host: string): string {
  const where = typeof address === 'string' ? (typeof port === 'number' ? `${address}:${port}` : address) : typeof hostname === 'string' ? hostname : host;
  return `${typeof syscall === 'string' ? `${syscall} ` : ''}${code} ${where}`;
}

/** A 2xx response whose body is not JSON (a captive portal, a proxy's page). Its text is not kept: it may echo the request. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
  declare readonly operation: string;
  declare readonly status: number;
  constructor(operation: string, status: number) {
    super(`${operation}: the HTTP ${status} response is not valid JSON`);
    Object.assign(this, { operation, status });
  }
}

/**
 * The server answered with a redirect, which the client does not follow: the request carries credentials (a token,
 * a signature, a security token) and maybe a body, which must not go to another address. Set `endpoint` to the
 * API's own address.
 */
export class RedirectError extends Error {
  override readonly name = 'RedirectError';
  declare readonly operation: string;
  /** 301, 302, 303, 307 or 308; 0 in a browser, which hides a redirect from scripts. */
  declare readonly status: number;
  /** The Location header as sent, with the request's secrets redacted; undefined when the browser hides it or there is none. */
  declare readonly location: string | undefined;
  constructor(operation: string, status: number, location: string | undefined) {
    super(
      `${operation}: HTTP ${status || '3xx'} redirect to ${location ?? (status ? 'no Location' : 'a location the browser hides')} not followed, so that credentials and body stay with the endpoint`,
    );
    Object.assign(this, { operation, status, location });
  }
}

/** The response body is longer than the client's `maxResponseBytes` (counted after decompression): reading stopped there. */
export class ResponseTooLargeError extends Error {
  override readonly name = 'ResponseTooLargeError';
  declare readonly operation: string;
  declare readonly status: number;
  declare readonly maxResponseBytes: number;
  constructor(operation: string, status: number, maxResponseBytes: number) {
    super(`${operation}: the HTTP ${status} response body exceeds maxResponseBytes (${maxResponseBytes} bytes)`);
    Object.assign(this, { operation, status, maxResponseBytes });
  }
}

/** waitForJob: the job ended with status FAIL. */
export class JobFailedError extends Error {
  override readonly name = 'JobFailedError';
  declare readonly job: Job;
  declare readonly jobId: string | undefined;
  /** The job's `fail_reason`. */
  declare readonly failReason: string | undefined;
  /** The job's `error_code`, e.g. `Ecs.0005`. */
  declare readonly errorCode: string | undefined;
  constructor(job: Job) {
    super(`job ${job.job_id} failed: ${job.error_code ?? 'no error code'}: ${job.fail_reason ?? 'no reason given'}`);
    Object.assign(this, { job, jobId: job.job_id, failReason: job.fail_reason ?? undefined, errorCode: job.error_code ?? undefined });
  }
}

/** waitForJob: the job did not finish within `timeoutMs`. `job` is the last status seen, if any. */
export class JobTimeoutError extends TimeoutError {
  override readonly name = 'JobTimeoutError';
  declare readonly jobId: string;
  declare readonly job: Job | undefined;
  constructor(jobId: string, timeoutMs: number, job: Job | undefined) {
    super(`waitForJob(${jobId})`, timeoutMs);
    Object.assign(this, { jobId, job });
  }
}
