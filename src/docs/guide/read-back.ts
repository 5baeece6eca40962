// Guide: write, then read it back (ECS). Every write of the ECS document has a read beside it: ShowServer shows
// the metadata UpdateServerMetadata and DeleteServerMetadata leave, and the state and image a change-OS job
// reaches. The program (READ_BACK_EXAMPLE) is exported so that the tests type-check it against the installed
// package and run it against the installed simulator, as they do the quick start and the operations' samples.
import { html } from '../html.ts';
import type { Section } from './section.ts';

export const READ_BACK_EXAMPLE = `import { createEcsClient, unwrap, waitForJob } from 'hwc-openapi';

// Keys come from the environment: never write them into code.
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`set the environment variable \${name}\`);
  return value;
}

const ecs = createEcsClient({
  region: 'cn-north-4',
  projectId: env('HWC_PROJECT_ID'),
  credentials: { accessKey: env('HWC_ACCESS_KEY'), secretKey: env('HWC_SECRET_KEY') },
  // endpoint: 'http://127.0.0.1:4020',  // the local simulator instead of Huawei Cloud
});
const path = { server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' };
const readBack = async () => unwrap(await ecs.GET('/v1/{project_id}/cloudservers/{server_id}', { params: { path } })).server;

// 1. Write a pair, then read it back.
unwrap(await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/metadata', { params: { path }, body: { metadata: { owner: 'team-a' } } }));
console.log('after the update:', (await readBack()).metadata['owner']);

// 2. Delete it (204, no body), then read again: the key is gone.
unwrap(await ecs.DELETE('/v1/{project_id}/cloudservers/{server_id}/metadata/{key}', { params: { path: { ...path, key: 'owner' } } }));
console.log('after the delete:', 'owner' in (await readBack()).metadata ? 'still there' : 'gone');

// 3. Change the OS, wait for the job, then read the new image and the state.
const { job_id } = unwrap(
  await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
    params: { path },
    body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'KeyPair-350b', mode: 'withStopServer' } },
  }),
);
await waitForJob(ecs, job_id);
const server = await readBack();
console.log(\`after the OS change: image \${server.image.id}, status \${server.status}, vm_state \${server['OS-EXT-STS:vm_state']}\`);`;

export const readBackSection: Section = {
  id: 'read-back',
  toc: 'Write, then read it back',
  heading: 'Write, then read it back (ECS)',
  render: ({ opLink, consolePage }) => html`
  <p>Every ECS write has a read beside it. ${opLink('ShowServer')} answers the server's details: its
    <code>metadata</code>, its <code>image</code>, and its state in three fields: <code>status</code>,
    <code>OS-EXT-STS:vm_state</code> (the stable state) and <code>OS-EXT-STS:task_state</code> (the operation in
    progress).</p>
  <ol class="steps">
    <li>${opLink('UpdateServerMetadata')} merges pairs into the metadata; ${opLink('ShowServer')} then shows them,
      with the keys the system adds (<code>charging_mode</code>, <code>vpc_id</code>, …).</li>
    <li>${opLink('DeleteServerMetadata')} deletes one key, named in the path (URL-encoded: keys may hold
      <code>:</code> and <code>.</code>). It answers 204 with no body; the next read no longer has the key, and
      deleting it again is a 404. Both metadata writes need <code>vm_state</code> <code>active</code>,
      <code>stopped</code>, <code>paused</code> or <code>suspended</code> (else 400 <code>Ecs.0100</code>).</li>
    <li>While ${opLink('ChangeServerOsWithoutCloudInit')}'s job runs, the read shows
      <code>task_state</code> <code>powering-off</code> (with <code>mode: withStopServer</code>), then
      <code>status</code> <code>REBUILD</code>; after <code>SUCCESS</code> it shows the new <code>image.id</code>, and the
      server as the job left it (<code>status</code> <code>SHUTOFF</code>: no page says it starts again).</li>
  </ol>
  <p>The same program runs against Huawei Cloud, the simulator (<code>npx hwc-openapi sim</code>, which keeps what
    you write) and the mock (which answers every read with the documented example).${
      consolePage ? html` In the <a href="${consolePage}">console</a>, send a write, then ${opLink('ShowServer')} to see it.` : ''
    }</p>
  <pre><code>${READ_BACK_EXAMPLE}</code></pre>
`,
};
