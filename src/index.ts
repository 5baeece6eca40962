/**
 * hwc-openapi: typed fetch clients for Huawei Cloud ECS, BMS and RFS, generated from the OpenAPI documents in
 * openapi/. Schema validation of requests (ajv) is a separate, opt-in module: src/client/schema-validation.ts.
 */

export {
  type BaremetalServerDetails,
  type BaremetalServerTag,
  type BatchCreateBaremetalServerTagsRequest,
  type BatchDeleteBaremetalServerTagsRequest,
  type BmsClient,
  createBmsClient,
} from './client/bms.ts';
export { createEcsClient, type EcsClient, type Job, type ServerDetail } from './client/ecs.ts';
export {
  HuaweiCloudError,
  InvalidResponseError,
  JobFailedError,
  JobTimeoutError,
  NetworkError,
  RedirectError,
  ResponseTooLargeError,
  TimeoutError,
  ValidationError,
} from './client/errors.ts';
export { KNOWN_REGIONS, type KnownRegion } from './client/regions.ts';
export { unwrap } from './client/response.ts';
export { createRfsClient, type PrivateProviderMetadata, type RfsClient } from './client/rfs.ts';
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
export { type JobProgress, type WaitForJobOptions, waitForJob } from './client/wait-for-job.ts';
export type { Violation } from './openapi/violations.ts';
export { type SigningCredentials, type SignOptions, signHeaders, signRequest, type VerifyOptions, type VerifyResult, verifySignature } from './signer.ts';
