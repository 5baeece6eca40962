// The landing page is a list of sections (src/docs/landing.ts): the reference part, then the guide in this
// folder, one file per topic. Each section gets the page's model and renders its own body; the page adds the
// `<section>` element, its heading and its entry in the table of contents.
import { html, type SafeHtml } from '../html.ts';
import type { OperationModel, PortalModel, ServiceModel } from '../model.ts';

export interface LandingOperation extends OperationModel {
  service: ServiceModel;
}

export interface LandingModel extends PortalModel {
  /** Every operation, with its service, in service order. */
  operations: LandingOperation[];
  /** The console page (`console.html`), when the portal has one. */
  consolePage: string | undefined;
  /** A link to an operation the guide names. Throws when no document defines it: that fails the build, not the reader. */
  opLink(operationId: string): SafeHtml;
}

export interface Section {
  /** The element id, the target of the table of contents' link. */
  id: string;
  /** The table of contents' label, and the section's heading unless `heading` says otherwise. */
  toc: string;
  heading?: string;
  /** The section's content after its heading, starting and ending with a line break. */
  render(page: LandingModel): SafeHtml;
}

export function landingModel({ services, errors }: PortalModel, consolePage?: string): LandingModel {
  const operations = services.flatMap((service) => service.operations.map((op) => ({ ...op, service })));
  const opLink = (operationId: string): SafeHtml => {
    const op = operations.find((o) => o.operationId === operationId);
    if (!op) throw new Error(`the landing page guide links to ${operationId}, which no document defines`);
    return html`<a href="${op.href}"><code>${operationId}</code></a>`;
  };
  return { services, errors, operations, opLink, consolePage };
}
