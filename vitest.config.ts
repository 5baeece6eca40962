import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Vitest queues the projects' files by project name (chromium, in-process, processes), so the processes project's
 * long files (the packed packages' tests, about 35 s) started last and ran on one worker while the other idled.
 * This keeps Vitest's order inside each project (longest first when it knows the durations) and queues the long
 * projects first: the many short in-process files then fill both workers at the end. The checks (lints and tsc)
 * start before everything: their processes use the CPU that the browser tests leave idle while they wait on Chromium.
 */
class LongProjectsFirst extends BaseSequencer {
  static readonly ORDER = ['chromium', 'processes', 'in-process'];
  static readonly FIRST = '/test/scripts/checks.process.test.ts';
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (file: TestSpecification) => (file.moduleId.endsWith(LongProjectsFirst.FIRST) ? -1 : LongProjectsFirst.ORDER.indexOf(file.project.name));
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b)); // a stable sort: Vitest's order within each
  }
}

// Three projects, named for what they run:
//   in-process  no child processes and no browser (servers started inside the test process);
//   processes   real child processes: the mock (started once in globalSetup), Prism, the CLI, `npm start`, the
//               packed packages installed outside the repository (globalSetup, for test/package/);
//   chromium    real Debian Chromium (globalSetup builds and serves the docs portal).
// A test file says which it needs by its name: `*.process.test.ts`, `*.chromium.test.ts`, else in-process.
export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-reporter.ts'],
    testTimeout: 20_000,
    hookTimeout: 120_000,
    // How long stopping a worker, and closing the run, may take before vitest logs a timeout (default 10 s). With
    // both cores kept busy by other processes, a worker that ran many files took longer than that to exit, and
    // the log came after the summary although every test had passed.
    teardownTimeout: 60_000,
    // Vitest's default on 2 cores is one worker; most slow files wait on a child process, a browser or the disk.
    maxWorkers: 2,
    // A worker runs many files, in every project: a fresh process per file re-imported the sources, the documents and
    // their compiled validators, Playwright, esbuild, about 0.5-1.5 CPU-s a file and 40 CPU-s a run. No file changes
    // global state that outlives it (spies are restored, servers, browsers and child processes closed).
    isolate: false,
    sequence: { sequencer: LongProjectsFirst },
    projects: [
      {
        extends: true,
        test: {
          name: 'in-process',
          include: ['test/**/*.test.ts'],
          exclude: ['test/**/*.process.test.ts', 'test/**/*.chromium.test.ts'],
        },
      },
      {
        extends: true,
        test: {
          name: 'processes',
          include: ['test/**/*.process.test.ts'],
          // One mock for the contract tests; the packed packages installed once for test/package/ (when it runs).
          globalSetup: ['test/servers/mock/global-setup.ts', 'test/package/global-setup.ts'],
        },
      },
      {
        extends: true,
        test: { name: 'chromium', include: ['test/**/*.chromium.test.ts'], globalSetup: ['test/docs/global-setup.ts'] },
      },
    ],
  },
});
