// Section `startup`: what loading the client costs, against the official ECS SDK, both installed as users get
// them: a cold start as a whole process (import, then a first signed call to a local server), cold import of
// bundled against bundled, and the bundle of a program that makes one signed call.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { BUNDLE_BUDGET_BYTES, SIGNED_CALL_PROGRAM } from '../../test/package/consumer-files.ts';
import { bundle, byModule } from './bundles.ts';
import { startFixedServer } from './client-cpu.ts';
import type { Context, Section } from './context.ts';
import type { Installed } from './install.ts';
import { watchLoad } from './machine.ts';
import { alternate, median, pairwise } from './method.ts';
import { runOk } from './processes.ts';
import { fixed, kb, progress, type Row } from './report.ts';

const SDK_SIGNED_CALL_PROGRAM = `import { EcsClient, UpdateServerMetadataRequest, UpdateServerMetadataRequestBody } from '@huaweicloud/huaweicloud-sdk-ecs';
import { BasicCredentials } from '@huaweicloud/huaweicloud-sdk-core';
const client = EcsClient.newBuilder()
  .withCredential(new BasicCredentials().withAk('AK').withSk('SK').withProjectId('p'))
  .withEndpoint('http://127.0.0.1:1')
  .build();
const request = new UpdateServerMetadataRequest('95bf2490-5428-432c-ad9b-5e3406f869dd')
  .withBody(new UpdateServerMetadataRequestBody().withMetadata({ key: 'value' }));
console.log(await client.updateServerMetadata(request));
`;

/** The cold start of each: import, build a client with AK/SK, make one signed UpdateServerMetadata call to `url`. */
const oursColdStart = (url: string) => `import('hwc-openapi').then(async ({ createEcsClient }) => {
  const ecs = createEcsClient({ endpoint: ${JSON.stringify(url)}, projectId: 'p', credentials: { accessKey: 'AK', secretKey: 'SK' } });
  const { response } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', {
    params: { path: { server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' } },
    body: { metadata: { key: 'value' } },
  });
  if (response.status !== 200) process.exit(1);
});`;
const sdkColdStart = (
  url: string,
) => `const { EcsClient, UpdateServerMetadataRequest, UpdateServerMetadataRequestBody } = require('@huaweicloud/huaweicloud-sdk-ecs');
const { BasicCredentials } = require('@huaweicloud/huaweicloud-sdk-core');
const client = EcsClient.newBuilder()
  .withCredential(new BasicCredentials().withAk('AK').withSk('SK').withProjectId('p'))
  .withEndpoint(${JSON.stringify(url)})
  .build();
const request = new UpdateServerMetadataRequest('95bf2490-5428-432c-ad9b-5e3406f869dd')
  .withBody(new UpdateServerMetadataRequestBody().withMetadata({ key: 'value' }));
client.updateServerMetadata(request).then((r) => { if (!r.metadata) process.exit(1); }, () => process.exit(1));`;

/** `node <args>` in `cwd`, run to its end: wall ms from spawn to exit, and what it printed. */
const nodeProcess = (cwd: string, args: readonly string[]) => runOk(process.execPath, args, { cwd });

async function wholeProcess(context: Context, installed: Installed): Promise<Row> {
  const server = await startFixedServer(context);
  try {
    const busy = watchLoad();
    const samples = await alternate(
      'cold start (import, then a first signed call) as a whole process',
      {
        ours: async () => (await nodeProcess(installed.clientOnly, ['-e', oursColdStart(server.url)])).ms,
        peer: async () => (await nodeProcess(installed.sdk, ['-e', sdkColdStart(server.url)])).ms,
        bare: async () => (await nodeProcess(installed.sdk, ['-e', ''])).ms,
      },
      context.rounds * 2,
    );
    context.note(
      `Cold start, whole process: each program in a project outside the repository where the package is installed (ours from its packed tarball, the SDK from the registry) imports the client, builds it with AK/SK and makes one signed UpdateServerMetadata call to a local fixed-answer server (scripts/bench/fixed-server.ts), then exits; a bare \`node -e ""\` took ${fixed(median(samples.bare), 0)} ms in the same rounds.`,
    );
    return {
      label: `Cold start, whole process, wall ms: \`node -e\` importing \`hwc-openapi\` and making a first signed call vs the same with \`@huaweicloud/huaweicloud-sdk-ecs\` (${installed.versions.sdkEcs}), both installed`,
      ours: `${fixed(median(samples.ours), 0)} ms`,
      peer: `${fixed(median(samples.peer), 0)} ms`,
      ratio: pairwise(samples.ours, samples.peer),
      busy: busy.stop(),
    };
  } finally {
    await server.stop();
  }
}

