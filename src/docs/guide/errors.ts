// Guide: the error body formats, each with the first example the documents give of it.
import { html } from '../html.ts';
import type { ErrorFormat } from '../model.ts';
import type { Section } from './section.ts';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const servicesOf = (format: ErrorFormat | undefined): string => (format ? [...format.services].join(', ') : 'none of the documents');

export const errorsSection: Section = {
  id: 'errors',
  toc: 'Errors',
  render: ({ errors }) => html`
  <h2>Errors</h2>
  <p>The APIs answer errors in three body formats. Look at the status code first, then at the body's shape.</p>
  <div class="formats">
    <article class="card format">
      <div>
        <h3>Service error</h3>
        <p><code>{"error": {"code", "message"}}</code>, codes like <code>Ecs.0005</code>, <code>BMS.0001</code>,
          <code>Common.0013</code>. Used by ${servicesOf(errors.huawei)}.</p>
      </div>
      ${errors.huawei ? html`<pre><code>${json(errors.huawei.example)}</code></pre>` : ''}
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
`,
};
