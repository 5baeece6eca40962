/**
 * hwc-openapi: typed fetch clients for Huawei Cloud ECS, BMS and RFS, generated from the OpenAPI documents in
 * openapi/. Schema validation of requests (ajv) is a separate, opt-in module: src/client/schema-validation.ts.
 */
export { createEcsClient, type EcsClient, type Job } from './client/ecs.ts';
export { createBmsClient, type BmsClient } from './client/bms.ts';
export { createRfsClient, type RfsClient } from './client/rfs.ts';
export { unwrap } from './client/core.ts';
export { waitForJob, type JobProgress, type WaitForJobOptions } from './client/wait-for-job.ts';
export { HuaweiCloudError, JobFailedError, JobTimeoutError, NetworkError, TimeoutError, ValidationError } from './client/errors.ts';
export type {
  CallOptions,
  CallResult,
  ClientOptions,
  ClientPaths,
  Credentials,
  HttpErrorStatus,
  OperationError,
  RequestToValidate,
  RequestValidator,
  RetryOptions,
  ServiceClient,
} from './client/types.ts';
export { signHeaders, signRequest, verifySignature, type SigningCredentials, type SignOptions, type VerifyResult } from './signer.ts';
