/** A start-up problem the user can fix (port in use, bad option, corrupt file): printed as one line, no stack. */
export class StartupError extends Error {
  override name = 'StartupError';
}
