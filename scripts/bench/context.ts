// What every section of the benchmark is given, and what it returns.
import type { Installed } from './install.ts';
import type { Row } from './report.ts';

export interface Context {
  /** The repository. */
  root: string;
  /** A scratch directory outside the repository, removed at the end. */
  work: string;
  /** Rounds of every alternating comparison (at least 5). */
  rounds: number;
  /** Seconds of load per throughput sample. */
  seconds: number;
  /** The installed packages (installed on first use, once per run). */
  install(): Promise<Installed>;
  /** A line printed under the table. */
  note(text: string): void;
}

export interface Section {
  name: string;
  /** One line for --help. */
  summary: string;
  /** Not run by default: only with --all, by name, or with its environment variable. */
  optional?: { env: string; why: string };
  run(context: Context): Promise<Row[]>;
}
