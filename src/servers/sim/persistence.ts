// Reading and writing the simulator's files: the fixture it starts from, and the state (`--state FILE`) that carries
// its world across restarts. Files are checked against the schemas of formats.ts with the project's one validator,
// so a typo fails at start in the same message style as a bad request, naming the field.
//
// The state is kept in two files, so that a change is durable before it is acknowledged without rewriting a whole
// file per change:
//   FILE          the state at the last checkpoint: pretty JSON, replaced atomically (temporary file, fsync,
//                 rename, fsync of the directory), so a reader or a crash sees the old or the new file, never half;
//   FILE.journal  one line per commit since then, each a whole state (compact JSON), appended and fsynced before
//                 the commit's requests are answered. A line cut short by a crash was never acknowledged and is
//                 ignored. Each line is the whole state because the state is bounded (jobs and metadata are capped):
//                 a commit costs at most that, never more, whatever a handler changed, and no handler has to say
//                 what it changed (which a journal of changes would need, and which could drift from the handlers).
// A checkpoint rewrites FILE and empties the journal (after a few commits, or once the journal passes a size).
// At start, the newest of the two wins: the journal's last whole line, else FILE.
import { type FileHandle, open, readdir, readFile, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { locateAsset } from '../../openapi/load.ts';
import { escapeRegex } from '../../openapi/routes.ts';
import { compileSchema, formatViolations } from '../../openapi/validators.ts';
import { StartupError } from '../startup-error.ts';
import { parseFixture } from './fixture.ts';
import { type Fixture, STATE_SCHEMA, type StateDoc } from './formats.ts';
import { SaveError, type StateStore as Store } from './store.ts';

export { parseFixture } from './fixture.ts';
export { SaveError } from './store.ts';

const checkState = compileSchema(STATE_SCHEMA, 'state');

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
  const violations = checkState(data);
  if (violations.length > 0) {
    throw new StartupError(
      `${where} is not a simulator state (${formatViolations(violations)}); refusing to start. Fix it, or delete it to start from the fixture.`,
    );
  }
  return data as StateDoc;
}

/** The journal's newest whole line that is a state, if any (a last line without its newline was cut by a crash). */
function lastJournalState(text: string): StateDoc | undefined {
  let end = text.lastIndexOf('\n');
  while (end > 0) {
    const start = text.lastIndexOf('\n', end - 1) + 1;
    try {
      const data: unknown = JSON.parse(text.slice(start, end));
      if (checkState(data).length === 0) return data as StateDoc;
    } catch {
      // not a whole line: try the one before
    }
    end = start - 1;
  }
  return undefined;
}

/**
 * The state file and its journal (see the header). Calls must not overlap: the simulation makes them one at a time.
 */
export class StateStore implements Store {
  private journalBytes = 0;
  private counter = 0;

  private constructor(
    readonly path: string,
    private readonly journal: FileHandle,
  ) {}

  /**
   * Opens the store: removes temporary files a crash left, reads the newest state (undefined: none yet, start
   * from the fixture), and opens the journal. A corrupt state file is refused, never replaced: it may hold the
   * only copy of someone's work.
   */
  static async open(path: string): Promise<{ store: StateStore; saved: StateDoc | undefined }> {
    const dir = dirname(path);
    const stale = await readdir(dir).catch(() => [] as string[]);
    const ours = tmpPattern(path);
    await Promise.all(stale.filter((name) => ours.test(name)).map((name) => unlink(join(dir, name)).catch(() => undefined)));
    const fromFile = await readJson(path, 'state file', true);
    const fileState = fromFile === undefined ? undefined : checkedState(fromFile, `state file ${path}`);
    const journalText = await readFile(`${path}.journal`, 'utf8').catch((err: unknown) => {
      if (codeOf(err) === 'ENOENT') return '';
      throw new StartupError(`cannot read ${path}.journal: ${codeOf(err)}`);
    });
    let journal: FileHandle;
    try {
      journal = await open(`${path}.journal`, 'a', 0o600);
      await syncDir(dir);
    } catch (err) {
      throw new StartupError(`could not write state file ${path}: ${codeOf(err)}`);
    }
    const store = new StateStore(path, journal);
    store.journalBytes = Buffer.byteLength(journalText);
    return { store, saved: lastJournalState(journalText) ?? fileState };
  }

  /** Bytes in the journal since the last checkpoint. */
  get pending(): number {
    return this.journalBytes;
  }

  /** Appends one state and makes it durable; on failure the journal is cut back and a SaveError thrown. */
  async commit(state: string): Promise<void> {
    const line = `${state}\n`;
    try {
      await this.journal.appendFile(line, 'utf8');
      await this.journal.datasync();
      this.journalBytes += Buffer.byteLength(line);
    } catch (err) {
      // A line that may be partly written must not be read back at the next start.
      await this.journal.truncate(this.journalBytes).catch(() => undefined);
      throw new SaveError(`could not write state file ${this.path}.journal: ${codeOf(err)}`);
    }
  }

  /** Writes the state file atomically and durably, then empties the journal. Throws SaveError. */
  async checkpoint(state: string): Promise<void> {
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
    // The file now holds everything the journal did: a crash from here on reads either, with the same state.
    try {
      await this.journal.truncate(0);
      await this.journal.datasync();
      this.journalBytes = 0;
    } catch (err) {
      throw new SaveError(`could not empty ${this.path}.journal: ${codeOf(err)}`);
    }
  }

  /** Closes the journal; `remove` deletes it too (after a final checkpoint it is empty). */
  async close(remove: boolean): Promise<void> {
    await this.journal.close().catch(() => undefined);
    if (remove) await unlink(`${this.path}.journal`).catch(() => undefined);
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
