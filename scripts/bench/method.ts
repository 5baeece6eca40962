// The method every comparison follows: its candidates run alternately (one round after another, never all of A
// then all of B), in the reverse order every other round (A B, B A, A B…) so that going first or right after a
// given candidate favours none of them; and a comparison is the median of the per-round ratios ours/peer, with their
// min and max, so that a burst of load from elsewhere moves one pair, not one side.
import { progress, type Spread } from './report.ts';

export type { Spread } from './report.ts';

/** Rounds per comparison; BENCH_ROUNDS may raise it, never lower it below 5. */
const MIN_ROUNDS = 5;

export function roundsFromEnv(env: NodeJS.ProcessEnv = process.env): number {
  const raw = env['BENCH_ROUNDS'];
  if (raw === undefined || raw === '') return MIN_ROUNDS;
  const rounds = Number(raw);
  if (!Number.isInteger(rounds) || rounds < MIN_ROUNDS || rounds > 50)
    throw new Error(`BENCH_ROUNDS must be a whole number from ${MIN_ROUNDS} to 50, not ${raw}`);
  return rounds;
}

export function median(values: readonly number[]): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

function spread(values: readonly number[]): Spread {
  return { median: median(values), min: Math.min(...values), max: Math.max(...values) };
}

/** Per-round ratios a[i] / b[i] of two sample lists taken in the same rounds. */
export function pairwise(ours: readonly number[], peer: readonly number[]): Spread {
  if (ours.length !== peer.length) throw new Error(`pairwise: ${ours.length} samples against ${peer.length}`);
  return spread(ours.map((value, i) => value / peer[i]!));
}

/** One candidate of a comparison: one sample per call (a time, a rate, a size). */
export type Measure = () => Promise<number>;

/**
 * Runs `candidates` alternately for `rounds` rounds (each round measures every candidate once: in the order given,
 * and in reverse in every second round) and returns every candidate's samples, round by round.
 */
export async function alternate<Name extends string>(what: string, candidates: Record<Name, Measure>, rounds: number): Promise<Record<Name, number[]>> {
  const names = Object.keys(candidates) as Name[];
  const samples = Object.fromEntries(names.map((name) => [name, [] as number[]])) as Record<Name, number[]>;
  for (let round = 1; round <= rounds; round++) {
    const order = round % 2 === 1 ? names : [...names].reverse();
    progress(`${what}: round ${round} of ${rounds} (${order.join(', ')})`);
    for (const name of order) samples[name].push(await candidates[name]());
  }
  return samples;
}
