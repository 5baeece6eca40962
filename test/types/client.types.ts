/**
 * Type tests for the clients, compiled by `npm run typecheck` (never run). Each `@ts-expect-error` covers one
 * expression, so it fails the build if that expression ever compiles.
 */
import {
  type BaremetalServerDetails,
  type BatchCreateBaremetalServerTagsRequest,
  type BatchDeleteBaremetalServerTagsRequest,
  createBmsClient,
  createEcsClient,
  createRfsClient,
  HuaweiCloudError,
  type Job,
  type KnownRegion,
  type PrivateProviderMetadata,
  type ServerDetail,
  unwrap,
  waitForJob,
} from '../../src/index.ts';

const ecs = createEcsClient({ region: 'cn-north-4', projectId: 'p', credentials: { accessKey: 'ak', secretKey: 'sk' } });
const bms = createBmsClient({ region: 'cn-north-4', projectId: 'p', credentials: { token: 't' } });
const rfs = createRfsClient({ region: 'cn-north-4', credentials: { accessKey: 'ak', secretKey: 'sk', securityToken: 'st' } });
const server_id = '95bf2490-5428-432c-ad9b-5e3406f869dd';

type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
const assertType = <T extends true>(): T | undefined => undefined;

export async function accepted(): Promise<void> {
  // project_id comes from the options; server_id is still required.
  const metadata = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id } },
    body: { metadata: { env: 'prod' } },
  });
  if (metadata.data) assertType<Equal<typeof metadata.data.metadata, { [key: string]: string }>>();

  // ...but may still be given per call.
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { project_id: 'other', job_id: 'j' } } });

  // The throwing variant gives the data directly.
  const { job_id } = unwrap(
    await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id } },
      body: { 'os-change': { imageid: server_id, keyname: 'kp' } },
      retry: { nonIdempotent: true },
      timeoutMs: 5_000,
    }),
  );
  assertType<Equal<typeof job_id, string>>();
  const job: Job = await waitForJob(ecs, job_id, { intervalMs: 1_000, onProgress: (p) => p.subJobsDone });
  assertType<Equal<typeof job.status, 'SUCCESS' | 'RUNNING' | 'FAIL' | 'INIT' | 'PENDING_PAYMENT' | undefined>>();

  // Read back: ShowServer's fields are typed, the always-present ones not optional; DeleteServerMetadata is a 204.
  const { server } = unwrap(await ecs.GET('/v1/{project_id}/cloudservers/{server_id}', { params: { path: { server_id } } }));
  const detail: ServerDetail = server;
  assertType<Equal<typeof detail.metadata, { [key: string]: string }>>();
  assertType<Equal<(typeof detail)['OS-EXT-STS:vm_state'], string>>();
  assertType<Equal<(typeof detail)['OS-EXT-STS:task_state'], string | null>>();
  assertType<Equal<typeof detail.image.id, string>>();
  assertType<Equal<typeof detail.fault, { code?: number; created?: string; message?: string; details?: string } | undefined>>();
  const deleted = unwrap(await ecs.DELETE('/v1/{project_id}/cloudservers/{server_id}/metadata/{key}', { params: { path: { server_id, key: 'env' } } }));
  assertType<Equal<typeof deleted, undefined>>();
  // BMS tags: one path, two SDK operations, each body exactly typed; the reads give typed data.
  const create: BatchCreateBaremetalServerTagsRequest = { action: 'create', tags: [{ key: 'env', value: 'prod' }] };
  const remove: BatchDeleteBaremetalServerTagsRequest = { action: 'delete', tags: [{ key: 'env' }] };
  await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', { params: { path: { server_id } }, body: create });
  await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', { params: { path: { server_id } }, body: remove });
  const read = unwrap(await bms.GET('/v1/{project_id}/baremetalservers/{server_id}/tags', { params: { path: { server_id } } }));
  assertType<Equal<(typeof read.tags)[number]['key'], string>>();
  const { server: bmsServer } = unwrap(await bms.GET('/v1/{project_id}/baremetalservers/{server_id}', { params: { path: { server_id } } }));
  const details: BaremetalServerDetails = bmsServer;
  // Metadata written through either BMS metadata API reads back as strings beside the service's keys.
  const text = (_: string | undefined) => undefined;
  text(details.metadata.env);
  text(details.metadata.chargingMode);
  assertType<Equal<typeof details.status, 'ACTIVE' | 'BUILD' | 'ERROR' | 'HARD_REBOOT' | 'REBOOT' | 'DELETED' | 'SHUTOFF'>>();
  const provider: PrivateProviderMetadata = unwrap(
    await rfs.GET('/v1/private-providers/{provider_name}/metadata', { params: { path: { provider_name: 'p' }, query: { provider_id: server_id } } }),
  );
  assertType<Equal<typeof provider.provider_name, string>>();

  // BMS: both paths; 204 gives undefined data.
  const put = await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
    params: { path: { server_id, key: 'k' } },
    body: { meta: { k: 'v' } },
  });
  if (put.data) assertType<Equal<typeof put.data.meta, { [key: string]: string }>>();
  // The successor of the v2.1 item API: several pairs merged at once, all pairs returned (optional, as in the
  // official SDK's response model).
  const merged = unwrap(
    await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/metadata', {
      params: { path: { server_id } },
      body: { metadata: { env: 'prod', owner: 'team-a' } },
    }),
  );
  assertType<Equal<typeof merged.metadata, { [key: string]: string } | undefined>>();
  const tags = unwrap(
    await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
      params: { path: { server_id } },
      body: { action: 'create', tags: [{ key: 'a', value: 'b' }] },
    }),
  );
  assertType<Equal<typeof tags, undefined>>();

  // openapi-fetch's per-call serializers and middleware.
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', {
    params: { path: { job_id: 'j' } },
    querySerializer: { array: { style: 'form', explode: false } },
    pathSerializer: (path, values) => path.replace('{job_id}', String(values.job_id)),
    middleware: [{ onRequest: ({ request }) => request }],
  });

  // Unauthenticated requests (a mock, a proxy that signs) are an explicit choice.
  await createEcsClient({ endpoint: 'http://127.0.0.1:4010', projectId: 'p', credentials: 'none' }).GET('/v1/{project_id}/jobs/{job_id}', {
    params: { path: { job_id: 'j' } },
  });

  // RFS: Client-Request-Id is optional (generated), the header group too.
  await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
    params: { path: { provider_name: 'my-provider' } },
    body: { provider_description: 'd' },
  });
  await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
    params: { path: { provider_name: 'my-provider' }, header: { 'Client-Request-Id': crypto.randomUUID() } },
    body: { provider_description: '', provider_id: server_id },
  });
}

