// Guide: the endpoint of each service, the operations sent elsewhere, regions and project IDs.
import { html } from '../html.ts';
import type { Section } from './section.ts';

// The region IDs the documents' server variable names in its description ("for example cn-north-4, …"), from the
// regional endpoint pages of the API reference.
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

export const endpointsSection: Section = {
  id: 'endpoints',
  toc: 'Regions & endpoints',
  render: ({ services, operations }) => {
    const withProjectId = services.filter((s) => s.operations.some((op) => op.path.includes('{project_id}')));
    const withoutProjectId = services.filter((s) => !withProjectId.includes(s));
    // Operations sent to another service's host. Their callout does not repeat the server object's description: it
    // would say the same as the callout, and it may carry source notes written for the documents' maintainers.
    const overrides = operations.filter((op) => op.endpoints);
    return html`
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
    <code>${op.endpoints?.[0]?.url}</code>, not the ${op.service.label} endpoint.</p>`,
  )}
  <p>Replace <code>{region}</code> with a region ID, for example ${REGIONS.map((r, i) => html`${i ? ', ' : ''}<code>${r}</code>`)}
    (the documents default to <code>${services[0]?.endpoints[0]?.defaultRegion ?? 'cn-north-4'}</code>).
    ${withProjectId.map((s) => s.label).join(', ')} paths carry the <code>project_id</code> of that region${
      withoutProjectId.length ? html`; ${withoutProjectId.map((s) => s.label).join(', ')} paths have none` : ''
    }. Every response carries <code>X-Request-Id</code>: quote it when you contact support.</p>
`;
  },
};
