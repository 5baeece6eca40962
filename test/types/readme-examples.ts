/**
 * The README's client examples, compiled by `npm run typecheck` so they cannot drift from the API (never run).
 * Imports say 'hwc-openapi' in the README; here they point at the source.
 */
import { createBmsClient, createEcsClient, createRfsClient, HuaweiCloudError, JobFailedError, JobTimeoutError, unwrap, waitForJob } from '../../src/index.ts';

const env = { HWC_AK: '', HWC_SK: '', HWC_PROJECT_ID: '', HWC_TOKEN: '' };
const serverId = '95bf2490-5428-432c-ad9b-5e3406f869dd';

export async function ecsQuickStart(): Promise<void> {
  const ecs = createEcsClient({
    region: 'cn-north-4',
    projectId: env.HWC_PROJECT_ID, // fills {project_id} in every path
    credentials: { accessKey: env.HWC_AK, secretKey: env.HWC_SK },
  });
  const { data, error } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id: serverId } },
    body: { metadata: { env: 'production' } },
  });
  if (error) console.error(error.status, error.code, error.message, error.requestId);
  else console.log(data.metadata);
}

export async function bmsQuickStart(): Promise<void> {
  const bms = createBmsClient({ region: 'cn-north-4', projectId: env.HWC_PROJECT_ID, credentials: { token: env.HWC_TOKEN } });
  // 204 No Content: unwrap returns undefined, or throws the HuaweiCloudError.
  unwrap(
    await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id: serverId } },
      body: { action: 'create', tags: [{ key: 'team', value: 'storage' }] },
    }),
  );
  // The native v2.1 API is served by the ECS endpoint: the client routes it there.
  const { meta } = unwrap(
    await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
      params: { path: { server_id: serverId, key: 'role' } },
      body: { meta: { role: 'db' } },
    }),
  );
  console.log(meta);
}

export async function rfsQuickStart(): Promise<void> {
  const rfs = createRfsClient({ region: 'cn-north-4', credentials: { accessKey: env.HWC_AK, secretKey: env.HWC_SK } });
  // Client-Request-Id is generated (a UUID) unless you pass params.header['Client-Request-Id'].
  const { error, response } = await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
    params: { path: { provider_name: 'my-provider' } },
    body: { provider_description: 'my first private provider' },
  });
  if (error) throw error;
  console.log(response.status, response.headers.get('X-Request-Id')); // 204
}

export async function changeOs(): Promise<void> {
  const ecs = createEcsClient({
    region: 'cn-north-4',
    projectId: env.HWC_PROJECT_ID,
    credentials: { accessKey: env.HWC_AK, secretKey: env.HWC_SK },
    timeoutMs: 10_000,
  });
  try {
    // Not idempotent, so never retried (unless retry: { nonIdempotent: true }).
    const { job_id } = unwrap(
      await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
        params: { path: { server_id: serverId } },
        body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'KeyPair-350b', mode: 'withStopServer' } },
      }),
    );
    const job = await waitForJob(ecs, job_id, {
      intervalMs: 5_000,
      timeoutMs: 30 * 60_000,
      onProgress: ({ status, subJobsDone, subJobsTotal }) => console.log(`${job_id}: ${status} (${subJobsDone}/${subJobsTotal})`),
    });
    console.log(`OS changed on ${job.entities?.server_id} at ${job.end_time}`);
  } catch (e) {
    if (e instanceof JobFailedError) console.error(`OS change failed: ${e.errorCode}: ${e.failReason}`);
    else if (e instanceof JobTimeoutError) console.error(`still ${e.job?.status} after ${e.timeoutMs} ms; job ${e.jobId}`);
    else if (e instanceof HuaweiCloudError) console.error(`${e.operation}: ${e.status} ${e.code}: ${e.message} (request ${e.requestId})`);
    else throw e;
  }
}
