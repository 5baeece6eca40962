// The simulator's own file formats, which are not the APIs': the fixture (seed data and credentials) and the
// state file (also what `GET /__sim/state` returns). Their TypeScript shapes and their JSON Schemas live side by
// side here so that one cannot change without the other; persistence.ts checks files against the schemas.
import type { Violation } from '../../openapi/violations.ts';

export interface ServerDoc {
  id: string;
  project_id: string;
  name?: string;
  vm_state: string;
  image_id?: string;
  metadata?: Record<string, string>;
  /** The last OS change failed: a change OS is allowed whatever the vm_state. */
  os_change_failed?: boolean;
  /**
   * The other fields ShowServer answers (ServerDetail of the ECS document: `flavor`, `addresses`, `created`, ...),
   * as the fixture gives them; ShowServer fills the fields missing here with its defaults, and takes the state,
   * image and metadata from the fields above, which the writes and jobs change.
   */
  detail?: Record<string, unknown>;
}
export interface BareMetalServerDoc {
  id: string;
  project_id: string;
  name?: string;
  vm_state: string;
  metadata?: Record<string, string>;
  tags?: Array<{ key: string; value?: string }>;
  /**
   * Fields of the server's details (ListBareMetalServerDetails) other than the documented example's; the world's
   * own (id, name, project, state, metadata, tags) always win.
   */
  details?: Record<string, unknown>;
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

const str = { type: 'string' };
const strMap = { type: 'object', additionalProperties: { type: 'string' } };
const dateTime = { type: 'string', format: 'date-time' };
const nullableStr = { type: ['string', 'null'] };
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
      detail: { type: 'object' },
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
      details: { type: 'object' },
    }),
  ),
  private_providers: list(record(['name', 'id'], { name: str, id: str, description: str, create_time: str, update_time: str })),
};

const jobStepSchema = record(['job_id', 'job_type', 'effect', 'begin', 'end', 'done'], {
  job_id: str,
  job_type: str,
  effect: { enum: ['stop', 'changeOS'] },
  begin: dateTime,
  end: dateTime,
  error_code: nullableStr,
  fail_reason: nullableStr,
  done: { type: 'boolean' },
  status: str,
});
const jobSchema = record(['job_id', 'job_type', 'project_id', 'server_id', 'image_id', 'created', 'steps', 'done'], {
  job_id: str,
  job_type: str,
  project_id: str,
  server_id: str,
  image_id: str,
  created: dateTime,
  steps: list(jobStepSchema),
  done: { type: 'boolean' },
  status: str,
});

export const FIXTURE_SCHEMA = record(['servers', 'baremetal_servers', 'private_providers', 'credentials', 'images'], {
  $comment: str,
  ...resourceSchemas,
  credentials: record(['tokens', 'access_keys'], {
    tokens: list({ type: 'string', minLength: 8 }),
    access_keys: list(record(['access_key', 'secret_key'], { access_key: { type: 'string', minLength: 1 }, secret_key: { type: 'string', minLength: 8 } })),
  }),
  images: list(record(['id'], { id: str, name: str })),
});

/** The earliest and latest instants a state file may hold: what `toISOString()` writes back as a four-digit year. */
const EARLIEST = Date.parse('0000-01-01T00:00:00.000Z');
const LATEST = Date.parse('9999-12-31T23:59:59.999Z');

/**
 * Every job date of a state document (already of the schema's shape) that the simulator could not use or write
 * back. JSON Schema's date-time format admits a leap second (which `Date` cannot represent) and offsets that
 * move a date past year 9999 (which would be written back as `+010000-…` and refused at the next start).
 */
export function dateProblems(doc: StateDoc, root = 'state'): Violation[] {
  const problems: Violation[] = [];
  const check = (field: string, value: string) => {
    const ms = Date.parse(value);
    if (Number.isFinite(ms) && ms >= EARLIEST && ms <= LATEST) return;
    problems.push({
      field: `${root}.${field}`,
      rule: 'date-time',
      message: `must be a date-time from 0000-01-01T00:00:00Z to 9999-12-31T23:59:59Z in UTC, without a leap second (such as 2026-01-31T12:00:00.000Z), got ${JSON.stringify(value)}`,
    });
  };
  for (const [j, job] of doc.jobs.entries()) {
    check(`jobs[${j}].created`, job.created);
    for (const [s, step] of job.steps.entries()) {
      check(`jobs[${j}].steps[${s}].begin`, step.begin);
      check(`jobs[${j}].steps[${s}].end`, step.end);
    }
  }
  return problems;
}

export const STATE_SCHEMA = record(['format', 'servers', 'baremetal_servers', 'private_providers', 'jobs'], {
  format: { const: STATE_FORMAT },
  ...resourceSchemas,
  jobs: list(jobSchema),
});

/** The collections of the state document, by their name there: what the journal records changes of. */
export type Kind = 'servers' | 'baremetal_servers' | 'private_providers' | 'jobs';
export const KINDS: readonly Kind[] = ['servers', 'baremetal_servers', 'private_providers', 'jobs'];

export const CHANGE_FORMAT = 'hwc-sim-change/1';
/**
 * A journal line of the state file (persistence.ts): the entities a commit wrote (whole, in the state file's
 * form) and the keys of those it deleted (`id`; a provider's `name`).
 */
export interface ChangeDoc {
  format: typeof CHANGE_FORMAT;
  put?: Partial<StateDoc>;
  delete?: Partial<Record<Kind, string[]>>;
}

export const CHANGE_SCHEMA = record(['format'], {
  format: { const: CHANGE_FORMAT },
  put: record([], { ...resourceSchemas, jobs: list(jobSchema) }),
  delete: record([], { servers: list(str), baremetal_servers: list(str), private_providers: list(str), jobs: list(str) }),
});
