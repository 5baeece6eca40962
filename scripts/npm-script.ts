// The checks of package.json in the order they can run (the drift check alone, then the rest side by side), and
// runScript, which runs one as `npm run --silent <name>` with its output held (stdout and stderr as they came) rather
// than streamed: `npm run checks` prints each check's block whole when it ends, and the check tests
// (test/scripts/checks.process.test.ts) show it when one fails.
import { spawn } from 'node:child_process';

/** generated/'s drift: it regenerates generated/ in place, so it runs before anything that reads generated/. */
export const DRIFT = 'check:generated';
/** The checks that read generated/ and the sources without changing them: they can run beside the tests. */
export const AFTER_DRIFT = ['lint:sources', 'lint:spectral', 'typecheck'] as const;

export interface Outcome {
  name: string;
  code: number;
  output: string;
  seconds: number;
}

export function runScript(name: string, cwd = process.cwd()): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
    });
    const done = (code: number, extra = '') => resolve({ name, code, output: output + extra, seconds: (performance.now() - started) / 1000 });
    child.on('error', (error) => done(1, `could not run npm: ${error.message}\n`));
    child.on('close', (code, signal) => done(code ?? 1, signal ? `ended by ${signal}\n` : ''));
  });
}
