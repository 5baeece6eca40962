// Cold import time and bundle size: our clients against the official ECS SDK.
import { bundle, coldImportMs, fmt, kb, progress, ratio, root, writeProgram } from './lib.mjs';

const sdkProgram = `
import { EcsClient, UpdateServerMetadataRequest, UpdateServerMetadataRequestBody } from '@huaweicloud/huaweicloud-sdk-ecs';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
const client = EcsClient.newBuilder()
  .withCredential(new BasicCredentials().withAk('AK').withSk(process.env.SK ?? 'SK').withProjectId('p'))
  .withEndpoint(process.env.ENDPOINT ?? 'http://127.0.0.1:1')
  .build();
const request = new UpdateServerMetadataRequest('95bf2490-5428-432c-ad9b-5e3406f869dd')
  .withBody(new UpdateServerMetadataRequestBody().withMetadata({ key: 'value' }));
console.log(await client.updateServerMetadata(request));
`;

const oursProgram = `
import { createEcsClient } from ${JSON.stringify(`${root}/src/index.ts`)};
const ecs = createEcsClient({
  endpoint: process.env.ENDPOINT ?? 'http://127.0.0.1:1',
  projectId: 'p',
  credentials: { accessKey: 'AK', secretKey: process.env.SK ?? 'SK' },
});
console.log(await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
  params: { path: { server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' } },
  body: { metadata: { key: 'value' } },
}));
`;

export async function run() {
  const rows = [];
  progress('cold import: bundling our client entry points');
  const sdkMs = coldImportMs('@huaweicloud/huaweicloud-sdk-ecs');
  for (const name of ['createEcsClient', 'createBmsClient', 'createRfsClient']) {
    const entry = writeProgram(`${name}.mjs`, `export { ${name} } from ${JSON.stringify(`${root}/src/index.ts`)};\n`);
    const { file } = await bundle(entry, { minify: false, name });
    progress(`cold import: ${name} vs @huaweicloud/huaweicloud-sdk-ecs (median of 7 fresh processes each)`);
    const oursMs = coldImportMs(file);
    const r = ratio(oursMs, sdkMs);
    rows.push({
      metric: `cold import, ${name} (ms, fresh process, median of 7)`,
      ours: fmt(oursMs, 2),
      peer: `${fmt(sdkMs, 1)} (official ECS SDK)`,
      ratio: r,
      goal: '≤ 1/30',
      met: r <= 1 / 30,
    });
  }
  progress('bundle size: one signed UpdateServerMetadata call, esbuild --minify, gzip -9');
  const ours = await bundle(writeProgram('ours-call.mjs', oursProgram), { name: 'ours-call' });
  const sdk = await bundle(writeProgram('sdk-call.mjs', sdkProgram), { name: 'sdk-call' });
  const r = ratio(ours.gzipBytes, sdk.gzipBytes);
  rows.push({
    metric: 'bundle of a program making one signed call (min+gzip)',
    ours: `${kb(ours.gzipBytes)} (${kb(ours.bytes)} min)`,
    peer: `${kb(sdk.gzipBytes)} (${kb(sdk.bytes)} min)`,
    ratio: r,
    goal: '≤ 1/40',
    met: r <= 1 / 40,
  });
  return rows;
}
