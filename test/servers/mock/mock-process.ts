// Starts the real mock or proxy (the built `hwc-openapi mock|proxy`, the command as it ships; `npm run mock` and
// `npm run mock:proxy` run the same code from the sources) as a child process and waits for the line that gives its
// URL. Port 0 lets the OS pick a free port, so parallel runs never race for one.
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { CLI } from '../../support/built.ts';

export interface MockProcess {
  url: string;
  child: ChildProcess;
  /** Everything the process printed so far. */
  output: () => string;
  /** SIGTERM, then resolves with the exit code once the process is gone. */
  stop: () => Promise<number | null>;
}

const root = fileURLToPath(new URL('../../../', import.meta.url));

/** The command line of `npm run mock` (or of the proxy) with the given arguments. */
export const cliArgs = (command: 'mock' | 'proxy', args: readonly string[]): string[] => [CLI, command, ...args];

export function startMock(command: 'mock' | 'proxy', args: string[] = [], { timeoutMs = 15_000 }: { timeoutMs?: number } = {}): Promise<MockProcess> {
  const child = spawn(process.execPath, cliArgs(command, ['--port', '0', '--quiet', ...args]), {
    cwd: root,
    env: { ...process.env, NO_COLOR: '1' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  // Without this, a test run interrupted by Ctrl-C or a crash would leave the mock running.
  const killOnExit = () => child.kill('SIGKILL');
  process.once('exit', killOnExit);
  let output = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (output += chunk));
  // 'close', not 'exit': only then has everything the process printed been read (its last words say why it stopped).
  const exited = new Promise<number | null>((resolve) =>
    child.once('close', (code) => {
      process.off('exit', killOnExit);
      resolve(code);
    }),
  );

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    return exited;
  };

  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`${command} did not start within ${timeoutMs} ms. Its output:\n${output}`));
    }, timeoutMs);
    const onData = () => {
      const url = /listening on (http:\/\/\S+)/.exec(output)?.[1];
      if (!url) return;
      clearTimeout(timer);
      child.stdout.off('data', onData);
      resolve({ url, child, output: () => output, stop });
    };
    child.stdout.on('data', onData);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`${command} exited with code ${code} before it was ready. Its output:\n${output.trim()}`));
    });
  });
}
