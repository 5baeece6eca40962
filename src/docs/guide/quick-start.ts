// Guide: install the packages, run the mock or the simulator, then call it with the typed client. The client
// program (CLIENT_EXAMPLE) is exported so that the tests type-check it against the installed package, as they do
// the operations' samples.
import { html } from '../html.ts';
import type { Section } from './section.ts';

const INSTALL_EXAMPLE = `npm install hwc-openapi           # the typed clients (Node 20+ and browsers)
npm install -D hwc-openapi-dev    # the hwc-openapi command: mock, simulator and this portal`;

const RUN_EXAMPLE = `npx hwc-openapi mock     # ECS, BMS and RFS answered from the documents' examples, on http://127.0.0.1:4010
npx hwc-openapi sim      # a stateful simulator on http://127.0.0.1:4020
npx hwc-openapi start    # this portal on http://127.0.0.1:8080, plus the mock`;

/** The simulator's default fixture's credentials and project: published, for local development only. */
const SIM_CREDENTIALS = `token       sim-token
AK / SK     SIMACCESSKEYEXAMPLE01 / sim-secret-key-for-local-development-only
project ID  c685484a8cc2416b97260938705deb65`;

export const CLIENT_EXAMPLE = `import { createEcsClient, HuaweiCloudError, JobFailedError, JobTimeoutError, unwrap, waitForJob } from 'hwc-openapi';

// Keys come from the environment: never write them into code.
function env(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(\`set the environment variable \${name}\`);
  return value;
}

const ecs = createEcsClient({
  region: 'cn-north-4',
  // HWC_ENDPOINT replaces the regional endpoint: http://127.0.0.1:4020 for the local simulator.
  ...(process.env['HWC_ENDPOINT'] ? { endpoint: process.env['HWC_ENDPOINT'] } : {}),
  projectId: env('HWC_PROJECT_ID'),
  credentials: { accessKey: env('HWC_ACCESS_KEY'), secretKey: env('HWC_SECRET_KEY') },
});

try {
  // project_id is filled in from the client's projectId. Not idempotent, so never retried.
  const { job_id } = unwrap(
    await ecs.POST('/v1/{project_id}/cloudservers/{server_id}/changeos', {
      params: { path: { server_id: '95bf2490-5428-432c-ad9b-5e3406f869dd' } },
      body: { 'os-change': { imageid: 'e215580f-73ad-429d-b6f2-5433947433b0', keyname: 'KeyPair-350b', mode: 'withStopServer' } },
    }),
  );
  const job = await waitForJob(ecs, job_id, {
    onProgress: ({ status, subJobsDone, subJobsTotal }) => console.log(\`\${status} (\${subJobsDone}/\${subJobsTotal})\`),
  });
  console.log(\`OS changed on \${job.entities?.server_id}\`);
} catch (error) {
  if (error instanceof JobFailedError) console.error(\`the OS change failed: \${error.errorCode}: \${error.failReason}\`);
  else if (error instanceof JobTimeoutError) console.error(\`still \${error.job?.status} after \${error.timeoutMs} ms (job \${error.jobId})\`);
  else if (error instanceof HuaweiCloudError) console.error(\`\${error.status} \${error.code}: \${error.message} (request \${error.requestId})\`);
  else throw error;
  process.exitCode = 1;
}`;

export const quickStartSection: Section = {
  id: 'quick-start',
  toc: 'Quick start',
  render: () => html`
  <article class="card step">
    <h3><span class="num">1</span> Install</h3>
    <p>The client has one dependency (openapi-fetch). The command package is for development: it brings the mock,
      the simulator and this portal.</p>
    <pre><code>${INSTALL_EXAMPLE}</code></pre>
  </article>
  <article class="card step">
    <h3><span class="num">2</span> Run the mock or the simulator</h3>
    <p>The mock answers every request with the documents' examples; the simulator keeps state, runs change-OS jobs to
      their end and checks signatures. Both work offline. Point any client at them. The simulator's default
      credentials, which it also prints at start, are for local development only:</p>
    <pre><code>${RUN_EXAMPLE}</code></pre>
    <pre><code>${SIM_CREDENTIALS}</code></pre>
  </article>
  <article class="card step">
    <h3><span class="num">3</span> Call it with the typed client</h3>
    <p>Paths, parameters and bodies are typed from the documents, and the client signs each request with AK/SK.
      Set <code>HWC_ENDPOINT</code> to use the mock or the simulator; leave it unset to reach Huawei Cloud.
      <code>waitForJob</code> polls the job until it succeeds, and throws <code>JobFailedError</code> when it fails
      or <code>JobTimeoutError</code> when it takes too long. The program uses top-level <code>await</code>: save it
      as <code>change-os.mts</code> (an ES module whatever <code>package.json</code> says) and run it with
      <code>npx tsx change-os.mts</code> (Node 22.18 or later: <code>node change-os.mts</code>).</p>
    <pre><code>${CLIENT_EXAMPLE}</code></pre>
    <p>What the client does beyond the documents: it fills in <code>project_id</code>, generates RFS's
      <code>Client-Request-Id</code> when you give none, refuses before sending what a schema cannot express (an RFS
      update that changes nothing, duplicate BMS tag keys, a v2.1 <code>meta</code> key other than the path's), retries
      idempotent calls only, honouring <code>Retry-After</code> when a server sends one, and keeps secrets
      (<code>adminpass</code>, keys, tokens) out of its errors.</p>
  </article>
`,
};
