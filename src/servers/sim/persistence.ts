// Reading and writing the simulator's files: the fixture it starts from, and the state (`--state FILE`) that carries
// its world across restarts. Files are checked against the schemas of formats.ts with the project's one validator,
// so a typo fails at start in the same message style as a bad request, naming the field.
//
// The state is kept in two files, so that a change is durable before it is acknowledged, at a cost that follows the
// change, not the size of the state:
//   FILE          the state at the last checkpoint, one entity a line, replaced atomically (temporary file, fsync,
//                 rename, fsync of the directory), so a reader or a crash sees the old or the new file, never half;
//   FILE.journal  one line per commit since then, appended and fsynced before the commit's requests are answered:
//                 the entities the commit changed, whole, and the keys of those it deleted (a CHANGE_FORMAT line),
//                 or the whole state after a reset (a state line). A last line cut short by a crash (no newline)
//                 was never acknowledged: it is cut off. Any other line that cannot be read refuses the start, as a
//                 corrupt state file does: it may hold acknowledged work.
// A checkpoint rewrites FILE and empties the journal: once the journal outgrows the state (so that a write costs
// O(its change), amortized), or when no commit has come for a moment. It runs in the background: the journal is
// renamed FILE.journal.old and a new one started (commits go on into it) while FILE is written; then the old
// journal is deleted.
// At start, the state file with the old journal's lines, then the journal's, applied in order.
import { constants } from 'node:fs';
import { type FileHandle, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { locateAsset } from '../../openapi/load.ts';
import { escapeRegex } from '../../openapi/routes.ts';
import { compileSchema, formatViolations } from '../../openapi/validators.ts';
import { StartupError } from '../startup-error.ts';
import { parseFixture } from './fixture.ts';
import { CHANGE_SCHEMA, type ChangeDoc, dateProblems, type Fixture, KINDS, STATE_FORMAT, STATE_SCHEMA, type StateDoc } from './formats.ts';
import { keyOf, SavedState, SaveError, type StateStore as Store } from './store.ts';

export { parseFixture } from './fixture.ts';
export { type Change, changeLine, keyOf, SavedState, SaveError } from './store.ts';

type Check = ReturnType<typeof compileSchema>;
/**
 * A check compiled on first use: a simulator without --state reads no state file, and compiling these two schemas
 * at load was about 100 ms of CPU, a fifth of every simulator's start.
 */
function compiledOnUse(schema: object, root: string): Check {
  let check: Check | undefined;
  return (value) => {
    check ??= compileSchema(schema, root);
    return check(value);
  };
}
const checkState = compiledOnUse(STATE_SCHEMA, 'state');
const checkChange = compiledOnUse(CHANGE_SCHEMA, 'line');

/**
 * How the journal is opened: for appending, each write durable when it returns (O_DSYNC, as a write followed by
 * fdatasync), so that a commit is one call to the thread pool instead of two: 6-8% more durable writes a second with
 * 16 clients. Where there is no O_DSYNC (Windows), a commit calls datasync after its write.
 */
const SYNCED_WRITES = constants.O_DSYNC !== undefined;
const JOURNAL_FLAGS = SYNCED_WRITES ? constants.O_WRONLY | constants.O_APPEND | constants.O_CREAT | constants.O_DSYNC : 'a';

/** The default fixture: beside this file in the source tree, in `assets/fixtures/` of the built command package. */
export function defaultFixturePath(): string {
  return locateAsset(['./fixtures/default.json', './assets/fixtures/default.json', '../assets/fixtures/default.json'], import.meta.url);
}

async function readJson(path: string, what: string, missingOk = false): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (missingOk && code === 'ENOENT') return undefined;
    throw new StartupError(`cannot read ${what} ${path}: ${code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const advice = missingOk ? '; refusing to start. Fix it, or delete it to start from the fixture.' : '';
    throw new StartupError(`${what} ${path} is not valid JSON (${(err as Error).message})${advice}`);
  }
}

export async function loadFixture(path: string = defaultFixturePath()): Promise<Fixture> {
  return parseFixture(await readJson(path, 'fixture'), path);
}

const codeOf = (err: unknown): string => (err as NodeJS.ErrnoException).code ?? (err instanceof Error ? err.message : String(err));
const tmpPattern = (file: string): RegExp => new RegExp(`^${escapeRegex(basename(file))}\\.\\d+\\.\\d+\\.tmp$`);

/** A state document, checked; `where` names it in the refusal. */
function checkedState(data: unknown, where: string): StateDoc {
  const shape = checkState(data);
  // Dates are checked once the shape is known to be right: here, for every file, before anything uses them.
  const violations = shape.length > 0 ? shape : dateProblems(data as StateDoc);
  if (violations.length > 0) {
    throw new StartupError(
      `${where} is not a simulator state (${formatViolations(violations)}); refusing to start. Fix it, or delete it to start from the fixture.`,
    );
  }
  return data as StateDoc;
}

/** Applies the journal's whole lines to `base` (undefined: no state file yet); refuses a line it cannot read. */
function replay(text: string, base: StateDoc | undefined, where: string): StateDoc | undefined {
  const lines = text.split('\n');
  lines.pop(); // after the last newline: empty, or a line a crash cut short (cut off at open)
  if (lines.length === 0) return base;
  let state = base && new SavedState(base);
  for (const [i, line] of lines.entries()) {
    const refuse = (why: string) =>
      new StartupError(
        `state file ${where}: line ${i + 1} is corrupt (${why}); refusing to start, and keeping the journal. It holds changes that were acknowledged: fix the line, or move the journal away to start from the state file without them.`,
      );
    let data: unknown;
    try {
      data = JSON.parse(line);
    } catch (err) {
      throw refuse((err as Error).message);
    }
    if ((data as { format?: unknown } | null)?.format === STATE_FORMAT) {
      const violations = checkState(data);
      if (violations.length > 0) throw refuse(formatViolations(violations));
      state = new SavedState(data as StateDoc);
      continue;
    }
    const violations = checkChange(data);
    if (violations.length > 0) throw refuse(formatViolations(violations));
    if (!state) throw refuse('a change, but no state to apply it to');
    const change = data as ChangeDoc;
    for (const kind of KINDS) {
      for (const entity of change.put?.[kind] ?? []) state.put(kind, keyOf(kind, entity), JSON.stringify(entity));
      for (const key of change.delete?.[kind] ?? []) state.put(kind, key, undefined);
    }
  }
  return state?.toDoc();
}

/** The state a start would read from `path` and its journal (undefined: none yet), without taking the lock. */
export async function readState(path: string): Promise<StateDoc | undefined> {
  return (await readSaved(path)).saved;
}

async function readSaved(path: string): Promise<{ saved: StateDoc | undefined; journalText: string }> {
  const fromFile = await readJson(path, 'state file', true);
  const fileState = fromFile === undefined ? undefined : checkedState(fromFile, `state file ${path}`);
  const readJournal = (file: string) =>
    readFile(file, 'utf8').catch((err: unknown) => {
      if (codeOf(err) === 'ENOENT') return '';
      throw new StartupError(`cannot read ${file}: ${codeOf(err)}`);
    });
  // A checkpoint in the background leaves the journal it replaced until the state file holds it (see rotate()).
  const oldText = await readJournal(`${path}.journal.old`);
  const journalText = await readJournal(`${path}.journal`);
  const replayed = replay(journalText, replay(oldText, fileState, `${path}.journal.old`), `${path}.journal`);
  const saved = replayed === fileState ? fileState : replayed && checkedState(replayed, `state file ${path} with its journal`);
  return { saved, journalText };
}

/** The lock files this process holds: one with our pid that is not here is stale (a former process had our pid). */
const heldLocks = new Set<string>();

/** Whether the simulator of pid `pid` (from a lock file) still runs. */
function lockOwnerAlive(file: string, pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false; // empty or garbled: its writer died creating it
  if (pid === process.pid) return heldLocks.has(file);
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return codeOf(err) === 'EPERM'; // it runs, as another user
  }
}

/**
 * Takes FILE.lock, holding our pid, so that no second simulator shares the state file (each would overwrite
 * the other's changes, acknowledged ones included). A lock whose process is gone (a crash, SIGKILL) is stale and
 * taken over. Returns the release.
 */
async function lockState(path: string): Promise<() => Promise<void>> {
  const file = `${path}.lock`;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const handle = await open(file, 'wx', 0o600);
      try {
        await handle.writeFile(`${process.pid}\n`, 'utf8');
      } finally {
        await handle.close();
      }
      heldLocks.add(file);
      let released = false;
      return async () => {
        if (released) return;
        released = true;
        heldLocks.delete(file);
        await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if (codeOf(err) !== 'EEXIST') throw new StartupError(`could not write state file ${path}: cannot create its lock file ${file}: ${codeOf(err)}`);
    }
    const pid = Number.parseInt(await readFile(file, 'utf8').catch(() => ''), 10);
    if (lockOwnerAlive(file, pid)) {
      throw new StartupError(
        `state file ${path} is in use by another simulator (pid ${pid}, lock file ${file}); two on one state file would undo each other's changes. Stop that one, or give this one another --state file. If no simulator runs as pid ${pid}, delete the lock file.`,
      );
    }
    await unlink(file).catch(() => undefined); // stale: its simulator is gone
  }
  throw new StartupError(`could not lock state file ${path}: ${file} keeps coming back; is another simulator starting on it?`);
}

