// The measuring process of the client-CPU rows (started by client-cpu.ts, pinned away from the server): it loads
// the clients from the installed projects, warms each up, then runs them alternately, one batch per client per
// round, and prints the CPU microseconds of this process per request for each client and round as JSON.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { serverId } from '../../test/support/fidelity-cases.ts';

type Ours = typeof import('../../src/index.ts');
type OpenapiFetch = typeof import('openapi-fetch');
type SdkEcs = typeof import('@huaweicloud/huaweicloud-sdk-ecs');
type SdkCore = typeof import('@huaweicloud/huaweicloud-sdk-core');

export interface WorkerConfig {
  url: string;
  clientOnly: string;
  sdk: string;
  concurrency: number;
  count: number;
  rounds: number;
}

const VARIANTS = ['raw fetch', 'openapi-fetch, unsigned', 'our client, token', 'our client, AK/SK signed', 'official SDK, AK/SK signed'] as const;
export type Variant = (typeof VARIANTS)[number];

const PATH = '/v1/{project_id}/cloudservers/{server_id}/metadata';

/** Imports packages by name from an installed project, as its own code would. */
async function importFrom<T>(project: string, name: string, source: string): Promise<T> {
  const file = join(project, `${name}.mjs`);
  writeFileSync(file, source);
  return (await import(pathToFileURL(file).href)) as T;
}

async function clients(config: WorkerConfig): Promise<Record<Variant, () => Promise<unknown>>> {
  const { ours, openapiFetch } = await importFrom<{ ours: Ours; openapiFetch: OpenapiFetch }>(
    config.clientOnly,
    'bench-clients',
    "export * as ours from 'hwc-openapi';\nexport * as openapiFetch from 'openapi-fetch';\n",
  );
  const { ecs, core } = await importFrom<{ ecs: SdkEcs; core: SdkCore }>(
    config.sdk,
    'bench-sdk',
    "import ecs from '@huaweicloud/huaweicloud-sdk-ecs';\nimport core from '@huaweicloud/huaweicloud-sdk-core';\nexport { ecs, core };\n",
  );
  const { url } = config;
  const body = { metadata: { key: 'value' } };
  const bare = openapiFetch.default<import('../../generated/types/ecs.ts').paths>({ baseUrl: url, headers: { 'X-Auth-Token': 'token' } });
  const withToken = ours.createEcsClient({ endpoint: url, projectId: 'p', credentials: { token: 'token' }, retry: false });
  const signed = ours.createEcsClient({ endpoint: url, projectId: 'p', credentials: { accessKey: 'AK', secretKey: 'SK' }, retry: false });
  const sdk = ecs.EcsClient.newBuilder().withCredential(new core.BasicCredentials().withAk('AK').withSk('SK').withProjectId('p')).withEndpoint(url).build();
  const call = { params: { path: { project_id: 'p', server_id: serverId } }, body };
  return {
    'raw fetch': async () => {
      const res = await fetch(`${url}/v1/p/cloudservers/${serverId}/metadata`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'X-Auth-Token': 'token' },
        body: JSON.stringify(body),
      });
      return res.json();
    },
    'openapi-fetch, unsigned': () => bare.POST(PATH, call),
    'our client, token': () => withToken.POST(PATH, call),
    'our client, AK/SK signed': () => signed.POST(PATH, call),
    'official SDK, AK/SK signed': () =>
      sdk.updateServerMetadata(new ecs.UpdateServerMetadataRequest(serverId).withBody(new ecs.UpdateServerMetadataRequestBody().withMetadata(body.metadata))),
  };
}

/** CPU microseconds of this process per request, for `count` requests with `concurrency` in flight. */
async function cpuPerRequest(fn: () => Promise<unknown>, count: number, concurrency: number): Promise<number> {
  const start = process.cpuUsage();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next++ < count) await fn();
    }),
  );
  const used = process.cpuUsage(start);
  return (used.user + used.system) / count;
}

const config = JSON.parse(process.argv[2] ?? '{}') as WorkerConfig;
const variants = await clients(config);
for (const fn of Object.values(variants)) await cpuPerRequest(fn, 300, config.concurrency);
const samples = Object.fromEntries(VARIANTS.map((name) => [name, [] as number[]])) as Record<Variant, number[]>;
for (let round = 0; round < config.rounds; round++) {
  for (const name of VARIANTS) samples[name].push(await cpuPerRequest(variants[name], config.count, config.concurrency));
}
console.log(`samples=${JSON.stringify(samples)}`);
