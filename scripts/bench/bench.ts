// npm run bench: runs the sections, prints one Markdown table and writes it to bench-results.md (gitignored).
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { clientCpuSection } from './client-cpu.ts';
import type { Context, Section } from './context.ts';
import { docsSection } from './docs.ts';
import { startupSection } from './imports.ts';
import { installed } from './install.ts';
import { LOAD_GENERATOR } from './load.ts';
import { CPUS, HAS_TASKSET, idleCpus, PLACES } from './machine.ts';
import { roundsFromEnv } from './method.ts';
import { mswSection } from './msw.ts';
import { pipelineSection } from './pipeline.ts';
import { failedRow, fixed, progress, type Row, table } from './report.ts';
import { serversSection } from './servers.ts';
import { stateSection } from './state.ts';

const SECTIONS: readonly Section[] = [startupSection, clientCpuSection, serversSection, stateSection, mswSection, docsSection, pipelineSection];

const METHOD = `Method: every comparison runs its candidates alternately (one sample each per round, the order
reversed every other round: A B, B A…) and the ratio is the median of the per-round ratios ours/peer, with their
min and max. Servers and the load generator (or the measuring client) run in processes of their own, pinned apart
with taskset when it is there. "Others' CPU" is the machine's busy time (/proc/stat) less this benchmark's own
processes, while the row was measured: when it is high, the row is noise. Read the ratios, not the absolute figures.`;

function usage(): string {
  const lines = SECTIONS.map((s) => `  ${s.name.padEnd(11)} ${s.summary}${s.optional ? ` (optional: ${s.optional.why})` : ''}`);
  return `usage: npm run bench [-- [--all] [section ...]]

Sections (default: all but the optional ones):
${lines.join('\n')}

  --all        also run the optional sections (\`npm test\` wall time)

Environment:
  BENCH_ROUNDS    rounds per comparison (default and minimum 5)
  BENCH_SECONDS   seconds of load per throughput sample (default 3)
  BENCH_LOAD      wrk or autocannon (default: wrk when installed; Debian: apt-get install wrk)
  BENCH_NPM_TEST  1: also time \`npm test\` (the pipeline section)`;
}

function chooseSections(args: readonly string[]): Section[] {
  const names = args.filter((arg) => !arg.startsWith('--'));
  const unknown = args.filter((arg) => arg.startsWith('--') && arg !== '--all').concat(names.filter((name) => !SECTIONS.some((s) => s.name === name)));
  if (unknown.length > 0) throw new Error(`unknown ${unknown.join(', ')}\n\n${usage()}`);
  if (names.length > 0) return names.map((name) => SECTIONS.find((s) => s.name === name)!);
  const all = args.includes('--all');
  return SECTIONS.filter((s) => !s.optional || all || process.env[s.optional.env] === '1');
}

function secondsFromEnv(): number {
  const raw = process.env['BENCH_SECONDS'] ?? '3';
  const seconds = Number(raw);
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > 60) throw new Error(`BENCH_SECONDS must be a whole number from 1 to 60, not ${raw}`);
  return seconds;
}

export async function main(args: readonly string[]): Promise<number> {
  if (args.includes('--help') || args.includes('-h')) {
    console.log(usage());
    return 0;
  }
  const sections = chooseSections(args);
  const root = resolve(import.meta.dirname, '../..');
  const work = mkdtempSync(join(tmpdir(), 'hwc-bench-'));
  const notes: string[] = [];
  const context: Context = {
    root,
    work,
    rounds: roundsFromEnv(),
    seconds: secondsFromEnv(),
    install: () => installed(work),
    note: (text) => notes.push(text),
  };
  const started = performance.now();
  const rows: Row[] = [];
  try {
    for (const section of sections) {
      progress(`section ${section.name}: ${section.summary}`);
      try {
        rows.push(...(await section.run(context)));
      } catch (error) {
        progress(`section ${section.name} failed: ${(error as Error).stack ?? String(error)}`);
        rows.push(failedRow(section.name, error));
      }
    }
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
  const seconds = (performance.now() - started) / 1000;
  const pinning =
    HAS_TASKSET && CPUS >= 2
      ? `servers on CPU ${PLACES.server}, load generator and measuring clients on CPU ${PLACES.client} (taskset)`
      : 'not pinned (no taskset)';
  const idle = idleCpus()?.text;
  const header = [
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${CPUS} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, in ${fixed(seconds, 0)} s (${sections.map((s) => s.name).join(', ')})${idle ? `; idle CPUs: ${idle}` : ''}.`,
    `${context.rounds} rounds per comparison; load: ${LOAD_GENERATOR}, ${context.seconds} s per sample; ${pinning}.`,
  ].join('\n');
  const text = [header, '', table(rows), '', ...notes.map((note) => `- ${note}`), ...(notes.length ? [''] : []), METHOD, ''].join('\n');
  writeFileSync(join(root, 'bench-results.md'), text);
  console.log(text);
  progress(`done in ${fixed(seconds, 0)} s; written to bench-results.md`);
  return rows.some((row) => row.label.endsWith('could not be measured')) ? 1 : 0;
}