export function regions(): void {
  createEcsClient({ region: 'eu-west-101', credentials: 'none', maxResponseBytes: 1024 * 1024 });
  // A region newer than the list is given as such.
  createRfsClient({ region: { id: 'xx-new-1' }, credentials: 'none' });
  assertType<Equal<Extract<KnownRegion, 'cn-north-4' | 'ap-southeast-1'>, 'cn-north-4' | 'ap-southeast-1'>>();
  // @ts-expect-error a misspelt region (it failed only on the first call, with getaddrinfo ENOTFOUND)
  createEcsClient({ region: 'cn-nrth-4', credentials: 'none' });
  const fromConfig: string = 'cn-north-4';
  // @ts-expect-error a string from elsewhere is not known to be a region: check it, or give it as { id }
  createBmsClient({ region: fromConfig, credentials: 'none' });
  // @ts-expect-error a region ID is a string
  createEcsClient({ region: { id: 4 }, credentials: 'none' });
}

export async function errorsNarrowByStatus(): Promise<void> {
  const { error } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });
  if (!error) return;
  assertType<Equal<typeof error.code, string | undefined>>();
  // An unknown or deleted job is a 400 (Common.0011): ECS documents no 404 for jobs.
  if (error.status === 400) assertType<Equal<typeof error.body.error.code, string>>();
  // 401 may come from ECS or from the API gateway.
  if (error.status === 401 && 'error_code' in error.body) assertType<Equal<typeof error.body.error_code, string>>();
  // A status the document does not list has an unknown body.
  if (error.status === 404) assertType<Equal<typeof error.body, unknown>>();
  if (error instanceof HuaweiCloudError) assertType<Equal<typeof error.requestId, string | undefined>>();

  const fault = (
    await bms.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', {
      params: { path: { server_id, key: 'k' } },
      body: { meta: { k: 'v' } },
    })
  ).error;
  const successor = (
    await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/metadata', {
      params: { path: { server_id } },
      body: { metadata: {} },
    })
  ).error;
  // An unknown server is a 400 (BMS.0040) in the BMS format: the operation documents no 404.
  if (successor?.status === 400) assertType<Equal<typeof successor.body.error.code, string>>();
  if (successor?.status === 404) assertType<Equal<typeof successor.body, unknown>>();
  if (fault?.status === 400) assertType<Equal<typeof fault.body.badRequest, { code: number; message: string; details?: string } | undefined>>();

  const rfsError = (
    await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
      params: { path: { provider_name: 'p' } },
      body: { provider_description: '' },
    })
  ).error;
  if (rfsError?.status === 429) assertType<Equal<typeof rfsError.body.error_code, string>>();
}

