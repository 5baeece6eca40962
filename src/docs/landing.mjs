// The landing page of the docs portal (generated/docs/index.html): the services and operations of the bundled
// documents, then a short guide. Plain HTML and inline CSS, no scripts: it renders from file:// as well as
// from the server, and its Content-Security-Policy forbids loading anything else.
import { readFileSync } from 'node:fs';
import { html, inlineCode, SafeHtml } from './html.mjs';

const css = readFileSync(new URL('./landing.css', import.meta.url), 'utf8');

// From the API reference (api-facts.md); the documents only name them in a free-text variable description.
const REGIONS = [
  'cn-north-4',
  'cn-east-3',
  'cn-south-1',
  'ap-southeast-1',
  'ap-southeast-3',
  'eu-west-101',
  'af-south-1',
  'la-south-2',
  'me-east-1',
  'tr-west-1',
];

// Go SDK test vector (core/auth/signer/signer_test.go): this canonical request signs to the signature below.
const CANONICAL_EXAMPLE = [
  'GET',
  '/path/',
  'limit=1',
  'x-sdk-date:20060102T150405Z',
  '',
  'x-sdk-date',
  'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
].join('\n');
const AUTHORIZATION_EXAMPLE =
  'Authorization: SDK-HMAC-SHA256 Access=AccessKey, SignedHeaders=x-sdk-date, Signature=5a2ce64c865e0e6046321c6f3d5a77ba8413eeaf355c3166c03d58d02ac79624';

const TOKEN_EXAMPLE = `GET /v1/{project_id}/jobs/{job_id} HTTP/1.1
Host: ecs.cn-north-4.myhuaweicloud.com
X-Auth-Token: <IAM token from POST /v3/auth/tokens>`;

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

const MOCK_EXAMPLE = `npm run mock          # ECS, BMS and RFS on http://127.0.0.1:4010
npm run mock -- --port 4011 --host 127.0.0.1   # or MOCK_PORT / MOCK_HOST
npm start             # this portal on http://127.0.0.1:8080 plus the mock`;

/** @param {string} method */
const methodTag = (method) => html`<span class="method method-${method.toLowerCase()}">${method}</span>`;

/** @param {unknown} value */
const json = (value) => JSON.stringify(value, null, 2);

/**
 * @param {{ services: ReturnType<typeof import('./model.mjs').serviceModel>[], errors: ReturnType<typeof import('./model.mjs').errorFormats> }} model
 * @returns {string}
 */
export function renderLanding({ services, errors }) {
  const operations = services.flatMap((s) => s.operations.map((op) => ({ ...op, service: s })));
  /** The guide names a few operations: fail the build, not the reader, if a document drops one. */
  const opLink = (/** @type {string} */ operationId) => {
    const op = operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`the landing page guide links to ${operationId}, which no document defines`);
    return html`<a href="${op.href}"><code>${operationId}</code></a>`;
  };
  const withProjectId = services.filter((s) => s.operations.some((op) => op.path.includes('{project_id}')));
  const withoutProjectId = services.filter((s) => !withProjectId.includes(s));
  const overrides = operations.filter((op) => op.endpoints);
  const servicesOf = (/** @type {{ services: Set<string> } | undefined} */ format) => (format ? [...format.services].join(', ') : 'none of the documents');

  const page = html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<title>Huawei Cloud API reference · hwc-openapi</title>
<style>${new SafeHtml(css)}</style>
</head>
<body>
<header class="masthead">
  <div class="wrap">
    <p class="kicker">hwc-openapi · offline docs</p>
    <h1>Huawei Cloud API reference</h1>
    <p class="lede">${services.length} services and ${operations.length} operations, described in OpenAPI 3.1 and
      rendered for reading without a network: nothing on these pages is fetched from outside this machine.</p>
    <nav class="toc" aria-label="Contents">
      <a href="#services">Services</a><a href="#operations">Operations</a><a href="#authentication">Authentication</a><a href="#endpoints">Regions &amp; endpoints</a><a href="#errors">Errors</a><a href="#change-os">Changing the OS</a><a href="#quick-start">Quick start</a>
    </nav>
  </div>
</header>

<main class="wrap">
<section id="services">
  <h2>Services</h2>
  <div class="cards">
    ${services.map(
      (s) => html`<article class="card service" id="service-${s.name}">
      <p class="card-head"><span class="badge">${s.label}</span><span class="version">v${s.version}</span></p>
      <h3><a href="${s.page}">${s.title}</a></h3>
      <p>${inlineCode(s.summary)}</p>
      ${s.endpoints.map((e) => html`<p class="endpoint"><code>${e.url}</code></p>`)}
      <ul class="oplist">
        ${s.operations.map((op) => html`<li><a href="${op.href}">${op.operationId}</a></li>`)}
      </ul>
      <p class="open"><a href="${s.page}">Open the ${s.label} reference →</a></p>
    </article>`,
    )}
  </div>
