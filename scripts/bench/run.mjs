#!/usr/bin/env node
// npm run bench: runs every benchmark of scripts/bench/ in one process, prints one Markdown table and writes it
// to bench-results.md. Figures are medians measured side by side in one run; read the ratios, not the absolute
// numbers (these machines are shared and noisy). Usage: npm run bench [-- section ...]
import { writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fmt, progress } from './lib.mjs';

const sections = { startup: './startup.mjs', 'client-cpu': './client-cpu.mjs', servers: './servers.mjs', pipeline: './pipeline.mjs' };
const args = process.argv.slice(2);
if (args.includes('--help')) {
  console.log(`usage: npm run bench [-- ${Object.keys(sections).join(' | ')} ...]\nEnv: BENCH_SECONDS (autocannon duration, default 5)`);
  process.exit(0);
}
const chosen = args.length ? args : Object.keys(sections);

const rows = [];
const started = performance.now();
for (const name of chosen) {
  if (!sections[name]) throw new Error(`unknown section ${name}; choose from ${Object.keys(sections).join(', ')}`);
  const { run } = await import(sections[name]);
  try {
    rows.push(...(await run()));
  } catch (error) {
    rows.push({ metric: `${name}: failed`, ours: String(error.message).split('\n')[0], peer: '', ratio: undefined, goal: '', met: false });
  }
}

const ratioText = (r) => (r === undefined ? '' : r < 0.1 ? `1/${fmt(1 / r, 0)}` : `${fmt(r, 2)}×`);
const verdict = (met) => (met === undefined ? '' : met ? 'met' : '**missed**');
const table = [
  '| metric | ours | peer | ratio | goal | |',
  '|---|---|---|---|---|---|',
  ...rows.map((r) => `| ${r.metric} | ${r.ours} | ${r.peer} | ${ratioText(r.ratio)} | ${r.goal} | ${verdict(r.met)} |`),
].join('\n');
const header = `Measured ${new Date().toISOString().slice(0, 10)} on ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, in ${fmt((performance.now() - started) / 1000, 0)} s.`;
writeFileSync('bench-results.md', `${header}\n\n${table}\n`);
progress('done; written to bench-results.md');
console.log(`${header}\n\n${table}`);
