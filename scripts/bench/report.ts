// The table: one row per comparison, its label naming both sides exactly, our figure under "ours", the peer's
// under "peer", the median per-round ratio ours/peer with its min and max, the goal, and how busy the rest of
// the machine was while the row was measured.

/** A median with its min and max. */
export interface Spread {
  median: number;
  min: number;
  max: number;
}

export interface Row {
  /** What was compared: "ours vs peer", with commands and settings. */
  label: string;
  ours: string;
  peer: string;
  /** Per-round ratios ours/peer; absent for a row with no peer. */
  ratio?: Spread;
  goal?: string;
  met?: boolean;
  /** Others' CPU during the row (machine.ts). */
  busy?: string;
}

export function progress(message: string): void {
  process.stderr.write(`bench: ${message}\n`);
}

export const fixed = (n: number, digits = 1): string => (Number.isFinite(n) ? n.toFixed(digits) : 'n/a');
export const kb = (bytes: number): string => `${fixed(bytes / 1024)} KB`;

/** 0.53×, or 1/32 for ratios under 0.1, so that small ratios stay readable. */
function times(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'n/a';
  return ratio < 0.1 ? `1/${fixed(1 / ratio, 0)}` : `${fixed(ratio, 2)}×`;
}

function ratioCell(ratio: Spread | undefined): string {
  if (!ratio) return '';
  if (ratio.min === ratio.max) return times(ratio.median);
  return `${times(ratio.median)} (${times(ratio.min)}–${times(ratio.max)})`;
}

const verdict = (met: boolean | undefined): string => (met === undefined ? '' : met ? 'met' : '**missed**');
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function table(rows: readonly Row[]): string {
  return [
    '| what was compared (ours vs peer) | ours | peer | ratio ours/peer: median (min–max) | goal | | others\u2019 CPU meanwhile |',
    '|---|---|---|---|---|---|---|',
    ...rows.map((r) => `| ${[r.label, r.ours, r.peer, ratioCell(r.ratio), r.goal ?? '', verdict(r.met), r.busy ?? ''].map(cell).join(' | ')} |`),
  ].join('\n');
}

/** A row that says a section could not run, so that the table still names it. */
export function failedRow(section: string, error: unknown): Row {
  const message = error instanceof Error ? error.message : String(error);
  return { label: `${section}: could not be measured`, ours: message.split('\n').slice(0, 3).join(' '), peer: '', met: false };
}