</section>

<section id="operations">
  <h2>Operations</h2>
  <table class="ops">
    <thead><tr><th>Service</th><th>Operation</th><th>Request</th></tr></thead>
    <tbody>
      ${operations.map(
        (op) => html`<tr id="op-${op.operationId}">
        <td><a class="badge" href="${op.service.page}">${op.service.label}</a></td>
        <td><a class="opid" href="${op.href}">${op.operationId}</a><span class="summary">${inlineCode(op.summary)}</span></td>
        <td class="request">${methodTag(op.method)} <code class="path">${op.path}</code>${
          op.endpoints ? html`<span class="host-note">sent to <code>${op.endpoints[0]?.url}</code></span>` : ''
        }</td>
      </tr>`,
      )}
    </tbody>
  </table>
</section>

<section id="authentication">
  <h2>Authentication</h2>
  <p>Every operation accepts either of two methods. The typed client signs with AK/SK for you; the steps below are
    for your own tooling and for reading captures.</p>
  <div class="two">
    <div class="stack">
      <article class="card">
        <h3>IAM token</h3>
        <p>Send a token in <code>X-Auth-Token</code>. Get it from IAM (<code>POST /v3/auth/tokens</code>); it is
          scoped to one project and valid for 24 hours. Anyone holding it can act as you: keep it out of logs
          and URLs.</p>
        <pre><code>${TOKEN_EXAMPLE}</code></pre>
      </article>
      <figure class="card example">
        <figcaption>Worked example (Go SDK test vector): AK <code>AccessKey</code>, SK <code>SecretKey</code>,
          <code>GET /path?limit=1</code>, empty body, <code>X-Sdk-Date: 20060102T150405Z</code>. Canonical request:</figcaption>
        <pre><code>${CANONICAL_EXAMPLE}</code></pre>
        <figcaption>Signed:</figcaption>
        <pre><code>${AUTHORIZATION_EXAMPLE}</code></pre>
      </figure>
    </div>
    <article class="card">
      <h3>AK/SK signature (<code>SDK-HMAC-SHA256</code>)</h3>
      <ol class="steps">
        <li><code>X-Sdk-Date</code> is the UTC time <code>YYYYMMDDTHHMMSSZ</code>; the gateway rejects a date more
          than 15 minutes off.</li>
        <li>Build the <b>canonical request</b>, six parts joined by <code>\\n</code>: <code>METHOD</code>,
          <code>CanonicalURI</code>, <code>CanonicalQuery</code>, <code>CanonicalHeaders</code>,
          <code>SignedHeaders</code>, <code>hex(sha256(body))</code>.
          <ul>
            <li>URI: each path segment percent-encoded (keep <code>A-Za-z0-9-_.~</code>, upper-case hex, UTF-8), plus a
              trailing <code>/</code> that the request itself does not have.</li>
            <li>Query: keys sorted, repeated values sorted, same encoding, joined by <code>&amp;</code>.</li>
            <li>Headers: <code>lowercase(name):trimmed value\\n</code> per signed header, sorted, so an empty line
              comes before SignedHeaders (<code>h1;h2;…</code>).</li>
          </ul></li>
        <li><code>StringToSign = SDK-HMAC-SHA256\\n{X-Sdk-Date}\\n{hex(sha256(CanonicalRequest))}</code>;
          signature = <code>hex(HMAC-SHA256(SK, StringToSign))</code>.</li>
        <li>Send <code>Authorization: SDK-HMAC-SHA256 Access={AK}, SignedHeaders={h1;h2;…}, Signature={hex}</code>.
          Temporary credentials add <code>X-Security-Token</code>.</li>
      </ol>
    </article>
  </div>
  <p>A signature the gateway cannot verify comes back as 401 <code>APIGW.0301</code> (see <a href="#errors">Errors</a>).
    Verifiers must use the <code>SignedHeaders</code> they receive: SDKs differ in which headers they sign.</p>
</section>

