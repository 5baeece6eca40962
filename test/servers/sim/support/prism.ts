// A real Prism process in proxy mode (`prism proxy DOC UPSTREAM --errors`): it validates each request and each
// upstream response against the document and turns a non-conforming response into a 500 with `sl-violations`.
import { type ChildProcess, spawn } from 'node:child_process';
import { PRISM_BIN, waitFor } from '../../../support/processes.ts';

const root = new URL('../../../../', import.meta.url);

export interface PrismProxy {
  url: string;
  stop(): Promise<void>;
}

export async function startPrismProxy(document: string, upstream: string, timeoutMs = 30_000): Promise<PrismProxy> {
  // Port 0: Prism picks a free port and names it in its start line (printed at `-v info`, with each request after).
  const child: ChildProcess = spawn(process.execPath, [PRISM_BIN, 'proxy', document, upstream, '--errors', '-p', '0', '-h', '127.0.0.1', '-v', 'info'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', kill); // an interrupted run must not leave Prism behind
  try {
    const [, url = ''] = await waitFor(child, /Prism is listening on (http:\/\/127\.0\.0\.1:\d+)/, { name: `prism proxy ${document}`, timeoutMs });
    return {
      url,
      stop: () =>
        new Promise((resolve) => {
          process.off('exit', kill);
          if (child.exitCode !== null) return resolve();
          child.once('exit', () => resolve());
          kill();
        }),
    };
  } catch (error) {
    kill();
    throw error;
  }
}
