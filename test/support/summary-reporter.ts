// CI reads only a closing line of the form `Tests: N passed, N failed`; vitest's own summary is not one
// it understands. This reporter prints that line last.
import type { Reporter, TestModule } from 'vitest/node';

export default class SummaryReporter implements Reporter {
  /** The line of the latest run, printed once, as the process exits (see onTestRunEnd). */
  private line = '';

  constructor() {
    process.once('exit', () => {
      if (this.line) process.stdout.write(this.line);
    });
  }

  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<unknown>): void {
    let passed = 0;
    let failed = unhandledErrors.length;
    let skipped = 0;
    for (const testModule of testModules) {
      // A module that failed to load (syntax error, failing beforeAll) has no passing tests to count.
      if (testModule.state() === 'failed' && [...testModule.children.allTests()].length === 0) failed += 1;
      for (const test of testModule.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed += 1;
        else if (state === 'failed') failed += 1;
        else skipped += 1;
      }
    }
    // Printed as the process exits, so that it is the run's last line: after vitest's own summary, and after
    // anything the pool logs while it stops its workers (which can take seconds on a loaded machine). Writes to a
    // pipe, a file or a terminal are synchronous on Linux, so nothing is lost at exit.
    this.line = `\nTests: ${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}\n`;
  }
}
