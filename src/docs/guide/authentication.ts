// Guide: the two ways to authenticate, with a worked AK/SK signature example.
import { html } from '../html.ts';
import type { Section } from './section.ts';

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

export const authenticationSection: Section = {
  id: 'authentication',
  toc: 'Authentication',
  render: () => html`
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
`,
};
