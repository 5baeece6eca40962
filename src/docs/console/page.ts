// console.html: the fixed parts of the try-it console (the operation list, the target and authentication
// controls, the result panels) and the model as a JSON data block. The page's script (app/main.ts) fills in the
// rest. Its own Content-Security-Policy allows scripts and styles from the portal only, and connections to
// loopback addresses only, whatever the server in front of it sends.
import { html, jsonData, pageHead, SafeHtml } from '../html.ts';
import type { ConsoleModel } from './model.ts';
import { CONSOLE_TARGETS } from './targets.ts';

export interface ConsoleAssets {
  /** File names under the portal's root, e.g. `assets/console.1a2b3c4d.js`: the client, the page's script, */
  client: string;
  script: string;
  /** the in-page simulator (loaded by the script when its target is chosen), and the stylesheet. */
  inPage: string;
  style: string;
}

/** CSP has no syntax for IPv6 literals, so [::1] cannot be listed; the page refuses other targets itself. */
const CONSOLE_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  'connect-src http://127.0.0.1:* http://localhost:*',
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/** The operation, its example, path parameters and body. */
function operationFields({ services, operations }: ConsoleModel): SafeHtml {
  return html`  <div class="field">
    <label for="operation">Operation</label>
    <select id="operation">
      ${services.map(
        (s) =>
          html`<optgroup label="${s.label}">${operations
            .filter((op) => op.service === s.name)
            .map((op) => html`<option value="${op.operationId}">${op.operationId} · ${op.method} ${op.path}</option>`)}</optgroup>`,
      )}
    </select>
    <p class="hint"><span id="summary"></span> <a id="reference" href="index.html">Reference</a></p>
  </div>
  <div class="field" id="example-field">
    <label for="example">Start from example</label>
    <select id="example"></select>
  </div>
  <fieldset id="path-parameters"><legend>Path parameters</legend><div id="path-fields"></div></fieldset>
  <div class="field" id="body-field">
    <label for="body">Body (JSON)</label>
    <textarea id="body" rows="10" spellcheck="false" autocapitalize="off"></textarea>
  </div>

`;
}

/** The targets (targets.ts), their URLs, and the mock's Prefer choices (filled in by the script). */
const targetFields = html`  <fieldset>
    <legend>Target</legend>
    <div class="choices">
      ${CONSOLE_TARGETS.map((t, i) => html`<label><input type="radio" name="target" value="${t.id}"${i === 0 ? new SafeHtml(' checked') : ''}> ${t.label}</label>`)}
    </div>
    ${CONSOLE_TARGETS.flatMap((t) =>
      t.defaultUrl === undefined
        ? []
        : [html`<div class="field"><label for="${t.id}-url">${t.label} URL</label><input id="${t.id}-url" type="url" value="${t.defaultUrl}"></div>`],
    )}
    <div id="in-page-fields" hidden>
      <p class="hint">The simulator runs in this page: the same simulator as <code>hwc-openapi sim</code>, loaded when you
      choose it, with no server and nothing sent over the network. It accepts the token and the AK/SK of its default
      fixture, filled in below where empty; what you change lasts until the page is closed or reloaded, and jobs run
      in real time.</p>
      <p><button id="reset-in-page" type="button">Reset the simulator in this page</button> <output id="in-page-status" aria-live="polite"></output></p>
    </div>
    <div id="prefer-fields" class="row">
      <div class="field"><label for="prefer-code">Mock response (Prefer code)</label><select id="prefer-code"></select></div>
      <div class="field"><label for="prefer-example">Mock example (Prefer example)</label><select id="prefer-example"></select></div>
    </div>
  </fieldset>

`;

/** A token, or AK/SK with an optional security token. Password inputs: nothing shows them on screen. */
const authFields = html`  <fieldset>
    <legend>Authentication</legend>
    <div class="choices">
      <label><input type="radio" name="auth" value="token" checked> Token</label>
      <label><input type="radio" name="auth" value="aksk"> AK/SK (signed in this page)</label>
    </div>
    <div id="token-fields" class="field"><label for="token">Token (X-Auth-Token)</label><input id="token" type="password" autocomplete="off" spellcheck="false"></div>
    <div id="aksk-fields" hidden>
      <div class="field"><label for="access-key">Access key (AK)</label><input id="access-key" type="text" autocomplete="off" spellcheck="false"></div>
      <div class="field"><label for="secret-key">Secret key (SK)</label><input id="secret-key" type="password" autocomplete="off" spellcheck="false"></div>
      <div class="field"><label for="security-token">Security token (temporary keys only)</label><input id="security-token" type="password" autocomplete="off" spellcheck="false"></div>
    </div>
  </fieldset>
`;

