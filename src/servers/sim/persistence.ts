// Reading and writing the simulator's files: the fixture it starts from and the state file that carries its
// world across restarts. Files are checked against the schemas of formats.ts with the project's one validator,
// so a typo fails at start in the same message style as a bad request, naming the field.
import { open, readFile, rename, unlink } from 'node:fs/promises';
import { locateAsset } from '../../openapi/load.ts';
import { compileSchema, formatViolations } from '../../openapi/validators.ts';
import { StartupError } from '../http.ts';
import { FIXTURE_SCHEMA, type Fixture, STATE_SCHEMA, type StateDoc } from './formats.ts';

const checkFixture = compileSchema(FIXTURE_SCHEMA, 'fixture');
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

/** Checks a fixture; `where` is its file, if it came from one. */
export function parseFixture(data: unknown, where?: string): Fixture {
  const violations = checkFixture(data);
  if (violations.length > 0) throw new StartupError(`fixture${where ? ` ${where}` : ''} is invalid: ${formatViolations(violations)}`);
  return data as Fixture;
}

/**
 * Reads the state file. Missing: undefined (start from the fixture). Corrupt or invalid: refuses to start —
 * the file is never silently replaced, since it may hold the only copy of someone's work.
 */
export async function readStateFile(path: string): Promise<StateDoc | undefined> {
  const data = await readJson(path, 'state file', true);
  if (data === undefined) return undefined;
  const violations = checkState(data);
  if (violations.length > 0) {
    throw new StartupError(
      `state file ${path} is not a simulator state (${formatViolations(violations)}); refusing to start. Fix it, or delete it to start from the fixture.`,
    );
  }
  return data as StateDoc;
}

/**
 * Writes the state file atomically (temporary file, fsync, rename): a reader or a crash sees the old or the new
 * file, never half of one. Writes are debounced and chained, so two can never interleave; `flush()` waits for all.
 */
export class StateFileWriter {
  private dirty = false;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();
  private counter = 0;
  /** The last write's failure, cleared by a successful write. */
  lastError: string | undefined;

  constructor(
    private readonly path: string,
    private readonly snapshot: () => string,
    private readonly onError: (message: string) => void,
    private readonly debounceMs = 20,
  ) {}

  markDirty(): void {
    this.dirty = true;
    if (!this.timer) {
      this.timer = setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.debounceMs);
    }
  }

  flush(): Promise<void> {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = undefined;
    }
    this.chain = this.chain.then(() => this.writeIfDirty());
    return this.chain;
  }

  private async writeIfDirty(): Promise<void> {
    if (!this.dirty) return;
    this.dirty = false;
    const text = this.snapshot(); // taken now, synchronously: a consistent picture of the state
    const tmp = `${this.path}.${process.pid}.${++this.counter}.tmp`;
    try {
      const file = await open(tmp, 'w', 0o600);
      try {
        await file.writeFile(text, 'utf8');
        await file.sync();
      } finally {
        await file.close();
      }
      await rename(tmp, this.path);
      this.lastError = undefined;
    } catch (err) {
      this.dirty = true; // try again with the next change or flush
      await unlink(tmp).catch(() => undefined);
      this.lastError = `could not write state file ${this.path}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`;
      this.onError(this.lastError);
    }
  }
}