<section id="endpoints">
  <h2>Regions &amp; endpoints</h2>
  <table class="ops">
    <thead><tr><th>Service</th><th>Endpoint</th><th>Operations</th></tr></thead>
    <tbody>
      ${services.map((s) => {
        const own = s.operations.filter((op) => !op.endpoints);
        return html`<tr>
        <td><span class="badge">${s.label}</span></td>
        <td>${s.endpoints.map((e) => html`<code>${e.url}</code>`)}</td>
        <td>${own.map((op, i) => html`${i ? ', ' : ''}<a href="${op.href}">${op.operationId}</a>`)}</td>
      </tr>`;
      })}
      ${overrides.map(
        (op) => html`<tr class="override">
        <td><span class="badge">${op.service.label}</span></td>
        <td>${op.endpoints?.map((e) => html`<code>${e.url}</code>`)}</td>
        <td><a href="${op.href}">${op.operationId}</a></td>
      </tr>`,
      )}
    </tbody>
  </table>
  ${overrides.map(
    (op) => html`<p class="callout"><b>${op.operationId}</b> (${op.service.label}, <code>${op.path}</code>) goes to
    <code>${op.endpoints?.[0]?.url}</code>, not the ${op.service.label} endpoint.
    ${inlineCode(op.endpoints?.[0]?.description ?? '')}</p>`,
  )}
  <p>Replace <code>{region}</code> with a region ID, for example ${REGIONS.map((r, i) => html`${i ? ', ' : ''}<code>${r}</code>`)}
    (the documents default to <code>${services[0]?.endpoints[0]?.defaultRegion ?? 'cn-north-4'}</code>).
    ${withProjectId.map((s) => s.label).join(', ')} paths carry the <code>project_id</code> of that region${
      withoutProjectId.length ? html`; ${withoutProjectId.map((s) => s.label).join(', ')} paths have none` : ''
    }. Every response carries <code>X-Request-Id</code>: quote it when you contact support.</p>
</section>

<section id="errors">
  <h2>Errors</h2>
  <p>The APIs answer errors in three body formats. Look at the status code first, then at the body's shape.</p>
  <div class="formats">
    <article class="card format">
      <div>
        <h3>Service error</h3>
        <p><code>{"error": {"code", "message"}}</code>, codes like <code>Ecs.0005</code>, <code>BMS.0001</code>,
          <code>Common.0013</code>. Used by ${servicesOf(errors.native)}.</p>
      </div>
      ${errors.native ? html`<pre><code>${json(errors.native.example)}</code></pre>` : ''}
    </article>
    <article class="card format">
      <div>
        <h3>Nova fault</h3>
        <p><code>{"&lt;faultName&gt;": {"code", "message"}}</code> from the native OpenStack API:
          <code>badRequest</code>, <code>itemNotFound</code>, <code>conflictingRequest</code>,
          <code>overLimit</code>. Used by ${servicesOf(errors.nova)}.</p>
      </div>
      ${errors.nova ? html`<pre><code>${json(errors.nova.example)}</code></pre>` : ''}
    </article>
    <article class="card format">
      <div>
        <h3>Flat error</h3>
        <p><code>{"error_code", "error_msg"}</code>: RFS errors (<code>LPA.…</code>), and the API gateway on every
          service, e.g. 401 <code>APIGW.0301</code> for a bad signature. Seen in ${servicesOf(errors.flat)}.</p>
      </div>
      ${errors.flat ? html`<pre><code>${json(errors.flat.example)}</code></pre>` : ''}
    </article>
  </div>
</section>

<section id="change-os">
  <h2>Changing the OS (asynchronous)</h2>
  <ol class="flow" aria-label="Change-OS flow">
    <li><span class="method method-post">POST</span> ${opLink('ChangeServerOsWithoutCloudInit')}</li>
    <li><code>200 {"job_id": "…"}</code></li>
    <li><span class="method method-get">GET</span> ${opLink('ShowJob')} <span class="loop">every few seconds</span></li>
    <li><code>SUCCESS</code> or <code>FAIL</code></li>
  </ol>
  <ol class="steps">
    <li>Send ${opLink('ChangeServerOsWithoutCloudInit')} with <code>os-change.imageid</code> and either
      <code>keyname</code> (with <code>userid</code>) or <code>adminpass</code>. The server must be stopped, unless
      <code>mode</code> is <code>withStopServer</code>.</li>
    <li>A 200 only means the job was accepted; the body is <code>{"job_id": "…"}</code>. Each accepted request
      starts a new job, so do not retry it blindly.</li>
    <li>Poll ${opLink('ShowJob')} until <code>status</code> leaves <code>INIT</code>/<code>RUNNING</code>.</li>
    <li><code>SUCCESS</code>: the OS is changed. <code>FAIL</code>: read <code>fail_reason</code> and the
      <code>sub_jobs</code>. <code>waitForJob</code> in the client does this polling for you.</li>
  </ol>
</section>

<section id="quick-start">
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
</section>
</main>

<footer class="wrap footer">
  <p>Built by <code>npm run docs</code> from ${services.map(
    (s, i) => html`${i ? ', ' : ''}<code>${s.name}</code> ${s.version}`,
  )}. Reference pages by Redoc, embedded in each page.</p>
</footer>
</body>
</html>
`;
  return page.toString();
}
