// `npm run checks`: generated/'s drift, then Biome and Redocly, Spectral and tsc side by side (on a machine with 2
// cores the lints leave mostly idle). The drift check goes first and alone: it regenerates generated/ in place,
// which Spectral and tsc read. `npm test` runs the same: the drift check, then the other three as tests
// (test/scripts/checks.process.test.ts). Each check's output is held and printed whole when it ends, so that the
// blocks do not interleave; the run fails when any check fails, after all of them have ended.
import { AFTER_DRIFT, DRIFT, type Outcome, runScript } from './npm-script.ts';

function report(outcome: Outcome): Outcome {
  const text = outcome.output.trimEnd();
  console.log(`\n${outcome.code === 0 ? '✓' : '✗'} ${outcome.name} (${outcome.seconds.toFixed(1)} s)${text ? `\n${text}` : ''}`);
  return outcome;
}

console.log(`checks: ${DRIFT}, then ${AFTER_DRIFT.join(', ')} side by side`);
const drift = report(await runScript(DRIFT));
const outcomes = [drift, ...(await Promise.all(AFTER_DRIFT.map(async (name) => report(await runScript(name)))))];
const failed = outcomes.filter((outcome) => outcome.code !== 0).map((outcome) => outcome.name);
if (failed.length > 0) {
  console.error(`\nchecks failed: ${failed.join(', ')} (see above)`);
  process.exitCode = 1;
}
