// Wall time of the project's own build steps.
import { spawnSync } from 'node:child_process';
import { fmt, median, progress, root } from './lib.mjs';

function wallSeconds(script, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const start = performance.now();
    const out = spawnSync('npm', ['run', '--silent', script], { cwd: root, encoding: 'utf8' });
    if (out.status !== 0) throw new Error(`npm run ${script} failed:\n${out.stdout}${out.stderr}`);
    times.push((performance.now() - start) / 1000);
  }
  return median(times);
}

export async function run() {
  const rows = [];
  for (const [script, runs, goal] of [
    ['generate', 3, 10],
    ['lint', 3, undefined],
    ['docs', 1, undefined],
  ]) {
    progress(`wall time: npm run ${script} (median of ${runs})`);
    let seconds;
    try {
      seconds = wallSeconds(script, runs);
    } catch (error) {
      rows.push({ metric: `npm run ${script} wall time`, ours: `failed: ${error.message.split('\n').slice(0, 3).join(' ')}`, peer: '', goal: '', met: false });
      continue;
    }
    rows.push({
      metric: `npm run ${script} wall time (s${runs > 1 ? `, median of ${runs}` : ''})`,
      ours: fmt(seconds, 2),
      peer: '',
      ratio: undefined,
      goal: goal ? `< ${goal} s` : '',
      met: goal ? seconds < goal : undefined,
    });
  }
  return rows;
}