export async function rejected(): Promise<void> {
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id } },
    // @ts-expect-error metadata values are strings
    body: { metadata: { count: 1 } },
  });
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
    params: { path: { server_id } },
    // @ts-expect-error os-change needs imageid
    body: { 'os-change': { keyname: 'kp' } },
  });
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    // @ts-expect-error server_id is a required path parameter
    params: { path: {} },
    body: { metadata: {} },
  });
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', {
    // @ts-expect-error misspelt option
    parms: { path: { job_id: 'j' } },
  });
  // @ts-expect-error DeleteServerMetadata needs the key
  await ecs.DELETE('/v1/{project_id}/cloudservers/{server_id}/metadata/{key}', { params: { path: { server_id } } });
  // @ts-expect-error ShowJob needs params (job_id)
  await ecs.GET('/v1/{project_id}/jobs/{job_id}');
  // @ts-expect-error no such path
  await ecs.GET('/v1/{project_id}/cloudservers', {});
  // @ts-expect-error the path exists, but not with GET
  await ecs.GET('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path: { server_id } } });
  // @ts-expect-error a BMS path on the ECS client
  await ecs.PUT('/v2.1/{project_id}/servers/{server_id}/metadata/{key}', { params: { path: { server_id, key: 'k' } }, body: { meta: {} } });
  await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/tags/action', {
    params: { path: { server_id } },
    // @ts-expect-error action is "create" (BatchCreateBaremetalServerTags) or "delete" (BatchDeleteBaremetalServerTags)
    body: { action: 'update', tags: [] },
  });
  const createBody = (_: BatchCreateBaremetalServerTagsRequest) => undefined;
  const deleteBody = (_: BatchDeleteBaremetalServerTagsRequest) => undefined;
  // @ts-expect-error a delete body is not a create body
  createBody({ action: 'delete', tags: [] });
  // @ts-expect-error a create body is not a delete body
  deleteBody({ action: 'create', tags: [] });
  // @ts-expect-error the details API is a read: no body
  await bms.POST('/v1/{project_id}/baremetalservers/{server_id}', { params: { path: { server_id } } });
  // @ts-expect-error ShowPrivateProviderMetadata takes provider_id in the query, not in a body
  await rfs.GET('/v1/private-providers/{provider_name}/metadata', { params: { path: { provider_name: 'p' } }, body: { provider_id: 'x' } });
  await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/metadata', {
    params: { path: { server_id } },
    // @ts-expect-error metadata values are strings
    body: { metadata: { count: 1 } },
  });
  await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/metadata', {
    params: { path: { server_id } },
    // @ts-expect-error the v2.1 item API's body (`meta`) is not this one's
    body: { meta: { k: 'v' } },
  });
  await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
    params: { path: { provider_name: 'p' } },
    // @ts-expect-error unknown field
    body: { provider_description: '', provider_name: 'x' },
  });
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', {
    params: { path: { job_id: 'j' } },
    // @ts-expect-error attempts is a number
    retry: { attempts: 'many' },
  });
  // @ts-expect-error credentials are a token or an AK/SK pair
  createEcsClient({ region: 'cn-north-4', credentials: { accessKey: 'ak' } });
  // @ts-expect-error credentials are required: 'none' says that requests go unauthenticated
  createEcsClient({ region: 'cn-north-4' });
  // @ts-expect-error 'none' is the one spelling of no credentials
  createEcsClient({ region: 'cn-north-4', credentials: null });
  // @ts-expect-error the endpoint is the client's, not a call's (a per-call baseUrl was never used)
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, baseUrl: 'http://elsewhere' });
  // @ts-expect-error redirects are never followed: they would take the credentials elsewhere
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, redirect: 'follow' });
  // @ts-expect-error bodies are JSON, read and parsed by the client
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, parseAs: 'blob' });
  // @ts-expect-error bodies are JSON, signed as serialized
  await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } }, bodySerializer: String });
  const { error } = await ecs.GET('/v1/{project_id}/jobs/{job_id}', { params: { path: { job_id: 'j' } } });
  // @ts-expect-error the body of an unlisted status is unknown
  if (error?.status === 404) void error.body.error;
}