/**
 * What came back (first: on a phone it is what the page scrolls to), the job of a change OS, what was sent, and
 * the sample code. Before the first send (and after
 * a request the form refused) it holds a placeholder saying what will show there.
 */
const resultPanel = html`<section id="result" class="panel" aria-labelledby="result-heading">
  <h2 id="result-heading">Result</h2>
  <div id="placeholder" class="placeholder">
    <p>Nothing sent yet. Pick an operation, fill in the request and press <strong>Send request</strong>: the answer,
    the request as sent (secrets masked), and curl and TypeScript code for exactly that request show here.</p>
    <p><code>hwc-openapi start</code> (<code>npm start</code> in the repository) runs the mock beside this portal;
    run the simulator with <code>hwc-openapi sim</code> (<code>npm run sim</code>), or choose <strong>In this page</strong>,
    which needs no server.</p>
  </div>
  <div id="exchange" hidden>
  <h3>Response <span id="status" class="status" aria-live="polite"></span></h3>
  <pre id="response-headers" tabindex="0" aria-label="Response headers"></pre>
  <pre id="response-body" tabindex="0" aria-label="Response body"></pre>
  <div id="job" hidden>
    <h3>Job</h3>
    <p class="hint">The console follows the job to its end with <code>waitForJob</code>, as the TypeScript sample does.</p>
    <div class="field"><label for="job-interval">Poll every (ms)</label><input id="job-interval" type="number" min="100" step="100" value="2000"></div>
    <p><label for="job-progress">Progress</label> <progress id="job-progress" max="1" value="0"></progress> <output id="job-status" aria-live="polite"></output></p>
    <p><button id="stop" type="button" hidden>Stop following</button> <button id="follow" type="button" hidden>Follow the job again</button></p>
    <pre id="job-body" tabindex="0" aria-label="The job at its end"></pre>
  </div>
  <h3>Request sent</h3>
  <pre id="sent" tabindex="0" aria-label="Request sent, secrets masked"></pre>
  <div id="samples">
    <h3>Sample code for this request</h3>
    <p class="hint">Credentials are read from the environment; a masked value is yours to fill in.</p>
    <h4>curl</h4>
    <pre id="sample-curl" tabindex="0" aria-label="curl sample"></pre>
    <h4>TypeScript</h4>
    <pre id="sample-ts" tabindex="0" aria-label="TypeScript sample"></pre>
  </div>
  </div>
</section>
`;

export function renderConsolePage(model: ConsoleModel, assets: ConsoleAssets): string {
  return html`${pageHead({
    title: 'Try it · Huawei Cloud API console · hwc-openapi',
    csp: CONSOLE_CSP,
    head: html`<link rel="stylesheet" href="${assets.style}">
<script src="${assets.client}" defer></script>
<script src="${assets.script}" data-in-page="${assets.inPage}" defer></script>`,
  })}
<body>
<header class="bar">
  <nav aria-label="Portal">
    <a href="index.html">hwc-openapi</a>
    ${model.services.map((s) => html`<a href="${s.page}">${s.label}</a>`)}
    <a href="console.html" aria-current="page">Console</a>
  </nav>
</header>
<main>
<h1>Try an operation</h1>
<p class="lede">Sends real requests from this page to the local mock or simulator, or to the simulator running in this
page, signed by the <code>hwc-openapi</code> client itself. Credentials stay in this page's memory: they are never stored, put in the address or logged.</p>
<noscript><p class="problem">The console needs JavaScript.</p></noscript>
<p id="needs-server" class="problem">The console's scripts did not run. Open it through the portal's server: start it
with <code>hwc-openapi start</code> (<code>npm start</code> in the repository) and open the address it prints.</p>
<p id="from-file" class="hint" hidden>Opened from a file: <strong>In this page</strong> works as it does from a server.
The mock and the simulator answer the portal's own pages only: for them, start the portal with
<code>hwc-openapi start</code> (<code>npm start</code> in the repository) and open the address it prints.</p>
<form id="request" class="panel" autocomplete="off" novalidate>
  <h2>Request</h2>
${operationFields(model)}
${targetFields}
${authFields}
  <p id="problem" class="problem" role="alert" hidden></p>
  <button id="send" type="submit">Send request</button>
</form>

${resultPanel}
</main>
<script type="application/json" id="console-model">${jsonData(model)}</script>
</body>
</html>
`.toString();
}
