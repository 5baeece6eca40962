// Guide: the asynchronous change-OS flow (change, then poll the job).
import { html } from '../html.ts';
import type { Section } from './section.ts';

export const changeOsSection: Section = {
  id: 'change-os',
  toc: 'Changing the OS',
  heading: 'Changing the OS (asynchronous)',
  render: ({ opLink }) => html`
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
      <code>sub_jobs</code>. Any other status (<code>PENDING_PAYMENT</code>, or one Huawei adds) means not finished:
      keep polling within your own time limit.</li>
  </ol>
  <p><code>waitForJob</code> in the client does this polling for you: it resolves on <code>SUCCESS</code>, throws
    <code>JobFailedError</code> on <code>FAIL</code> and <code>JobTimeoutError</code> after <code>timeoutMs</code>,
    and passes every other status, as it came, to <code>onProgress</code>. The client keeps <code>adminpass</code> out
    of its errors. In the simulator, a server whose OS was changed has the new image and stays stopped (no page says
    that it starts again).</p>
`,
};
