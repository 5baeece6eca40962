// `npm run checks`: the checks `npm test` runs before its tests (generated/ drift, Biome and Redocly, Spectral, tsc),
// side by side. One after the other they took about 21 s, tsc alone 12 s of it, on a machine with 2 cores that the
// lints leave mostly idle. Each check's output is held and printed whole when it ends, so that the blocks do not
// interleave; the run fails when any check fails, after all of them have ended.
import { spawn } from 'node:child_process';

const CHECKS = ['check:generated', 'lint:sources', 'lint:spectral', 'typecheck'];

interface Outcome {
  name: string;
  code: number;
  output: string;
  seconds: number;
}

function runScript(name: string): Promise<Outcome> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', name], { stdio: ['ignore', 'pipe', 'pipe'] });
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

console.log(`checks: ${CHECKS.join(', ')}, side by side`);
const outcomes = await Promise.all(
  CHECKS.map(async (name) => {
    const outcome = await runScript(name);
    const text = outcome.output.trimEnd();
    console.log(`\n${outcome.code === 0 ? '✓' : '✗'} ${name} (${outcome.seconds.toFixed(1)} s)${text ? `\n${text}` : ''}`);
    return outcome;
  }),
);
const failed = outcomes.filter((outcome) => outcome.code !== 0).map((outcome) => outcome.name);
if (failed.length > 0) {
  console.error(`\nchecks failed: ${failed.join(', ')} (see above)`);
  process.exitCode = 1;
}
