// A real Prism process in proxy mode (`prism proxy DOC UPSTREAM --errors`): it validates each request and each
// upstream response against the document and turns a non-conforming response into a 500 with `sl-violations`.
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, PRISM_BIN } from '../../../support/processes.ts';

const root = new URL('../../../../', import.meta.url);

export interface PrismProxy {
  url: string;
  stop(): Promise<void>;
}

export async function startPrismProxy(document: string, upstream: string, timeoutMs = 30_000): Promise<PrismProxy> {
  const port = await freePort();
  const child: ChildProcess = spawn(
    process.execPath,
    [PRISM_BIN, 'proxy', document, upstream, '--errors', '-p', String(port), '-h', '127.0.0.1', '-v', 'warn'],
    {
      cwd: root,
      stdio: ['ignore', 'ignore', 'pipe'],
    },
  );
  let stderr = '';
  child.stderr?.on('data', (c: Buffer) => (stderr += c));
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', kill); // an interrupted run must not leave Prism behind
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`prism proxy ${document} exited: ${stderr}`);
    try {
      await fetch(url, { signal: AbortSignal.timeout(1000) });
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
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  kill();
  throw new Error(`prism proxy ${document} did not answer within ${timeoutMs} ms: ${stderr}`);
}
