// Guide: write, then read it back, for BMS and RFS. Every write of these services has an official read beside it
// (and the BMS tags a delete), so a program, or a test against the simulator, can check what it changed. The
// programs are exported so that the tests type-check them against the installed package and run them against the
// installed simulator, as they do the operations' samples.
import { html } from '../html.ts';
import type { Section } from './section.ts';

const ENV_HELPER = `// Keys come from the environment: never write them into code.
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`set the environment variable \${name}\`);
  return value;
}`;

export const BMS_READ_BACK_EXAMPLE = `import { createBmsClient, unwrap } from 'hwc-openapi';

${ENV_HELPER}

const bms = createBmsClient({
  region: 'cn-north-4',
  projectId: env('HWC_PROJECT_ID'),
  credentials: { accessKey: env('HWC_ACCESS_KEY'), secretKey: env('HWC_SECRET_KEY') },
  // endpoint: 'http://127.0.0.1:4020',  // the local simulator instead of Huawei Cloud
});
const server = { params: { path: { server_id: env('HWC_BMS_SERVER_ID') } } };

// Metadata: write through the current API, then read the server's details, where every metadata pair shows
// (also those written through the deprecated v2.1 API).
unwrap(await bms.POST('/v1/{project_id}/baremetalservers/{server_id}/metadata', { ...server, body: { metadata: { env: 'staging' } } }));
const { server: details } = unwrap(await bms.GET('/v1/{project_id}/baremetalservers/{server_id}', server));
const stage = details.metadata['env'];
if (stage !== 'staging') throw new Error(\`metadata env is \${stage}\`);
console.log(\`\${details.name} is \${details.status}, metadata env=\${stage}\`);

// Tags: one path, two SDK operations. action 'create' is BatchCreateBaremetalServerTags, action 'delete' is
// BatchDeleteBaremetalServerTags; ShowBaremetalServerTags reads them.
const tagsPath = '/v1/{project_id}/baremetalservers/{server_id}/tags/action';
unwrap(await bms.POST(tagsPath, { ...server, body: { action: 'create', tags: [{ key: 'owner', value: 'team-a' }] } }));
const added = unwrap(await bms.GET('/v1/{project_id}/baremetalservers/{server_id}/tags', server));
if (!added.tags.some((tag) => tag.key === 'owner' && tag.value === 'team-a')) throw new Error('the tag was not added');

unwrap(await bms.POST(tagsPath, { ...server, body: { action: 'delete', tags: [{ key: 'owner' }] } }));
const left = unwrap(await bms.GET('/v1/{project_id}/baremetalservers/{server_id}/tags', server));
if (left.tags.some((tag) => tag.key === 'owner')) throw new Error('the tag is still there');
console.log(\`tags after the delete: \${left.tags.map((tag) => tag.key).join(', ') || 'none'}\`);`;

export const RFS_READ_BACK_EXAMPLE = `import { createRfsClient, unwrap } from 'hwc-openapi';

${ENV_HELPER}

const rfs = createRfsClient({
  region: 'cn-north-4',
  credentials: { accessKey: env('HWC_ACCESS_KEY'), secretKey: env('HWC_SECRET_KEY') },
  // endpoint: 'http://127.0.0.1:4020',  // the local simulator instead of Huawei Cloud
});
// The client sends a fresh Client-Request-Id with each request.
const provider = { params: { path: { provider_name: env('HWC_PROVIDER_NAME') } } };

const before = unwrap(await rfs.GET('/v1/private-providers/{provider_name}/metadata', provider));
// provider_id makes sure it is still the provider just read, not one re-created under the same name.
const sameProvider = before.provider_id ? { provider_id: before.provider_id } : {};
unwrap(
  await rfs.PATCH('/v1/private-providers/{provider_name}/metadata', {
    ...provider,
    body: { provider_description: 'reviewed', ...sameProvider },
  }),
);
const after = unwrap(await rfs.GET('/v1/private-providers/{provider_name}/metadata', provider));
if (after.provider_description !== 'reviewed') throw new Error('the description was not updated');
console.log(\`\${after.provider_name}: "\${after.provider_description}", updated \${after.update_time} (was \${before.update_time})\`);`;

export const readBackBmsRfsSection: Section = {
  id: 'read-back-bms-rfs',
  toc: 'Write, then read it back (BMS, RFS)',
  heading: 'Write, then read it back (BMS, RFS)',
  render: ({ opLink, consolePage }) => html`
  <p>Each write of BMS and RFS has an official read beside it, and the BMS tags a delete. Read back what you
    changed, in a program or in a test against the simulator, which remembers every write: its reads reflect the
    writes, a delete is gone on the next read, and an unknown server or provider gets the documented 404.${
      consolePage ? html` The <a href="${consolePage}">console</a> sends each read, too.` : ''
    }</p>
  <div class="two">
    <article class="card">
      <h3>BMS</h3>
      <ol class="steps">
        <li>Write metadata with ${opLink('UpdateBaremetalServerMetadata')} (or the deprecated
          ${opLink('UpdateBaremetalServerMetadataItem')}); read it in the <code>metadata</code> of
          ${opLink('ListBareMetalServerDetails')}, beside the keys the service sets.</li>
        <li>Add tags with ${opLink('BatchCreateBaremetalServerTags')} (<code>action: 'create'</code>), delete them
          with ${opLink('BatchDeleteBaremetalServerTags')} (<code>action: 'delete'</code>, the same path), and read
          them with ${opLink('ShowBaremetalServerTags')}. Deleting a tag the server does not have succeeds.</li>
      </ol>
      <pre><code>${BMS_READ_BACK_EXAMPLE}</code></pre>
    </article>
    <article class="card">
      <h3>RFS</h3>
      <ol class="steps">
        <li>Read the provider with ${opLink('ShowPrivateProviderMetadata')}: its ID, description, source and times.</li>
        <li>Update it with ${opLink('UpdatePrivateProviderMetadata')}, passing the ID you read as
          <code>provider_id</code>, then read again: the description is new and <code>update_time</code> moved on.</li>
      </ol>
      <pre><code>${RFS_READ_BACK_EXAMPLE}</code></pre>
    </article>
  </div>
`,
};
