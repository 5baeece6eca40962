/**
 * Errors of the typed clients. None of them holds a request, its headers or its body: the only way a secret
 * could reach one is a server echoing it back, and what a response says is redacted before it gets here.
 */
import type { components } from '../../generated/types/ecs.ts';
import { formatViolations, type Violation } from '../openapi/violations.ts';

type Job = components['schemas']['Job'];

// Fields are `declare`d and assigned in the constructors: with ES2022 class fields, parameter properties
// would be emitted twice (a field and an assignment), and every byte counts in a browser bundle.

/** A non-2xx response, parsed from any of the three error formats (ECS/BMS, Nova fault, RFS/API gateway). */
export class HuaweiCloudError<Status extends number = number, Body = unknown> extends Error {
  override readonly name = 'HuaweiCloudError';
  /** HTTP status. */
  declare readonly status: Status;
  /** Service error code (`Ecs.0114`, `BMS.0001`, `APIGW.0301`, `LPA.00000400`) or Nova fault name (`itemNotFound`); undefined when the body has none. */
  declare readonly code: string | undefined;
  /** `X-Request-Id` of the response (or the gateway body's `request_id`): quote it to support. */
  declare readonly requestId: string | undefined;
  /** operationId of the call, e.g. `ChangeServerOsWithoutCloudInit`. */
  declare readonly operation: string;
  /** The response body as received (parsed JSON, else text), with secrets of the request redacted. */
  declare readonly body: Body;
  constructor(status: Status, code: string | undefined, message: string, requestId: string | undefined, operation: string, body: Body) {
    super(message);
    this.status = status;
    this.code = code;
    this.requestId = requestId;
    this.operation = operation;
    this.body = body;
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
  constructor(violations: readonly Violation[]);
  constructor(field: string, rule: string, message: string);
  constructor(first: readonly Violation[] | string, rule = '', message = '') {
    const violations = typeof first === 'string' ? [{ field: first, rule, message }] : first;
    super(formatViolations(violations));
    this.field = violations[0]?.field ?? '';
    this.rule = violations[0]?.rule ?? '';
    this.violations = violations;
  }
}

/** A request (one attempt) or a job wait took longer than its time limit. */
export class TimeoutError extends Error {
  override readonly name: string = 'TimeoutError';
  declare readonly operation: string;
  declare readonly timeoutMs: number;
  constructor(operation: string, timeoutMs: number) {
    super(`${operation} timed out after ${timeoutMs} ms`);
    this.operation = operation;
    this.timeoutMs = timeoutMs;
  }
}

/** fetch itself failed (connection refused, reset, DNS...). The original error is `cause`. */
export class NetworkError extends Error {
  override readonly name = 'NetworkError';
  declare readonly operation: string;
  constructor(operation: string, cause: unknown) {
    super(`${operation} failed: network error`, { cause });
    this.operation = operation;
  }
}

/** A 2xx response whose body is not JSON (a captive portal, a proxy's page). Its text is not kept: it may echo the request. */
export class InvalidResponseError extends Error {
  override readonly name = 'InvalidResponseError';
  declare readonly operation: string;
  declare readonly status: number;
  constructor(operation: string, status: number) {
    super(`${operation}: the HTTP ${status} response is not valid JSON`);
    this.operation = operation;
    this.status = status;
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
    this.job = job;
    this.jobId = job.job_id;
    this.failReason = job.fail_reason ?? undefined;
    this.errorCode = job.error_code ?? undefined;
  }
}

/** waitForJob: the job did not finish within `timeoutMs`. `job` is the last status seen, if any. */
export class JobTimeoutError extends TimeoutError {
  override readonly name = 'JobTimeoutError';
  declare readonly jobId: string;
  declare readonly job: Job | undefined;
  constructor(jobId: string, timeoutMs: number, job: Job | undefined) {
    super(`waitForJob(${jobId})`, timeoutMs);
    this.jobId = jobId;
    this.job = job;
  }
}
