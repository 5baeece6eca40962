// What the simulation keeps of its saved state, and what it needs of the place that keeps it. Node-free: the
// file-backed store (persistence.ts) is one implementation; in a test process or a browser page there is none,
// and the state lives in memory.
import { CHANGE_FORMAT, type JobDoc, KINDS, type Kind, STATE_FORMAT, type StateDoc } from './formats.ts';
import { jobFromDoc, jobToDoc } from './jobs.ts';

/** A write of the state that failed: nothing of it may be acknowledged. */
export class SaveError extends Error {
  override name = 'SaveError';
}

/** The state file and its journal, as the simulation uses them (persistence.ts); calls never overlap. */
export interface StateStore {
  /** The state file, for messages. */
  readonly path: string;
  /** Bytes appended to the journal since the last checkpoint. */
  readonly pending: number;
  /** Appends one journal line and makes it durable; throws SaveError. */
  commit(text: string): Promise<void>;
  /** Replaces the state file durably and empties the journal; throws SaveError. */
  checkpoint(state: string): Promise<void>;
  /** Sets the journal aside (FILE.journal.old) and starts a new one, for a checkpoint written in the background. */
  rotate(): Promise<void>;
  /** Writes the state file that covers the journal set aside, then deletes that journal. */
  writeRotated(state: string): Promise<void>;
  /** Closes the files; `remove`: the journal is empty and can go. */
  close(remove: boolean): Promise<void>;
}

/** The key of an entity in its collection (a provider's is its name). */
export const keyOf = (kind: Kind, doc: object): string =>
  String(kind === 'private_providers' ? (doc as { name: string }).name : kind === 'jobs' ? (doc as { job_id: string }).job_id : (doc as { id: string }).id);

/**
 * The saved state, kept as one JSON text per entity in the order of the state document: what the files hold once
 * the journal is applied. The simulation compares an entity it may have changed with its text here, journals
 * the difference, and writes a checkpoint from these texts without serializing the world again.
 */
export class SavedState {
  private readonly texts: Record<Kind, Map<string, string>> = {
    servers: new Map(),
    baremetal_servers: new Map(),
    private_providers: new Map(),
    jobs: new Map(),
  };
  /** Characters of all the texts: the state's size, which the journal may grow to before a checkpoint. */
  size = 0;

  constructor(doc: StateDoc) {
    for (const kind of KINDS) for (const entity of doc[kind]) this.put(kind, keyOf(kind, entity), JSON.stringify(entity));
  }

  text(kind: Kind, key: string): string | undefined {
    return this.texts[kind].get(key);
  }

  keys(kind: Kind): IterableIterator<string> {
    return this.texts[kind].keys();
  }

  /** Upserts (a new key goes last, as in the world's Maps) or, with no text, deletes. */
  put(kind: Kind, key: string, text: string | undefined): void {
    const map = this.texts[kind];
    this.size -= map.get(key)?.length ?? 0;
    if (text === undefined) map.delete(key);
    else {
      map.set(key, text);
      this.size += text.length;
    }
  }

  apply(change: Change): void {
    for (const [kind, key, text] of change) this.put(kind, key, text);
  }

  /** The state document (parsed again: for a rollback, which is rare). */
  toDoc(): StateDoc {
    const doc: StateDoc = { format: STATE_FORMAT, servers: [], baremetal_servers: [], private_providers: [], jobs: [] };
    for (const kind of KINDS) (doc[kind] as object[]) = [...this.texts[kind].values()].map((t) => JSON.parse(t) as object);
    return doc;
  }

  /** The state file's text: one entity a line; jobs with their status at `now`, for the reader. */
  fileText(now: number): string {
    const section = (kind: Kind) => {
      const texts = [...this.texts[kind].values()];
      const lines = kind === 'jobs' ? texts.map((t) => JSON.stringify(jobToDoc(jobFromDoc(JSON.parse(t) as JobDoc), now))) : texts;
      return lines.length === 0 ? '[]' : `[\n    ${lines.join(',\n    ')}\n  ]`;
    };
    return `{\n  "format": ${JSON.stringify(STATE_FORMAT)},\n${KINDS.map((kind) => `  "${kind}": ${section(kind)}`).join(',\n')}\n}\n`;
  }
}

/** A commit's changes: [kind, key, the entity's text, or undefined when deleted]. */
export type Change = Array<[Kind, string, string | undefined]>;

/** The journal line of a change (without its newline); the texts go in as they are. */
export function changeLine(change: Change): string {
  const puts = new Map<Kind, string[]>();
  const deletes = new Map<Kind, string[]>();
  for (const [kind, key, text] of change) {
    const into = text === undefined ? deletes : puts;
    const list = into.get(kind) ?? [];
    list.push(text ?? JSON.stringify(key));
    into.set(kind, list);
  }
  const section = (lists: Map<Kind, string[]>) => `{${[...lists].map(([kind, list]) => `"${kind}":[${list.join(',')}]`).join(',')}}`;
  return `{"format":"${CHANGE_FORMAT}","put":${section(puts)},"delete":${section(deletes)}}`;
}