/**
 * The state file and its journal (see the header). Calls must not overlap: the simulation makes them one at a time.
 */
export class StateStore implements Store {
  private journalBytes = 0;
  private counter = 0;

  private constructor(
    readonly path: string,
    private journal: FileHandle,
    private readonly unlock: () => Promise<void>,
  ) {}

  /**
   * Opens the store: removes temporary files a crash left, reads the newest state (undefined: none yet, start
   * from the fixture), and opens the journal. A corrupt state file is refused, never replaced: it may hold the
   * only copy of someone's work.
   */
  static async open(path: string): Promise<{ store: StateStore; saved: StateDoc | undefined }> {
    const unlock = await lockState(path);
    try {
      const dir = dirname(path);
      const stale = await readdir(dir).catch(() => [] as string[]);
      const ours = tmpPattern(path);
      await Promise.all(stale.filter((name) => ours.test(name)).map((name) => unlink(join(dir, name)).catch(() => undefined)));
      const { saved, journalText } = await readSaved(path);
      let journal: FileHandle;
      // What follows the last newline was cut short by a crash, never acknowledged: cut it off, so that the next
      // line appended is whole.
      const whole = Buffer.byteLength(journalText.slice(0, journalText.lastIndexOf('\n') + 1));
      try {
        journal = await open(`${path}.journal`, JOURNAL_FLAGS, 0o600);
        await journal.truncate(whole);
        await syncDir(dir);
      } catch (err) {
        throw new StartupError(`could not write state file ${path}: ${codeOf(err)}`);
      }
      const store = new StateStore(path, journal, unlock);
      store.journalBytes = whole;
      return { store, saved };
    } catch (err) {
      await unlock();
      throw err;
    }
  }

