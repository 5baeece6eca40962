// Guide: the error body formats, each with the first example the documents give of it and the codes they use.
import { html, type SafeHtml } from '../html.ts';
import type { ErrorFormat } from '../model.ts';
import type { Section } from './section.ts';

const json = (value: unknown): string => JSON.stringify(value, null, 2);
const servicesOf = (format: ErrorFormat | undefined): string => (format ? [...format.services].join(', ') : 'none of the documents');

/** The codes of a format, as the documents give them: each family (`Ecs.`, `RF.`) once, by its first code. */
function codeList(format: ErrorFormat | undefined, families: boolean): SafeHtml {
  const codes = [...(format?.codes ?? [])];
  const shown = families ? codes.filter((code, i) => codes.findIndex((c) => c.split('.')[0] === code.split('.')[0]) === i) : codes;
  if (shown.length === 0) return html`none in the documents`;
  return html`<span class="codes">${shown.map((code, i) => html`${i ? ', ' : ''}<code>${code}</code>`)}</span>`;
}

/** One body format: its name, what it looks like and who uses it, and the documents' first example of it. */
function formatCard(title: string, description: SafeHtml, format: ErrorFormat | undefined): SafeHtml {
  return html`<article class="card format">
      <div>
        <h3>${title}</h3>
        <p>${description}</p>
      </div>
      ${format ? html`<pre><code>${json(format.example)}</code></pre>` : ''}
    </article>`;
}

export const errorsSection: Section = {
  id: 'errors',
  toc: 'Errors',
  render: ({ errors }) => html`
  <p>The APIs answer errors in three body formats. Look at the status code first, then at the body's shape. The
    client reads all three into a <code>HuaweiCloudError</code> (<code>status</code>, <code>code</code>,
    <code>message</code>, <code>requestId</code>).</p>
  <div class="formats">
    ${formatCard(
      'Service error',
      html`<code>{"error": {"code", "message"}}</code>, with codes such as ${codeList(errors.huawei, true)}. Used by
          ${servicesOf(errors.huawei)}.`,
      errors.huawei,
    )}
    ${formatCard(
      'Nova fault',
      html`<code>{"&lt;faultName&gt;": {"code", "message"}}</code> from the native OpenStack API, with the HTTP status
          as <code>code</code>. Fault names in the documents: ${codeList(errors.nova, false)}. Used by ${servicesOf(errors.nova)}.`,
      errors.nova,
    )}
    ${formatCard(
      'Flat error',
      html`<code>{"error_code", "error_msg"}</code>: RFS errors, and the API gateway on every service, e.g. 401
          <code>APIGW.0301</code> for a bad signature. Codes such as ${codeList(errors.flat, true)}. Seen in
          ${servicesOf(errors.flat)}.`,
      errors.flat,
    )}
  </div>
`,
};
