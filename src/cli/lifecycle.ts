/**
 * How a server command ends: Ctrl-C (SIGINT), SIGTERM, or SIGHUP (its terminal closed) stops it cleanly; a second
 * signal while stopping exits at once; and a process whose parent went away stops too. Everything runs in this one
 * process (the npm scripts start node directly, with tsx's loader in-process), so there is no child to relay a
 * signal to or to orphan.
 */

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const PARENT_CHECK_MS = 500;

export interface Lifecycle {
  /** Stops as a signal would (a fatal error after start-up): runs the stop function and exits with `code`. */
  stop(reason: string, code?: number): void;
}

/**
 * Installs the handlers. `stop` closes what the command opened; when it throws (a final save failed), the process
 * exits 1 after printing the reason. Install before printing the URL: whoever reads it may send a signal at once.
 */
export function onStop(name: string, stop: () => Promise<void>): Lifecycle {
  let stopping = false;
  const run = (reason: string, code = 0): void => {
    if (stopping) {
      process.exit(code === 0 ? 130 : code);
    }
    stopping = true;
    console.log(`${name}: ${reason}, stopping`);
    stop().then(
      () => process.exit(code),
      (error: unknown) => {
        console.error(`${name}: ${error instanceof Error ? error.message : String(error)}`);
        process.exit(1);
      },
    );
  };
  for (const signal of SIGNALS) process.on(signal, () => run(signal));
  // `kill <npm pid>` makes npm pass SIGTERM to its `sh -c`, which may die without passing it on: we would live on as
  // an orphan. Noticing that our parent changed is the portable way to follow it.
  const parent = process.ppid;
  setInterval(() => {
    if (process.ppid !== parent) run('parent process gone');
  }, PARENT_CHECK_MS).unref();
  return { stop: run };
}

/** Prints a start-up failure as one line (a stack only for a fault of our own) and exits 1. */
export function failStartup(name: string, error: unknown, expected: (error: unknown) => boolean): never {
  const text = expected(error) ? (error as Error).message : error instanceof Error ? (error.stack ?? error.message) : String(error);
  console.error(`${name}: start-up failed: ${text}`);
  process.exit(1);
}