  /** Bytes in the journal since the last checkpoint. */
  get pending(): number {
    return this.journalBytes;
  }

  /** Appends one line (a change, or a whole state) and makes it durable; on failure the journal is cut back and a SaveError thrown. */
  async commit(text: string): Promise<void> {
    const line = Buffer.from(`${text}\n`, 'utf8');
    try {
      const { bytesWritten } = await this.journal.write(line, 0, line.length);
      // A file write is whole unless the disk fills up in the middle of it: then what is there is cut off below.
      if (bytesWritten !== line.length) throw new Error(`wrote ${bytesWritten} of ${line.length} bytes`);
      if (!SYNCED_WRITES) await this.journal.datasync();
      this.journalBytes += line.length;
    } catch (err) {
      // A line that may be partly written must not be read back at the next start.
      await this.journal.truncate(this.journalBytes).catch(() => undefined);
      throw new SaveError(`could not write state file ${this.path}.journal: ${codeOf(err)}`);
    }
  }

  /** Writes the state file atomically and durably, then empties the journal. Throws SaveError. */
  async checkpoint(state: string): Promise<void> {
    await this.writeStateFile(state);
    // The file now holds everything the journals did: a crash from here on reads either, with the same state.
    try {
      await this.journal.truncate(0);
      await this.journal.datasync();
      this.journalBytes = 0;
      await unlink(`${this.path}.journal.old`).catch(() => undefined);
    } catch (err) {
      throw new SaveError(`could not empty ${this.path}.journal: ${codeOf(err)}`);
    }
  }

  /**
   * The first half of a checkpoint in the background: the journal becomes FILE.journal.old and a new one is
   * started, so that commits go on while writeRotated() writes the state file. Calls must not overlap with commits.
   */
  async rotate(): Promise<void> {
    const current = `${this.path}.journal`;
    try {
      await rename(current, `${current}.old`);
    } catch (err) {
      throw new SaveError(`could not start a checkpoint of ${this.path}: ${codeOf(err)}`);
    }
    let fresh: FileHandle;
    try {
      fresh = await open(current, JOURNAL_FLAGS, 0o600);
      await syncDir(dirname(this.path));
    } catch (err) {
      // The old journal (its handle follows the rename) stays the journal.
      await rename(`${current}.old`, current).catch(() => undefined);
      throw new SaveError(`could not start a checkpoint of ${this.path}: ${codeOf(err)}`);
    }
    await this.journal.close().catch(() => undefined);
    this.journal = fresh;
    this.journalBytes = 0;
  }

  /**
   * The second half, concurrent with commits: writes the state file (which holds everything the old journal
   * did), then deletes the old journal. A crash between the two reads the old journal again over the new file:
   * its lines are whole entities, so applying them twice gives the same state.
   */
  async writeRotated(state: string): Promise<void> {
    await this.writeStateFile(state);
    await unlink(`${this.path}.journal.old`).catch(() => undefined);
  }

  private async writeStateFile(state: string): Promise<void> {
    const tmp = `${this.path}.${process.pid}.${++this.counter}.tmp`;
    try {
      const file = await open(tmp, 'w', 0o600);
      try {
        await file.writeFile(state, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
      await syncDir(dirname(this.path));
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      throw new SaveError(`could not write state file ${this.path}: ${codeOf(err)}`);
    }
  }

  /** Closes the journal and gives up the lock; `remove` deletes the journal too (after a final checkpoint it is empty). */
  async close(remove: boolean): Promise<void> {
    await this.journal.close().catch(() => undefined);
    if (remove) await unlink(`${this.path}.journal`).catch(() => undefined);
    if (remove) await unlink(`${this.path}.journal.old`).catch(() => undefined);
    await this.unlock();
  }
}

async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}
