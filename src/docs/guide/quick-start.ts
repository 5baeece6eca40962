// Guide: run the mock, then call it with the typed client.
import { html } from '../html.ts';
import type { Section } from './section.ts';

const MOCK_EXAMPLE = `npm run mock          # ECS, BMS and RFS on http://127.0.0.1:4010
npm run mock -- --port 4011 --host 127.0.0.1   # or MOCK_PORT / MOCK_HOST
npm start             # this portal on http://127.0.0.1:8080 plus the mock`;

const CLIENT_EXAMPLE = `import { createEcsClient, waitForJob } from 'hwc-openapi';

const ecs = createEcsClient({
  region: 'cn-north-4',
  projectId: process.env.HWC_PROJECT_ID!,
  credentials: {
    accessKey: process.env.HWC_ACCESS_KEY!,  // never hard-code keys
    secretKey: process.env.HWC_SECRET_KEY!,
  },
  // endpoint: 'http://127.0.0.1:4010',     // the local mock instead of Huawei Cloud
});

// project_id is filled in from the client's projectId.
const { data, error } = await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
  params: { path: { server_id: serverId } },
  body: {
    'os-change': {
      imageid: 'e215580f-73ad-429d-b6f2-5433947433b0',
      keyname: 'KeyPair-350b',
      userid: '7e25b1da389f4697a79df3a0e5bd494e',
      mode: 'withStopServer',
    },
  },
});
if (error) throw new Error(\`change OS refused: \${JSON.stringify(error)}\`);

const job = await waitForJob(ecs, data.job_id, {
  onProgress: (progress) => console.log(progress),
});
console.log(job.status); // SUCCESS or FAIL`;

export const quickStartSection: Section = {
  id: 'quick-start',
  toc: 'Quick start',
  render: () => html`
  <h2>Quick start</h2>
  <article class="card step">
    <h3><span class="num">1</span> Run the mock</h3>
    <p>A mock of all three APIs answers with the documents' examples, so everything can be tried offline. Point
      any client at <code>http://127.0.0.1:4010</code>.</p>
    <pre><code>${MOCK_EXAMPLE}</code></pre>
  </article>
  <article class="card step">
    <h3><span class="num">2</span> Call it with the typed client</h3>
    <p>Paths, parameters and bodies are typed from the documents; the client signs each request with AK/SK.
      Set <code>endpoint</code> to use the mock, leave it out to reach Huawei Cloud.</p>
    <pre><code>${CLIENT_EXAMPLE}</code></pre>
  </article>
`,
};
