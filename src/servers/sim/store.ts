// What the simulation needs of the place its state is kept: persistence.ts is the file-backed one (Node); in a
// test process or a browser page there is none, and the state lives in memory.

/** A write of the state that failed: nothing of it may be acknowledged. */
export class SaveError extends Error {
  override name = 'SaveError';
}

export interface StateStore {
  /** Bytes appended since the last checkpoint. */
  readonly pending: number;
  /** Appends one state and makes it durable; throws SaveError. */
  commit(text: string): Promise<void>;
  /** Replaces the whole state durably, then empties the journal; throws SaveError. */
  checkpoint(text: string): Promise<void>;
  /** Closes the files; `remove`: the journal is empty and can go. */
  close(remove: boolean): Promise<void>;
}
