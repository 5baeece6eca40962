// The landing page of the docs portal (index.html): the services and operations of the bundled documents, then a
// short guide (src/docs/guide/). Plain HTML and inline CSS, no scripts: it renders from file:// as well as from
// the server, and its Content-Security-Policy forbids loading anything else.
import { readFileSync } from 'node:fs';
import { docsAsset } from './assets.ts';
import { authenticationSection } from './guide/authentication.ts';
import { changeOsSection } from './guide/change-os.ts';
import { endpointsSection } from './guide/endpoints.ts';
import { errorsSection } from './guide/errors.ts';
import { quickStartSection } from './guide/quick-start.ts';
import { type LandingModel, landingModel, type Section } from './guide/section.ts';
import { html, inlineCode, joinHtml, SafeHtml } from './html.ts';
import type { PortalModel } from './model.ts';

const methodTag = (method: string) => html`<span class="method method-${method.toLowerCase()}">${method}</span>`;

const servicesSection: Section = {
  id: 'services',
  toc: 'Services',
  render: ({ services }) => html`
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
`,
};

const operationsSection: Section = {
  id: 'operations',
  toc: 'Operations',
  render: ({ operations }) => html`
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
  quickStartSection,
];

function page(model: LandingModel, css: string): SafeHtml {
  const { services, operations } = model;
  return html`<!doctype html>
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
      ${SECTIONS.map((s) => html`<a href="#${s.id}">${s.toc}</a>`)}
    </nav>
  </div>
</header>

<main class="wrap">
${joinHtml(
  SECTIONS.map((s) => html`<section id="${s.id}">${s.render(model)}</section>`),
  '\n\n',
)}
</main>

<footer class="wrap footer">
  <p>Built by <code>npm run docs</code> from ${services.map(
    (s, i) => html`${i ? ', ' : ''}<code>${s.name}</code> ${s.version}`,
  )}. Reference pages by Redoc, embedded in each page.</p>
</footer>
</body>
</html>
`;
}

/** The page's style, inlined in this order (the second file continues the first). */
const STYLESHEETS = ['landing.css', 'landing-guide.css'];

/** The landing page's HTML. Throws when the guide names an operation that no document defines. */
export function renderLanding(model: PortalModel): string {
  const css = STYLESHEETS.map((name) => readFileSync(docsAsset(name), 'utf8')).join('\n');
  return page(landingModel(model), css).toString();
}
