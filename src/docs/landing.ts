// The landing page of the docs portal (index.html): one search across every service, the services and operations
// of the bundled documents, then a short guide (src/docs/guide/). Plain HTML and inline CSS; the only script is the
// portal's own search (search.ts), and the page's Content-Security-Policy allows no other. It renders from file://
// as well as from the server.
import { readFileSync } from 'node:fs';
import { docsAsset } from './assets.ts';
import { authenticationSection } from './guide/authentication.ts';
import { changeOsSection } from './guide/change-os.ts';
import { endpointsSection } from './guide/endpoints.ts';
import { errorsSection } from './guide/errors.ts';
import { inYourTestsSection } from './guide/in-your-tests.ts';
import { quickStartSection } from './guide/quick-start.ts';
import { readBackSection } from './guide/read-back.ts';
import { readBackBmsRfsSection } from './guide/read-back-bms-rfs.ts';
import { type LandingModel, landingModel, type Section } from './guide/section.ts';
import { html, inlineCode, joinHtml, pageHead, SafeHtml } from './html.ts';
import type { PortalModel } from './model.ts';
import { type SearchEntry, searchBox } from './search.ts';

const methodTag = (method: string) => html`<span class="method method-${method.toLowerCase()}">${method}</span>`;

const servicesSection: Section = {
  id: 'services',
  toc: 'Services',
  render: ({ services, consolePage }) => html`
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
      <p class="downloads">OpenAPI 3.1 document: <a href="${s.downloads.json}" download>JSON</a> · <a href="${s.downloads.yaml}" download>YAML</a></p>
      <p class="open"><a href="${s.page}">Open the ${s.label} reference →</a>${
        consolePage ? html` <a class="try" href="${consolePage}">Try it in the console →</a>` : ''
      }</p>
    </article>`,
    )}
  </div>
`,
};

const operationsSection: Section = {
  id: 'operations',
  toc: 'Operations',
  render: ({ operations, consolePage }) => html`
  <table class="ops">
    <thead><tr><th>Service</th><th>Operation</th><th>Request</th></tr></thead>
    <tbody>
      ${operations.map(
        (op) => html`<tr id="op-${op.operationId}">
        <td><a class="badge" href="${op.service.page}">${op.service.label}</a></td>
        <td><a class="opid" href="${op.href}">${op.operationId}</a><span class="summary">${inlineCode(op.summary)}</span>${
          consolePage ? html`<a class="try" href="${consolePage}#${op.operationId}">Try it</a>` : ''
        }</td>
        <td class="request">${methodTag(op.method)} <code class="path">${op.path}</code>${
          op.endpoints ? html`<span class="host-note">sent to <code>${op.endpoints[0]?.url}</code></span>` : ''
        }</td>
      </tr>`,
      )}
    </tbody>
  </table>
`,
};

/** The page's sections, in order: each gets an entry in the table of contents. */
const SECTIONS: readonly Section[] = [
  servicesSection,
  operationsSection,
  authenticationSection,
  endpointsSection,
  errorsSection,
  changeOsSection,
  readBackSection,
  readBackBmsRfsSection,
  quickStartSection,
  inYourTestsSection,
];

/** What the landing page carries besides the documents' model. */
export interface LandingExtras {
  /** The search index (search.ts) and the file name of the search script; no search box without them. */
  search?: { index: readonly SearchEntry[]; script: string };
  /** The console page, when the portal has one: linked from the page and from each operation. */
  consolePage?: string;
}

function page(model: LandingModel, css: string, { search }: LandingExtras): SafeHtml {
  const { services, operations, consolePage } = model;
  return html`${pageHead({
    title: 'Huawei Cloud API reference · hwc-openapi',
    csp: "default-src 'none'; script-src 'self'; style-src 'unsafe-inline'; img-src 'self' data:",
    head: html`<style>${new SafeHtml(css)}</style>`,
  })}
<body>
<header class="masthead">
  <div class="wrap">
    <p class="kicker">hwc-openapi · offline docs</p>
    <h1>Huawei Cloud API reference</h1>
    <p class="lede">${services.length} services and ${operations.length} operations, described in OpenAPI 3.1 and
      rendered for reading without a network: nothing on these pages is fetched from outside this machine.${
        consolePage ? html` Try any operation against the local mock or simulator in the <a href="${consolePage}">console</a>.` : ''
      }</p>
    ${search ? searchBox(search.index) : ''}
    <nav class="toc" aria-label="Contents">
      ${SECTIONS.map((s) => html`<a href="#${s.id}">${s.toc}</a>`)}${consolePage ? html`<a href="${consolePage}">Console</a>` : ''}
    </nav>
  </div>
</header>

<main class="wrap">
${joinHtml(
  SECTIONS.map(
    (s) => html`<section id="${s.id}">
  <h2>${s.heading ?? s.toc}</h2>${s.render(model)}</section>`,
  ),
  '\n\n',
)}
</main>

<footer class="wrap footer">
  <p>Built from the OpenAPI documents ${services.map(
    (s, i) => html`${i ? ', ' : ''}<code>${s.name}</code> ${s.version}`,
  )}. Reference pages rendered by Redoc, served with this portal.</p>
</footer>
${search ? html`<script src="${search.script}" defer></script>` : ''}
</body>
</html>
`;
}

/** The page's style, inlined in this order (each file continues the one before). */
const STYLESHEETS = ['base.css', 'landing.css', 'landing-guide.css', 'landing-search.css'];

/** The landing page's HTML. Throws when the guide names an operation that no document defines. */
export function renderLanding(model: PortalModel, extras: LandingExtras = {}): string {
  const css = STYLESHEETS.map((name) => readFileSync(docsAsset(name), 'utf8')).join('\n');
  return page(landingModel(model, extras.consolePage), css, extras).toString();
}
