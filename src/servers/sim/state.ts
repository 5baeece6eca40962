// The simulator's world: fixture format, in-memory state, and the state file (atomic, serialized writes).
import { open, readFile, rename, unlink } from 'node:fs/promises';
import Ajv2020 from 'ajv/dist/2020.js';

/** A start-up problem the user can fix (bad fixture, corrupt state file, port in use): message only, no stack. */
export class SimulatorError extends Error {
  override name = 'SimulatorError';
}

// ---------- JSON shapes (fixture and state file) ----------

export interface ServerDoc {
  id: string;
  project_id: string;
  name?: string;
  vm_state: string;
  image_id?: string;
  metadata?: Record<string, string>;
  /** The last OS change failed: a change OS is allowed whatever the vm_state. */
  os_change_failed?: boolean;
}
export interface BareMetalServerDoc {
  id: string;
  project_id: string;
  name?: string;
  vm_state: string;
  metadata?: Record<string, string>;
  tags?: Array<{ key: string; value?: string }>;
}
export interface ProviderDoc {
  name: string;
  id: string;
  description?: string;
  create_time?: string;
  update_time?: string;
}
export interface JobStepDoc {
  job_id: string;
  job_type: string;
  effect: 'stop' | 'changeOS';
  begin: string;
  end: string;
  error_code: string | null;
  fail_reason: string | null;
  done: boolean;
  status?: string;
}
export interface JobDoc {
  job_id: string;
  job_type: string;
  project_id: string;
  server_id: string;
  image_id: string;
  created: string;
  steps: JobStepDoc[];
  done: boolean;
  status?: string;
}
export interface Resources {
  servers: ServerDoc[];
  baremetal_servers: BareMetalServerDoc[];
  private_providers: ProviderDoc[];
}
export interface Fixture extends Resources {
  credentials: { tokens: string[]; access_keys: Array<{ access_key: string; secret_key: string }> };
  images: Array<{ id: string; name?: string }>;
}
export const STATE_FORMAT = 'hwc-sim-state/1';
/** The state file and `GET /__sim/state`: resources and jobs, never credentials. */
export interface StateDoc extends Resources {
  format: typeof STATE_FORMAT;
  jobs: JobDoc[];
}

// The simulator's own file formats (not the APIs'), checked at start so a typo fails loudly, naming the field.
const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: { type: 'string' } };
const list = (items: object) => ({ type: 'array', items });
const record = (required: string[], properties: Record<string, object>) => ({ type: 'object', required, additionalProperties: false, properties });
const resourceSchemas = {
  servers: list(
    record(['id', 'project_id', 'vm_state'], {
      id: str,
      project_id: str,
      name: str,
      vm_state: str,
      image_id: str,
      metadata: strMap,
      os_change_failed: { type: 'boolean' },
    }),
  ),
  baremetal_servers: list(
    record(['id', 'project_id', 'vm_state'], {
      id: str,
      project_id: str,
      name: str,
      vm_state: str,
      metadata: strMap,
      tags: list(record(['key'], { key: str, value: str })),
    }),
  ),
  private_providers: list(record(['name', 'id'], { name: str, id: str, description: str, create_time: str, update_time: str })),
};
const nullableStr = { type: ['string', 'null'] };
const jobStep = record(['job_id', 'job_type', 'effect', 'begin', 'end', 'done'], {
  job_id: str,
  job_type: str,
  effect: { enum: ['stop', 'changeOS'] },
  begin: { type: 'string', format: 'date-time' },
  end: { type: 'string', format: 'date-time' },
  error_code: nullableStr,
  fail_reason: nullableStr,
  done: { type: 'boolean' },
  status: str,
});
const job = record(['job_id', 'job_type', 'project_id', 'server_id', 'image_id', 'created', 'steps', 'done'], {
  job_id: str,
  job_type: str,
  project_id: str,
  server_id: str,
  image_id: str,
  created: { type: 'string', format: 'date-time' },
  steps: list(jobStep),
  done: { type: 'boolean' },
  status: str,
});
const ajv = new Ajv2020({ allErrors: false });
ajv.addFormat('date-time', (s: string) => !Number.isNaN(Date.parse(s)));
const checkFixture = ajv.compile<Fixture>(
  record(['servers', 'baremetal_servers', 'private_providers', 'credentials', 'images'], {
    $comment: str,
    ...resourceSchemas,
    credentials: record(['tokens', 'access_keys'], {
      tokens: list({ type: 'string', minLength: 8 }),
      access_keys: list(record(['access_key', 'secret_key'], { access_key: { type: 'string', minLength: 1 }, secret_key: { type: 'string', minLength: 8 } })),
    }),
    images: list(record(['id'], { id: str, name: str })),
  }),
);
const checkState = ajv.compile<StateDoc>(
  record(['format', 'servers', 'baremetal_servers', 'private_providers', 'jobs'], { format: { const: STATE_FORMAT }, ...resourceSchemas, jobs: list(job) }),
);

function firstError(errors: typeof checkState.errors): string {
  const e = errors?.[0];
  return e ? `${e.instancePath || '(top level)'} ${e.message ?? 'is invalid'}` : 'invalid';
}

async function readJson(path: string, what: string, missingOk = false): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (missingOk && code === 'ENOENT') return undefined;
    throw new SimulatorError(`cannot read ${what} ${path}: ${code ?? String(err)}`);
  }
  try {
    return JSON.parse(text);
  } catch (err) {
    const advice = missingOk ? '; refusing to start. Fix it, or delete it to start from the fixture.' : '';
    throw new SimulatorError(`${what} ${path} is not valid JSON (${(err as Error).message})${advice}`);
  }
}

export const DEFAULT_FIXTURE = new URL('./fixtures/default.json', import.meta.url);

export async function loadFixture(path: string | URL = DEFAULT_FIXTURE): Promise<Fixture> {
  const where = path instanceof URL ? decodeURIComponent(path.pathname) : path;
  const data = await readJson(where, 'fixture');
  return parseFixture(data, where);
}

export function parseFixture(data: unknown, where = 'fixture'): Fixture {
  if (!checkFixture(data)) throw new SimulatorError(`fixture ${where} is invalid: ${firstError(checkFixture.errors)}`);
  return data;
}

/**
 * Reads the state file. Missing: undefined (start from the fixture). Corrupt or invalid: refuses to start —
 * the file is never silently replaced, since it may hold the only copy of someone's work.
 */
export async function readStateFile(path: string): Promise<StateDoc | undefined> {
  const data = await readJson(path, 'state file', true);
  if (data === undefined) return undefined;
  if (!checkState(data)) {
    throw new SimulatorError(
      `state file ${path} is not a simulator state (${firstError(checkState.errors)}); refusing to start. Fix it, or delete it to start from the fixture.`,
    );
  }
  return data;
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
