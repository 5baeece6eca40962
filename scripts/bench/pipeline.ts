// Section `pipeline`: the wall time of `npm test` (the generated-files check, lint, typecheck and every Vitest
// project), one run. It takes about three minutes and loads both cores, so it is optional: `npm run bench --
// --all`, `npm run bench -- pipeline`, or BENCH_NPM_TEST=1. It has no peer and no goal; it says what a change costs
// every contributor.
import type { Section } from './context.ts';
import { watchLoad } from './machine.ts';
import { runToEnd } from './processes.ts';
import { fixed, progress } from './report.ts';

export const pipelineSection: Section = {
  name: 'pipeline',
  summary: '`npm test` wall time, one run (about 3 minutes)',
  optional: { env: 'BENCH_NPM_TEST', why: 'about 3 minutes, both cores busy' },
  run: async (context) => {
    progress('npm test: one run, about 3 minutes');
    const busy = watchLoad();
    const { code, ms, output } = await runToEnd('npm', ['test'], { cwd: context.root, env: { NO_COLOR: '1', FORCE_COLOR: '0' } });
    const seconds = ms / 1000;
    // biome-ignore lint/suspicious/noControlCharactersInRegex: removes terminal colour codes
    const plain = output.replace(/\u001b\[[0-9;]*m/g, '');
    const summary = /Tests\s+(.*)$/m.exec(plain)?.[1]?.trim();
    return [
      {
        label: '`npm test` wall time, one run (check:generated, lint, typecheck, vitest run: every project)',
        ours:
          code === 0 ? `${fixed(seconds, 0)} s${summary ? ` (${summary})` : ''}` : `${fixed(seconds, 0)} s, **failed** (exit ${code}): ${plain.slice(-300)}`,
        peer: '',
        ...(code === 0 ? {} : { met: false }),
        busy: busy.stop(),
      },
    ];
  },
};
