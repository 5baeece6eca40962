// Real Prism in proxy mode (what `prism proxy DOC UPSTREAM --errors` runs), one server per document, all in one
// process (prism-proxies.mjs): it validates each request and each upstream response against its document and turns
// a non-conforming response into a 500 with `sl-violations`.
import { type ChildProcess, spawn } from 'node:child_process';
import { waitFor } from '../../../support/processes.ts';

const root = new URL('../../../../', import.meta.url);
const SCRIPT = new URL('./prism-proxies.mjs', import.meta.url).pathname;

export interface PrismProxies {
  /** The proxy of each document, by the path given. */
  urls: Record<string, string>;
  stop(): Promise<void>;
}

export async function startPrismProxies(documents: readonly string[], upstream: string, timeoutMs = 30_000): Promise<PrismProxies> {
  const child: ChildProcess = spawn(process.execPath, [SCRIPT, upstream, ...documents], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  const kill = (): void => {
    if (child.exitCode === null) child.kill('SIGTERM');
  };
  process.once('exit', kill); // an interrupted run must not leave Prism behind
  try {
    // The script prints its lines once every server listens.
    const [printed = ''] = await waitFor(child, new RegExp(`(?:^listening \\S+ \\S+\\n){${documents.length}}`, 'm'), { name: 'prism proxies', timeoutMs });
    const urls = Object.fromEntries([...printed.matchAll(/^listening (\S+) (\S+)$/gm)].map((m) => [m[1] ?? '', m[2] ?? '']));
    return {
      urls,
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