/** Milliseconds to import a file in a fresh process once Node's ES module loader is up (measured inside it). */
async function importInside(cwd: string, file: string, empty: string): Promise<number> {
  const code = `await import(${JSON.stringify(pathToFileURL(empty).href)}); const t = performance.now(); await import(${JSON.stringify(pathToFileURL(file).href)}); console.log('import-ms=' + (performance.now() - t));`;
  const { output } = await nodeProcess(cwd, ['--input-type=module', '-e', code]);
  const ms = /import-ms=([\d.]+)/.exec(output)?.[1];
  if (!ms) throw new Error(`no import time in: ${output.slice(-500)}`);
  return Number(ms);
}

async function bundledImport(context: Context, installed: Installed): Promise<Row> {
  const outDir = join(context.work, 'bundles');
  progress('cold import, bundled: esbuild --bundle of each package (not minified, as for a Node program)');
  const ours = await bundle({ project: installed.clientOnly, name: 'import-ours', source: "export * from 'hwc-openapi';\n", minify: false, outDir });
  const peer = await bundle({
    project: installed.sdk,
    name: 'import-sdk',
    source: "export * from '@huaweicloud/huaweicloud-sdk-ecs';\n",
    minify: false,
    outDir,
  });
  const empty = join(context.work, 'empty.mjs');
  writeFileSync(empty, 'export {};\n');
  const busy = watchLoad();
  const samples = await alternate(
    'cold import, bundled',
    { ours: () => importInside(installed.clientOnly, ours.file, empty), peer: () => importInside(installed.sdk, peer.file, empty) },
    context.rounds * 2,
  );
  const ratio = pairwise(samples.ours, samples.peer);
  context.note(
    "Cold import, bundled: `esbuild --bundle --format=esm --platform=node` of each installed package, not minified; timed by the process itself around `await import(bundle)`, after a first import of an empty module has started Node's ES module loader (which every first import pays, ~5 ms).",
  );
  return {
    label: `Cold import, bundled vs bundled, ms inside a fresh process: esbuild bundle of \`hwc-openapi\` (${kb(ours.bytes)}) vs of \`@huaweicloud/huaweicloud-sdk-ecs\` (${kb(peer.bytes)})`,
    ours: `${fixed(median(samples.ours), 2)} ms`,
    peer: `${fixed(median(samples.peer), 1)} ms`,
    ratio,
    goal: '≤ 1/30',
    met: ratio.median <= 1 / 30,
    busy: busy.stop(),
  };
}

async function signedCallBundle(context: Context, installed: Installed): Promise<Row> {
  progress('bundle size: a program making one signed UpdateServerMetadata call, esbuild --minify, gzip -9');
  const outDir = join(context.work, 'bundles');
  const ours = await bundle({ project: installed.clientOnly, name: 'call-ours', source: SIGNED_CALL_PROGRAM, minify: true, outDir });
  const peer = await bundle({ project: installed.sdk, name: 'call-sdk', source: SDK_SIGNED_CALL_PROGRAM, minify: true, outDir });
  // The same program against the source, to say where the bytes come from (the package is one built file).
  const fromSource = await bundle({
    project: installed.clientOnly,
    name: 'call-ours-source',
    source: SIGNED_CALL_PROGRAM,
    minify: true,
    outDir,
    alias: { 'hwc-openapi': join(context.root, 'src/index.ts') },
  });
  const parts = byModule(fromSource)
    .filter((part) => part.bytes > 0)
    .map((part) => `${part.module} ${fixed(part.bytes / 1024)}`)
    .join(', ');
  context.note(
    `Our one-signed-call bundle by module (KB minified, not gzipped; built from the source, ${kb(fromSource.gzipBytes)} gzip against ${kb(ours.gzipBytes)} from the package): ${parts}.`,
  );
  const ratio = ours.gzipBytes / peer.gzipBytes;
  return {
    label: `Bundle of a program making one signed UpdateServerMetadata call, gzip -9 of \`esbuild --bundle --minify --platform=node\`: \`hwc-openapi\` vs the official SDK ${installed.versions.sdkEcs}`,
    ours: `${kb(ours.gzipBytes)} (${ours.gzipBytes} B; ${kb(ours.bytes)} min); budget ${BUNDLE_BUDGET_BYTES} B: ${ours.gzipBytes <= BUNDLE_BUDGET_BYTES ? 'within' : 'over'}`,
    peer: `${kb(peer.gzipBytes)} (${kb(peer.bytes)} min)`,
    ratio: { median: ratio, min: ratio, max: ratio },
    goal: '≤ 1/40 (issue 15)',
    met: ratio <= 1 / 40,
  };
}

export const startupSection: Section = {
  name: 'startup',
  summary: 'cold import (whole process; bundled vs bundled) and the one-signed-call bundle, against the official ECS SDK',
  run: async (context) => {
    const installed = await context.install();
    return [await wholeProcess(context, installed), await bundledImport(context, installed), await signedCallBundle(context, installed)];
  },
};
